import type { LinksResult } from '../../../../shared/protocol/messages';
import { attendeePath } from '../../lib/routes';
import { useApp } from '../../state/store';
import { T } from '../../i18n/Trans';
import { useT } from '../../i18n/useT';
import { copyText } from './copyText';
import { JoinLinkSetting } from './JoinLinkSetting';

interface ShareCardProps {
  /** The programme's title, for the QR code's text. */
  title: string;
  eventCode: string;
  /** Null until the server answered: the code and URL are then derived locally, without the QR code. */
  links: LinksResult | null;
}

/** What attendees join with: the event code, the attendee link (copy, open) and its QR code. */
export function ShareCard({ title, eventCode, links }: ShareCardProps) {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const attendeeUrl = links?.attendeeUrl ?? `${window.location.origin}${attendeePath(eventCode)}`;

  async function copyAttendeeLink(url: string) {
    const ok = await copyText(url);
    toast(ok ? 'info' : 'error', ok ? t('links.attendeeLinkCopied') : t('links.attendeeCopyFailed'));
  }

  return (
    <section className="card share" aria-labelledby="share-heading" id="share">
      <h2 id="share-heading">{t('links.shareHeading')}</h2>
      <div className="share-body">
        <div>
          <p className="code-label">{t('links.eventCode')}</p>
          <p className="event-code">{links?.code ?? eventCode}</p>
          <p className="muted">
            <T id={'links.attendeesOpen'} values={{ url: attendeeUrl, origin: window.location.origin }} components={{ 0: <span className="url" /> }} />
          </p>
          <p className="actions-row">
            <button type="button" className="button" onClick={() => void copyAttendeeLink(attendeeUrl)}>
              {t('links.copyAttendeeLink')}
            </button>
            <a className="button button-quiet" href={attendeePath(eventCode)} target="_blank" rel="noopener">
              {t('links.openAttendeeView')} <span className="sr-only">{t('links.opensInNewTab')}</span>
            </a>
          </p>
        </div>
        {links && (
          <img
            className="qr"
            width={168}
            height={168}
            alt={t('links.qrAlt', { title, code: links.code })}
            src={'data:image/svg+xml;utf8,' + encodeURIComponent(links.attendeeQrSvg)}
          />
        )}
      </div>
      {links && <JoinLinkSetting required={links.joinKeyRequired} />}
    </section>
  );
}
