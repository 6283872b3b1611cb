import { useEffect, useId, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/limits';
import type { PrivacyView } from '../../../../shared/protocol/privacy';
import { describeFailure } from '../../lib/failures';
import { useFocusWhen } from '../../lib/useFocusWhen';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';

/**
 * The organiser's card for people's data: how many days names and texts are kept after the event (the retention
 * erases them by itself then), and "Erase names and texts now", after a confirmation. Counts, tallies and published
 * summaries stay (docs/PRIVACY.md).
 */
export function PrivacySettings() {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const id = useId();
  const [view, setView] = useState<PrivacyView | null>(null);
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirm = useFocusWhen<HTMLButtonElement>(confirming);

  useEffect(() => {
    let cancelled = false;
    void request('privacy:get', {}).then((reply) => {
      if (cancelled) return;
      if (!reply.ok) return setError(describeFailure(reply));
      setView(reply);
      setDays(String(reply.settings.retentionDays));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!view || busy) return;
    setBusy(true);
    setError(null);
    const reply = await request('privacy:setRetention', { retentionDays: Number(days), rev: view.settings.rev });
    setBusy(false);
    if (!reply.ok) {
      setError(describeFailure(reply));
      // A conflict: show the settings as they are now.
      if (reply.code === 'VERSION_CONFLICT')
        void request('privacy:get', {}).then((fresh) => fresh.ok && (setView(fresh), setDays(String(fresh.settings.retentionDays))));
      return;
    }
    setView(reply);
    toast('info', t('privacyConsole.saved', { days: reply.settings.retentionDays }));
  }

  async function erase() {
    setBusy(true);
    setError(null);
    const reply = await request('privacy:erase', {});
    setBusy(false);
    setConfirming(false);
    if (!reply.ok) return setError(describeFailure(reply));
    setView((v) => (v ? { ...v, settings: { ...v.settings, erasedAt: reply.erasedAt } } : v));
    toast('info', t('privacyConsole.erased'));
  }

  return (
    <section className="card" id="privacy" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('privacyConsole.heading')}</h2>
      <p className="muted">{t('privacyConsole.intro')}</p>
      {!view && !error && (
        <p className="loading" role="status">
          {t('privacyConsole.loading')}
        </p>
      )}
      {view && (
        <form className="form" noValidate onSubmit={save}>
          <div className="field">
            <label htmlFor={`${id}-days`}>{t('privacyConsole.retentionLabel')}</label>
            <p id={`${id}-hint`} className="hint">
              {t('privacyConsole.retentionHint', { min: LIMITS.retentionMinDays, max: LIMITS.retentionMaxDays })}
            </p>
            <input
              id={`${id}-days`}
              className="input"
              type="number"
              inputMode="numeric"
              min={LIMITS.retentionMinDays}
              max={LIMITS.retentionMaxDays}
              step={1}
              value={days}
              aria-describedby={`${id}-hint`}
              onChange={(e) => setDays(e.target.value)}
            />
          </div>
          <p className="actions-row">
            <button type="submit" className="button" disabled={busy}>
              {t('privacyConsole.save')}
            </button>
          </p>
          {view.erasesAt !== null && <p className="muted small">{t('privacyConsole.erasesAt', { date: new Date(view.erasesAt) })}</p>}
          {view.settings.erasedAt !== null && <p className="muted small">{t('privacyConsole.erasedAt', { date: new Date(view.settings.erasedAt) })}</p>}
        </form>
      )}
      {view && !confirming && (
        <p className="actions-row">
          <button type="button" className="button button-danger" disabled={busy} onClick={() => setConfirming(true)}>
            {t('privacyConsole.erase')}
          </button>
        </p>
      )}
      {confirming && (
        <div role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t('privacyConsole.eraseConfirm')}</p>
          <p className="actions-row">
            <button ref={confirm} type="button" className="button button-danger" disabled={busy} onClick={() => void erase()}>
              {t('privacyConsole.eraseYes')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
              {t('privacyConsole.cancel')}
            </button>
          </p>
        </div>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}
