import { useState } from 'react';
import type { Failure } from '../../../../shared/protocol/errors';
import { request } from '../../net/connection';
import { describeFailure } from '../../lib/failures';
import { useApp } from '../../state/store';
import { useLanguage, useT } from '../../i18n/useT';
import { useBreakoutSlots } from './common';
import './breakouts.css';

interface Props {
  eventId: string;
  eventCode: string;
  /** The organiser's link token: the bearer of the sign-ups download. */
  token: string;
}

/** Copies to the clipboard, else through a selected textarea (a browser that refuses the Clipboard API). */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const ok = (() => {
      try {
        return document.execCommand('copy');
      } catch {
        return false;
      }
    })();
    area.remove();
    return ok;
  }
}

/**
 * The organiser's breakouts: per slot, each breakout's places taken and waiting, its capacity (empty: no limit), its
 * own link for the matching Zoom breakout room, and the sign-ups of every breakout as CSV.
 */
export function BreakoutsAdmin({ eventId, eventCode, token }: Props) {
  const t = useT();
  const language = useLanguage();
  const slots = useBreakoutSlots();
  const seats = useApp((s) => s.breakouts.seats);
  const toast = useApp((s) => s.toast);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [error, setError] = useState<(() => string) | null>(null);

  if (slots.length === 0) return null;
  const linkOf = (roomId: string) => `${window.location.origin}/e/${encodeURIComponent(eventCode)}?room=${encodeURIComponent(roomId)}`;

  async function save(slotId: string, roomId: string, roomName: string) {
    const raw = (drafts[`${slotId}/${roomId}`] ?? '').trim();
    const capacity = raw === '' ? null : Number(raw);
    if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1)) {
      setError(() => () => t('breakoutsConsole.capacityLabel', { room: roomName }));
      return;
    }
    const reply = await request('breakouts:capacity', { slotId, roomId, capacity });
    if (!reply.ok) return setError(() => () => describeFailure(reply));
    setError(null);
    toast('info', { key: 'breakoutsConsole.capacitySaved', values: { room: roomName } });
  }

  async function download() {
    try {
      const res = await fetch(`/api/events/${encodeURIComponent(eventId)}/breakouts/signups.csv?lang=${encodeURIComponent(language)}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/csv' },
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as Failure | null;
        throw new Error(body?.code ? describeFailure(body) : String(res.status));
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${eventCode}-breakout-signups.csv`;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    } catch (e) {
      const detail = (e as Error).message;
      setError(() => () => t('breakoutsConsole.downloadFailed', { detail }));
    }
  }

  return (
    <section className="card breakouts-admin" id="breakouts-admin" aria-labelledby="breakouts-admin-heading">
      <h2 id="breakouts-admin-heading">{t('breakoutsConsole.heading')}</h2>
      <p className="hint">{t('breakoutsConsole.intro')}</p>
      {error && (
        <p role="alert" className="field-error">
          {error()}
        </p>
      )}
      {slots.map((slot) => (
        <div key={slot.id} className="breakouts-admin-slot">
          <h3>{t('breakoutsConsole.slot', { date: slot.date, start: slot.start, end: slot.end })}</h3>
          <ul className="breakouts-admin-list">
            {slot.breakouts.map(({ room }) => {
              const s = seats[slot.id]?.rooms[room.id];
              const key = `${slot.id}/${room.id}`;
              const inputId = `capacity-${slot.id}-${room.id}`;
              return (
                <li key={room.id} className="breakouts-admin-row">
                  <h4>{room.name}</h4>
                  <p>{t('breakoutsConsole.seats', { taken: s?.taken ?? 0, waiting: s?.waiting ?? 0 })}</p>
                  <form
                    className="breakouts-admin-capacity"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void save(slot.id, room.id, room.name);
                    }}
                  >
                    <label htmlFor={inputId}>{t('breakoutsConsole.capacityLabel', { room: room.name })}</label>
                    <input
                      id={inputId}
                      className="input"
                      type="number"
                      inputMode="numeric"
                      min={1}
                      value={drafts[key] ?? (s?.capacity ? String(s.capacity) : '')}
                      onChange={(e) => setDrafts((d) => ({ ...d, [key]: e.target.value }))}
                    />
                    <button type="submit" className="button button-small" aria-label={t('breakoutsConsole.saveCapacityLabel', { room: room.name })}>
                      {t('breakoutsConsole.saveCapacity')}
                    </button>
                  </form>
                  <p className="breakouts-admin-link">
                    <code>{linkOf(room.id)}</code>{' '}
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={t('breakoutsConsole.copyLinkLabel', { room: room.name })}
                      onClick={() => void copy(linkOf(room.id)).then((ok) => ok && toast('info', { key: 'breakoutsConsole.copied' }))}
                    >
                      {t('breakoutsConsole.copyLink')}
                    </button>
                  </p>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      <p>
        <button type="button" className="button" onClick={() => void download()}>
          {t('breakoutsConsole.downloadSignups')}
        </button>
      </p>
    </section>
  );
}
