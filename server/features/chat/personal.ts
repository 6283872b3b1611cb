import { newRoomChat, remove, type ChatPage } from '../../../shared/domain/chat';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { ChatMessage, RoomChat } from '../../../shared/protocol/chat';
import { LIMITS } from '../../../shared/limits';
import { KEYS } from '../../core/keys';
import type { Found, PersonalData } from '../../core/personal';
import { forEvent } from '../../core/removal';
import type { Plan } from '../../core/service';
import { CHAT } from './keys';

const PAGE = 'chat:page:';
const RECORD = 'chat:record:';

function pagesIn(found: Found): [string, ChatPage][] {
  return Object.entries(found.docs).flatMap(([key, value]) => (key.startsWith(PAGE) && value ? [[key, value as ChatPage] as [string, ChatPage]] : []));
}

/** A record line of the message this person posted (the record keeps the whole message, name and text). */
function postedBy(line: string, attendeeId: string): boolean {
  try {
    const entry = JSON.parse(line) as { kind?: string; message?: ChatMessage };
    return entry.kind === 'posted' && entry.message?.authorId === attendeeId;
  } catch {
    return false;
  }
}

/**
 * The chat's personal data: the messages (name and text) in every room's kept pages, a pinned copy, and the
 * organiser's record of them (`chat:record:<room>`, one JSON line each). An erase takes all of it away: a chat
 * message has no figure worth keeping apart from its words.
 */
export const personalChat: PersonalData = {
  part: 'chat',
  async find(store, eventId) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const roomIds = agenda?.programme.rooms.map((r) => r.id) ?? [];
    const slots = Array.from({ length: LIMITS.chatPagesKept }, (_, slot) => slot);
    return {
      docs: roomIds.flatMap((roomId) => [CHAT.room(roomId), ...slots.map((slot) => CHAT.page(roomId, slot))]),
      sets: roomIds.map(CHAT.record),
    };
  },
  erase(found) {
    const put: Record<string, unknown> = {};
    const changes: Plan['changes'] = [];
    for (const [key, page] of pagesIn(found)) {
      if (!page.messages.length) continue;
      put[key] = { ...page, messages: [] };
      for (const m of page.messages) changes.push({ event: { type: 'chat.deleted', roomId: m.roomId, messageId: m.id }, audience: 'all' });
    }
    for (const [key, value] of Object.entries(found.docs)) {
      const room = value as RoomChat | undefined;
      if (!key.startsWith('chat:room:') || !room?.pinned) continue;
      const unpinned = { ...room, pinned: null, rev: room.rev + 1 };
      put[key] = unpinned;
      changes.push({ event: { type: 'chat.roomChanged', room: unpinned }, audience: 'all' });
    }
    const sets = Object.entries(found.sets).flatMap(([key, lines]) => (key.startsWith(RECORD) && lines.length ? [{ key, remove: lines }] : []));
    return { changes, put, sets };
  },
  ofAttendee(found, attendeeId) {
    const messages = pagesIn(found)
      .flatMap(([, page]) => page.messages)
      .filter((m) => m.authorId === attendeeId)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((m) => ({ id: m.id, roomId: m.roomId, name: m.authorName, text: m.text, at: m.createdAt }));
    return messages.length ? { messages } : null;
  },
  eraseAttendee(found, attendeeId, ctx) {
    const c = forEvent(ctx);
    const changes: Plan['changes'] = [];
    const put: Record<string, unknown> = {};
    const sets: NonNullable<Plan['sets']> = [];
    const rooms = new Map<string, RoomChat>();
    for (const [key, page] of pagesIn(found)) {
      const theirs = page.messages.filter((m) => m.authorId === attendeeId);
      if (!theirs.length) continue;
      for (const message of theirs) {
        const room = rooms.get(message.roomId) ?? (found.docs[CHAT.room(message.roomId)] as RoomChat | undefined) ?? newRoomChat(message.roomId);
        for (const event of remove(message, room, c)) {
          if (event.type === 'chat.roomChanged') {
            rooms.set(event.room.roomId, event.room);
            put[CHAT.room(event.room.roomId)] = event.room;
          }
          changes.push({ event, audience: 'all' });
        }
        sets.push({
          key: CHAT.record(message.roomId),
          add: [JSON.stringify({ at: c.now, kind: 'deleted', messageId: message.id, by: attendeeId, own: true })],
        });
      }
      put[key] = { ...page, messages: page.messages.filter((m) => m.authorId !== attendeeId) };
    }
    // A pinned copy of theirs whose page has gone round the ring already.
    for (const [key, value] of Object.entries(found.docs)) {
      const room = (key.startsWith('chat:room:') && (rooms.get((value as RoomChat | undefined)?.roomId ?? '') ?? (value as RoomChat | undefined))) || undefined;
      if (room?.pinned?.authorId !== attendeeId) continue;
      const unpinned = { ...room, pinned: null, rev: room.rev + 1 };
      put[key] = unpinned;
      changes.push({ event: { type: 'chat.roomChanged', room: unpinned }, audience: 'all' });
    }
    // The record's copies of what they posted, in every room (older than the kept pages too).
    for (const [key, lines] of Object.entries(found.sets)) {
      const theirs = key.startsWith(RECORD) ? lines.filter((line) => postedBy(line, attendeeId)) : [];
      if (theirs.length) sets.push({ key, remove: theirs });
    }
    return { changes, put, sets };
  },
};
