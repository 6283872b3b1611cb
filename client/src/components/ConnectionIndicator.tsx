import { useEffect, useState } from 'react';
import { useStatus } from '../state/selectors';
import type { ConnectionStatus } from '../state/store';
import type { MessageKey } from '../../../shared/locales/catalogue';
import { useT } from '../i18n/useT';

const TEXT: Record<ConnectionStatus, MessageKey> = {
  connecting: 'live.connecting',
  online: 'live.online',
  reconnecting: 'live.reconnecting',
  offline: 'live.offline',
  refused: 'live.refused',
};

/** How long "Back online" stays after a reconnection before the usual "Live updates on". */
export const BACK_ONLINE_MS = 4_000;

/**
 * The live connection state, in words (announced politely) and with a dot that is never the only signal. Coming
 * back after a drop, it says "Back online" for a few seconds; the first connection just says "Live updates on".
 */
export function ConnectionIndicator() {
  const status = useStatus();
  const t = useT();
  const [seen, setSeen] = useState(status);
  const [back, setBack] = useState(false);
  if (seen !== status) {
    // Adjusted while rendering (not in an effect), so the words change in the same render as the status.
    setSeen(status);
    setBack(status === 'online' && (seen === 'reconnecting' || seen === 'offline'));
  }
  useEffect(() => {
    if (!back) return;
    const timer = setTimeout(() => setBack(false), BACK_ONLINE_MS);
    return () => clearTimeout(timer);
  }, [back]);

  return (
    <p role="status" className={`conn conn-${status}`} data-status={status}>
      <span className="conn-dot" aria-hidden="true" />
      {back ? t('live.backOnline') : t(TEXT[status])}
    </p>
  );
}
