import { useState } from 'react';
import type { Reply } from '../../../../../shared/protocol/errors';
import type { PendingMore as More, Question, UpvoteCount } from '../../../../../shared/protocol/qa';
import { request } from '../../../net/connection';
import { describeFailure } from '../../../lib/failures';
import { useApp } from '../../../state/store';
import { useT } from '../../../i18n/useT';
import { withPendingPage } from '../slice';

type Page = { questions: Question[]; counts: Record<string, UpvoteCount>; more: More | null };

/**
 * Below the Incoming list when the server sent only its first page (Q24): how many more are waiting, and a button
 * that loads the next page. The questions that come in live are added to the list as they arrive.
 */
export function PendingMore({ roomId }: { roomId: string }) {
  const t = useT();
  const more = useApp((s) => s.qa.pendingMore?.[roomId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!more) return null;

  async function loadMore(after: string) {
    setBusy(true);
    setError(null);
    const reply = (await request('qa:pending', { roomId, after })) as Reply<Page>;
    setBusy(false);
    if (reply.ok) useApp.setState((s) => ({ qa: withPendingPage(s.qa, roomId, reply) }));
    else setError(describeFailure(reply));
  }

  return (
    <div className="qa-pending-more">
      <p className="muted small" role="status">
        {t('qaConsole.pendingMore', { count: more.count })}
      </p>
      <button type="button" className="button button-small" disabled={busy} onClick={() => void loadMore(more.after)}>
        {busy ? t('qaConsole.loadingMore') : t('qaConsole.loadMore')}
      </button>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
