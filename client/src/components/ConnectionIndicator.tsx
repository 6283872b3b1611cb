import { useStatus } from '../state/selectors';
import type { ConnectionStatus } from '../state/store';

const TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  online: 'Live updates on',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: waiting for the network',
  refused: 'Link not valid',
};

/** The live connection state, in words (announced politely) and with a dot that is never the only signal. */
export function ConnectionIndicator() {
  const status = useStatus();
  return (
    <p role="status" className={`conn conn-${status}`} data-status={status}>
      <span className="conn-dot" aria-hidden="true" />
      {TEXT[status]}
    </p>
  );
}
