import type { LinkRole, LinkView } from '../../../../shared/protocol/messages';
import { localDateTime } from '../../lib/time';
import { useFocusWhen } from '../../lib/useFocusWhen';
import type { MessageKey } from '../../../../shared/locales/catalogue';
import { useT } from '../../i18n/useT';

const ROLE_NAMES: Record<LinkRole, MessageKey> = { chair: 'links.roleChair', rapporteur: 'links.roleRapporteur', organiser: 'links.roleOrganiser' };

interface LinkRowProps {
  link: LinkView;
  /** The organiser's own link: it cannot be revoked from here. */
  mine: boolean;
  roomName: string;
  /** Asking "Revoke this link?". */
  confirming: boolean;
  /** Its revoke is on its way. */
  busy: boolean;
  onCopy: () => void;
  onAskRevoke: () => void;
  onRevoke: () => void;
  onCancel: () => void;
}

/** One role link: what it opens, since when, whether it still works; copy it, or revoke it after a confirmation. */
export function LinkRow({ link, mine, roomName, confirming, busy, onCopy, onAskRevoke, onRevoke, onCancel }: LinkRowProps) {
  const t = useT();
  const revoked = link.revokedAt !== null;
  const confirmButton = useFocusWhen<HTMLButtonElement>(confirming);
  return (
    <tr role="row" className={revoked ? 'is-revoked' : undefined} data-jti={link.jti}>
      <th scope="row" role="rowheader">
        {link.label}
        {mine && <span className="muted small"> {t('links.yourLink')}</span>}
      </th>
      <td role="cell" data-label={t('links.columnRole')}>
        {t(ROLE_NAMES[link.role])}
      </td>
      <td role="cell" data-label={t('links.columnRoom')}>
        {roomName}
      </td>
      <td role="cell" data-label={t('links.columnIssued')}>
        {localDateTime(link.issuedAt)}
      </td>
      <td role="cell" data-label={t('links.columnStatus')}>
        {revoked ? (
          <span className="status status-revoked">{t('links.revokedAt', { when: localDateTime(link.revokedAt ?? 0) })}</span>
        ) : (
          <span className="status status-active">{t('links.active')}</span>
        )}
      </td>
      <td role="cell" className="row-actions">
        {!revoked && !confirming && (
          <>
            <button type="button" className="button button-small" onClick={onCopy} aria-label={t('links.copyLabel', { label: link.label })}>
              {t('links.copy')}
            </button>
            {!mine && (
              <button
                type="button"
                className="button button-small button-danger"
                onClick={onAskRevoke}
                aria-label={t('links.revokeLabel', { label: link.label })}
              >
                {t('links.revoke')}
              </button>
            )}
          </>
        )}
        {!revoked && confirming && (
          <span className="confirm" role="group" aria-label={t('links.confirmRevokeLabel', { label: link.label })}>
            <span className="confirm-q">{t('links.confirmRevoke')}</span>
            <button ref={confirmButton} type="button" className="button button-small button-danger" disabled={busy} onClick={onRevoke}>
              {busy ? t('links.revoking') : t('links.yesRevoke')}
            </button>
            <button type="button" className="button button-small" onClick={onCancel}>
              {t('links.cancel')}
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}
