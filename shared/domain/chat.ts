import { DomainError } from '../protocol/errors';
import {
  REACTIONS,
  type Badge,
  type ChatEvent,
  type ChatMessage,
  type EventChat,
  type Mute,
  type RoomChat,
  type RoomHistory,
  type WritePolicy,
} from '../protocol/chat';
import { reactionKey } from './chatState';
import { LIMITS } from '../limits';
import { canRunRoom, type Actor, type Context } from './actor';
import { cleanText } from './names';

/**
 * Chat rules. A room's chat settings (who may write, hold for review, slow mode, the pinned message) are one
 * document; its recent messages live in pages of the room's history (see server/features/chat/keys.ts). Events
 * carry whole messages and settings, so applying them is a replacement. Reactions are not events: set memberships
 * (one of each kind per attendee), counted and sent in batches like upvotes.
 */
export type { ChatEvent, ChatMessage, RoomChat, EventChat, Mute };

export function newRoomChat(roomId: string): RoomChat {
  // Everyone may write, nothing is held, no slow mode: a chair turns the brakes on when a room needs them.
  return { roomId, write: 'everyone', hold: false, slowSeconds: 0, pinned: null, rev: 0 };
}

export { newEventChat } from './chatState';

/** What the store keeps per attendee for the chat: their mute and when they last wrote in each room (slow mode). */
export interface AttendeeChat {
  mute: Mute | null;
  lastPostAt: Record<string, number>;
}

export function newAttendeeChat(): AttendeeChat {
  return { mute: null, lastPostAt: {} };
}

const isStaff = (actor: Actor) => actor.role !== 'attendee';

/** The badge a name carries: the sender's role from their token; attendees have none. */
export function badgeOf(actor: Actor): Badge | null {
  return actor.role === 'attendee' ? null : actor.role;
}

/** Who sees a message: everybody once published; a held one, staff and its sender. */
export function canSeeMessage(actor: Actor, m: ChatMessage): boolean {
  return m.status === 'published' || isStaff(actor) || m.authorId === actor.id;
}

/** Who may see a change to a message: everybody when it is published, else staff and its sender. */
export function audienceOfMessage(m: ChatMessage): 'all' | `user:${string}` {
  return m.status === 'published' ? 'all' : `user:${m.authorId}`;
}

/** The mute in force at `now`, or null (an expired mute lifts itself: C4). */
export function activeMute(mute: Mute | null | undefined, now: number): Mute | null {
  return mute && mute.until > now ? mute : null;
}

/** Milliseconds an attendee must still wait in slow mode before writing in the room (0: may write now). */
export function slowModeWait(room: RoomChat, lastPostAt: number | undefined, now: number): number {
  if (room.slowSeconds <= 0 || lastPostAt === undefined) return 0;
  return Math.max(0, lastPostAt + room.slowSeconds * 1000 - now);
}

const WRITERS: Record<WritePolicy, (actor: Actor) => boolean> = {
  everyone: () => true,
  staff: isStaff,
  nobody: () => false,
};

/**
 * Whether the actor may write in the room now (C1 who may write, C2 slow mode, C4 mute). Staff are held by the
 * write policy "nobody" too (the room is closed), but not by slow mode or a mute, which are for attendees.
 */
export function checkWrite(room: RoomChat, me: AttendeeChat, actor: Actor, now: number): void {
  if (!WRITERS[room.write](actor))
    throw room.write === 'staff'
      ? new DomainError('FORBIDDEN', 'Only the staff may write in this chat now.', { reason: 'chat.staffOnly' })
      : new DomainError('FORBIDDEN', 'This chat is closed.', { reason: 'chat.closed' });
  if (isStaff(actor)) return;
  const mute = activeMute(me.mute, now);
  if (mute) throw new DomainError('FORBIDDEN', 'You are muted in the chat.', { reason: 'chat.muted', params: { until: mute.until, reason: mute.reason } });
  const wait = slowModeWait(room, me.lastPostAt[room.roomId], now);
  if (wait > 0)
    throw new DomainError('RATE_LIMITED', `Slow mode: one message every ${room.slowSeconds} seconds.`, {
      reason: 'chat.slowMode',
      params: { seconds: room.slowSeconds },
      retryAfterMs: wait,
    });
}

/** Emoji (pictographs, with their joiners and modifiers) in a row; a run longer than the limit is cut (C9). */
const EMOJI_RUN = /(?:(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\p{Emoji_Modifier}|\uFE0F|\u200D)*\s*){2,}/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/gu;

/**
 * A message's text as stored (C9): control, bidi and zero-width characters removed (`cleanText`), white space
 * runs folded, and emoji runs cut to `LIMITS.chatEmojiRunMax`. Markup stays text: the client never renders it.
 */
export function cleanChatText(raw: string): string {
  const text = cleanText(raw)
    .replace(/[ \t]{4,}/g, '   ')
    .replace(/\n{2,}/g, '\n');
  return text.replace(EMOJI_RUN, (run) => {
    const count = run.match(PICTOGRAPH)?.length ?? 0;
    if (count <= LIMITS.chatEmojiRunMax) return run;
    let seen = 0;
    let cut = 0;
    for (const m of run.matchAll(PICTOGRAPH)) {
      if (++seen > LIMITS.chatEmojiRunMax) {
        cut = m.index;
        break;
      }
    }
    return run.slice(0, cut);
  });
}

export interface PostInput {
  id: string;
  roomId: string;
  text: string;
  name: string | null;
  /** The profanity filter matched (decided by the caller with the filter library). */
  flagged: boolean;
}

/**
 * A new message (C1, C2, C3, C4, C10): checked against the room's rules, then published, or held for review when
 * the room holds messages (attendees') or the profanity filter matched (anyone's).
 */
export function post(room: RoomChat, me: AttendeeChat, input: PostInput, ctx: Context): ChatMessage {
  checkWrite(room, me, ctx.actor, ctx.now);
  if (!input.text) throw new DomainError('BAD_REQUEST', 'The message is empty.', { reason: 'chat.empty' });
  const held = input.flagged || (room.hold && !isStaff(ctx.actor));
  return {
    id: input.id,
    roomId: input.roomId,
    authorId: ctx.actor.id,
    authorName: input.name,
    badge: badgeOf(ctx.actor),
    text: input.text,
    status: held ? 'held' : 'published',
    flagged: input.flagged,
    questionId: null,
    createdAt: ctx.now,
    rev: 0,
  };
}

/** What the attendee's own record becomes after a message: the time it was written, for slow mode. */
export function afterPost(me: AttendeeChat, roomId: string, now: number): AttendeeChat {
  return { ...me, lastPostAt: { ...me.lastPostAt, [roomId]: now } };
}

function chairOf(actor: Actor, roomId: string): void {
  if (!canRunRoom(actor, roomId)) throw new DomainError('FORBIDDEN', 'Only a chair of this room or an organiser can do this.', { reason: 'chat.chairOnly' });
}

/** A chair approves a held message (C3): it is published for everyone. */
export function approve(m: ChatMessage, ctx: Context): ChatEvent[] {
  chairOf(ctx.actor, m.roomId);
  if (m.status !== 'held') throw new DomainError('BAD_REQUEST', 'This message is not waiting for review.', { reason: 'chat.notHeld' });
  return [{ type: 'chat.changed', message: { ...m, status: 'published', flagged: false, rev: m.rev + 1 } }];
}

/** A chair deletes a message (C7): gone for everyone, and no longer pinned. */
export function remove(m: ChatMessage, room: RoomChat, ctx: Context): ChatEvent[] {
  chairOf(ctx.actor, m.roomId);
  const events: ChatEvent[] = [{ type: 'chat.deleted', roomId: m.roomId, messageId: m.id }];
  if (room.pinned?.id === m.id) events.push({ type: 'chat.roomChanged', room: { ...room, pinned: null, rev: room.rev + 1 } });
  return events;
}

/** A chair pins one published message at the top of the room, replacing the pinned one (null unpins) (C6). */
export function pin(room: RoomChat, m: ChatMessage | null, ctx: Context): ChatEvent[] {
  chairOf(ctx.actor, room.roomId);
  if (m && m.status !== 'published') throw new DomainError('BAD_REQUEST', 'Only a published message can be pinned.', { reason: 'chat.pinHeld' });
  if ((room.pinned?.id ?? null) === (m?.id ?? null)) return [];
  return [{ type: 'chat.roomChanged', room: { ...room, pinned: m, rev: room.rev + 1 } }];
}

/** A chair marks a message as moved into the Q&A, as question `questionId` (C8): once only. */
export function moveToQuestion(m: ChatMessage, questionId: string, ctx: Context): ChatEvent[] {
  chairOf(ctx.actor, m.roomId);
  if (m.questionId !== null) throw new DomainError('BAD_REQUEST', 'This message is already a question.', { reason: 'chat.alreadyMoved' });
  if (m.text.length < LIMITS.questionMin)
    throw new DomainError('BAD_REQUEST', 'This message is too short to be a question.', {
      reason: 'chat.tooShortForQuestion',
      params: { min: LIMITS.questionMin },
    });
  return [{ type: 'chat.changed', message: { ...m, questionId, rev: m.rev + 1 } }];
}

/** The room's settings (C1, C2, C3): who may write, hold for review, slow mode. */
export function setRoomSettings(room: RoomChat, cmd: { write: WritePolicy; hold: boolean; slowSeconds: number }, ctx: Context): ChatEvent[] {
  chairOf(ctx.actor, room.roomId);
  if (room.write === cmd.write && room.hold === cmd.hold && room.slowSeconds === cmd.slowSeconds) return [];
  return [{ type: 'chat.roomChanged', room: { ...room, write: cmd.write, hold: cmd.hold, slowSeconds: cmd.slowSeconds, rev: room.rev + 1 } }];
}

/** Whether http(s) links in messages may be opened, for the whole event (C9): a chair (of any room) or an organiser. */
export function setEventSettings(settings: EventChat, cmd: { links: boolean }, ctx: Context): ChatEvent[] {
  if (ctx.actor.role !== 'chair' && ctx.actor.role !== 'organiser')
    throw new DomainError('FORBIDDEN', 'Only a chair or an organiser can do this.', { reason: 'chat.chairOnly' });
  if (settings.links === cmd.links) return [];
  return [{ type: 'chat.eventChanged', settings: { links: cmd.links, rev: settings.rev + 1 } }];
}

/** Mutes an attendee for `seconds` (null lifts the mute) with a reason shown to them (C4). Only attendees can be muted. */
export function mute(
  me: AttendeeChat,
  cmd: { attendeeId: string; seconds: number | null; reason: string },
  ctx: Context,
): { me: AttendeeChat; events: ChatEvent[] } {
  if (!isStaff(ctx.actor) || ctx.actor.role === 'rapporteur')
    throw new DomainError('FORBIDDEN', 'Only a chair or an organiser can mute.', { reason: 'chat.chairOnly' });
  const next: Mute = { attendeeId: cmd.attendeeId, until: cmd.seconds === null ? 0 : ctx.now + cmd.seconds * 1000, reason: cmd.reason };
  return { me: { ...me, mute: cmd.seconds === null ? null : next }, events: [{ type: 'chat.muted', mute: next }] };
}

/** Reactions go on published messages only (C5); one of each kind per attendee is a set membership in the store. */
export function checkReaction(m: ChatMessage): void {
  if (m.status !== 'published') throw new DomainError('BAD_REQUEST', 'Only a published message can get reactions.', { reason: 'chat.reactHeld' });
}

// ---- the room's history in pages ----------------------------------------------------------------------------------

/** One page of a room's history: its number and its messages, oldest first. */
export interface ChatPage {
  page: number;
  messages: ChatMessage[];
}

/** The page a new message goes to: the head page while it has room, else the next one (which starts empty). */
export function pageFor(head: number, headPage: ChatPage | undefined): { page: number; fresh: boolean } {
  if (!headPage || headPage.page !== head) return { page: head, fresh: true };
  return headPage.messages.length < LIMITS.chatPageSize ? { page: head, fresh: false } : { page: head + 1, fresh: true };
}

/**
 * The reaction keys (`reactionKey`) a page's messages can have, every kind: when a new page overwrites it in the
 * ring (C11), its reactions go with it, so their counts and reactors stay as bounded as the history.
 */
export function reactionKeysOf(page: ChatPage): string[] {
  return page.messages.flatMap((m) => REACTIONS.map((r) => reactionKey(m.id, r)));
}

/** The oldest page still kept when `head` is the newest (C11: the history is bounded). */
export function oldestKept(head: number): number {
  return Math.max(0, head - LIMITS.chatPagesKept + 1);
}

/** A page of history as one person sees it, with the cursor of the page before it (null: none kept). */
export function pageView(page: ChatPage | undefined, number: number, head: number, actor: Actor): RoomHistory {
  const messages = page && page.page === number ? page.messages.filter((m) => canSeeMessage(actor, m)) : [];
  return { messages, older: number > oldestKept(head) ? number - 1 : null };
}

/** The page number a message id names (`<page>.<random>`), or null. */
export function pageOfId(id: string): number | null {
  const match = /^(\d{1,9})\./.exec(id);
  return match ? Number(match[1]) : null;
}

// ---- text with links ------------------------------------------------------------------------------------------------

export type TextPart = { kind: 'text'; text: string } | { kind: 'url'; text: string; href: string | null };

const URL_LIKE = /\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[a-z][a-z0-9+.-]*:[^\s<>"']+/giu;

/**
 * Splits a message into text and the addresses in it (C9). An address is shown as text; it gets an `href` only
 * when links are allowed for the event and it is http(s) (never `javascript:`, `data:` or any other scheme).
 */
export function textParts(text: string, linksAllowed: boolean): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_LIKE)) {
    const raw = m[0].replace(/[.,;:!?)\]]+$/u, '');
    if (!raw.includes('/') && !/^www\./i.test(raw)) continue;
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push({ kind: 'url', text: raw, href: linksAllowed ? httpHref(raw) : null });
    last = m.index + raw.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

function httpHref(raw: string): string | null {
  const candidate = /^www\./i.test(raw) ? `https://${raw}` : raw;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// The client's view (reducers of the store's chat part) lives in chatState.ts, off the rules' module.
export { applyChat, applyReactionCounts, emptyChat, reactionKey, withMessage, withOlder, type ChatState } from './chatState';
