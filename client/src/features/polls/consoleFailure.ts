import type { Failure } from '../../../../shared/protocol/errors';
import type { MessageKey } from '../../../../shared/locales/catalogue';
import { describeFailure } from '../../lib/failures';

/** A refused action in the chair's words (the poll-specific codes), else the general wording of the failure. */
export function consoleFailureText(f: Failure, t: (key: MessageKey) => string): string {
  switch (f.code) {
    case 'POLL_CLOSED':
      return t('pollsConsole.failurePollClosed');
    case 'NOT_FOUND':
      return t('pollsConsole.failureNotFound');
    case 'RATE_LIMITED':
      return t('pollsConsole.failureRateLimited');
    case 'FORBIDDEN':
      return t('pollsConsole.failureForbidden');
    default:
      return describeFailure(f);
  }
}
