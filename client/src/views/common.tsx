import { useId } from 'react';
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

/** While a page's code is on its way (a lazily loaded view, App): announced, as the pages' own loading states are not. */
export function ViewLoadingPage() {
  return (
    <Layout title="Loading…">
      <p className="loading" role="status">
        Loading the page…
      </p>
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

/**
 * The server speaks another version of the protocol than this page's build (it was deployed since the page was
 * opened): nothing connects until the page is reloaded. Replaces any page (App); the alert is announced, and the
 * button, the first control after the skip link, repeats it as its description.
 */
export function OutdatedPage() {
  const alertId = useId();
  return (
    <Layout title="This page is out of date">
      <div className="card narrow">
        <p id={alertId} role="alert" className="alert alert-error">
          This page is out of date: the event’s server was updated since you opened it. Reload the page to continue.
        </p>
        <p>Reloading does not end your session: you come back to the same view.</p>
        <p className="actions-row">
          <button type="button" className="button button-primary" aria-describedby={alertId} onClick={() => window.location.reload()}>
            Reload
          </button>
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
