import { z } from 'zod';
import { LIMITS } from '../limits';
import { Programme } from './programme';
import type { Failure, Reply } from './errors';
import type { MutationName } from './mutations';
import { isMutationSchema, request, Role, type RequestsOf } from './common';
import { AgendaEvent, AgendaState, AGENDA_REQUESTS } from './agenda';
import { AccessEvent, LINKS_REQUESTS } from './links';
import { QaEvent, QaSnapshot, QA_REQUESTS, UpvoteCount } from './qa';
import { Choice, PollEvent, PollsSnapshot, POLL_REQUESTS, Tally, type PollPushes } from './polls';
import { DisplayName, SESSION_REQUESTS, type SessionPushes } from './session';
import { BreakoutsEvent, BreakoutsSnapshot, BREAKOUT_REQUESTS } from './breakouts';
import { Mark, MarkTally, SummariesSnapshot, SummaryEvent, SUMMARY_REQUESTS } from './summaries';
import { ModerationEvent, ModerationSnapshot, MODERATION_REQUESTS, type ModerationPushes } from './moderation';
import { ChatEvent, ChatSnapshot, CHAT_REQUESTS, ReactionCount } from './chat';
import { OVERVIEW_REQUESTS } from './overview';
import { REPORT_REQUESTS } from './report';
import { PRIVACY_REQUESTS } from './privacy';

/**
 * The wire contract, composed from each feature's part (`agenda.ts`, `links.ts`, `qa.ts`, `polls.ts`, `session.ts`): one zod
 * schema per message, its type under the same name. Client-to-server payloads are parsed with these at the edge;
 * server-to-client ones are what the client may trust. A new feature adds its line to each list below.
 */

export { Id, OpId, Role, LinkRole, type Ack, type Applied } from './common';
// Each feature's types are imported from its own file; these stay reachable from here for older imports.
export * from './agenda';
export * from './links';

export const EventMeta = z.object({ id: z.string(), code: z.string(), title: z.string(), createdAt: z.number() });
export type EventMeta = z.infer<typeof EventMeta>;

// ---- domain events (what a change carries) ------------------------------------------------------------------

export const DomainEvent = z.union([AgendaEvent, AccessEvent, QaEvent, PollEvent, BreakoutsEvent, SummaryEvent, ModerationEvent, ChatEvent]);
export type DomainEvent = z.infer<typeof DomainEvent>;

/**
 * One accepted change, numbered in its event's sequence. A client that may not see the event gets it with
 * `event: null`, so every client sees every sequence number and can tell a gap from a change not meant for it.
 * `through`: a run of such changes in one (seq..through, all `event: null`), see `shared/protocol/changes.ts`.
 */
export const Change = z.object({
  seq: z.number().int().positive(),
  event: DomainEvent.nullable(),
  through: z.number().int().positive().optional(),
});
export type Change = z.infer<typeof Change>;

export const Me = z.object({
  role: Role,
  id: z.string(),
  name: z.string().nullable(),
  roomScope: z.string(),
});
export type Me = z.infer<typeof Me>;

/** Each feature's part of a snapshot, under the feature's name. */
export const FeatureSnapshots = z.object({
  qa: QaSnapshot,
  polls: PollsSnapshot,
  breakouts: BreakoutsSnapshot,
  summaries: SummariesSnapshot.optional(),
  moderation: ModerationSnapshot,
  chat: ChatSnapshot,
});
export type FeatureSnapshots = z.infer<typeof FeatureSnapshots>;

export const Snapshot = FeatureSnapshots.extend({
  epoch: z.string(),
  seq: z.number().int().nonnegative(),
  serverTime: z.number(),
  event: EventMeta,
  /** The programme is left out when the client's `Sync.programmeRev` names the current one. */
  agenda: AgendaState.extend({ programme: Programme.optional() }),
  programmeRev: z.string(),
  me: Me,
});
export type Snapshot = z.infer<typeof Snapshot>;

// ---- client to server ----------------------------------------------------------------------------------------

export const Sync = z.object({
  epoch: z.string().max(64).nullable(),
  lastSeq: z.number().int().nonnegative(),
  /** The revision of the programme the client holds (from its join or an earlier snapshot), if any. */
  programmeRev: z.string().max(64).optional(),
});
export type Sync = z.infer<typeof Sync>;
/**
 * Counts and tallies are not numbered changes (they are coalesced pushes, latest wins), so a catch-up carries
 * their current values, with this person's own upvotes and ballots (another tab may have changed them).
 * Each feature with live totals fills its part.
 */
export const LiveCounts = z.object({
  counts: z.record(z.string(), UpvoteCount),
  myUpvotes: z.array(z.string()),
  tallies: z.record(z.string(), Tally),
  myBallots: z.record(z.string(), Choice),
  myBallotRevs: z.record(z.string(), z.number()),
  /** The breakouts' key-topic contributions (absent from a server without them). */
  contributionCounts: z.record(z.string(), UpvoteCount).optional(),
  myContributionUpvotes: z.array(z.string()).optional(),
  /** Summaries' agree / disagree / unsure counts per breakout (staff), and this person's marks. */
  marks: z.record(z.string(), MarkTally).optional(),
  myMarks: z.record(z.string(), z.record(z.string(), Mark)).optional(),
  reactions: z.record(z.string(), ReactionCount),
  myReactions: z.array(z.string()),
});
export type LiveCounts = z.infer<typeof LiveCounts>;

export type SyncResult = { mode: 'changes'; epoch: string; changes: Change[]; live: LiveCounts; serverTime: number } | { mode: 'snapshot'; snapshot: Snapshot };

/** Every client-to-server event, with its payload's schema: the server parses with it, the client types with it. */
export const REQUESTS = {
  sync: request(Sync).returns<SyncResult>(),
  ...AGENDA_REQUESTS,
  ...LINKS_REQUESTS,
  ...QA_REQUESTS,
  ...POLL_REQUESTS,
  ...SESSION_REQUESTS,
  ...BREAKOUT_REQUESTS,
  ...SUMMARY_REQUESTS,
  ...MODERATION_REQUESTS,
  ...CHAT_REQUESTS,
  ...OVERVIEW_REQUESTS,
  ...REPORT_REQUESTS,
  ...PRIVACY_REQUESTS,
};
export type ClientToServer = RequestsOf<typeof REQUESTS>;
export type RequestName = keyof typeof REQUESTS;

/** The events that carry an operation id (made by the client, deduplicated by the server), read off their schemas. */
export const MUTATIONS: ReadonlySet<RequestName> = new Set(
  (Object.keys(REQUESTS) as RequestName[]).filter((event) => isMutationSchema(REQUESTS[event].schema)),
);
/** The same set as a type, read off the payloads: the events whose payload has an `opId`. */
type MutationOfSchemas = { [E in RequestName]: z.input<(typeof REQUESTS)[E]['schema']> extends { opId: string } ? E : never }[RequestName];
/** Fails to compile when the plain list of `mutations.ts` (the client's) names a different set than the schemas. */
export const MUTATION_LIST_MATCHES: [MutationOfSchemas] extends [MutationName] ? ([MutationName] extends [MutationOfSchemas] ? true : never) : never = true;

// ---- server to client ----------------------------------------------------------------------------------------

export const Revoked = z.object({ message: z.string() });
export type Revoked = z.infer<typeof Revoked>;

/** Something the person should know that is not a change: the data store was reset, the server is restarting. */
export const Notice = z.object({ code: z.enum(['DATA_LOST', 'RESTARTING', 'ERASED']), message: z.string() });
export type Notice = z.infer<typeof Notice>;

/**
 * The live stream: at most one message per client per tick with the numbered changes accepted since the last one
 * (in order; a change not meant for this client has `event: null`) and the newest totals that moved: the tally of
 * every poll voted on, the upvote count of every question upvoted. A client applies the changes by number, as a
 * catch-up's.
 */
export type LiveBatch = {
  changes?: Change[];
  tallies?: Tally[];
  counts?: Record<string, UpvoteCount>;
  contributionCounts?: Record<string, UpvoteCount>;
  marks?: MarkTally[];
  reactions?: Record<string, ReactionCount>;
};
/** The live totals' keys in a `LiveBatch`, by feature. */
export type LiveTotals = Omit<LiveBatch, 'changes'>;

/** A session just made by a handshake that joined (see `Handshake.join`): the client keeps the token for its reconnections. */
export type Joined = { token: string; eventId: string; attendeeId: string; name: string | null };

/**
 * Sent once as soon as a connection is accepted, so that a connection needs no request of its own: the session a
 * joining handshake made, and the answer to the handshake's `sync` (a snapshot, or the changes after its `lastSeq`).
 */
export type Welcome = { joined: Joined | null; sync: Reply<SyncResult> };

export interface ServerToClient extends PollPushes, SessionPushes, ModerationPushes {
  welcome: (payload: Welcome) => void;
  live: (batch: LiveBatch) => void;
  revoked: (payload: Revoked) => void;
  notice: (payload: Notice) => void;
  /** This socket is closed, and why (the session's oldest tab beyond its limit): it should not reconnect by itself. */
  closed: (payload: Failure) => void;
}

// ---- HTTP --------------------------------------------------------------------------------------------------------

export const JoinRequest = z.object({
  code: z.string().trim().min(1).max(LIMITS.eventCodeMax),
  name: DisplayName.optional(),
  /** The event's join key, from the organiser's join link: needed when the event requires it (L9). */
  key: z.string().max(LIMITS.idMax).optional(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;
/**
 * What a client puts in its Socket.IO handshake (`auth`): the protocol version it was built for (`v`, see
 * PROTOCOL_VERSION); its session token, or, to join as a new attendee, the event's code and an optional name (the
 * same as `POST /api/join`, without a request of its own); and what it holds, as in a `sync`, which the `welcome`
 * answers. Without `sync` the welcome carries a whole snapshot. The server checks each part with its own schema
 * (`JoinRequest`, `Sync`; the token by its signature). `device` is a random id the browser keeps: a ban remembers the
 * banned person's, and refuses a new join from it (moderation).
 */
export type Handshake = { v?: number; token?: string; join?: JoinRequest; sync?: Sync; device?: string };
/** The join's answer: a session token, and the programme with its revision (see `Sync.programmeRev`). */
export type JoinResponse = {
  token: string;
  eventId: string;
  attendeeId: string;
  name: string | null;
  title: string;
  programmeRev: string;
  programme: Programme;
};
