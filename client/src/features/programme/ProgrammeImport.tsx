import { useId, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/limits';
import type { EventMeta } from '../../../../shared/protocol/messages';
import { describeFailure } from '../../lib/failures';
import { importProgramme } from '../../net/api';
import { newOpId } from '../../net/opId';
import { useT } from '../../i18n/useT';

type ImportResult = { ok: true; items: number; liveRooms: number; detachedPolls: number } | { ok: false; message: string; issues: string[] };

/** How many of the server's issues are listed; the rest are counted. */
const ISSUES_SHOWN = 50;

/**
 * Replaces the programme with a JSON file. The file's size and syntax are checked here; the server checks the
 * rest and names each invalid field, and changes nothing unless the whole file is valid.
 */
export function ProgrammeImport({ event, token }: { event: EventMeta; token: string }) {
  const t = useT();
  const fileId = useId();
  const hintId = useId();
  const effectId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setResult({ ok: false, message: t('programme.chooseFile'), issues: [] });
    if (file.size > LIMITS.importMaxBytes) return setResult({ ok: false, message: t('programme.tooLarge'), issues: [] });
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch (error) {
      return setResult({ ok: false, message: t('programme.notJson', { detail: (error as Error).message }), issues: [] });
    }
    setBusy(true);
    const reply = await importProgramme(event.id, token, body, newOpId());
    setBusy(false);
    if (reply.ok) {
      setResult({ ok: true, items: reply.items, liveRooms: reply.cleared.liveRooms, detachedPolls: reply.detachedPolls });
      if (fileRef.current) fileRef.current.value = '';
    } else {
      const issues = reply.issues ?? [];
      // The reason's words name the first problem; with the list below (each listed once, with its field), that
      // problem would be said twice.
      const message = reply.reason === 'programme.invalid' && issues.length ? t('programme.problemsFound', { count: issues.length }) : describeFailure(reply);
      setResult({ ok: false, message, issues });
    }
  }

  return (
    <>
      <h3>{t('programme.importHeading')}</h3>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={fileId}>{t('programme.fileLabel')}</label>
          <p id={hintId} className="hint">
            {t('programme.fileHint')}
          </p>
          <input
            id={fileId}
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            className="input input-file"
            aria-describedby={`${hintId} ${effectId}`}
            onChange={() => setResult(null)}
          />
          <p id={effectId} className="hint">
            {t('programme.effectHint')}
          </p>
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('programme.importing') : t('programme.import')}
        </button>
      </form>
      {result?.ok === true && (
        <p role="status" className="alert alert-success">
          {t('programme.imported', { items: result.items, liveRooms: result.liveRooms, detachedPolls: result.detachedPolls })}
        </p>
      )}
      {result?.ok === false && (
        <div role="alert" className="alert alert-error import-error">
          <p>{result.message}</p>
          {result.issues.length > 0 && (
            <ul className="issues">
              {result.issues.slice(0, ISSUES_SHOWN).map((issue, i) => (
                <li key={i}>{issue}</li>
              ))}
              {result.issues.length > ISSUES_SHOWN && <li>{t('programme.moreIssues', { count: result.issues.length - ISSUES_SHOWN })}</li>}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
