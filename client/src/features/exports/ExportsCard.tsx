import { useState } from 'react';
import type { Failure } from '../../../../shared/protocol/errors';
import { EXPORT_TABLES, TABLE_NAMES, fileName, type ExportTable } from '../../../../shared/domain/exports';
import { describeFailure } from '../../lib/failures';
import { useLanguage, useT } from '../../i18n/useT';
import './exports.css';

interface Props {
  eventId: string;
  eventCode: string;
  /** The organiser's link token: the bearer of the downloads. */
  token: string;
}

/**
 * The organiser's exports: the workbook with every table, and each table as CSV, worded in the organiser's
 * language. The file comes through `fetch` (the link's token is a bearer header, never in a URL that logs keep).
 */
export function ExportsCard({ eventId, eventCode, token }: Props) {
  const t = useT();
  const language = useLanguage();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<(() => string) | null>(null);

  async function download(file: string, saveAs: string) {
    setBusy(saveAs);
    setError(null);
    try {
      const res = await fetch(`/api/events/${encodeURIComponent(eventId)}/export/${file}?lang=${encodeURIComponent(language)}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as Failure | null;
        throw new Error(body?.code ? describeFailure(body) : String(res.status));
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = saveAs;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    } catch (e) {
      const detail = (e as Error).message;
      setError(() => () => t('exportsCard.downloadFailed', { detail }));
    } finally {
      setBusy(null);
    }
  }

  const csv = (table: ExportTable) => download(`${table}.csv`, fileName(eventCode, table, 'csv'));

  return (
    <section className="card exports-card" id="exports" aria-labelledby="exports-heading">
      <h2 id="exports-heading">{t('exportsCard.heading')}</h2>
      <p className="hint">{t('exportsCard.intro')}</p>
      <p className="actions-row">
        <button
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void download('workbook.xlsx', fileName(eventCode, 'workbook', 'xlsx'))}
        >
          {t('exportsCard.workbook')}
        </button>
      </p>
      <h3 id="exports-csv-heading">{t('exportsCard.csvHeading')}</h3>
      <ul className="exports-list" aria-labelledby="exports-csv-heading">
        {EXPORT_TABLES.map((table) => (
          <li key={table}>
            <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void csv(table)}>
              {t('exportsCard.csvButton', { table: t(TABLE_NAMES[table]) })}
            </button>
          </li>
        ))}
      </ul>
      <p className="hint" role="status">
        {busy ? t('exportsCard.downloading', { file: busy }) : ''}
      </p>
      {error && (
        <p role="alert" className="field-error">
          {error()}
        </p>
      )}
    </section>
  );
}
