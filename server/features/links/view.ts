import QRCode from 'qrcode';
import type { LinkRecord, LinkView } from '../../../shared/protocol/links';
import type { Auth } from '../../core/auth';

/** Signs the link of a record and builds the URL its holder opens. */
export async function linkView(deps: { auth: Auth; publicUrl: string }, eventId: string, code: string, link: LinkRecord, withQr = false): Promise<LinkView> {
  const token = await deps.auth.signLink({ eventId, jti: link.jti, role: link.role, roomScope: link.roomScope });
  const url = `${deps.publicUrl}/e/${encodeURIComponent(code)}/${link.role}?t=${token}`;
  return { ...link, url, ...(withQr ? { qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1 }) } : {}) };
}
