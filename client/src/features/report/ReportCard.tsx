import { useEffect, useState } from 'react';
import type { Failure } from '../../../../shared/protocol/errors';
import type { ReportPublication } from '../../../../shared/protocol/report';
import { request } from '../../net/connection';
import { clientFailure, describeFailure } from '../../lib/failures';
import { useApp } from '../../state/store';
import { useLanguage, useT } from '../../i18n/useT';
import './report.css';

interface Props {
  eventCode: string;
  /** The organiser's link token: sent in a form (the preview) or as a bearer (the PDF), never in an address. */
  token: string;
}

/** Copies to the clipboard, else through a selected textarea (a browser that refuses the Clipboard API). */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const ok = (() => {
      try {
        return document.execCommand('copy');
      } catch {
        return false;
      }
    })();
    area.remove();
    return ok;
  }
}

/**
 * The organiser's end-of-event report: open it (a form posting their link, so it never sits in an address), download
 * its PDF, publish it at its public address (shown, copyable) or take it down.
 */
export function ReportCard({ eventCode, token }: Props) {
  const t = useT();
  const language = useLanguage();
  const online = useApp((s) => s.connection.status === 'online');
  const toast = useApp((s) => s.toast);
  const [publication, setPublication] = useState<ReportPublication | null>(null);
  const [error, setError] = useState<(() => string) | null>(null);
  const [printing, setPrinting] = useState(false);
  const [saving, setSaving] = useState(false);
  const path = `/report/${encodeURIComponent(eventCode)}`;
  const publicUrl = `${window.location.origin}${path}`;
  const lang = `?lang=${encodeURIComponent(language)}`;

  useEffect(() => {
    if (!online) return;
    let cancelled = false;
    void request('report:status', {}).then((reply) => {
      if (cancelled) return;
      if (reply.ok) setPublication(reply.publication);
      else setError(() => () => describeFailure(reply));
    });
    return () => {
      cancelled = true;
    };
  }, [online]);

  async function setPublished(published: boolean) {
    setSaving(true);
    const reply = await request('report:publish', { published });
    setSaving(false);
    if (!reply.ok) return setError(() => () => describeFailure(reply));
    setError(null);
    setPublication(reply.publication);
  }

  async function download() {
    setPrinting(true);
    try {
      const res = await fetch(`${path}/report.pdf${lang}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/pdf' } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as Failure | null;
        const failure = body?.code
          ? body
          : clientFailure(res.status >= 500 ? 'UNAVAILABLE' : 'BAD_REQUEST', { reason: 'net.httpStatus', params: { status: res.status } });
        return setError(() => () => describeFailure(failure));
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `report-${eventCode}.pdf`;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
      setError(null);
    } catch {
      setError(() => () => describeFailure(clientFailure('UNAVAILABLE', { reason: 'net.unreachable' })));
    } finally {
      setPrinting(false);
    }
  }

  const published = publication?.published ?? false;
  return (
    <section className="card report-card" id="report" aria-labelledby="report-heading">
      <h2 id="report-heading">{t('report.cardHeading')}</h2>
      <p className="hint">{t('report.cardIntro')}</p>
      <div className="actions-row">
        <form method="post" action={`${path}${lang}`} target="_blank">
          <input type="hidden" name="t" value={token} />
          <button type="submit" className="button">
            {t('report.open')}
          </button>
        </form>
        <button type="button" className="button" onClick={() => void download()} disabled={printing} aria-busy={printing}>
          {printing ? t('report.preparingPdf') : t('report.downloadPdf')}
        </button>
      </div>
      {publication && (
        <>
          <p role="status">{published ? t('report.isPublished') : t('report.isNotPublished')}</p>
          <p>
            <button
              type="button"
              className={published ? 'button button-quiet' : 'button button-primary'}
              onClick={() => void setPublished(!published)}
              disabled={saving}
            >
              {published ? t('report.unpublish') : t('report.publish')}
            </button>
          </p>
          {published && (
            <div className="report-address">
              <label htmlFor="report-public-url">{t('report.publicAddress')}</label>
              <div className="actions-row">
                <input id="report-public-url" className="input" readOnly value={publicUrl} onFocus={(e) => e.currentTarget.select()} />
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => void copy(publicUrl).then((ok) => ok && toast('info', { key: 'report.copied' }))}
                >
                  {t('report.copy')}
                </button>
              </div>
            </div>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error()}
        </p>
      )}
    </section>
  );
}
