import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, OpId, request, type Applied } from './common';
/** A question's moderation revision as the chair saw it: a stale one gets VERSION_CONFLICT. */
const Rev = z.number().int().nonnegative();

// ---- state ----------------------------------------------------------------------------------------------------

export const QuestionStatus = z.enum(['pending', 'live', 'answered', 'dismissed']);
export type QuestionStatus = z.infer<typeof QuestionStatus>;

export const Question = z.object({
  id: z.string(),
  roomId: z.string(),
  /** The programme item that was live in the room when it was asked. */
  itemId: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  text: z.string(),
  /** Kept when a moderator edits the text; the asker is shown both. */
  originalText: z.string().nullable(),
  /** A speaker or panelist of the session it is for, or null for everyone. */
  target: z.string().nullable(),
  status: QuestionStatus,
  /** The profanity filter matched: it waits for a moderator even with pre-moderation off. */
  flagged: z.boolean(),
  starred: z.boolean(),
  reply: z.object({ text: z.string(), at: z.number() }).nullable(),
  mergedInto: z.string().nullable(),
  mergedFrom: z.array(z.string()),
  createdAt: z.number(),
  updatedAt: z.number(),
  rev: z.number().int(),
  /** The chat message it was moved from, when a chair moved one into the Q&A. */
  chatMessageId: z.string().optional(),
});
export type Question = z.infer<typeof Question>;

/** A room's live item as the agenda holds it (`AgendaState['live'][room]`): the item, or null, and when it went live. */
export const AnsweringUnder = z.object({ itemId: z.string().nullable(), since: z.number() });
export type AnsweringUnder = z.infer<typeof AnsweringUnder>;

/** Q&A settings and shared state of one room. */
export const RoomQa = z.object({
  roomId: z.string(),
  premoderation: z.boolean(),
  /** The question highlighted as "answering now" for everybody (and on the present view). */
  answering: z.string().nullable(),
  /**
   * The room's live item when the question was highlighted, as the agenda held it (the item, and when it went live),
   * or null when nothing had ever been live in the room; null too when nothing is highlighted. The highlight is
   * current only while the agenda still holds that same entry (`answeringNow` in shared/domain/qa.ts): a change of
   * the live item ends it, with no write. Absent in rooms stored before it existed.
   */
  answeringUnder: AnsweringUnder.nullable().optional(),
  /** The chair's ordered list of questions to take. */
  queue: z.array(z.string()),
  rev: z.number().int(),
});
export type RoomQa = z.infer<typeof RoomQa>;

/** Upvote count of a question with its tick: a count with a lower tick than one already shown is older. */
/**
 * Staff only (Q25): one network address is behind an unusual share of a question's upvotes or a poll's votes;
 * `percent` of them, `n` in number.
 */
export const NetworkShare = z.object({ percent: z.number().int().min(0).max(100), n: z.number().int().nonnegative() });
export type NetworkShare = z.infer<typeof NetworkShare>;

export const UpvoteCount = z.object({
  n: z.number().int().nonnegative(),
  tick: z.number().int().nonnegative(),
  /** Staff only: the marker of one network's share (Q25). */
  network: NetworkShare.optional(),
  /** Staff only: how many upvotes the chair discounted (not in `n`), reversible (Q25). */
  discounted: z.number().int().positive().optional(),
});
export type UpvoteCount = z.infer<typeof UpvoteCount>;

/**
 * Where the staff's pages of a room's pending questions stand (Q24): how many were left out, and the cursor of the
 * last one sent (`pendingCursor`), from which `qa:pending` sends the next page.
 */
export const PendingMore = z.object({ count: z.number().int().nonnegative(), after: z.string() });
export type PendingMore = z.infer<typeof PendingMore>;

export const QaSnapshot = z.object({
  rooms: z.record(z.string(), RoomQa),
  questions: z.array(Question),
  counts: z.record(z.string(), UpvoteCount),
  myUpvotes: z.array(z.string()),
  /** Staff only, per room that has more pending questions than a page: the rest is asked for with `qa:pending`. */
  pendingMore: z.record(z.string(), PendingMore).optional(),
});
export type QaSnapshot = z.infer<typeof QaSnapshot>;

// ---- events (changes) -------------------------------------------------------------------------------------------

export const QaEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('qa.asked'), question: Question }),
  z.object({ type: z.literal('qa.changed'), question: Question }),
  z.object({ type: z.literal('qa.roomChanged'), room: RoomQa }),
]);
export type QaEvent = z.infer<typeof QaEvent>;

// ---- client to server -------------------------------------------------------------------------------------------

const QuestionText = z
  .string()
  .trim()
  .min(LIMITS.questionMin, `at least ${LIMITS.questionMin} characters`)
  .max(LIMITS.questionMax, `at most ${LIMITS.questionMax} characters`);

export const AskQuestion = z.object({
  opId: OpId,
  roomId: Id,
  text: QuestionText,
  target: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.nameMax * 2)
    .nullable(),
  /** Ask without the display name (the default). */
  anonymous: z.boolean(),
});
export type AskQuestion = z.infer<typeof AskQuestion>;

export const Upvote = z.object({ opId: OpId, questionId: Id, up: z.boolean() });
export type Upvote = z.infer<typeof Upvote>;

export const ModerationAction = z.enum(['approve', 'dismiss', 'restore', 'star', 'unstar', 'answered', 'reopen']);
export type ModerationAction = z.infer<typeof ModerationAction>;

export const ModerateQuestion = z.object({ opId: OpId, questionId: Id, rev: Rev, action: ModerationAction });
export type ModerateQuestion = z.infer<typeof ModerateQuestion>;

export const ReplyToQuestion = z.object({ opId: OpId, questionId: Id, rev: Rev, text: z.string().trim().max(LIMITS.replyMax) });
export type ReplyToQuestion = z.infer<typeof ReplyToQuestion>;

export const EditQuestion = z.object({ opId: OpId, questionId: Id, rev: Rev, text: QuestionText });
export type EditQuestion = z.infer<typeof EditQuestion>;

export const MergeQuestions = z.object({ opId: OpId, questionId: Id, rev: Rev, intoId: Id, intoRev: Rev });
export type MergeQuestions = z.infer<typeof MergeQuestions>;

/** The asker takes back their own question while it is not answered (Q21). */
export const WithdrawQuestion = z.object({ opId: OpId, questionId: Id });
export type WithdrawQuestion = z.infer<typeof WithdrawQuestion>;

export const AnswerNow = z.object({ opId: OpId, roomId: Id, questionId: Id.nullable() });
export type AnswerNow = z.infer<typeof AnswerNow>;

export const SetQueue = z.object({ opId: OpId, roomId: Id, rev: Rev, queue: z.array(Id).max(LIMITS.queueMax) });
export type SetQueue = z.infer<typeof SetQueue>;

export const QaSettings = z.object({ opId: OpId, roomId: Id, premoderation: z.boolean() });
export type QaSettings = z.infer<typeof QaSettings>;

/** The chair discounts the upvotes of the network behind a question's marker, or counts them again (Q25). */
export const DiscountUpvotes = z.object({ opId: OpId, questionId: Id, discount: z.boolean() });
export type DiscountUpvotes = z.infer<typeof DiscountUpvotes>;

/** The next page of a room's pending questions for staff (Q24), after the cursor a snapshot or the previous page gave. */
export const PendingPage = z.object({ roomId: Id, after: z.string().max(200) });
export type PendingPage = z.infer<typeof PendingPage>;

export const QA_REQUESTS = {
  'qa:ask': request(AskQuestion).returns<Applied & { questionId: string; status: string }>(),
  'qa:upvote': request(Upvote).returns<Applied & { questionId: string }>(),
  'qa:moderate': request(ModerateQuestion).returns(),
  'qa:reply': request(ReplyToQuestion).returns(),
  'qa:edit': request(EditQuestion).returns(),
  'qa:merge': request(MergeQuestions).returns(),
  'qa:withdraw': request(WithdrawQuestion).returns(),
  'qa:answerNow': request(AnswerNow).returns(),
  'qa:queue': request(SetQueue).returns(),
  'qa:settings': request(QaSettings).returns(),
  'qa:discount': request(DiscountUpvotes).returns(),
  'qa:pending': request(PendingPage).returns<{ questions: Question[]; counts: Record<string, UpvoteCount>; more: PendingMore | null }>(),
};
