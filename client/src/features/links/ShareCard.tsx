import type { LinksResult } from '../../../../shared/protocol/messages';
import { attendeePath } from '../../lib/routes';
import { useApp } from '../../state/store';
import { copyText } from './copyText';

interface ShareCardProps {
  /** The programme's title, for the QR code's text. */
  title: string;
  eventCode: string;
  /** Null until the server answered: the code and URL are then derived locally, without the QR code. */
  links: LinksResult | null;
}

/** What attendees join with: the event code, the attendee link (copy, open) and its QR code. */
export function ShareCard({ title, eventCode, links }: ShareCardProps) {
  const toast = useApp((s) => s.toast);
  const attendeeUrl = links?.attendeeUrl ?? `${window.location.origin}${attendeePath(eventCode)}`;

  async function copyAttendeeLink(url: string) {
    const ok = await copyText(url);
    toast(ok ? 'info' : 'error', ok ? 'Attendee link copied.' : 'Copying failed: select the link and copy it.');
  }

  return (
    <section className="card share" aria-labelledby="share-heading" id="share">
      <h2 id="share-heading">Share with attendees</h2>
      <div className="share-body">
        <div>
          <p className="code-label">Event code</p>
          <p className="event-code">{links?.code ?? eventCode}</p>
          <p className="muted">
            Attendees open <span className="url">{attendeeUrl}</span> or type the code at {window.location.origin}.
          </p>
          <p className="actions-row">
            <button type="button" className="button" onClick={() => void copyAttendeeLink(attendeeUrl)}>
              Copy attendee link
            </button>
            <a className="button button-quiet" href={attendeePath(eventCode)} target="_blank" rel="noopener">
              Open the attendee view <span className="sr-only">(opens in a new tab)</span>
            </a>
          </p>
        </div>
        {links && (
          <img
            className="qr"
            width={168}
            height={168}
            alt={`QR code to join ${title} (${links.code})`}
            src={'data:image/svg+xml;utf8,' + encodeURIComponent(links.attendeeQrSvg)}
          />
        )}
      </div>
    </section>
  );
}
