import { DomainError } from '../../shared/protocol/errors';

/**
 * How a call refused: `'CODE reason'` ('BAD_REQUEST poll.rateRange'), null when it did not refuse, 'THREW' for any
 * other error. The code says what the client does; the reason is what it words (client/src/lib/failures.ts).
 */
export function refusalOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? `${e.code} ${e.reason}` : 'THREW';
  }
}

/** The refusal a call threw, to look at its parameters; fails the test when it threw none. */
export function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
