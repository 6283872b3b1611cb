import { z } from 'zod';

/** The closed set of error codes a reply can carry. The client has a message for each. */
export const ErrorCode = z.enum([
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
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Failure = z.object({
  ok: z.literal(false),
  code: ErrorCode,
  message: z.string(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type Failure = z.infer<typeof Failure>;

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
