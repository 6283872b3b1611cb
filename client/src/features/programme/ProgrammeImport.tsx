import { useId, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/limits';
import type { EventMeta } from '../../../../shared/protocol/messages';
import { describeFailure } from '../../lib/failures';
import { importProgramme } from '../../net/api';
import { newOpId } from '../../net/opId';

type ImportResult = { ok: true; items: number; liveRooms: number; detachedPolls: number } | { ok: false; message: string; issues: string[] };

/** How many of the server's issues are listed; the rest are counted. */
const ISSUES_SHOWN = 50;

/** The heading of the list of problems: each is listed once, with its field. */
function problemsFound(count: number): string {
  return `The programme was not imported: ${count === 1 ? 'one problem' : `${count} problems`} to fix.`;
}

/** What an import did to the old programme's live state (A11), after the item count. */
function importedLine(r: { items: number; liveRooms: number; detachedPolls: number }): string {
  return `Imported ${r.items} items. Rooms no longer live: ${r.liveRooms}. Polls kept without an item: ${r.detachedPolls}.`;
}

/**
 * Replaces the programme with a JSON file. The file's size and syntax are checked here; the server checks the
 * rest and names each invalid field, and changes nothing unless the whole file is valid.
 */
export function ProgrammeImport({ event, token }: { event: EventMeta; token: string }) {
  const fileId = useId();
  const hintId = useId();
  const effectId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setResult({ ok: false, message: 'Choose a programme file (JSON) first.', issues: [] });
    if (file.size > LIMITS.importMaxBytes) return setResult({ ok: false, message: 'The file is larger than 1 MB.', issues: [] });
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch (error) {
      return setResult({ ok: false, message: `The file is not valid JSON: ${(error as Error).message}`, issues: [] });
    }
    setBusy(true);
    const reply = await importProgramme(event.id, token, body, newOpId());
    setBusy(false);
    if (reply.ok) {
      setResult({ ok: true, items: reply.items, liveRooms: reply.cleared.liveRooms, detachedPolls: reply.detachedPolls });
      if (fileRef.current) fileRef.current.value = '';
    } else {
      const issues = reply.issues ?? [];
      // The reason's words name the first problem; with the list below, that problem would be said twice.
      const message = reply.reason === 'programme.invalid' && issues.length ? problemsFound(issues.length) : describeFailure(reply);
      setResult({ ok: false, message, issues });
    }
  }

  return (
    <>
      <h3>Import a programme</h3>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={fileId}>Programme file (JSON)</label>
          <p id={hintId} className="hint">
            Replaces the whole programme once the file is valid; nothing changes otherwise. Up to 1 MB.
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
            Importing replaces the programme: nothing stays live, and polls of items that are gone are kept without an item.
          </p>
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import programme'}
        </button>
      </form>
      {result?.ok === true && (
        <p role="status" className="alert alert-success">
          {importedLine(result)}
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
              {result.issues.length > ISSUES_SHOWN && <li>…and {result.issues.length - ISSUES_SHOWN} more.</li>}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
