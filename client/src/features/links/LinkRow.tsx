import type { LinkRole, LinkView } from '../../../../shared/protocol/messages';
import { localDateTime } from '../../lib/time';
import { useFocusWhen } from '../../lib/useFocusWhen';

const ROLE_NAMES: Record<LinkRole, string> = { chair: 'Chair', rapporteur: 'Rapporteur', organiser: 'Organiser' };

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
  const revoked = link.revokedAt !== null;
  const confirmButton = useFocusWhen<HTMLButtonElement>(confirming);
  return (
    <tr role="row" className={revoked ? 'is-revoked' : undefined} data-jti={link.jti}>
      <th scope="row" role="rowheader">
        {link.label}
        {mine && <span className="muted small"> (your link)</span>}
      </th>
      <td role="cell" data-label="Role">
        {ROLE_NAMES[link.role]}
      </td>
      <td role="cell" data-label="Room">
        {roomName}
      </td>
      <td role="cell" data-label="Issued">
        {localDateTime(link.issuedAt)}
      </td>
      <td role="cell" data-label="Status">
        {revoked ? (
          <span className="status status-revoked">Revoked {localDateTime(link.revokedAt ?? 0)}</span>
        ) : (
          <span className="status status-active">Active</span>
        )}
      </td>
      <td role="cell" className="row-actions">
        {!revoked && !confirming && (
          <>
            <button type="button" className="button button-small" onClick={onCopy} aria-label={`Copy link: ${link.label}`}>
              Copy
            </button>
            {!mine && (
              <button type="button" className="button button-small button-danger" onClick={onAskRevoke} aria-label={`Revoke link: ${link.label}`}>
                Revoke
              </button>
            )}
          </>
        )}
        {!revoked && confirming && (
          <span className="confirm" role="group" aria-label={`Confirm revoking ${link.label}`}>
            <span className="confirm-q">Revoke this link?</span>
            <button ref={confirmButton} type="button" className="button button-small button-danger" disabled={busy} onClick={onRevoke}>
              {busy ? 'Revoking…' : 'Yes, revoke'}
            </button>
            <button type="button" className="button button-small" onClick={onCancel}>
              Cancel
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}
