import type { ChatEvent, ChatMessage, EventChat, Mute, ReactionCount, RoomChat, RoomHistory } from '../protocol/chat';

/**
 * The client's view of the chat: the store's chat part and its reducers. Apart from the rules (chat.ts), so that the
 * attendee's first load, which carries every feature's slice, carries only these.
 */
export function newEventChat(): EventChat {
  return { links: false, rev: 0 };
}

export interface ChatState {
  event: EventChat;
  rooms: Record<string, RoomChat>;
  /** Per room: the messages held, oldest first, and the cursor of the older page (null: no more). */
  history: Record<string, RoomHistory>;
  reactions: Record<string, ReactionCount>;
  myReactions: string[];
  /** Mutes seen: this person's own for an attendee, every one for staff. */
  mutes: Record<string, Mute>;
  lastPostAt: Record<string, number>;
}

export function emptyChat(): ChatState {
  return { event: newEventChat(), rooms: {}, history: {}, reactions: {}, myReactions: [], mutes: {}, lastPostAt: {} };
}

/** Inserts or replaces a message in its room's list, kept in writing order; an older revision never replaces a newer one. */
export function withMessage(list: ChatMessage[], m: ChatMessage): ChatMessage[] {
  const at = list.findIndex((x) => x.id === m.id);
  if (at >= 0) return list[at]!.rev > m.rev ? list : list.map((x, i) => (i === at ? m : x));
  const next = [...list, m];
  // Almost always the newest: sort only when it is not.
  if (list.length && list[list.length - 1]!.createdAt > m.createdAt) next.sort((a, b) => a.createdAt - b.createdAt);
  return next;
}

export function applyChat(state: ChatState, event: ChatEvent): ChatState {
  switch (event.type) {
    case 'chat.posted':
    case 'chat.changed': {
      const room = state.history[event.message.roomId] ?? { messages: [], older: null };
      return { ...state, history: { ...state.history, [event.message.roomId]: { ...room, messages: withMessage(room.messages, event.message) } } };
    }
    case 'chat.deleted': {
      const room = state.history[event.roomId];
      if (!room) return state;
      return { ...state, history: { ...state.history, [event.roomId]: { ...room, messages: room.messages.filter((m) => m.id !== event.messageId) } } };
    }
    case 'chat.roomChanged': {
      const known = state.rooms[event.room.roomId];
      if (known && known.rev > event.room.rev) return state;
      return { ...state, rooms: { ...state.rooms, [event.room.roomId]: event.room } };
    }
    case 'chat.eventChanged':
      return state.event.rev > event.settings.rev ? state : { ...state, event: event.settings };
    case 'chat.muted':
      return { ...state, mutes: { ...state.mutes, [event.mute.attendeeId]: event.mute } };
  }
}

/** Older messages loaded by cursor go before the ones held (a message already held is kept). */
export function withOlder(state: ChatState, roomId: string, older: RoomHistory): ChatState {
  const room = state.history[roomId] ?? { messages: [], older: null };
  const known = new Set(room.messages.map((m) => m.id));
  const messages = [...older.messages.filter((m) => !known.has(m.id)), ...room.messages];
  return { ...state, history: { ...state.history, [roomId]: { messages, older: older.older } } };
}

/** Newer counts replace older ones; a count that arrives late (lower tick) is ignored. */
export function applyReactionCounts(state: ChatState, counts: Record<string, ReactionCount>): ChatState {
  let next: Record<string, ReactionCount> | null = null;
  for (const [key, c] of Object.entries(counts)) {
    const known = state.reactions[key];
    if (known && known.tick > c.tick) continue;
    next ??= { ...state.reactions };
    next[key] = c;
  }
  return next ? { ...state, reactions: next } : state;
}

/** The key of one reaction kind on one message, in counts and in `myReactions`. */
export const reactionKey = (messageId: string, reaction: string) => `${messageId}:${reaction}`;
