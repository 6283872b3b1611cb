import { useEffect, useState } from 'react';
import { placesLeft, type BreakoutSlot } from '../../../../shared/domain/breakouts';
import type { RoomSeats } from '../../../../shared/protocol/breakouts';
import { request } from '../../net/connection';
import { describeFailure } from '../../lib/failures';
import { localClock } from '../../lib/time';
import { useServerNow } from '../../state/selectors';
import { useApp } from '../../state/store';
import { useLanguage, useT } from '../../i18n/useT';
import { names, useOpenSlot } from './common';
import './breakouts.css';

interface Props {
  /** Follows the breakout's room (its live item, Q&A, polls). */
  onEnterRoom: (roomId: string) => void;
}

/**
 * Before and during a breakout slot: its parallel sessions side by side (stacked when narrow), each with its chair,
 * speakers, key topics and places left, and one action to choose it. A full one offers its waiting list; a place
 * freed for this person is said in a notice (visible, and read out).
 */
export function BreakoutChooser({ onEnterRoom }: Props) {
  const t = useT();
  const language = useLanguage();
  const now = useServerNow(15_000);
  const slot = useOpenSlot(now);
  const state = useApp((s) => s.breakouts);
  const toast = useApp((s) => s.toast);
  const [busy, setBusy] = useState<string | null>(null);
  // Worded at each render, so that a change of language rewords it.
  const [status, setStatus] = useState<(() => string) | null>(null);

  // A freed place came to this person: say it, and take them to the room.
  const promoted = state.promotedTo;
  useEffect(() => {
    if (!promoted || !slot || promoted.slotId !== slot.id) return;
    const room = slot.breakouts.find((b) => b.room.id === promoted.roomId)?.room.name ?? promoted.roomId;
    toast('info', { key: 'breakouts.promoted', values: { room } });
    setStatus(() => () => t('breakouts.promoted', { room }));
    useApp.setState((s) => ({ breakouts: { ...s.breakouts, promotedTo: null } }));
    onEnterRoom(promoted.roomId);
  }, [promoted, slot, toast, t, onEnterRoom]);

  if (!slot) return null;
  const seats = state.seats[slot.id]?.rooms ?? {};
  const mine = state.mine[slot.id];

  async function pick(s: BreakoutSlot, roomId: string, roomName: string) {
    setBusy(roomId);
    const reply = await request('breakouts:choose', { slotId: s.id, roomId });
    setBusy(null);
    if (!reply.ok) {
      setStatus(() => () => describeFailure(reply));
      return;
    }
    if (reply.outcome === 'placed') {
      setStatus(() => () => t('breakouts.placed', { room: roomName }));
      onEnterRoom(roomId);
    } else setStatus(() => () => t('breakouts.waiting', { room: roomName }));
  }

  /** Gives up this person's place, or their place in a waiting list: a freed place goes to the first in line (B3). */
  async function leave(s: BreakoutSlot, roomName: string, placed: boolean) {
    setBusy('leave');
    const reply = await request('breakouts:leave', { slotId: s.id });
    setBusy(null);
    if (!reply.ok) return setStatus(() => () => describeFailure(reply));
    setStatus(() => () => t(placed ? 'breakouts.leftPlace' : 'breakouts.leftWaiting', { room: roomName }));
  }

  return (
    <section className="card breakouts" id="breakouts" aria-labelledby="breakouts-heading">
      <h2 id="breakouts-heading">{t('breakouts.heading')}</h2>
      <p className="hint">{t('breakouts.intro', { end: localClock(slot.endsAt, language) })}</p>
      <p role="status" className="breakouts-status">
        {status?.() ?? ''}
      </p>
      <ul className="breakout-grid">
        {slot.breakouts.map(({ room, item }) => {
          const roomSeats: RoomSeats | undefined = seats[room.id];
          const left = placesLeft(roomSeats);
          const waitingCount = roomSeats?.waiting ?? 0;
          const isMine = mine?.roomId === room.id;
          const isWaiting = mine?.waitingFor === room.id;
          const full = left === 0;
          const headingId = `breakout-${room.id}-heading`;
          return (
            <li key={room.id} className={isMine ? 'breakout-card breakout-mine' : 'breakout-card'} data-room={room.id}>
              <article aria-labelledby={headingId}>
                <h3 id={headingId}>{room.name}</h3>
                <p className="breakout-theme">{room.theme ?? item.title}</p>
                <dl className="breakout-people">
                  {item.chairs.length > 0 && (
                    <>
                      <dt>{t('breakouts.chairs')}</dt>
                      <dd>{names(item.chairs)}</dd>
                    </>
                  )}
                  {item.speakers.length > 0 && (
                    <>
                      <dt>{t('breakouts.speakers')}</dt>
                      <dd>{names(item.speakers)}</dd>
                    </>
                  )}
                </dl>
                {item.keyTopics.length > 0 && (
                  <details className="breakout-topics">
                    <summary>{t('breakouts.keyTopics')}</summary>
                    <ol>
                      {item.keyTopics.map((topic) => (
                        <li key={topic}>{topic}</li>
                      ))}
                    </ol>
                  </details>
                )}
                <p className={full ? 'breakout-places breakout-full' : 'breakout-places'}>
                  {left === null ? t('breakouts.noLimit') : full ? t('breakouts.fullForNow') : t('breakouts.placesLeft', { count: left })}
                  {waitingCount > 0 && <span className="breakout-waiting"> · {t('breakouts.waitingCount', { count: waitingCount })}</span>}
                </p>
                {isMine ? (
                  <p className="breakout-actions">
                    <strong className="breakout-yours">{t('breakouts.yours')}</strong>
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={t('breakouts.goToRoomLabel', { room: room.name })}
                      onClick={() => onEnterRoom(room.id)}
                    >
                      {t('breakouts.goToRoom')}
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy !== null}
                      aria-label={t('breakouts.leavePlaceLabel', { room: room.name })}
                      onClick={() => void leave(slot, room.name, true)}
                    >
                      {t('breakouts.leavePlace')}
                    </button>
                  </p>
                ) : isWaiting ? (
                  <>
                    <p className="breakout-actions hint">{t('breakouts.onWaitingList')}</p>
                    <p className="breakout-actions">
                      <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void leave(slot, room.name, false)}>
                        {t('breakouts.leaveWaiting')}
                      </button>
                    </p>
                  </>
                ) : (
                  <p className="breakout-actions">
                    <button
                      type="button"
                      className={full ? 'button' : 'button button-primary'}
                      disabled={busy !== null}
                      aria-label={full ? t('breakouts.joinWaitingListLabel', { room: room.name }) : undefined}
                      onClick={() => void pick(slot, room.id, room.name)}
                    >
                      {full ? t('breakouts.joinWaitingList') : t('breakouts.chooseLabel', { room: room.name })}
                    </button>
                  </p>
                )}
              </article>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * A breakout's own link (`/e/CODE?room=<room>`, pasted into its Zoom breakout room): once the person's state is
 * here, they follow that room and, while the slot is open and the breakout has a place, it becomes their choice.
 * The parameter then leaves the address, so a reload later does not choose again.
 */
export function BreakoutLink({ onEnterRoom }: Props) {
  const now = useServerNow(60_000);
  const slot = useOpenSlot(now);
  const me = useApp((s) => s.session.me);
  const state = useApp((s) => s.breakouts);
  const [roomId] = useState(() => new URLSearchParams(window.location.search).get('room'));
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (done || !roomId || !me) return;
    setDone(true);
    const url = new URL(window.location.href);
    url.searchParams.delete('room');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    onEnterRoom(roomId);
    const mine = slot ? state.mine[slot.id] : undefined;
    const inSlot = slot?.breakouts.some((b) => b.room.id === roomId);
    if (!slot || !inSlot || me.role !== 'attendee' || mine?.roomId === roomId) return;
    if (placesLeft(state.seats[slot.id]?.rooms[roomId]) === 0) return;
    void request('breakouts:choose', { slotId: slot.id, roomId });
  }, [done, roomId, me, slot, state, onEnterRoom]);

  return null;
}
