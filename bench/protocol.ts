/**
 * What the bench's parent (bench/run.ts, bench/scenario.ts) and its load-generator processes (bench/generator.ts)
 * say to each other over the fork IPC channel (advanced serialisation: typed arrays and Maps travel as they are).
 *
 * Times are wall-clock milliseconds with sub-millisecond precision (`performance.timeOrigin + performance.now()`),
 * comparable across processes of one machine.
 */

import type { ClientKind } from './wire';

export const now = (): number => performance.timeOrigin + performance.now();

export interface WorkerConfig {
  worker: number;
  /** Server base URLs; attendee g uses servers[g % servers.length] for both the join and its socket. */
  servers: string[];
  /** Global index of this worker's first attendee, and how many it runs. */
  firstIndex: number;
  attendees: number;
  /** Joins in flight at once in this worker. */
  joinConcurrency: number;
  ackTimeoutMs: number;
  code: string;
  roomId: string;
  /** The attendees' client: the minimal wire-protocol client (default) or socket.io-client itself. */
  client: ClientKind;
}

/** Per-second rates for this worker (its share of the scenario's totals). */
export interface LoadSpec {
  startAt: number;
  durationMs: number;
  votesPerSec: number;
  upvotesPerSec: number;
  questionsPerSec: number;
  chatPerSec: number;
  reactionsPerSec: number;
  /** Key-topic answers in the breakouts (breakout-split only). */
  contributionsPerSec: number;
}

export type ToWorker =
  | { type: 'config'; config: WorkerConfig }
  | { type: 'join'; startAt: number }
  | { type: 'await-poll'; pollId: string; previous: string | null }
  /** The breakouts' polls (room -> poll), launched together: answered with one `poll-switched` per poll. */
  | { type: 'await-polls'; polls: Record<string, string> }
  /** breakout-split: attendees stop taking part in the plenary (until they have a breakout place). */
  | { type: 'leave-plenary' }
  /** breakout-split: every attendee chooses a breakout of the slot, spread over `spreadMs` from `startAt`. */
  | { type: 'choose'; slotId: string; weights: Record<string, number>; startAt: number; spreadMs: number }
  /** breakout-split: record when each client has each breakout's published summary and the report-back on. */
  | { type: 'watch-report-back'; rooms: string[] }
  | { type: 'load'; spec: LoadSpec }
  | { type: 'drain' }
  | { type: 'report' }
  /** Close every attendee's connection (after the report: a server still working off a backlog then drains fast). */
  | { type: 'disconnect-all' }
  /** Reconnect up to `sample` attendees with their tokens, and compare their own ballots and upvotes with their acks. */
  | { type: 'verify'; sample: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'joined'; lastAt: number; joined: number; failed: number }
  /** Every client has seen the poll open, and no vote on the previous poll is still waiting for its ack. */
  | { type: 'poll-switched'; pollId: string }
  | { type: 'drained'; pending: number }
  /** Every choice answered; the attendees placed per breakout. */
  | { type: 'chosen'; placed: Record<string, number> }
  | { type: 'watching' }
  | { type: 'disconnected' }
  | { type: 'report'; report: WorkerReport }
  | { type: 'verified'; checked: number; missingVotes: number; missingUpvotes: number; failed: number }
  | { type: 'log'; message: string };

/**
 * Latency records of one action kind, columnar. `series` indexes `seriesNames` (a poll or a question id);
 * `attendee` is the global attendee index; `code` indexes `codes` ('' = ok).
 */
export interface ActionLog {
  sendAt: Float64Array;
  ackAt: Float64Array;
  series: Int32Array;
  attendee: Int32Array;
  /** Vote: option index; question: the change seq of the question (from the ack); upvote: unused. */
  value: Int32Array;
  code: Int32Array;
  /** 1 when no ack came at all (timeout or disconnect): the outcome is unknown. */
  unknown: Uint8Array;
}

/**
 * Arrival histograms: for a key, how many of this worker's clients received the update in each millisecond
 * (absolute, floored). For tallies and upvote counts the key is `series|lo|hi`: the message raised the client's
 * highest seen tick from lo to hi, i.e. it is the first one that includes every write numbered lo+1..hi.
 * For changes the key is `seq`.
 */
export type Arrivals = Map<string, Map<number, number>>;

export interface WorkerReport {
  worker: number;
  seriesNames: string[];
  codes: string[];
  votes: ActionLog;
  upvotes: ActionLog;
  questions: ActionLog;
  /** Chat messages (value: the change's seq), reactions (series: `<message>:<kind>`), key-topic answers (value: seq), breakout choices (series: the room; value: 0 placed, 1 waiting). */
  chats: ActionLog;
  reactions: ActionLog;
  contributions: ActionLog;
  choices: ActionLog;
  tallyArrivals: Arrivals;
  countArrivals: Arrivals;
  reactionArrivals: Arrivals;
  /** breakout-split: per client, when it had the three summaries and the report-back on (NaN: never). */
  reportBackArrivals: Float64Array | null;
  changeArrivals: Arrivals;
  /** Errors outside acks: failed joins (by HTTP status or reason), connect errors, disconnects during the run. */
  otherErrors: Record<string, number>;
  /** How late the generator's scheduler ran behind its plan (ms): a generator starved of CPU shows here. */
  schedulerLagP99Ms: number;
  schedulerLagMaxMs: number;
  /** Messages received by this worker's clients during the run, by event name. */
  received: Record<string, number>;
  liveInLoad: number;
  bytesInLoad: number;
  /** Questions whose ask was acknowledged with a status other than live (should be none). */
  notLive: number;
}
