import { useState } from 'react';
import type { Summary } from '../../../../../shared/protocol/summaries';
import { request } from '../../../net/connection';
import { describeFailure } from '../../../lib/failures';
import { localClock } from '../../../lib/time';
import { useT } from '../../../i18n/useT';

/** The last versions, newest first: who saved each and when; an older one can be restored (as a new version). */
export function History({ summary, disabled }: { summary: Summary; disabled: boolean }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const restore = async (version: number) => {
    setError(null);
    const reply = await request('summary:restore', { roomId: summary.roomId, baseVersion: summary.version, version });
    if (!reply.ok) setError(describeFailure(reply));
  };
  return (
    <details className="summary-history">
      <summary>{t('summaries.historyHeading', { count: summary.history.length })}</summary>
      <ol className="summary-history-list" reversed>
        {[...summary.history].reverse().map((v) => (
          <li key={v.version} data-version={v.version}>
            <span>
              {v.restoredFrom
                ? t('summaries.versionRestoredLine', { version: v.version, who: v.byLabel, time: localClock(v.at), from: v.restoredFrom })
                : t('summaries.versionLine', { version: v.version, who: v.byLabel, time: localClock(v.at) })}
            </span>
            {v.version !== summary.version && (
              <button
                type="button"
                className="button button-small"
                disabled={disabled}
                aria-label={t('summaries.restoreVersion', { version: v.version })}
                onClick={() => void restore(v.version)}
              >
                {t('summaries.restore')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {error && (
        <p className="summary-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
