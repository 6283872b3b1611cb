import { useId, useState } from 'react';
import { LIMITS } from '../../../../shared/limits';
import type { Failure } from '../../../../shared/protocol/errors';
import type { Ban } from '../../../../shared/protocol/moderation';
import { describeFailure } from '../../lib/failures';
import { useFocusWhen } from '../../lib/useFocusWhen';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import './moderation.css';

interface ModerationConsoleProps {
  /** The rooms this person may pause (the chair's room; every room for the organiser). */
  rooms: { id: string; name: string }[];
  /** The organiser, or a chair of the plenary: may pause the whole event. */
  canPauseEvent: boolean;
}

/** The staff's controls against disruption: pause and resume attendee input (the event, a room), and the bans with unban. */
export function ModerationConsole({ rooms, canPauseEvent }: ModerationConsoleProps) {
  const t = useT();
  const bans = useApp((s) => s.moderation.bans);
  const list = Object.values(bans).sort((a, b) => b.at - a.at);
  return (
    <section className="card moderation-console" id="moderation" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">{t('moderation.heading')}</h2>
      <ul className="moderation-pauses">
        {canPauseEvent && <PauseRow roomId={null} name={t('moderation.wholeEvent')} />}
        {rooms.map((r) => (
          <PauseRow key={r.id} roomId={r.id} name={r.name} />
        ))}
      </ul>
      <h3>{t('moderation.bannedHeading')}</h3>
      {list.length === 0 ? (
        <p className="muted">{t('moderation.noBans')}</p>
      ) : (
        <ul className="moderation-bans">
          {list.map((b) => (
            <BanRow key={b.attendeeId} ban={b} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One room's (or the event's) input: open, with a message field and "Pause input" (confirmed); or paused, with "Resume". */
function PauseRow({ roomId, name }: { roomId: string | null; name: string }) {
  const t = useT();
  const id = useId();
  const pause = useApp((s) => (roomId === null ? s.moderation.pauses.event : s.moderation.pauses.rooms[roomId]) ?? null);
  const toast = useApp((s) => s.toast);
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const confirmButton = useFocusWhen<HTMLButtonElement>(confirming);

  async function send(action: 'pause' | 'resume') {
    setBusy(true);
    setError(null);
    const reply = action === 'pause' ? await request('moderation:pause', { roomId, message }) : await request('moderation:resume', { roomId });
    setBusy(false);
    setConfirming(false);
    if (!reply.ok) return setError(reply);
    if (action === 'pause') setMessage('');
    toast('info', t(action === 'pause' ? 'moderation.pausedToast' : 'moderation.resumedToast', { scope: name }));
  }

  return (
    <li className="moderation-pause" data-pause-scope={roomId ?? '*'}>
      <p className="moderation-pause-status">
        <strong id={`${id}-name`}>{name}</strong>
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, </span>
        <span className={pause ? 'badge moderation-paused' : 'muted'}>{pause ? t('moderation.statusPaused') : t('moderation.statusOpen')}</span>
      </p>
      {pause ? (
        <>
          {pause.message && <p className="muted">{t('moderation.pausedWith', { message: pause.message })}</p>}
          <button
            type="button"
            className="button button-small button-primary"
            disabled={busy}
            aria-describedby={`${id}-name`}
            onClick={() => void send('resume')}
          >
            {t('moderation.resume')}
          </button>
        </>
      ) : confirming ? (
        <span className="confirm" role="group" aria-label={t('moderation.confirmPauseLabel', { scope: name })}>
          <span className="confirm-q">{t('moderation.confirmPause', { scope: name })}</span>
          <button ref={confirmButton} type="button" className="button button-small button-danger" disabled={busy} onClick={() => void send('pause')}>
            {t('moderation.yesPause')}
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            {t('moderation.cancel')}
          </button>
        </span>
      ) : (
        <form
          className="moderation-pause-form"
          onSubmit={(e) => {
            e.preventDefault();
            setConfirming(true);
          }}
        >
          <label htmlFor={`${id}-message`}>{t('moderation.messageLabel')}</label>
          <input
            id={`${id}-message`}
            type="text"
            value={message}
            maxLength={LIMITS.moderationMessageMax}
            onChange={(e) => setMessage(e.target.value)}
            placeholder={t('moderation.messagePlaceholder')}
          />
          <button type="submit" className="button button-small" aria-describedby={`${id}-name`}>
            {t('moderation.pause')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="field-error">
          {describeFailure(error)}
        </p>
      )}
    </li>
  );
}

/** A banned attendee: name (or "anonymous"), reason, and "Unban" after a confirmation. */
function BanRow({ ban }: { ban: Ban }) {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const confirmButton = useFocusWhen<HTMLButtonElement>(confirming);
  const who = ban.name ?? t('moderation.anonymous', { id: ban.attendeeId.slice(0, 8) });

  async function unban() {
    setBusy(true);
    setError(null);
    const reply = await request('moderation:unban', { attendeeId: ban.attendeeId });
    setBusy(false);
    setConfirming(false);
    if (!reply.ok) return setError(reply);
    toast('info', t('moderation.unbannedToast', { name: who }));
  }

  return (
    <li className="moderation-ban" data-banned={ban.attendeeId}>
      <p>
        <strong>{who}</strong>
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, </span>
        <span>{t('moderation.banReason', { reason: ban.reason })}</span>
      </p>
      {confirming ? (
        <span className="confirm" role="group" aria-label={t('moderation.confirmUnbanLabel', { name: who })}>
          <span className="confirm-q">{t('moderation.confirmUnban', { name: who })}</span>
          <button ref={confirmButton} type="button" className="button button-small button-primary" disabled={busy} onClick={() => void unban()}>
            {t('moderation.yesUnban')}
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            {t('moderation.cancel')}
          </button>
        </span>
      ) : (
        <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
          {t('moderation.unban')}
        </button>
      )}
      {error && (
        <p role="alert" className="field-error">
          {describeFailure(error)}
        </p>
      )}
    </li>
  );
}
