/**
 * The closed set of error codes a reply can carry; the client has a message for each.
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
  /** The client was built for another version of the protocol (see PROTOCOL_VERSION): reload the page. */
  'OUTDATED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Failure = {
  ok: false;
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
};

export type Reply<T extends object = object> = ({ ok: true } & T) | Failure;

export function fail(code: ErrorCode, message: string, extra: { retryAfterMs?: number } = {}): Failure {
  return { ok: false, code, message, ...extra };
}

/** A domain rule was broken: carries a code from the closed set. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For RATE_LIMITED: when to try again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
