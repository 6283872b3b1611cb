import { z } from 'zod';
import { LIMITS } from '../limits';
import { Programme } from './programme';
import type { Reply } from './errors';
import { Choice, PollEvent, PollsSnapshot, Tally, type ControlPoll, type CreatePoll, type MyBallot, type PollAnswers, type UpdatePoll, type Vote } from './polls';
import { QaEvent, QaSnapshot, UpvoteCount, type AnswerNow, type AskQuestion, type EditQuestion, type MergeQuestions, type ModerateQuestion, type QaSettings, type ReplyToQuestion, type SetQueue, type Upvote } from './qa';

/**
 * The wire contract: one zod schema per message, its type under the same name.
 * Client-to-server payloads are parsed with these at the edge; server-to-client ones are what the client may trust.
 */

const Id = z.string().min(1).max(LIMITS.idMax);
/** Made by the client for every mutation; a retry with the same id returns the first reply and changes nothing. */
export const OpId = z.string().min(8).max(LIMITS.opIdMax).regex(/^[\w-]+$/);

export const Role = z.enum(['attendee', 'chair', 'rapporteur', 'organiser']);
export type Role = z.infer<typeof Role>;
export const LinkRole = z.enum(['chair', 'rapporteur', 'organiser']);
export type LinkRole = z.infer<typeof LinkRole>;

// ---- state ------------------------------------------------------------------------------------------------

export const LiveItem = z.object({ itemId: z.string().nullable(), since: z.number() });
export const AgendaState = z.object({ programme: Programme, live: z.record(z.string(), LiveItem) });
export type AgendaState = z.infer<typeof AgendaState>;

export const LinkRecord = z.object({
  jti: z.string(),
  role: LinkRole,
  roomScope: z.string(),
  label: z.string(),
  issuedAt: z.number(),
  revokedAt: z.number().nullable(),
});
export type LinkRecord = z.infer<typeof LinkRecord>;
export const AccessState = z.object({ links: z.array(LinkRecord) });
export type AccessState = z.infer<typeof AccessState>;

export const EventMeta = z.object({ id: z.string(), code: z.string(), title: z.string(), createdAt: z.number() });
export type EventMeta = z.infer<typeof EventMeta>;

// ---- domain events (what a change carries) ------------------------------------------------------------------

export const AgendaEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agenda.liveSet'), roomId: z.string(), itemId: z.string().nullable(), at: z.number() }),
  z.object({ type: z.literal('agenda.programmeReplaced'), programme: Programme, at: z.number() }),
]);
export type AgendaEvent = z.infer<typeof AgendaEvent>;

export const AccessEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('access.linkIssued'), link: LinkRecord }),
  z.object({ type: z.literal('access.linkRevoked'), jti: z.string(), at: z.number() }),
]);
export type AccessEvent = z.infer<typeof AccessEvent>;

export const DomainEvent = z.union([AgendaEvent, AccessEvent, QaEvent, PollEvent]);
export type DomainEvent = z.infer<typeof DomainEvent>;

/**
 * One accepted change, numbered in its event's sequence. A client that may not see the event gets it with
 * `event: null`, so every client sees every sequence number and can tell a gap from a change not meant for it.
 */
export const Change = z.object({ seq: z.number().int().positive(), event: DomainEvent.nullable() });
export type Change = z.infer<typeof Change>;

export const Me = z.object({
  role: Role,
  id: z.string(),
  name: z.string().nullable(),
  roomScope: z.string(),
});
export type Me = z.infer<typeof Me>;

export const Snapshot = z.object({
  epoch: z.string(),
  seq: z.number().int().nonnegative(),
  serverTime: z.number(),
  event: EventMeta,
  /** The programme is left out when the client's `Sync.programmeRev` names the current one. */
  agenda: AgendaState.extend({ programme: Programme.optional() }),
  programmeRev: z.string(),
  qa: QaSnapshot,
  polls: PollsSnapshot,
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
 */
export const LiveCounts = z.object({
  counts: z.record(z.string(), UpvoteCount),
  myUpvotes: z.array(z.string()),
  tallies: z.record(z.string(), Tally),
  myBallots: z.record(z.string(), Choice),
});
export type LiveCounts = z.infer<typeof LiveCounts>;

export type SyncResult = { mode: 'changes'; epoch: string; changes: Change[]; live: LiveCounts; serverTime: number } | { mode: 'snapshot'; snapshot: Snapshot };

export const SetLive = z.object({ opId: OpId, roomId: Id, itemId: Id.nullable() });
export type SetLive = z.infer<typeof SetLive>;

export const ListLinks = z.object({});
export type ListLinks = z.infer<typeof ListLinks>;

export const IssueLink = z.object({ opId: OpId, role: LinkRole, roomScope: z.union([z.literal('*'), Id]) });
export type IssueLink = z.infer<typeof IssueLink>;

export const RevokeLink = z.object({ opId: OpId, jti: Id });
export type RevokeLink = z.infer<typeof RevokeLink>;

export const LinkView = LinkRecord.extend({ url: z.string(), qrSvg: z.string().optional() });
export type LinkView = z.infer<typeof LinkView>;
export type LinksResult = { attendeeUrl: string; attendeeQrSvg: string; code: string; links: LinkView[] };

export type Ack<T extends object = object> = (reply: Reply<T>) => void;
export type Applied = { seq: number };

export interface ClientToServer {
  sync: (payload: Sync, ack: Ack<SyncResult>) => void;
  'agenda:setLive': (payload: SetLive, ack: Ack<Applied>) => void;
  'links:list': (payload: ListLinks, ack: Ack<LinksResult>) => void;
  'links:issue': (payload: IssueLink, ack: Ack<Applied & { link: LinkView }>) => void;
  'links:revoke': (payload: RevokeLink, ack: Ack<Applied>) => void;
  'qa:ask': (payload: AskQuestion, ack: Ack<Applied & { questionId: string; status: string }>) => void;
  'qa:upvote': (payload: Upvote, ack: Ack<Applied & { questionId: string }>) => void;
  'qa:moderate': (payload: ModerateQuestion, ack: Ack<Applied>) => void;
  'qa:reply': (payload: ReplyToQuestion, ack: Ack<Applied>) => void;
  'qa:edit': (payload: EditQuestion, ack: Ack<Applied>) => void;
  'qa:merge': (payload: MergeQuestions, ack: Ack<Applied>) => void;
  'qa:answerNow': (payload: AnswerNow, ack: Ack<Applied>) => void;
  'qa:queue': (payload: SetQueue, ack: Ack<Applied>) => void;
  'qa:settings': (payload: QaSettings, ack: Ack<Applied>) => void;
  'poll:create': (payload: CreatePoll, ack: Ack<Applied & { pollId: string }>) => void;
  'poll:update': (payload: UpdatePoll, ack: Ack<Applied>) => void;
  'poll:control': (payload: ControlPoll, ack: Ack<Applied>) => void;
  'poll:vote': (payload: Vote, ack: Ack<Applied>) => void;
  'poll:answers': (payload: PollAnswers, ack: Ack<{ answers: { voterId: string; text: string; at: number }[] }>) => void;
}

export const Revoked = z.object({ message: z.string() });
export type Revoked = z.infer<typeof Revoked>;

/** Something the person should know that is not a change: the data store was reset, the server is restarting. */
export const Notice = z.object({ code: z.enum(['DATA_LOST', 'RESTARTING']), message: z.string() });
export type Notice = z.infer<typeof Notice>;

/**
 * The live stream: at most one message per client per tick with the numbered changes accepted since the last one
 * (in order; a change not meant for this client has `event: null`), the newest tally of every poll that moved and
 * the upvote count of every question that moved. A client applies the changes by number, as a catch-up's.
 */
export type LiveBatch = { changes?: Change[]; tallies?: Tally[]; counts?: Record<string, UpvoteCount> };

/** A session just made by a handshake that joined (see `Handshake.join`): the client keeps the token for its reconnections. */
export type Joined = { token: string; eventId: string; attendeeId: string; name: string | null };

/**
 * Sent once as soon as a connection is accepted, so that a connection needs no request of its own: the session a
 * joining handshake made, and the answer to the handshake's `sync` (a snapshot, or the changes after its `lastSeq`).
 */
export type Welcome = { joined: Joined | null; sync: Reply<SyncResult> };

export interface ServerToClient {
  welcome: (payload: Welcome) => void;
  live: (batch: LiveBatch) => void;
  revoked: (payload: Revoked) => void;
  notice: (payload: Notice) => void;
  'poll:myBallot': (payload: MyBallot) => void;
}

// ---- HTTP --------------------------------------------------------------------------------------------------------

export const JoinRequest = z.object({
  code: z.string().trim().min(1).max(LIMITS.eventCodeMax),
  name: z.string().trim().max(LIMITS.nameMax).optional(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;
/**
 * What a client puts in its Socket.IO handshake (`auth`): its session token, or, to join as a new attendee, the
 * event's code and an optional name (the same as `POST /api/join`, without a request of its own); and what it holds,
 * as in a `sync`, which the `welcome` answers. Without `sync` the welcome carries a whole snapshot. The server
 * checks each part with its own schema (`JoinRequest`, `Sync`; the token by its signature).
 */
export type Handshake = { token?: string; join?: JoinRequest; sync?: Sync };
/** The join's answer: a session token, and the programme with its revision (see `Sync.programmeRev`). */
export type JoinResponse = { token: string; eventId: string; attendeeId: string; name: string | null; title: string; programmeRev: string; programme: Programme };
