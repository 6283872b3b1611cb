import type { Because, ReasonId, ReasonParams } from './reasons';

export type { Because, ReasonId, ReasonParams, Reasons } from './reasons';

/**
 * The closed set of error codes a reply can carry; the client has words for each. A code says what to do (retry,
 * reload, show the current state); the failure's reason (`reasons.ts`) says what went wrong, for the words.
 * Plain TypeScript (no zod here): the client imports this with the domain rules and stays small.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'VERSION_CONFLICT',
  'UNAVAILABLE',
  'SUSPENDED',
  'POLL_CLOSED',
  /** A room, an event or a list is full: no more of it is taken (the room's 2,000 questions). */
  'TOO_MANY',
  /** The client was built for another version of the protocol (see PROTOCOL_VERSION): reload the page. */
  'OUTDATED',
  'INTERNAL',
  /** The person was banned from the event by its staff: the reason is the ban's. */
  'BANNED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Failure = {
  ok: false;
  code: ErrorCode;
  /** English, for logs and HTTP API users; the client shows its own words for the reason (client/src/lib/failures.ts). */
  message: string;
  /** What went wrong, from the closed set in `reasons.ts`; a client that does not know it falls back to the code. */
  reason?: ReasonId;
  /** The reason's parameters (`{ min: 1, max: 5 }`). */
  params?: ReasonParams;
  retryAfterMs?: number;
};

export type Reply<T extends object = object> = ({ ok: true } & T) | Failure;

/** A reason with its parameters, and for RATE_LIMITED (or a retryable UNAVAILABLE) when to try again. */
export type Why = Because & { retryAfterMs?: number };

/** A refusal as a reply: `fail('NOT_FOUND', 'There is no such poll.', { reason: 'poll.notFound' })`. */
export function fail(code: ErrorCode, message: string, why: Why): Failure {
  return failure(code, message, why.reason, why.params, why.retryAfterMs);
}

function failure(code: ErrorCode, message: string, reason: ReasonId, params: ReasonParams | undefined, retryAfterMs: number | undefined): Failure {
  return {
    ok: false,
    code,
    message,
    reason,
    ...(params && Object.keys(params).length ? { params } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** A domain rule was broken: carries a code from the closed set and a reason with its parameters. */
export class DomainError extends Error {
  readonly reason: ReasonId;
  readonly params: ReasonParams | undefined;
  /** For RATE_LIMITED: when to try again. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    why: Why,
  ) {
    super(message);
    this.name = 'DomainError';
    this.reason = why.reason;
    this.params = why.params;
    this.retryAfterMs = why.retryAfterMs;
  }

  /** The refusal as a reply. */
  toFailure(): Failure {
    return failure(this.code, this.message, this.reason, this.params, this.retryAfterMs);
  }
}
