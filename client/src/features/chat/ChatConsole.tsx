import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/limits';
import { activeMute, newRoomChat } from '../../../../shared/domain/chat';
import type { ChatMessage, RoomChat, WritePolicy } from '../../../../shared/protocol/chat';
import type { MessageKey } from '../../../../shared/locales/catalogue';
import { request, type EventName, type InputOf } from '../../net/connection';
import { describeFailure } from '../../lib/failures';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { MessageText } from './common';
import './chat.css';

const WRITE_WORDS: Record<WritePolicy, MessageKey> = {
  everyone: 'chatConsole.writeEveryone',
  staff: 'chatConsole.writeStaff',
  nobody: 'chatConsole.writeNobody',
};
const DURATIONS: [number, MessageKey][] = [
  [10, 'chatConsole.d10s'],
  [60, 'chatConsole.d1m'],
  [600, 'chatConsole.d10m'],
  [3600, 'chatConsole.d1h'],
  [LIMITS.chatMuteMaxSeconds, 'chatConsole.d24h'],
];
/** The newest messages listed for moderation; older ones are in the attendees' history. */
const SHOWN = 50;

/** Sends a moderation request; a refusal becomes a toast. */
function useRun() {
  const toast = useApp((s) => s.toast);
  return async <E extends EventName>(event: E, input: InputOf<E>): Promise<boolean> => {
    const reply = (await request(event, input)) as { ok: boolean } & Parameters<typeof describeFailure>[0];
    if (!reply.ok) toast('error', describeFailure(reply));
    return reply.ok;
  };
}

/**
 * The chair's chat moderation for one room: messages held for review (approve, delete), the newest messages
 * (pin, move to the questions, delete, mute the author), the room's settings and the event's links.
 */
export function ChatConsole({ roomId }: { roomId: string }) {
  const t = useT();
  const history = useApp((s) => s.chat.history[roomId]);
  const roomDoc = useApp((s) => s.chat.rooms[roomId]);
  const room = useMemo(() => roomDoc ?? newRoomChat(roomId), [roomDoc, roomId]);
  const messages = useMemo(() => history?.messages ?? [], [history]);
  const held = messages.filter((m) => m.status === 'held');
  const shown = messages
    .filter((m) => m.status === 'published')
    .slice(-SHOWN)
    .reverse();

  return (
    <section className="card chat-console" id="chat-console" aria-labelledby="chat-console-heading">
      <h2 id="chat-console-heading">{t('chatConsole.heading')}</h2>
      {room.pinned && (
        <p className="chat-pinned">
          {t('chatConsole.pinned', { text: room.pinned.text })} <UnpinButton roomId={roomId} />
        </p>
      )}
      <h3>{t('chatConsole.heldHeading', { count: held.length })}</h3>
      {held.length > 0 && (
        <ul className="chat-console-list">
          {held.map((m) => (
            <ModMessage key={m.id} m={m} room={room} />
          ))}
        </ul>
      )}
      <h3>{t('chatConsole.messagesHeading')}</h3>
      {shown.length ? (
        <ul className="chat-console-list">
          {shown.map((m) => (
            <ModMessage key={m.id} m={m} room={room} />
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('chatConsole.noMessages')}</p>
      )}
      <StaffMessage roomId={roomId} />
      <RoomSettings room={room} />
    </section>
  );
}

/** A message from the chair to the room: it carries their badge (from their link's role, never from the text). */
function StaffMessage({ roomId }: { roomId: string }) {
  const t = useT();
  const run = useRun();
  const id = useId();
  const [text, setText] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() && (await run('chat:post', { roomId, text: text.trim() }))) setText('');
  };
  return (
    <form className="chat-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-m`} className="chat-label">
        {t('chat.messageLabel')}
      </label>
      <div className="chat-form-row">
        <input id={`${id}-m`} type="text" autoComplete="off" maxLength={LIMITS.chatMessageMax} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="button button-primary">
          {t('chat.send')}
        </button>
      </div>
    </form>
  );
}

function UnpinButton({ roomId }: { roomId: string }) {
  const t = useT();
  const run = useRun();
  return (
    <button type="button" className="button button-small" onClick={() => void run('chat:pin', { roomId, messageId: null })}>
      {t('chatConsole.unpin')}
    </button>
  );
}

function ModMessage({ m, room }: { m: ChatMessage; room: RoomChat }) {
  const t = useT();
  const run = useRun();
  const links = useApp((s) => s.chat.event.links);
  const mute = useApp((s) => s.chat.mutes[m.authorId]);
  const [muting, setMuting] = useState(false);
  const name = m.authorName ?? t('chatConsole.anonymous');
  const headId = useId();
  const moderate = (action: 'delete' | 'approve' | 'toQuestion') => run('chat:moderate', { roomId: m.roomId, messageId: m.id, action });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setNow(Date.now()), [mute]);
  const muted = activeMute(mute, now);
  return (
    <li className="chat-message">
      <p className="chat-author" id={headId}>
        <span className="chat-name">{name}</span>
        {m.flagged && <span className="chat-flagged">{t('chatConsole.flagged')}</span>}
        {muted && <span className="chat-status muted"> {t('chatConsole.mutedUntil', { until: new Date(muted.until) })}</span>}
      </p>
      <p className="chat-text">
        <MessageText text={m.text} links={links} />
      </p>
      <div className="chat-console-actions" role="group" aria-label={t('chatConsole.actionsFor', { name })}>
        {m.status === 'held' && (
          <button type="button" className="button button-small button-primary" onClick={() => void moderate('approve')}>
            {t('chatConsole.approve')}
          </button>
        )}
        {m.status === 'published' &&
          (room.pinned?.id === m.id ? (
            <button type="button" className="button button-small" onClick={() => void run('chat:pin', { roomId: m.roomId, messageId: null })}>
              {t('chatConsole.unpin')}
            </button>
          ) : (
            <button type="button" className="button button-small" onClick={() => void run('chat:pin', { roomId: m.roomId, messageId: m.id })}>
              {t('chatConsole.pin')}
            </button>
          ))}
        {m.questionId ? (
          <span className="chat-status muted">{t('chatConsole.inQuestions')}</span>
        ) : (
          <button type="button" className="button button-small" onClick={() => void moderate('toQuestion')}>
            {t('chatConsole.toQuestion')}
          </button>
        )}
        <button type="button" className="button button-small" onClick={() => void moderate('delete')}>
          {t('chatConsole.delete')}
        </button>
        {!m.badge &&
          (muted ? (
            <button type="button" className="button button-small" onClick={() => void run('chat:mute', { attendeeId: m.authorId, seconds: null, reason: '' })}>
              {t('chatConsole.unmute')}
            </button>
          ) : (
            <button type="button" className="button button-small" aria-expanded={muting} onClick={() => setMuting(!muting)}>
              {t('chatConsole.mute')}
            </button>
          ))}
      </div>
      {muting && !muted && <MuteForm attendeeId={m.authorId} name={name} onDone={() => setMuting(false)} />}
    </li>
  );
}

function MuteForm({ attendeeId, name, onDone }: { attendeeId: string; name: string; onDone: () => void }) {
  const t = useT();
  const run = useRun();
  const id = useId();
  const [seconds, setSeconds] = useState(600);
  const [reason, setReason] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run('chat:mute', { attendeeId, seconds, reason: reason.trim() })) onDone();
  };
  return (
    <form className="chat-console-settings" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t('chatConsole.muteLegend', { name })}</legend>
        <label htmlFor={`${id}-d`}>{t('chatConsole.muteDuration')}</label>
        <select id={`${id}-d`} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
          {DURATIONS.map(([s, key]) => (
            <option key={s} value={s}>
              {t(key)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-r`}>{t('chatConsole.muteReason')}</label>
        <input id={`${id}-r`} type="text" maxLength={LIMITS.chatMuteReasonMax} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div className="chat-console-actions">
          <button type="submit" className="button button-small button-primary">
            {t('chatConsole.muteApply')}
          </button>
          <button type="button" className="button button-small" onClick={onDone}>
            {t('chatConsole.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function RoomSettings({ room }: { room: RoomChat }) {
  const t = useT();
  const run = useRun();
  const id = useId();
  const links = useApp((s) => s.chat.event.links);
  const [write, setWrite] = useState<WritePolicy>(room.write);
  const [hold, setHold] = useState(room.hold);
  const [slow, setSlow] = useState(String(room.slowSeconds));
  const [saved, setSaved] = useState(false);
  // Another chair's change shows here too.
  useEffect(() => {
    setWrite(room.write);
    setHold(room.hold);
    setSlow(String(room.slowSeconds));
  }, [room.write, room.hold, room.slowSeconds]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const slowSeconds = Math.min(LIMITS.chatSlowMaxSeconds, Math.max(0, Math.round(Number(slow) || 0)));
    setSaved(await run('chat:roomSettings', { roomId: room.roomId, write, hold, slowSeconds }));
  };
  return (
    <form className="chat-console-settings" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('chatConsole.settingsHeading')}</h3>
      <fieldset>
        <legend>{t('chatConsole.writeLegend')}</legend>
        {(Object.keys(WRITE_WORDS) as WritePolicy[]).map((w) => (
          <div key={w}>
            <input id={`${id}-${w}`} type="radio" name={`${id}-write`} checked={write === w} onChange={() => setWrite(w)} />{' '}
            <label htmlFor={`${id}-${w}`}>{t(WRITE_WORDS[w])}</label>
          </div>
        ))}
      </fieldset>
      <div>
        <input id={`${id}-hold`} type="checkbox" checked={hold} onChange={(e) => setHold(e.target.checked)} />{' '}
        <label htmlFor={`${id}-hold`}>{t('chatConsole.hold')}</label>
      </div>
      <div>
        <label htmlFor={`${id}-slow`}>{t('chatConsole.slowLabel')}</label>{' '}
        <input id={`${id}-slow`} type="number" min={0} max={LIMITS.chatSlowMaxSeconds} value={slow} onChange={(e) => setSlow(e.target.value)} />
      </div>
      <div className="chat-console-actions">
        <button type="submit" className="button button-small button-primary">
          {t('chatConsole.save')}
        </button>
        <span role="status" className="muted small">
          {saved ? t('chatConsole.saved') : ''}
        </span>
      </div>
      <div>
        <input id={`${id}-links`} type="checkbox" checked={links} onChange={(e) => void run('chat:eventSettings', { links: e.target.checked })} />{' '}
        <label htmlFor={`${id}-links`}>{t('chatConsole.links')}</label>
      </div>
    </form>
  );
}
