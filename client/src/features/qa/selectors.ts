import { useMemo } from 'react';
import { liveAndNext } from '../../../../shared/domain/agenda';
import { answeringNow, newRoomQa } from '../../../../shared/domain/qa';
import type { Question, RoomQa } from '../../../../shared/protocol/qa';
import type { AgendaItem } from '../../../../shared/protocol/programme';
import { useApp } from '../../state/store';

/**
 * Q&A selectors. Each one reads a single slice value whose identity only changes when its data does, and
 * derives lists with useMemo, so components re-render only when what they show changed.
 */

export const useMe = () => useApp((s) => s.session.me);
export const useQuestionsById = () => useApp((s) => s.qa.questions);
export const useUpvoteCounts = () => useApp((s) => s.qa.counts);
export const useMyUpvotes = () => useApp((s) => s.qa.myUpvotes);

/** The room's Q&A settings; before the server has any, the defaults (pre-moderation on). */
export function useRoomQa(roomId: string): RoomQa {
  const room = useApp((s) => s.qa.rooms[roomId]);
  return useMemo(() => room ?? newRoomQa(roomId), [room, roomId]);
}

/**
 * The id of the question highlighted as "answering now" in the room, while the highlight is current: it ends when
 * the room's live item changes (Q20). Every view that shows the highlight uses this, never `room.answering` itself.
 */
export function useAnsweringNow(roomId: string): string | null {
  const room = useRoomQa(roomId);
  const live = useApp((s) => s.agenda?.live[roomId]);
  return answeringNow(room, live);
}

/** The item live in the room now (its speakers and chairs are whom a question can be addressed to). */
export function useLiveItem(roomId: string): AgendaItem | null {
  const agenda = useApp((s) => s.agenda);
  return useMemo(() => (agenda ? liveAndNext(agenda, roomId).live : null), [agenda, roomId]);
}

/** Names a question can be addressed to: the live item's speakers, then its chairs, each once. */
export function peopleOf(item: AgendaItem | null): string[] {
  if (!item) return [];
  return [...new Set([...item.speakers, ...item.chairs].map((p) => p.name))];
}

/**
 * The questions of a room's current Q&A: each session has its own, so while an item is live these are the
 * questions asked during it (and those asked while nothing was live, which belong to what comes next); when
 * nothing is live, every question of the room. `allItems` shows every question of the room regardless.
 */
export function useRoomQuestions(roomId: string, liveItemId: string | null, allItems = false): Question[] {
  const questions = useQuestionsById();
  return useMemo(
    () => Object.values(questions).filter((q) => q.roomId === roomId && (allItems || liveItemId === null || q.itemId === liveItemId || q.itemId === null)),
    [questions, roomId, liveItemId, allItems],
  );
}
