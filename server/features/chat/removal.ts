import { newRoomChat, remove, type ChatPage } from '../../../shared/domain/chat';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { RoomChat } from '../../../shared/protocol/chat';
import { LIMITS } from '../../../shared/limits';
import { KEYS } from '../../core/keys';
import { forEvent, type PastMessageRemover } from '../../core/removal';
import type { Plan } from '../../core/service';
import { CHAT } from './keys';

const PAGE = 'chat:page:';

/**
 * A banned person's chat messages are deleted as a chair's delete (C7): gone from every room's kept history, for
 * everybody and for history loaded later, unpinned, and recorded for the exports. The live history is a few pages per
 * room, so every kept page of every room is read once, in the ban's command.
 */
export const pastChatMessages: PastMessageRemover = {
  async keys(store, eventId) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const roomIds = agenda?.programme.rooms.map((r) => r.id) ?? [];
    const pages = Array.from({ length: LIMITS.chatPagesKept }, (_, slot) => slot);
    return roomIds.flatMap((roomId) => [CHAT.room(roomId), ...pages.map((slot) => CHAT.page(roomId, slot))]);
  },
  remove(docs, attendeeId, ctx) {
    const c = forEvent(ctx);
    const changes: Plan['changes'] = [];
    const put: Record<string, unknown> = {};
    const sets: NonNullable<Plan['sets']> = [];
    const rooms = new Map<string, RoomChat>();
    for (const [key, value] of Object.entries(docs)) {
      const page = value as ChatPage | undefined;
      if (!key.startsWith(PAGE) || !page) continue;
      const theirs = page.messages.filter((m) => m.authorId === attendeeId);
      if (!theirs.length) continue;
      for (const message of theirs) {
        const room = rooms.get(message.roomId) ?? (docs[CHAT.room(message.roomId)] as RoomChat | undefined) ?? newRoomChat(message.roomId);
        for (const event of remove(message, room, c)) {
          if (event.type === 'chat.roomChanged') {
            rooms.set(event.room.roomId, event.room);
            put[CHAT.room(event.room.roomId)] = event.room;
          }
          changes.push({ event, audience: 'all' });
        }
        sets.push({
          key: CHAT.record(message.roomId),
          add: [JSON.stringify({ at: c.now, kind: 'deleted', messageId: message.id, by: ctx.actor.id, ban: true })],
        });
      }
      put[key] = { ...page, messages: page.messages.filter((m) => m.authorId !== attendeeId) };
    }
    return { changes, put, sets };
  },
};
