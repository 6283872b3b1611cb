import { useMemo, useState } from 'react';
import type { AgendaState, LinkView, Me } from '../../../../shared/protocol/messages';
import { describeFailure } from '../../lib/failures';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { LinkRow } from './LinkRow';

interface LinksTableProps {
  links: LinkView[];
  me: Me;
  rooms: AgendaState['programme']['rooms'];
  onCopy: (link: LinkView) => void;
  onRevoked: () => void;
}

/** The role links, active ones first, oldest first; revoking one asks for a confirmation, one row at a time. */
export function LinksTable({ links, me, rooms, onCopy, onRevoked }: LinksTableProps) {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const roomName = (scope: string) => (scope === '*' ? t('links.allRooms') : (rooms.find((r) => r.id === scope)?.name ?? scope));
  const sorted = useMemo(() => [...links].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || a.issuedAt - b.issuedAt), [links]);

  async function revoke(link: LinkView) {
    setBusy(link.jti);
    setError(null);
    const reply = await request('links:revoke', { jti: link.jti });
    setBusy(null);
    setConfirming(null);
    if (!reply.ok) return setError(describeFailure(reply));
    toast('info', t('links.revokedToast', { label: link.label }));
    onRevoked();
  }

  return (
    <>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      <div className="table-wrap" role="region" aria-label={t('links.tableLabel')} tabIndex={0}>
        {/* Explicit roles: on narrow screens the rows are laid out as cards, which must stay a table to assistive tech. */}
        <table className="links-table" role="table">
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">
                {t('links.columnLabel')}
              </th>
              <th scope="col" role="columnheader">
                {t('links.columnRole')}
              </th>
              <th scope="col" role="columnheader">
                {t('links.columnRoom')}
              </th>
              <th scope="col" role="columnheader">
                {t('links.columnIssued')}
              </th>
              <th scope="col" role="columnheader">
                {t('links.columnStatus')}
              </th>
              <th scope="col" role="columnheader">
                <span className="sr-only">{t('links.columnActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {sorted.map((link) => (
              <LinkRow
                key={link.jti}
                link={link}
                mine={me.id === `link:${link.jti}`}
                roomName={roomName(link.roomScope)}
                confirming={confirming === link.jti}
                busy={busy === link.jti}
                onCopy={() => onCopy(link)}
                onAskRevoke={() => setConfirming(link.jti)}
                onRevoke={() => void revoke(link)}
                onCancel={() => setConfirming(null)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
