import { useEffect, useState } from 'react';
import type { LinksResult } from '../../../../shared/protocol/messages';
import { describeFailure } from '../../lib/failures';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';

/**
 * The event's links (attendee URL, QR, code, role links), fetched again whenever the server says they changed
 * (linksRevision) or the organiser asks (refresh: after an issue, a revoke, or "Try again").
 */
export function useLinks() {
  const linksRevision = useApp((s) => s.links.revision);
  const [links, setLinks] = useState<LinksResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refreshes, setRefreshes] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void request('links:list', {}).then((reply) => {
      if (cancelled) return;
      if (reply.ok) {
        setLinks({
          attendeeUrl: reply.attendeeUrl,
          attendeeQrSvg: reply.attendeeQrSvg,
          code: reply.code,
          links: reply.links,
          joinKeyRequired: reply.joinKeyRequired,
        });
        setError(null);
      } else setError(describeFailure(reply));
    });
    return () => {
      cancelled = true;
    };
  }, [linksRevision, refreshes]);

  return { links, error, refresh: () => setRefreshes((n) => n + 1) };
}
export type LinksState = ReturnType<typeof useLinks>;
