import { useEffect, useState } from 'react';
import { useT } from '../../i18n/useT';

/** The event's retention as the server says it (`GET /api/events/:id/privacy`); null until known or when it cannot say. */
function useRetentionDays(eventId: string): number | null {
  const [days, setDays] = useState<number | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/events/${encodeURIComponent(eventId)}/privacy`)
      .then((res) => (res.ok ? (res.json() as Promise<{ retentionDays?: number }>) : null))
      .then((body) => !cancelled && typeof body?.retentionDays === 'number' && setDays(body.retentionDays))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [eventId]);
  return days;
}

/**
 * The join page's short privacy note: what is kept (the name chosen, what one writes, the votes, anonymously) and
 * for how long (the event's retention), with more behind a disclosure: who sees what, what is never collected, and
 * the attendee's own download and delete. docs/PRIVACY.md says the same at length.
 */
export function PrivacyNote({ eventId }: { eventId: string }) {
  const t = useT();
  const days = useRetentionDays(eventId);
  return (
    <section className="privacy-note muted small" aria-labelledby="privacy-note-heading">
      <h3 id="privacy-note-heading" className="small">
        {t('privacy.noteTitle')}
      </h3>
      <p>
        {t('privacy.noteKept')} {days !== null && t('privacy.noteErased', { days })}
      </p>
      <details>
        <summary>{t('privacy.noteLink')}</summary>
        <ul>
          <li>{t('privacy.moreWho')}</li>
          <li>{t('privacy.moreNever')}</li>
          <li>{t('privacy.moreRights')}</li>
          <li>{t('privacy.moreController')}</li>
        </ul>
      </details>
    </section>
  );
}
