import { useId, useRef, useState } from 'react';
import { describeFailure } from '../../lib/failures';
import { useFocusWhen } from '../../lib/useFocusWhen';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';

/** Saves a JSON file in the browser (no server URL: the data came over the attendee's own connection). */
function saveJson(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * "Your data" at the foot of the attendee's page: download what they wrote (a JSON file of their questions, chat messages,
 * contributions, sign-ups and votes) and delete what they wrote, for everybody, after a confirmation. The server knows
 * who asks from the session token only. Escape closes the panel; the focus goes back to its button.
 */
export function MyData() {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const first = useFocusWhen<HTMLButtonElement>(open && !confirming);
  const confirm = useFocusWhen<HTMLButtonElement>(confirming);

  function close() {
    setOpen(false);
    setConfirming(false);
    setError(null);
    button.current?.focus();
  }

  async function download() {
    setBusy(true);
    setError(null);
    const reply = await request('privacy:mine', {});
    setBusy(false);
    if (!reply.ok) return setError(describeFailure(reply));
    saveJson(`my-data-${reply.data.eventId.slice(0, 8)}.json`, reply.data);
    toast('info', t('myData.downloaded'));
  }

  async function remove() {
    setBusy(true);
    setError(null);
    const reply = await request('privacy:deleteMine', {});
    setBusy(false);
    if (!reply.ok) return setError(describeFailure(reply));
    toast('info', t('myData.deleted', { count: reply.removed }));
    close();
  }

  return (
    <span className="my-data">
      <button
        ref={button}
        type="button"
        className="button button-small button-quiet"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('myData.menuLabel')}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {t('myData.menu')}
      </button>
      {open && (
        // Escape from any of its buttons closes it: the keys come from the buttons, the panel only listens.
        // eslint-disable-next-line jsx-a11y/no-static-element-interactions
        <div
          id={panelId}
          className="my-data-panel card"
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !busy) {
              e.preventDefault();
              close();
            }
          }}
        >
          {!confirming ? (
            <p className="actions-row">
              <button ref={first} type="button" className="button button-small" disabled={busy} onClick={() => void download()}>
                {t('myData.download')}
              </button>
              <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => setConfirming(true)}>
                {t('myData.delete')}
              </button>
            </p>
          ) : (
            <div role="group" aria-labelledby={`${panelId}-confirm`}>
              <p id={`${panelId}-confirm`}>{t('myData.deleteConfirm')}</p>
              <p className="actions-row">
                <button ref={confirm} type="button" className="button button-small button-danger" disabled={busy} onClick={() => void remove()}>
                  {t('myData.deleteYes')}
                </button>
                <button type="button" className="button button-small" disabled={busy} onClick={() => setConfirming(false)}>
                  {t('myData.cancel')}
                </button>
              </p>
            </div>
          )}
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
        </div>
      )}
    </span>
  );
}
