import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, OpId, request, type Applied } from './common';

export const PollType = z.enum(['single', 'multiple', 'rating', 'wordcloud', 'open', 'ranking']);
export type PollType = z.infer<typeof PollType>;

/** When attendees see results: as votes come in, once the poll is closed, or when the chair reveals them. */
export const ResultsVisibility = z.enum(['live', 'closed', 'reveal']);
export type ResultsVisibility = z.infer<typeof ResultsVisibility>;

export const PollOption = z.object({ id: z.string().min(1).max(16), label: z.string().trim().min(1).max(LIMITS.pollOptionMax) });
export type PollOption = z.infer<typeof PollOption>;

export const RatingScale = z
  .object({
    min: z.number().int().min(0).max(10),
    max: z.number().int().min(1).max(10),
    minLabel: z.string().max(40).optional(),
    maxLabel: z.string().max(40).optional(),
  })
  .refine((s) => s.max > s.min && s.max - s.min < LIMITS.ratingMaxSteps, 'a scale such as 1 to 5');

/** What a chair writes when preparing a poll. */
export const PollDraft = z
  .object({
    roomId: Id,
    itemId: Id.nullable(),
    type: PollType,
    question: z.string().trim().min(3).max(LIMITS.pollQuestionMax),
    options: z.array(PollOption).max(LIMITS.pollOptionsMax).default([]),
    maxPicks: z.number().int().min(1).max(LIMITS.pollOptionsMax).nullable().default(null),
    scale: RatingScale.nullable().default(null),
    visibility: ResultsVisibility.default('live'),
  })
  .superRefine((d, ctx) => {
    const needsOptions = d.type === 'single' || d.type === 'multiple' || d.type === 'ranking';
    if (needsOptions && d.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'needs at least two options' });
    if (!needsOptions && d.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${d.type} poll has no options` });
    if (new Set(d.options.map((o) => o.id)).size !== d.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must differ' });
    if (d.type === 'rating' && !d.scale) ctx.addIssue({ code: 'custom', path: ['scale'], message: 'a rating poll needs a scale' });
    if (d.type === 'multiple' && d.maxPicks !== null && d.maxPicks > d.options.length)
      ctx.addIssue({ code: 'custom', path: ['maxPicks'], message: 'cannot be more than the number of options' });
  });
export type PollDraft = z.infer<typeof PollDraft>;
export type PollDraftInput = z.input<typeof PollDraft>;

export const PollStatus = z.enum(['draft', 'open', 'closed']);
export type PollStatus = z.infer<typeof PollStatus>;

export const Poll = z.object({
  id: z.string(),
  roomId: z.string(),
  itemId: z.string().nullable(),
  type: PollType,
  question: z.string(),
  options: z.array(PollOption),
  maxPicks: z.number().nullable(),
  scale: z.object({ min: z.number(), max: z.number(), minLabel: z.string().optional(), maxLabel: z.string().optional() }).nullable(),
  visibility: ResultsVisibility,
  status: PollStatus,
  /** The chair revealed the results (for visibility 'reveal'). */
  revealed: z.boolean(),
  /** Open-text answers are shown to attendees (the chair's choice). */
  showAnswers: z.boolean(),
  openedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  createdAt: z.number(),
  rev: z.number().int(),
});
export type Poll = z.infer<typeof Poll>;

/** A vote, by poll type. Ranking lists every option id, best first. */
export const Choice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('single'), option: z.string().max(16) }),
  z.object({ type: z.literal('multiple'), options: z.array(z.string().max(16)).min(1).max(LIMITS.pollOptionsMax) }),
  z.object({ type: z.literal('rating'), value: z.number().int().min(0).max(10) }),
  z.object({
    type: z.literal('wordcloud'),
    words: z
      .array(z.string().max(LIMITS.wordMax, `a word of at most ${LIMITS.wordMax} characters`))
      .min(1)
      .max(LIMITS.wordsPerVote),
  }),
  z.object({ type: z.literal('open'), text: z.string().max(LIMITS.openTextMax, `at most ${LIMITS.openTextMax} characters`) }),
  z.object({ type: z.literal('ranking'), order: z.array(z.string().max(16)).min(2).max(LIMITS.pollOptionsMax) }),
]);
export type Choice = z.infer<typeof Choice>;

/** One voter's ballot, stored under a key that names the poll and the voter (a plenary holds thousands of them). */
export const Ballot = z.object({
  choice: Choice,
  at: z.number(),
  /** Set aside by a chair's discount of its network (P15): kept, but not counted until counted again. */
  aside: z.literal(true).optional(),
  /**
   * Counts this voter's votes on the poll (1 for the first): the person's tabs keep the highest they have heard of,
   * as a tab's own reply and another tab's echo arrive in either order. Absent from ballots stored before it (0).
   */
  rev: z.number().int().nonnegative().optional(),
});
export type Ballot = z.infer<typeof Ballot>;

/** The stored counters of a poll (by field) with their tick, which orders tallies sent from several processes. */
export const Tally = z.object({
  pollId: z.string(),
  counters: z.record(z.string(), z.number()),
  tick: z.number(),
  answers: z.array(z.string()).optional(),
  /** Staff only: one network address is behind an unusual share of the votes (P14). */
  network: z.object({ percent: z.number().int().min(0).max(100), n: z.number().int().nonnegative() }).optional(),
  /** Staff only: how many voters' ballots the chair set aside (P15), not in the counters, reversible. */
  discounted: z.number().int().positive().optional(),
});
export type Tally = z.infer<typeof Tally>;

export const PollsSnapshot = z.object({
  polls: z.array(Poll),
  /** Tallies this person may see now (staff: all; attendees: per the poll's visibility). */
  tallies: z.record(z.string(), Tally),
  myBallots: z.record(z.string(), Choice),
  /** The revision of each of those ballots (`Ballot.rev`). */
  myBallotRevs: z.record(z.string(), z.number()),
});
export type PollsSnapshot = z.infer<typeof PollsSnapshot>;

export const PollEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('poll.changed'), poll: Poll }),
  z.object({ type: z.literal('poll.deleted'), pollId: z.string(), roomId: z.string() }),
]);
export type PollEvent = z.infer<typeof PollEvent>;

// ---- client to server -------------------------------------------------------------------------------------------

export const CreatePoll = z.object({ opId: OpId, draft: PollDraft });
export type CreatePoll = z.infer<typeof CreatePoll>;
export const UpdatePoll = z.object({ opId: OpId, pollId: Id, rev: z.number().int(), draft: PollDraft });
export type UpdatePoll = z.infer<typeof UpdatePoll>;
export const PollAction = z.enum(['launch', 'close', 'reopen', 'reveal', 'hide', 'showAnswers', 'hideAnswers', 'delete']);
export type PollAction = z.infer<typeof PollAction>;
export const ControlPoll = z.object({ opId: OpId, pollId: Id, action: PollAction });
export type ControlPoll = z.infer<typeof ControlPoll>;
export const Vote = z.object({
  opId: OpId,
  pollId: Id,
  choice: Choice,
  /** The voter has other tabs of this session open (false: none, so no echo to them); absent: unknown. */
  otherTabs: z.boolean().optional(),
});
export type Vote = z.infer<typeof Vote>;
/** The chair sets aside the votes of the network behind a poll's marker, or counts them again (P15). */
export const DiscountVotes = z.object({ opId: OpId, pollId: Id, discount: z.boolean() });
export type DiscountVotes = z.infer<typeof DiscountVotes>;
export const PollAnswers = z.object({ pollId: Id });
export type PollAnswers = z.infer<typeof PollAnswers>;

// ---- server to client -------------------------------------------------------------------------------------------

export const MyBallot = z.object({ pollId: z.string(), choice: Choice, rev: z.number() });
export type MyBallot = z.infer<typeof MyBallot>;

export const POLL_REQUESTS = {
  'poll:create': request(CreatePoll).returns<Applied & { pollId: string }>(),
  'poll:update': request(UpdatePoll).returns(),
  'poll:control': request(ControlPoll).returns(),
  /** `rev`: the stored ballot's revision (`Ballot.rev`), unless the vote said the voter has no other tab open. */
  'poll:vote': request(Vote).returns<Applied & { rev?: number }>(),
  'poll:discount': request(DiscountVotes).returns(),
  'poll:answers': request(PollAnswers).returns<{ answers: { voterId: string; text: string; at: number }[] }>(),
};

/** Server to client, besides the live stream: a vote's choice echoed to the voter's other tabs. */
export interface PollPushes {
  'poll:myBallot': (payload: MyBallot) => void;
}
