import { useId, useState } from 'react';
import { LIMITS } from '../../../../shared/limits';
import type { Failure } from '../../../../shared/protocol/errors';
import { describeFailure } from '../../lib/failures';
import { useFocusWhen } from '../../lib/useFocusWhen';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import './moderation.css';

/**
 * "Ban" beside a question in the Q&A console: opens a small form (a reason, required, shown to the person; whether
 * to take their past questions off the lists), and bans only on its confirming button. Staff are never offered it.
 */
export function BanButton({ attendeeId, name }: { attendeeId: string; name: string | null }) {
  const t = useT();
  const id = useId();
  const banned = useApp((s) => attendeeId in s.moderation.bans);
  const toast = useApp((s) => s.toast);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [remove, setRemove] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const reasonField = useFocusWhen<HTMLInputElement>(open);
  const who = name ?? t('moderation.anonymous', { id: attendeeId.slice(0, 8) });

  if (attendeeId.startsWith('link:')) return null;
  if (banned) return <span className="badge">{t('moderation.bannedBadge')}</span>;

  async function ban() {
    setBusy(true);
    setError(null);
    const reply = await request('moderation:ban', { attendeeId, name, reason, removeMessages: remove });
    setBusy(false);
    if (!reply.ok) return setError(reply);
    setOpen(false);
    toast('info', t('moderation.bannedToast', { name: who }));
  }

  if (!open)
    return (
      <button type="button" className="button button-small button-quiet" aria-label={t('moderation.banWho', { name: who })} onClick={() => setOpen(true)}>
        {t('moderation.ban')}
      </button>
    );
  return (
    <form
      className="moderation-ban-form"
      aria-label={t('moderation.banFormLabel', { name: who })}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) void ban();
      }}
    >
      <label htmlFor={`${id}-reason`}>{t('moderation.reasonLabel')}</label>
      <input
        ref={reasonField}
        id={`${id}-reason`}
        type="text"
        required
        value={reason}
        maxLength={LIMITS.moderationMessageMax}
        onChange={(e) => setReason(e.target.value)}
      />
      <label className="moderation-check">
        <input type="checkbox" checked={remove} onChange={(e) => setRemove(e.target.checked)} />
        {t('moderation.removeMessages')}
      </label>
      <p className="muted">{t('moderation.banWarning', { name: who })}</p>
      <span className="moderation-ban-actions">
        <button type="submit" className="button button-small button-danger" disabled={busy || !reason.trim()}>
          {t('moderation.yesBan', { name: who })}
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen(false)}>
          {t('moderation.cancel')}
        </button>
      </span>
      {error && (
        <p role="alert" className="field-error">
          {describeFailure(error)}
        </p>
      )}
    </form>
  );
}
