import { useState } from 'react';
import type { EventMeta } from '../../../../shared/protocol/messages';
import type { Failure } from '../../../../shared/protocol/errors';
import { describeFailure } from '../../lib/failures';
import { useT } from '../../i18n/useT';

/** The file's name, as the server names it: `<code>-backup-<day>.json.gz`. */
function fileName(res: Response, code: string): string {
  const given = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return given ?? `${code}-backup.json.gz`;
}

/**
 * The organiser's backup: the whole event (programme, live state, records) as one file, to keep or to import on
 * another instance (README: "Moving an event").
 */
export function BackupCard({ event, token }: { event: EventMeta; token: string }) {
  const t = useT();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; file: string } | { kind: 'failed'; words: () => string }>({
    kind: 'idle',
  });

  async function download() {
    setState({ kind: 'busy' });
    try {
      const res = await fetch(`/api/events/${encodeURIComponent(event.id)}/backup`, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as Failure | null;
        const detail = body?.code ? describeFailure(body) : String(res.status);
        return setState({ kind: 'failed', words: () => t('backup.downloadFailed', { detail }) });
      }
      const file = fileName(res, event.code);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
      setState({ kind: 'done', file });
    } catch (e) {
      const detail = (e as Error).message;
      setState({ kind: 'failed', words: () => t('backup.downloadFailed', { detail }) });
    }
  }

  return (
    <section className="card" id="backup" aria-labelledby="backup-heading">
      <h2 id="backup-heading">{t('backup.heading')}</h2>
      <p className="hint">{t('backup.intro')}</p>
      <p className="hint">{t('backup.privacy')}</p>
      <p>
        <button type="button" className="button" onClick={() => void download()} disabled={state.kind === 'busy'} aria-busy={state.kind === 'busy'}>
          {t('backup.download')}
        </button>
      </p>
      <p role="status" aria-live="polite">
        {state.kind === 'busy' && t('backup.downloading')}
        {state.kind === 'done' && t('backup.downloaded', { file: state.file })}
      </p>
      {state.kind === 'failed' && (
        <p role="alert" className="field-error">
          {state.words()}
        </p>
      )}
    </section>
  );
}
