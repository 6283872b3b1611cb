import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, OpId, request } from './common';

/**
 * Moderation against disruption: pausing attendee input (for the whole event or one room) and banning an attendee.
 * One document per event holds both (`moderation`), so every process reads the same state, across restarts.
 */

/** A pause in force: the room's name (null: the whole event), the optional words its author left for attendees, when and by whom. */
export const Pause = z.object({ room: z.string().nullable(), message: z.string().nullable(), at: z.number(), by: z.string() });
export type Pause = z.infer<typeof Pause>;

/** What is paused: the whole event, and rooms by id. Everybody sees it (attendees are told why they are refused). */
export const Pauses = z.object({ event: Pause.nullable(), rooms: z.record(z.string(), Pause) });
export type Pauses = z.infer<typeof Pauses>;

/** A ban: who, with the reason they are shown, and the device ids of their browsers seen when they were banned. */
export const Ban = z.object({
  attendeeId: z.string(),
  name: z.string().nullable(),
  reason: z.string(),
  at: z.number(),
  by: z.string(),
  /** Random ids the person's browsers keep (localStorage) and send with every connection: a new join from one is refused too. */
  devices: z.array(z.string()),
  /** Their questions were taken off the lists when they were banned. */
  removedMessages: z.boolean(),
});
export type Ban = z.infer<typeof Ban>;

export const ModerationState = z.object({ pauses: Pauses, bans: z.record(z.string(), Ban), rev: z.number().int() });
export type ModerationState = z.infer<typeof ModerationState>;

/** A snapshot's part: the pauses for everybody; the bans for staff only (attendees get an empty list). */
export const ModerationSnapshot = z.object({ pauses: Pauses, bans: z.array(Ban) });
export type ModerationSnapshot = z.infer<typeof ModerationSnapshot>;

// ---- events (changes) -------------------------------------------------------------------------------------------

export const ModerationEvent = z.discriminatedUnion('type', [
  /** Every pause and resume: the whole new set of pauses (for everybody). */
  z.object({ type: z.literal('moderation.paused'), pauses: Pauses }),
  /** Staff only: another feature's client part may react to it (hide the person's messages). */
  z.object({ type: z.literal('moderation.banned'), ban: Ban }),
  z.object({ type: z.literal('moderation.unbanned'), attendeeId: z.string() }),
]);
export type ModerationEvent = z.infer<typeof ModerationEvent>;

// ---- client to server -------------------------------------------------------------------------------------------

/** Words for the person (a pause's message, a ban's reason): one line. */
const Words = z.string().trim().max(LIMITS.moderationMessageMax);

/** `roomId` null: the whole event. */
export const PauseInput = z.object({ opId: OpId, roomId: Id.nullable(), message: Words });
export type PauseInput = z.infer<typeof PauseInput>;

export const ResumeInput = z.object({ opId: OpId, roomId: Id.nullable() });
export type ResumeInput = z.infer<typeof ResumeInput>;

export const BanInput = z.object({
  opId: OpId,
  attendeeId: Id,
  /** The name the chair saw on the attendee's question, if any, for the list of bans. */
  name: z.string().trim().max(LIMITS.nameMax).nullable(),
  reason: Words.min(1),
  /** Take their past questions (and, once chat exists, messages) off the lists now. */
  removeMessages: z.boolean(),
});
export type BanInput = z.infer<typeof BanInput>;

export const UnbanInput = z.object({ opId: OpId, attendeeId: Id });
export type UnbanInput = z.infer<typeof UnbanInput>;

export const MODERATION_REQUESTS = {
  'moderation:pause': request(PauseInput).returns(),
  'moderation:resume': request(ResumeInput).returns(),
  'moderation:ban': request(BanInput).returns(),
  'moderation:unban': request(UnbanInput).returns(),
};

/** Server to client: this person was banned (their sockets are closed right after). */
export const Banned = z.object({ reason: z.string() });
export type Banned = z.infer<typeof Banned>;
export interface ModerationPushes {
  banned: (payload: Banned) => void;
}
