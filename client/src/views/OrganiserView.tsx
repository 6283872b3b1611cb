import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import type { AgendaState, EventMeta, LinkRole, LinkView, LinksResult, Me } from '../../../shared/protocol/messages';
import { liveAndNext } from '../../../shared/domain/agenda';
import { Layout } from '../components/Layout';
import { NavLinks } from '../components/NavLinks';
import { LiveBadge } from '../components/ItemCard';
import { icsUrl, importProgramme } from '../net/api';
import { request } from '../net/connection';
import { newOpId } from '../net/opId';
import { attendeePath } from '../lib/routes';
import { localDateTime } from '../lib/time';
import { useApp } from '../state/store';

interface OrganiserViewProps {
  agenda: AgendaState;
  me: Me;
  event: EventMeta;
  /** The organiser's link token: the bearer of the programme import. */
  token: string;
}

const ROLE_NAMES: Record<LinkRole, string> = { chair: 'Chair', rapporteur: 'Rapporteur', organiser: 'Organiser' };

/** Copies to the clipboard, falling back to a selected textarea where the Clipboard API is refused. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

/** The organiser hands out links (attendee URL and QR, role links) and imports the programme. */
export function OrganiserView({ agenda, me, event, token }: OrganiserViewProps) {
  const { programme } = agenda;
  const linksRevision = useApp((s) => s.session.linksRevision);
  const toast = useApp((s) => s.toast);
  const [links, setLinks] = useState<LinksResult | null>(null);
  const [linksError, setLinksError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void request('links:list', {}).then((reply) => {
      if (cancelled) return;
      if (reply.ok) {
        setLinks({ attendeeUrl: reply.attendeeUrl, attendeeQrSvg: reply.attendeeQrSvg, code: reply.code, links: reply.links });
        setLinksError(null);
      } else setLinksError(reply.message);
    });
    return () => {
      cancelled = true;
    };
  }, [linksRevision, refresh]);

  async function copyAttendeeLink(url: string) {
    const ok = await copyText(url);
    toast(ok ? 'info' : 'error', ok ? 'Attendee link copied.' : 'Copying failed: select the link and copy it.');
  }

  const attendeeUrl = links?.attendeeUrl ?? `${window.location.origin}${attendeePath(event.code)}`;

  return (
    <Layout
      title={programme.title}
      subtitle="Organiser: links, access and programme"
      documentTitle="Organiser"
      roleLabel="Organiser"
      live
      wide
      navLabel="Organiser"
      nav={
        <NavLinks
          links={[
            { href: '#share', label: 'Share' },
            { href: '#links', label: 'Role links' },
            { href: '#programme-admin', label: 'Programme' },
          ]}
          attendeeCode={event.code}
        />
      }
    >
      <div className="organiser-grid">
        <section className="card share" aria-labelledby="share-heading" id="share">
          <h2 id="share-heading">Share with attendees</h2>
          <div className="share-body">
            <div>
              <p className="code-label">Event code</p>
              <p className="event-code">{links?.code ?? event.code}</p>
              <p className="muted">
                Attendees open <span className="url">{attendeeUrl}</span> or type the code at {window.location.origin}.
              </p>
              <p className="actions-row">
                <button type="button" className="button" onClick={() => void copyAttendeeLink(attendeeUrl)}>
                  Copy attendee link
                </button>
                <a className="button button-quiet" href={attendeePath(event.code)} target="_blank" rel="noopener">
                  Open the attendee view <span className="sr-only">(opens in a new tab)</span>
                </a>
              </p>
            </div>
            {links && (
              <img
                className="qr"
                width={168}
                height={168}
                alt={`QR code to join ${programme.title} (${links.code})`}
                src={'data:image/svg+xml;utf8,' + encodeURIComponent(links.attendeeQrSvg)}
              />
            )}
          </div>
        </section>

        <LiveOverview agenda={agenda} />

        <section className="card links-card" aria-labelledby="links-heading" id="links">
          <h2 id="links-heading">Role links</h2>
          <p className="muted">Each link opens one role for one room. Send it only to that person; revoke it if it leaks.</p>
          {linksError && (
            <div role="alert" className="alert alert-error">
              <p>{linksError}</p>
              <button type="button" className="button button-small" onClick={() => setRefresh((n) => n + 1)}>
                Try again
              </button>
            </div>
          )}
          {!links && !linksError && <p className="loading">Loading the links…</p>}
          {links && (
            <LinksTable
              links={links.links}
              me={me}
              rooms={programme.rooms}
              onCopy={async (link) => {
                const ok = await copyText(link.url);
                toast(ok ? 'info' : 'error', ok ? `Link copied: ${link.label}.` : 'Copying failed.');
              }}
              onRevoked={() => setRefresh((n) => n + 1)}
            />
          )}
          <IssueLinkForm agenda={agenda} onIssued={() => setRefresh((n) => n + 1)} />
        </section>

        <ProgrammeAdmin agenda={agenda} event={event} token={token} />
      </div>
    </Layout>
  );
}

function LiveOverview({ agenda }: { agenda: AgendaState }) {
  return (
    <section className="card" aria-labelledby="overview-heading">
      <h2 id="overview-heading">Live now</h2>
      <ul className="overview">
        {agenda.programme.rooms.map((room) => {
          const { live } = liveAndNext(agenda, room.id);
          return (
            <li key={room.id}>
              <span className="overview-room">{room.name}</span>
              {live ? (
                <span>
                  <LiveBadge text="Live" /> {live.title}
                </span>
              ) : (
                <span className="muted">Nothing live</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

interface LinksTableProps {
  links: LinkView[];
  me: Me;
  rooms: AgendaState['programme']['rooms'];
  onCopy: (link: LinkView) => void;
  onRevoked: () => void;
}

function LinksTable({ links, me, rooms, onCopy, onRevoked }: LinksTableProps) {
  const toast = useApp((s) => s.toast);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const roomName = (scope: string) => (scope === '*' ? 'All rooms' : (rooms.find((r) => r.id === scope)?.name ?? scope));
  const sorted = useMemo(() => [...links].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || a.issuedAt - b.issuedAt), [links]);

  async function revoke(link: LinkView) {
    setBusy(link.jti);
    setError(null);
    const reply = await request('links:revoke', { jti: link.jti });
    setBusy(null);
    setConfirming(null);
    if (!reply.ok) return setError(reply.message);
    toast('info', `Revoked: ${link.label}. Whoever holds it has lost access.`);
    onRevoked();
  }

  return (
    <>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      <div className="table-wrap" role="region" aria-label="Table of role links" tabIndex={0}>
        {/* Explicit roles: on narrow screens the rows are laid out as cards, which must stay a table to assistive tech. */}
        <table className="links-table" role="table">
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">
                Label
              </th>
              <th scope="col" role="columnheader">
                Role
              </th>
              <th scope="col" role="columnheader">
                Room
              </th>
              <th scope="col" role="columnheader">
                Issued
              </th>
              <th scope="col" role="columnheader">
                Status
              </th>
              <th scope="col" role="columnheader">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {sorted.map((link) => {
              const mine = me.id === `link:${link.jti}`;
              const revoked = link.revokedAt !== null;
              return (
                <tr key={link.jti} role="row" className={revoked ? 'is-revoked' : undefined} data-jti={link.jti}>
                  <th scope="row" role="rowheader">
                    {link.label}
                    {mine && <span className="muted small"> (your link)</span>}
                  </th>
                  <td role="cell" data-label="Role">
                    {ROLE_NAMES[link.role]}
                  </td>
                  <td role="cell" data-label="Room">
                    {roomName(link.roomScope)}
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
                    {!revoked && confirming !== link.jti && (
                      <>
                        <button type="button" className="button button-small" onClick={() => onCopy(link)} aria-label={`Copy link: ${link.label}`}>
                          Copy
                        </button>
                        {!mine && (
                          <button
                            type="button"
                            className="button button-small button-danger"
                            onClick={() => setConfirming(link.jti)}
                            aria-label={`Revoke link: ${link.label}`}
                          >
                            Revoke
                          </button>
                        )}
                      </>
                    )}
                    {!revoked && confirming === link.jti && (
                      <span className="confirm" role="group" aria-label={`Confirm revoking ${link.label}`}>
                        <span className="confirm-q">Revoke this link?</span>
                        <button
                          type="button"
                          className="button button-small button-danger"
                          autoFocus
                          disabled={busy === link.jti}
                          onClick={() => void revoke(link)}
                        >
                          {busy === link.jti ? 'Revoking…' : 'Yes, revoke'}
                        </button>
                        <button type="button" className="button button-small" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function IssueLinkForm({ agenda, onIssued }: { agenda: AgendaState; onIssued: () => void }) {
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
    if (!reply.ok) return setError(reply.message);
    setIssued(reply.link);
    toast('info', `Issued: ${reply.link.label}.`);
    onIssued();
  }

  return (
    <div className="issue">
      <h3>Issue a new link</h3>
      <form className="form form-inline" onSubmit={submit}>
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} className="input" value={role} onChange={(e) => setRole(e.target.value as LinkRole)}>
            <option value="chair">Chair</option>
            <option value="rapporteur">Rapporteur</option>
            <option value="organiser">Organiser</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={roomId}>Room</label>
          <select id={roomId} className="input" value={effectiveScope} disabled={role === 'organiser'} onChange={(e) => setScope(e.target.value)}>
            <option value="*">All rooms</option>
            {roomChoices.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Issuing…' : 'Issue link'}
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
            New link: <strong>{issued.label}</strong>
          </p>
          <p className="url">{issued.url}</p>
          <button
            type="button"
            className="button button-small"
            onClick={async () => {
              const ok = await copyText(issued.url);
              toast(ok ? 'info' : 'error', ok ? `Link copied: ${issued.label}.` : 'Copying failed.');
            }}
          >
            Copy the new link
          </button>
        </div>
      )}
    </div>
  );
}

type ImportResult = { ok: true; items: number } | { ok: false; message: string; issues: string[] };

function ProgrammeAdmin({ agenda, event, token }: { agenda: AgendaState; event: EventMeta; token: string }) {
  const { programme } = agenda;
  const fileId = useId();
  const hintId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const downloadUrl = useMemo(() => URL.createObjectURL(new Blob([JSON.stringify(programme, null, 2)], { type: 'application/json' })), [programme]);
  useEffect(() => () => URL.revokeObjectURL(downloadUrl), [downloadUrl]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setResult({ ok: false, message: 'Choose a programme file (JSON) first.', issues: [] });
    if (file.size > LIMITS.importMaxBytes) return setResult({ ok: false, message: 'The file is larger than 1 MB.', issues: [] });
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch (error) {
      return setResult({ ok: false, message: `The file is not valid JSON: ${(error as Error).message}`, issues: [] });
    }
    setBusy(true);
    const reply = await importProgramme(event.id, token, body, newOpId());
    setBusy(false);
    if (reply.ok) {
      setResult({ ok: true, items: reply.items });
      if (fileRef.current) fileRef.current.value = '';
    } else setResult({ ok: false, message: reply.message, issues: reply.issues ?? [] });
  }

  const rooms = programme.rooms.length;
  return (
    <section className="card" aria-labelledby="programme-admin-heading" id="programme-admin">
      <h2 id="programme-admin-heading">Programme</h2>
      <p className="programme-summary" data-testid="programme-summary">
        <strong>{programme.title}</strong>: {programme.items.length} items over {programme.days.length} {programme.days.length === 1 ? 'day' : 'days'}, {rooms}{' '}
        {rooms === 1 ? 'room' : 'rooms'}.
      </p>
      <p className="actions-row">
        <a className="button" href={icsUrl(event.id)} download>
          Download the programme (.ics)
        </a>
        <a className="button button-quiet" href={downloadUrl} download={`${event.code}-programme.json`}>
          Download as JSON (to edit and import)
        </a>
      </p>
      <h3>Import a programme</h3>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={fileId}>Programme file (JSON)</label>
          <p id={hintId} className="hint">
            Replaces the whole programme once the file is valid; nothing changes otherwise. Up to 1 MB.
          </p>
          <input
            id={fileId}
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            className="input input-file"
            aria-describedby={hintId}
            onChange={() => setResult(null)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import programme'}
        </button>
      </form>
      {result?.ok === true && (
        <p role="status" className="alert alert-success">
          Imported {result.items} items.
        </p>
      )}
      {result?.ok === false && (
        <div role="alert" className="alert alert-error import-error">
          <p>{result.message}</p>
          {result.issues.length > 0 && (
            <ul className="issues">
              {result.issues.slice(0, 50).map((issue, i) => (
                <li key={i}>{issue}</li>
              ))}
              {result.issues.length > 50 && <li>…and {result.issues.length - 50} more.</li>}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
