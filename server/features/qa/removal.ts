import { audienceOf, moderate, newRoomQa, type Question, type RoomQa } from '../../../shared/domain/qa';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { KEYS } from '../../core/keys';
import { forEvent, type PastMessageRemover } from '../../core/removal';
import type { Plan } from '../../core/service';
import { QA } from './keys';

/**
 * A banned person's questions are dismissed (Q10): out of everybody's list, off the room's queue and highlight (Q12),
 * in the ban's commit.
 */
export const pastQuestions: PastMessageRemover = {
  async keys(store, eventId, attendeeId) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const roomIds = agenda?.programme.rooms.map((r) => r.id) ?? [];
    const ids = (await Promise.all(roomIds.map((r) => store.members(eventId, QA.ids(r))))).flat();
    const docs = ids.length ? await store.read(eventId, ids.map(QA.question)) : {};
    const theirs = ids.map((id) => docs[QA.question(id)]?.value as Question | undefined).filter((q): q is Question => q?.authorId === attendeeId);
    return [...theirs.map((q) => QA.question(q.id)), ...new Set(theirs.map((q) => QA.room(q.roomId)))];
  },
  remove(docs, attendeeId, ctx) {
    const c = forEvent(ctx);
    const rooms = new Map<string, RoomQa>();
    const changes: Plan['changes'] = [];
    const put: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(docs)) {
      const q = value as Question | undefined;
      if (!key.startsWith('q:') || !q || q.authorId !== attendeeId || q.status === 'dismissed' || q.mergedInto) continue;
      const room = rooms.get(q.roomId) ?? (docs[QA.room(q.roomId)] as RoomQa | undefined) ?? newRoomQa(q.roomId);
      for (const event of moderate(q, room, { action: 'dismiss', rev: q.rev }, c)) {
        if (event.type === 'qa.roomChanged') {
          rooms.set(event.room.roomId, event.room);
          put[QA.room(event.room.roomId)] = event.room;
          changes.push({ event, audience: 'all' });
        } else {
          put[QA.question(event.question.id)] = event.question;
          changes.push({ event, audience: audienceOf(q, event.question) });
        }
      }
    }
    return { changes, put };
  },
};
