import { useId, useState } from 'react';
import type { MessageKey } from '../../../../shared/locales/catalogue';
import { describeFailure } from '../../lib/failures';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import './links.css';

/**
 * The organiser's setting for an event under attack (L8, L9): new attendees must come through the join link above,
 * which then carries the event's key, as does its QR code; the event code alone lets nobody new in. A new link
 * makes the old one useless for new joins. Attendees already in stay. Off by default: a company of hundreds behind
 * one network address joins with the code.
 */
export function JoinLinkSetting({ required }: { required: boolean }) {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function change(next: { required: boolean; rotate: boolean }, done: MessageKey) {
    setBusy(true);
    const reply = await request('links:joinKey', next);
    setBusy(false);
    toast(reply.ok ? 'info' : 'error', reply.ok ? t(done) : describeFailure(reply));
  }

  return (
    <div className="join-link-setting">
      <div className="join-link-check">
        <input
          id={id}
          type="checkbox"
          checked={required}
          disabled={busy}
          aria-describedby={`${id}-hint`}
          onChange={(e) => void change({ required: e.target.checked, rotate: false }, e.target.checked ? 'security.requiredOn' : 'security.requiredOff')}
        />
        <label htmlFor={id}>{t('security.requireLink')}</label>
        <span id={`${id}-hint`} className="hint">
          {required ? t('security.requireLinkOnHint') : t('security.requireLinkOffHint')}
        </span>
      </div>
      {required && (
        <p className="actions-row">
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            onClick={() => void change({ required: true, rotate: true }, 'security.rotated')}
          >
            {t('security.rotate')}
          </button>
        </p>
      )}
    </div>
  );
}
