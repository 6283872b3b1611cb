import { useId, useState, type FormEvent } from 'react';
import type { AgendaState, LinkRole, LinkView } from '../../../../shared/protocol/messages';
import { describeFailure } from '../../lib/failures';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import { T } from '../../i18n/Trans';
import { useT } from '../../i18n/useT';
import { copyText } from './copyText';

/**
 * Issues a role link for a room (or all rooms), then shows it to copy. A rapporteur link is for a breakout room
 * only; an organiser link is always for all rooms.
 */
export function IssueLinkForm({ agenda, onIssued }: { agenda: AgendaState; onIssued: () => void }) {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const [role, setRole] = useState<LinkRole>('chair');
  const [scope, setScope] = useState<string>(agenda.programme.rooms[0]?.id ?? '*');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<LinkView | null>(null);
  const roleId = useId();
  const roomId = useId();
  const rooms = agenda.programme.rooms;
  const roomChoices = role === 'rapporteur' ? rooms.filter((r) => r.kind === 'breakout') : rooms;
  const effectiveScope = role === 'organiser' ? '*' : scope === '*' || roomChoices.some((r) => r.id === scope) ? scope : (roomChoices[0]?.id ?? '*');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const reply = await request('links:issue', { role, roomScope: effectiveScope });
    setBusy(false);
    if (!reply.ok) return setError(describeFailure(reply));
    setIssued(reply.link);
    toast('info', t('links.issuedToast', { label: reply.link.label }));
    onIssued();
  }

  return (
    <div className="issue">
      <h3>{t('links.issueHeading')}</h3>
      <form className="form form-inline" onSubmit={submit}>
        <div className="field">
          <label htmlFor={roleId}>{t('links.role')}</label>
          <select id={roleId} className="input" value={role} onChange={(e) => setRole(e.target.value as LinkRole)}>
            <option value="chair">{t('links.roleChair')}</option>
            <option value="rapporteur">{t('links.roleRapporteur')}</option>
            <option value="organiser">{t('links.roleOrganiser')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={roomId}>{t('links.room')}</label>
          <select id={roomId} className="input" value={effectiveScope} disabled={role === 'organiser'} onChange={(e) => setScope(e.target.value)}>
            <option value="*">{t('links.allRooms')}</option>
            {roomChoices.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('links.issuing') : t('links.issue')}
        </button>
      </form>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      {issued && (
        <div className="issued" role="status">
          <p>
            <T id={'links.newLink'} values={{ label: issued.label }} components={{ 0: <strong /> }} />
          </p>
          <p className="url">{issued.url}</p>
          <button
            type="button"
            className="button button-small"
            onClick={async () => {
              const ok = await copyText(issued.url);
              toast(ok ? 'info' : 'error', ok ? t('links.copied', { label: issued.label }) : t('links.copyFailed'));
            }}
          >
            {t('links.copyNewLink')}
          </button>
        </div>
      )}
    </div>
  );
}
