import { Layout } from '../components/Layout';
import { icsUrl } from '../net/api';
import { attendeePath } from '../lib/routes';
import type { AgendaState } from '../../../shared/protocol/messages';

export function LoadingPage({ live = false }: { live?: boolean }) {
  return (
    <Layout title="Loading the programme…" live={live}>
      <p className="loading">Loading the programme…</p>
    </Layout>
  );
}

/** A role link the server refused (revoked, expired, or for another server) or a link without its token. */
export function RefusedPage({ code, reason }: { code: string; reason: string | null }) {
  return (
    <Layout title="Link not valid" live={reason !== null}>
      <div className="card narrow">
        <p role="alert" className="alert alert-error">
          This link is not valid (revoked or expired).
        </p>
        {reason && <p className="muted">The server said: {reason}</p>}
        <p>Ask the organiser for a new link. You can still follow the event as an attendee.</p>
        <p className="actions-row">
          <a className="button" href={attendeePath(code)}>
            Open the attendee view
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function ProgrammeFooter({ agenda, eventId }: { agenda: AgendaState; eventId: string }) {
  const { programme } = agenda;
  return (
    <>
      {programme.venue && <p>{programme.venue}</p>}
      {programme.hashtags.length > 0 && <p className="hashtags">{programme.hashtags.join(' ')}</p>}
      <p>
        <a href={icsUrl(eventId)} download>
          Download the programme (.ics)
        </a>
      </p>
    </>
  );
}

export function NotFoundPage() {
  return (
    <Layout title="Page not found">
      <div className="card narrow">
        <p>There is nothing at this address.</p>
        <p className="actions-row">
          <a className="button" href="/">
            Enter an event code
          </a>
        </p>
      </div>
    </Layout>
  );
}
