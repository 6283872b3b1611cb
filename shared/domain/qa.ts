import { DomainError } from '../protocol/errors';
import type { AnsweringUnder, ModerationAction, PendingMore, Question, QaEvent, RoomQa, UpvoteCount } from '../protocol/qa';
import { canRunRoom, type Actor, type Context } from './actor';

/**
 * Q&A rules. Each question and each room's Q&A settings are their own document; events carry the whole new
 * document, so apply is a replacement and every client converges on the store's version.
 * Upvotes are not events: they are set memberships in the store (one per attendee), counted and sent coalesced.
 */
export type { Question, QaEvent, RoomQa };

export function newRoomQa(roomId: string): RoomQa {
  // Pre-moderation is on by default: nothing reaches a public screen before a chair has seen it.
  return { roomId, premoderation: true, answering: null, answeringUnder: null, queue: [], rev: 0 };
}

/** Seen by everybody: published and not merged away. */
export function isPublic(q: Question): boolean {
  return (q.status === 'live' || q.status === 'answered') && q.mergedInto === null;
}

export function isStaff(actor: Actor): boolean {
  return actor.role !== 'attendee';
}

/** Who sees a question: staff always, the asker always, everybody else once it is public. */
export function canSee(actor: Actor, q: Question): boolean {
  return isStaff(actor) || q.authorId === actor.id || isPublic(q);
}

/** Who may see a change to a question: everybody when it was or becomes public, else staff and the asker. */
export function audienceOf(before: Question | null, after: Question): 'all' | `user:${string}` {
  return (before && isPublic(before)) || isPublic(after) ? 'all' : `user:${after.authorId}`;
}

export interface AskInput {
  questionId: string;
  roomId: string;
  text: string;
  target: string | null;
  anonymous: boolean;
  /** The live item of the room and the people a question may be addressed to. */
  itemId: string | null;
  people: string[];
  /** The profanity filter matched (decided by the caller with the filter library). */
  flagged: boolean;
  name: string | null;
}

export function ask(room: RoomQa, input: AskInput, ctx: Context): QaEvent[] {
  if (input.target !== null && !input.people.includes(input.target))
    throw new DomainError('BAD_REQUEST', `"${input.target}" is not a speaker of the live session.`, {
      reason: 'qa.targetNotSpeaker',
      params: { target: input.target },
    });
  const held = input.flagged || (room.premoderation && !isStaff(ctx.actor));
  const question: Question = {
    id: input.questionId,
    roomId: input.roomId,
    itemId: input.itemId,
    authorId: ctx.actor.id,
    authorName: input.anonymous ? null : input.name,
    text: input.text,
    originalText: null,
    target: input.target,
    status: held ? 'pending' : 'live',
    flagged: input.flagged,
    starred: false,
    reply: null,
    mergedInto: null,
    mergedFrom: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    rev: 0,
  };
  return [{ type: 'qa.asked', question }];
}

/**
 * Checks an upvote by `actor`; the caller records it as a set membership of the question (of its merge target).
 * The asker can't upvote their own question (Q19): BAD_REQUEST, as for the other upvotes that make no sense, since
 * FORBIDDEN here means a role or room scope that does not allow the action, and attendees may upvote.
 */
export function checkUpvote(q: Question, actor: Actor): void {
  if (q.mergedInto !== null) throw new DomainError('BAD_REQUEST', 'This question was merged into another one.', { reason: 'question.merged' });
  if (!isPublic(q)) throw new DomainError('BAD_REQUEST', 'Only published questions can be upvoted.', { reason: 'qa.upvoteUnpublished' });
  if (q.authorId === actor.id) throw new DomainError('BAD_REQUEST', 'You cannot upvote your own question.', { reason: 'qa.upvoteOwn' });
}

function moderator(actor: Actor, q: Question | RoomQa): void {
  if (!canRunRoom(actor, q.roomId)) throw new DomainError('FORBIDDEN', 'Only a chair of this room can moderate its questions.', { reason: 'qa.chairOnly' });
}

function fresh(q: Question, rev: number): void {
  if (q.rev !== rev)
    throw new DomainError('VERSION_CONFLICT', 'Another moderator changed this question a moment ago; here is its current state.', {
      reason: 'question.changed',
    });
  if (q.mergedInto !== null) throw new DomainError('BAD_REQUEST', 'This question was merged into another one.', { reason: 'question.merged' });
}

function changed(q: Question, patch: Partial<Question>, now: number): Question {
  return { ...q, ...patch, updatedAt: now, rev: q.rev + 1 };
}

const TRANSITIONS: Record<ModerationAction, { from: Question['status'][] | 'any'; to: (q: Question) => Partial<Question> }> = {
  approve: { from: ['pending'], to: () => ({ status: 'live', flagged: false }) },
  dismiss: { from: ['pending', 'live', 'answered'], to: () => ({ status: 'dismissed' }) },
  restore: { from: ['dismissed'], to: () => ({ status: 'live' }) },
  star: { from: 'any', to: () => ({ starred: true }) },
  unstar: { from: 'any', to: () => ({ starred: false }) },
  answered: { from: ['live'], to: () => ({ status: 'answered' }) },
  reopen: { from: ['answered'], to: () => ({ status: 'live' }) },
};

/** Each action done, in words (a refusal's log message). */
const DONE: Record<ModerationAction, string> = {
  approve: 'approved',
  dismiss: 'dismissed',
  restore: 'restored',
  star: 'starred',
  unstar: 'unstarred',
  answered: 'marked answered',
  reopen: 'reopened',
};

/** Approve, dismiss, restore, star, mark answered, reopen. A question that leaves the live list leaves the room's queue and highlight. */
export function moderate(q: Question, room: RoomQa, cmd: { action: ModerationAction; rev: number }, ctx: Context): QaEvent[] {
  moderator(ctx.actor, q);
  fresh(q, cmd.rev);
  const t = TRANSITIONS[cmd.action];
  if (t.from !== 'any' && !t.from.includes(q.status))
    throw new DomainError('BAD_REQUEST', `A question that is ${q.status} cannot be ${DONE[cmd.action]}.`, {
      reason: 'qa.badTransition',
      params: { status: q.status, action: cmd.action },
    });
  const next = changed(q, t.to(q), ctx.now);
  const events: QaEvent[] = [{ type: 'qa.changed', question: next }];
  if (next.status !== 'live') events.push(...leaveRoom(room, [q.id], ctx.now));
  return events;
}

/**
 * The asker withdraws their own question while it is pending or live (Q21). It becomes dismissed: out of everybody
 * else's list (Q8), off the room's queue and highlight (Q12), and still shown to its asker. Only the attendee who
 * asked it may: staff take a question off the list with moderation (dismiss), not this action.
 */
export function withdraw(q: Question, room: RoomQa, ctx: Context): QaEvent[] {
  if (isStaff(ctx.actor) || q.authorId !== ctx.actor.id)
    throw new DomainError('FORBIDDEN', 'Only the person who asked a question can withdraw it.', { reason: 'qa.withdrawOwnOnly' });
  if (q.mergedInto !== null) throw new DomainError('BAD_REQUEST', 'This question was merged into another one.', { reason: 'question.merged' });
  if (q.status !== 'pending' && q.status !== 'live')
    throw new DomainError('BAD_REQUEST', `A question that is ${q.status} cannot be withdrawn.`, { reason: 'qa.withdrawClosed', params: { status: q.status } });
  return [{ type: 'qa.changed', question: changed(q, { status: 'dismissed' }, ctx.now) }, ...leaveRoom(room, [q.id], ctx.now)];
}

/** A public reply from the moderator; an empty text removes it. */
export function reply(q: Question, cmd: { text: string; rev: number }, ctx: Context): QaEvent[] {
  moderator(ctx.actor, q);
  fresh(q, cmd.rev);
  return [{ type: 'qa.changed', question: changed(q, { reply: cmd.text ? { text: cmd.text, at: ctx.now } : null }, ctx.now) }];
}

/** The moderator edits the text (a typo, a name); the original is kept and shown to the asker. */
export function edit(q: Question, cmd: { text: string; rev: number }, ctx: Context): QaEvent[] {
  moderator(ctx.actor, q);
  fresh(q, cmd.rev);
  if (cmd.text === q.text) return [];
  return [{ type: 'qa.changed', question: changed(q, { text: cmd.text, originalText: q.originalText ?? q.text }, ctx.now) }];
}

/**
 * Merges a duplicate into another question. The caller unites the upvoter sets in the store, so an attendee who
 * upvoted both counts once. The duplicate stays, marked with where it went, for its asker to see.
 */
export function merge(dup: Question, into: Question, room: RoomQa, cmd: { rev: number; intoRev: number }, ctx: Context): QaEvent[] {
  moderator(ctx.actor, dup);
  fresh(dup, cmd.rev);
  fresh(into, cmd.intoRev);
  if (dup.id === into.id) throw new DomainError('BAD_REQUEST', 'A question cannot be merged into itself.', { reason: 'qa.mergeSelf' });
  if (dup.roomId !== into.roomId) throw new DomainError('BAD_REQUEST', 'Questions of different rooms cannot be merged.', { reason: 'qa.mergeRooms' });
  if (into.status === 'dismissed') throw new DomainError('BAD_REQUEST', 'Restore the question before merging into it.', { reason: 'qa.mergeDismissed' });
  const events: QaEvent[] = [
    { type: 'qa.changed', question: changed(dup, { mergedInto: into.id }, ctx.now) },
    // Merging into a pending question publishes it only if the duplicate was published.
    {
      type: 'qa.changed',
      question: changed(
        into,
        { mergedFrom: [...into.mergedFrom, dup.id, ...dup.mergedFrom], ...(into.status === 'pending' && isPublic(dup) ? { status: 'live' as const } : {}) },
        ctx.now,
      ),
    },
  ];
  events.push(...leaveRoom(room, [dup.id], ctx.now));
  return events;
}

/** The agenda's entry for a room's live item (`AgendaState['live'][roomId]`); undefined when nothing was ever live there. */
export type LiveEntry = AnsweringUnder | null | undefined;

function sameLive(a: LiveEntry, b: LiveEntry): boolean {
  if (!a || !b) return !a && !b;
  return a.itemId === b.itemId && a.since === b.since;
}

/**
 * The question highlighted as "answering now" in the room, if the highlight is current (Q20), else null. It is
 * current while the room's live entry in the agenda is the one it was highlighted under: the same item, gone live at
 * the same instant. So setting another item live (or none) ends it at once, for every viewer and on every process,
 * with no write to the Q&A; and setting the earlier item live again does not bring it back, since that item went
 * live at a new instant. A room stored before `answeringUnder` existed has no record of it: its highlight is
 * shown as before (ending it would hide a highlight the chair may have set a minute ago), until the chair changes it.
 * Every view that shows the highlight asks this, and nothing else.
 */
export function answeringNow(room: RoomQa, live: LiveEntry): string | null {
  if (room.answering === null) return null;
  if (room.answeringUnder === undefined) return room.answering;
  return sameLive(room.answeringUnder, live) ? room.answering : null;
}

/**
 * Highlights one live question as "answering now" for the whole room (null clears it), under the room's live item
 * as the agenda holds it now (`live`). Highlighting the question of an ended highlight again starts a new one.
 */
export function answerNow(room: RoomQa, q: Question | null, live: LiveEntry, ctx: Context): QaEvent[] {
  moderator(ctx.actor, room);
  if (q) {
    if (q.roomId !== room.roomId) throw new DomainError('BAD_REQUEST', 'That question is in another room.', { reason: 'qa.otherRoom' });
    if (!isPublic(q)) throw new DomainError('BAD_REQUEST', 'Only a published question can be highlighted.', { reason: 'qa.highlightUnpublished' });
  }
  const answering = q?.id ?? null;
  if (answering === null ? room.answering === null : answeringNow(room, live) === answering && room.answeringUnder !== undefined) return [];
  const answeringUnder = answering !== null && live ? { itemId: live.itemId, since: live.since } : null;
  return [
    {
      type: 'qa.roomChanged',
      room: { ...room, answering, answeringUnder, queue: room.queue.filter((id) => id !== answering), rev: room.rev + 1 },
    },
  ];
}

/** The chair's ordered queue: live questions of the room, each once. */
export function setQueue(room: RoomQa, cmd: { queue: string[]; rev: number }, questions: Map<string, Question>, ctx: Context): QaEvent[] {
  moderator(ctx.actor, room);
  if (room.rev !== cmd.rev)
    throw new DomainError('VERSION_CONFLICT', 'Another moderator changed the queue a moment ago; here is the current one.', { reason: 'qa.queueChanged' });
  if (new Set(cmd.queue).size !== cmd.queue.length) throw new DomainError('BAD_REQUEST', 'A question is in the queue twice.', { reason: 'qa.queueDuplicate' });
  for (const id of cmd.queue) {
    const q = questions.get(id);
    if (!q || q.roomId !== room.roomId || q.status !== 'live' || q.mergedInto)
      throw new DomainError('BAD_REQUEST', 'Only live questions of this room can be queued.', { reason: 'qa.queueNotLive' });
  }
  return [{ type: 'qa.roomChanged', room: { ...room, queue: cmd.queue, rev: room.rev + 1 } }];
}

export function setPremoderation(room: RoomQa, cmd: { premoderation: boolean }, ctx: Context): QaEvent[] {
  moderator(ctx.actor, room);
  if (room.premoderation === cmd.premoderation) return [];
  return [{ type: 'qa.roomChanged', room: { ...room, premoderation: cmd.premoderation, rev: room.rev + 1 } }];
}

function leaveRoom(room: RoomQa, ids: string[], _now: number): QaEvent[] {
  const queue = room.queue.filter((id) => !ids.includes(id));
  const unhighlight = room.answering !== null && ids.includes(room.answering);
  if (queue.length === room.queue.length && !unhighlight) return [];
  return [{ type: 'qa.roomChanged', room: { ...room, queue, ...(unhighlight ? { answering: null, answeringUnder: null } : {}), rev: room.rev + 1 } }];
}

// ---- the chair's Incoming list, a page at a time (Q24) ------------------------------------------------------------

/** A pending question waiting for a moderator: in the Incoming list. */
const isIncoming = (q: Question) => q.status === 'pending' && q.mergedInto === null;

/** Where a question stands in the Incoming order (oldest first, then by id): the cursor of a page. */
export function pendingCursor(q: Question): string {
  return `${q.createdAt}:${q.id}`;
}

function comesAfter(q: Question, cursor: string): boolean {
  const cut = cursor.indexOf(':');
  const at = Number(cursor.slice(0, cut));
  return q.createdAt > at || (q.createdAt === at && q.id > cursor.slice(cut + 1));
}

function inIncomingOrder(a: Question, b: Question): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The next page of a room's Incoming list after `after` (null: the first page), and what is left after it: its
 * count, and the cursor to ask for it with (null when nothing is left).
 */
export function pendingPage(questions: Question[], roomId: string, after: string | null, size: number): { page: Question[]; more: PendingMore | null } {
  const waiting = questions.filter((q) => q.roomId === roomId && isIncoming(q) && (after === null || comesAfter(q, after))).sort(inIncomingOrder);
  const page = waiting.slice(0, size);
  const left = waiting.length - page.length;
  return { page, more: left > 0 ? { count: left, after: pendingCursor(page.at(-1)!) } : null };
}

/**
 * What staff get of the questions in a snapshot: every question but the pending ones past the first page of each
 * room, and per room what was left out. A room flooded with spam costs a page, not the whole flood.
 */
export function pagedForStaff(questions: Question[], size: number): { questions: Question[]; pendingMore: Record<string, PendingMore> } {
  const rooms = [...new Set(questions.filter(isIncoming).map((q) => q.roomId))];
  const pendingMore: Record<string, PendingMore> = {};
  const shown = new Set<string>();
  for (const roomId of rooms) {
    const { page, more } = pendingPage(questions, roomId, null, size);
    page.forEach((q) => shown.add(q.id));
    if (more) pendingMore[roomId] = more;
  }
  return { questions: questions.filter((q) => !isIncoming(q) || shown.has(q.id)), pendingMore };
}

// ---- the client's view ------------------------------------------------------------------------------------------

export interface QaState {
  rooms: Record<string, RoomQa>;
  questions: Record<string, Question>;
  counts: Record<string, UpvoteCount>;
  myUpvotes: string[];
  /** Staff: per room, the pending questions not loaded yet (Q24). */
  pendingMore?: Record<string, PendingMore>;
}

/** Replaces the document, unless the state already holds a newer revision (a snapshot read after the change). */
export function applyQa(state: QaState, event: QaEvent): QaState {
  switch (event.type) {
    case 'qa.asked':
    case 'qa.changed': {
      const known = state.questions[event.question.id];
      if (known && known.rev > event.question.rev) return state;
      return { ...state, questions: { ...state.questions, [event.question.id]: event.question } };
    }
    case 'qa.roomChanged': {
      const known = state.rooms[event.room.roomId];
      if (known && known.rev > event.room.rev) return state;
      return { ...state, rooms: { ...state.rooms, [event.room.roomId]: event.room } };
    }
  }
}

/** Newer counts replace older ones; a count that arrives late (lower tick) is ignored. */
export function applyCounts(state: QaState, counts: Record<string, UpvoteCount>): QaState {
  let next: Record<string, UpvoteCount> | null = null;
  for (const [id, c] of Object.entries(counts)) {
    const known = state.counts[id];
    if (known && known.tick > c.tick) continue;
    next ??= { ...state.counts };
    next[id] = c;
  }
  return next ? { ...state, counts: next } : state;
}

export type SortMode = 'popular' | 'recent';

/** Popular: most upvotes first, then older first (it waited longer). Recent: newest first. */
export function sortQuestions(list: Question[], mode: SortMode, counts: Record<string, UpvoteCount>): Question[] {
  const n = (q: Question) => counts[q.id]?.n ?? 0;
  return [...list].sort((a, b) => (mode === 'popular' ? n(b) - n(a) || a.createdAt - b.createdAt : b.createdAt - a.createdAt));
}
