import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, OpId, request, type Applied } from './common';
import { UpvoteCount } from './qa';

/**
 * Breakouts: the parallel sessions of a slot (breakout items of breakout rooms that start together), an attendee's
 * choice among them with a capacity and a waiting list, and key-topic contributions. See "Breakouts" in
 * docs/ARCHITECTURE.md for the documents' keys.
 */

// ---- state ----------------------------------------------------------------------------------------------------

/** One person holding (or waiting for) a place, as the sign-up lists show them (read from the documents below). */
export const Signup = z.object({ attendeeId: z.string(), name: z.string().nullable(), at: z.number() });
export type Signup = z.infer<typeof Signup>;

/** A slot's sign-up lists, per breakout room: who holds a place (in the order they got it), who waits (first first). */
export interface SlotSignups {
  slotId: string;
  places: Record<string, Signup[]>;
  waiting: Record<string, Signup[]>;
}

/** One person in a waiting list, and the place they hold meanwhile (null: none). */
export const Waiter = z.object({ attendeeId: z.string(), name: z.string().nullable(), at: z.number(), holds: z.string().nullable() });
export type Waiter = z.infer<typeof Waiter>;

/**
 * A slot's state (`bo:slot:<slotId>`): per breakout room its capacity (null: no limit), the places taken and the
 * waiting list (LIMITS.breakoutWaitingMax at most). Every choice commits it expecting the version it read: the one
 * point where a slot's choices are put in order, so a capacity holds on every process. It counts places rather
 * than listing who holds them (`bo:in:<slotId>:<roomId>`, `bo:mine:<slotId>:<attendeeId>`), so it stays small
 * whatever the audience. Its waiting lists name people: staff only.
 */
export const SlotState = z.object({
  slotId: z.string(),
  capacity: z.record(z.string(), z.number().int().positive().nullable()),
  taken: z.record(z.string(), z.number().int().nonnegative()),
  waiting: z.record(z.string(), z.array(Waiter)),
  rev: z.number().int(),
});
export type SlotState = z.infer<typeof SlotState>;

/**
 * One attendee's choice in a slot as stored (`bo:mine:<slotId>:<attendeeId>`): the place they hold (since `at`,
 * under `name`) and the breakout they wait for; `rev` is the slot state's revision that last changed it.
 */
export const ChoiceRecord = z.object({
  slotId: z.string(),
  attendeeId: z.string(),
  roomId: z.string().nullable(),
  waitingFor: z.string().nullable(),
  name: z.string().nullable(),
  at: z.number(),
  rev: z.number().int(),
});
export type ChoiceRecord = z.infer<typeof ChoiceRecord>;

/** What everybody sees of a slot: per breakout room, its capacity, places taken and people waiting. */
export const RoomSeats = z.object({ capacity: z.number().int().positive().nullable(), taken: z.number().int(), waiting: z.number().int() });
export type RoomSeats = z.infer<typeof RoomSeats>;
export const SlotSeats = z.object({ slotId: z.string(), rooms: z.record(z.string(), RoomSeats), rev: z.number().int() });
export type SlotSeats = z.infer<typeof SlotSeats>;

/** One attendee's choice in a slot: the breakout they have a place in, and the one they wait for (each or both null). */
export const MyChoice = z.object({
  slotId: z.string(),
  attendeeId: z.string(),
  roomId: z.string().nullable(),
  waitingFor: z.string().nullable(),
  rev: z.number().int(),
});
export type MyChoice = z.infer<typeof MyChoice>;

export const ContributionStatus = z.enum(['pending', 'live', 'hidden']);
export type ContributionStatus = z.infer<typeof ContributionStatus>;

/** A short answer to one key-topic question of a breakout (`bo:c:<id>`). */
export const Contribution = z.object({
  id: z.string(),
  roomId: z.string(),
  itemId: z.string(),
  /** The key topic's index in the item's `keyTopics`, and its words when written (a later import may change them). */
  topic: z.number().int().nonnegative(),
  topicText: z.string(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  text: z.string(),
  status: ContributionStatus,
  /** The profanity filter matched: it waits for a chair even with pre-moderation off. */
  flagged: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
  rev: z.number().int(),
});
export type Contribution = z.infer<typeof Contribution>;

export const BreakoutsSnapshot = z.object({
  seats: z.record(z.string(), SlotSeats),
  mine: z.record(z.string(), MyChoice),
  contributions: z.array(Contribution),
  contributionCounts: z.record(z.string(), UpvoteCount),
  myContributionUpvotes: z.array(z.string()),
});
export type BreakoutsSnapshot = z.infer<typeof BreakoutsSnapshot>;

// ---- events (changes) -------------------------------------------------------------------------------------------

export const BreakoutsEvent = z.discriminatedUnion('type', [
  /** Everybody: a slot's places taken and waiting, per breakout. */
  z.object({ type: z.literal('breakouts.seats'), seats: SlotSeats }),
  /** The attendee concerned (and staff): their choice now; `promoted` when a freed place just came to them. */
  z.object({ type: z.literal('breakouts.mine'), mine: MyChoice, promoted: z.boolean() }),
  z.object({ type: z.literal('breakouts.contributed'), contribution: Contribution }),
  z.object({ type: z.literal('breakouts.contributionChanged'), contribution: Contribution }),
]);
export type BreakoutsEvent = z.infer<typeof BreakoutsEvent>;

// ---- client to server -------------------------------------------------------------------------------------------

export const ChooseBreakout = z.object({ opId: OpId, slotId: Id, roomId: Id });
export type ChooseBreakout = z.infer<typeof ChooseBreakout>;

/** Gives up the place and the waiting list of a slot. */
export const LeaveBreakout = z.object({ opId: OpId, slotId: Id });
export type LeaveBreakout = z.infer<typeof LeaveBreakout>;

export const SetCapacity = z.object({ opId: OpId, slotId: Id, roomId: Id, capacity: z.number().int().min(1).max(LIMITS.breakoutCapacityMax).nullable() });
export type SetCapacity = z.infer<typeof SetCapacity>;

export const Contribute = z.object({
  opId: OpId,
  roomId: Id,
  topic: z.number().int().nonnegative().max(LIMITS.keyTopicsPerItem),
  text: z.string().trim().min(LIMITS.contributionMin).max(LIMITS.contributionMax),
});
export type Contribute = z.infer<typeof Contribute>;

export const UpvoteContribution = z.object({ opId: OpId, contributionId: Id, up: z.boolean() });
export type UpvoteContribution = z.infer<typeof UpvoteContribution>;

export const ContributionAction = z.enum(['approve', 'hide', 'restore']);
export type ContributionAction = z.infer<typeof ContributionAction>;
export const ModerateContribution = z.object({ opId: OpId, contributionId: Id, rev: z.number().int().nonnegative(), action: ContributionAction });
export type ModerateContribution = z.infer<typeof ModerateContribution>;

export type ChoiceOutcome = 'placed' | 'waiting';

export const BREAKOUT_REQUESTS = {
  'breakouts:choose': request(ChooseBreakout).returns<Applied & { outcome: ChoiceOutcome; roomId: string }>(),
  'breakouts:leave': request(LeaveBreakout).returns(),
  'breakouts:capacity': request(SetCapacity).returns(),
  'breakouts:contribute': request(Contribute).returns<Applied & { contributionId: string; status: ContributionStatus }>(),
  'breakouts:upvote': request(UpvoteContribution).returns<Applied & { contributionId: string }>(),
  'breakouts:moderate': request(ModerateContribution).returns(),
};
