import { LIMITS } from '../../../shared/limits';

/**
 * Store keys of the chat. A room's recent history is a ring of `LIMITS.chatPagesKept` page documents of
 * `LIMITS.chatPageSize` messages: page n lives in slot n mod the ring's size, so a new page overwrites the oldest
 * and the history stays bounded in memory and in Redis (its reactions too: their reactors and ticks are forgotten
 * with the page). The head document names the newest page. Every message,
 * and every deletion and mute, is also appended to the room's record (a set of JSON lines, never read by the live
 * path) for the organiser's later exports.
 */
export const CHAT = {
  event: 'chat:event',
  room: (roomId: string) => `chat:room:${roomId}`,
  head: (roomId: string) => `chat:head:${roomId}`,
  page: (roomId: string, page: number) => `chat:page:${roomId}:${page % LIMITS.chatPagesKept}`,
  /** Per attendee: their mute and when they last wrote in each room (slow mode). */
  attendee: (attendeeId: string) => `chat:who:${attendeeId}`,
  /** The attendees who gave one reaction kind to one message: `reactionKey(messageId, reaction)`. */
  reactors: (key: string) => `cr:${key}`,
  /** One counter per message and reaction kind, raised by every reaction change: the live stream sends the counts that moved. */
  ticks: 'chat:ticks',
  record: (roomId: string) => `chat:record:${roomId}`,
};

/** The newest page of a room's history. */
export interface ChatHead {
  page: number;
}

/**
 * The Q&A's documents, by key: a message moved into the Q&A becomes a question there (features do not import each
 * other; these are the Q&A's own keys, `server/features/qa/keys.ts`).
 */
export const QA_DOCS = {
  room: (roomId: string) => `qa:room:${roomId}`,
  question: (id: string) => `q:${id}`,
  ids: (roomId: string) => `qa:ids:${roomId}`,
};
