import type { Response } from 'express';
import type { Failure } from '../../shared/protocol/errors';

/** The HTTP status of each error code: every route answers `{ ok: false, code, message }` with the matching status. */
export const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export function sendFailure(res: Response, failure: Failure): void {
  res.status(STATUS[failure.code] ?? 500).json(failure);
}
