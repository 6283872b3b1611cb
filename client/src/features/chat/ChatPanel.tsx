import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/limits';
import { activeMute, applyChat, newRoomChat, reactionKey, slowModeWait, withOlder } from '../../../../shared/domain/chat';
import { REACTIONS, type ChatMessage, type Reaction } from '../../../../shared/protocol/chat';
import type { Failure } from '../../../../shared/protocol/errors';
import type { MessageKey } from '../../../../shared/locales/catalogue';
import { request } from '../../net/connection';
import { newOpId } from '../../net/opId';
import { describeFailure } from '../../lib/failures';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { withMyReaction } from './slice';
import { ADD_REACTION, MessageText, REACTION_EMOJI } from './common';
import './chat.css';

const REACTION_WORDS: Record<Reaction, MessageKey> = {
  thumbsUp: 'chat.reactThumbsUp',
  heart: 'chat.reactHeart',
  laugh: 'chat.reactLaugh',
  clap: 'chat.reactClap',
  party: 'chat.reactParty',
  thinking: 'chat.reactThinking',
};
const BADGE_WORDS = { chair: 'chat.badgeChair', rapporteur: 'chat.badgeRapporteur', organiser: 'chat.badgeOrganiser' } as const;

/** A message of this person's that the server has not stored yet: sending, or failed with its refusal. */
interface Outgoing {
  opId: string;
  text: string;
  failure: Failure | null;
}

/** Close enough to the end of the log to follow new messages. */
const NEAR_END_PX = 48;

/**
 * The chat of the room the person follows: the recent history (older pages on request), the pinned message,
 * reactions, and the message box. The log never moves under a reader who scrolled up: new messages wait behind
 * a "N new messages" button. Text is plain (C9): React renders it as text, and only http(s) links the chair
 * allowed become links.
 */
export function ChatPanel({ roomId }: { roomId: string }) {
  const t = useT();
  const me = useApp((s) => s.session.me);
  const history = useApp((s) => s.chat.history[roomId]);
  const roomDoc = useApp((s) => s.chat.rooms[roomId]);
  const room = useMemo(() => roomDoc ?? newRoomChat(roomId), [roomDoc, roomId]);
  const links = useApp((s) => s.chat.event.links);
  const messages = useMemo(() => history?.messages ?? [], [history]);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const [sentHere, setSentHere] = useState<ReadonlySet<string>>(() => new Set());
  const logRef = useRef<HTMLDivElement>(null);
  const [nearEnd, setNearEnd] = useState(true);
  const [seenCount, setSeenCount] = useState(messages.length);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const toast = useApp((s) => s.toast);

  // Following the end: a new message (or an own one) scrolls the log; a reader further up is left in place.
  const lastId = messages[messages.length - 1]?.id;
  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log) return;
    if (nearEnd) {
      log.scrollTop = log.scrollHeight;
      setSeenCount(messages.length);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the newest message or the outgoing ones change
  }, [lastId, outgoing.length]);

  const onScroll = () => {
    const log = logRef.current;
    if (!log) return;
    const near = log.scrollHeight - log.scrollTop - log.clientHeight < NEAR_END_PX;
    setNearEnd(near);
    if (near) setSeenCount(messages.length);
  };
  const toEnd = () => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
    setNearEnd(true);
    setSeenCount(messages.length);
    document.getElementById('chat-input')?.focus();
  };

  // Older pages go above: the reader's place is kept by the height they add.
  const heightBefore = useRef<number | null>(null);
  const firstId = messages[0]?.id;
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && heightBefore.current !== null) {
      log.scrollTop += log.scrollHeight - heightBefore.current;
      heightBefore.current = null;
    }
  }, [firstId]);
  const loadOlder = async () => {
    if (history?.older === null || history?.older === undefined) return;
    setLoadingOlder(true);
    const reply = await request('chat:history', { roomId, page: history.older });
    setLoadingOlder(false);
    if (!reply.ok) return toast('error', describeFailure(reply));
    heightBefore.current = logRef.current?.scrollHeight ?? null;
    useApp.setState((s) => ({
      chat: withOlder({ ...s.chat, reactions: { ...reply.reactions, ...s.chat.reactions } }, roomId, { messages: reply.messages, older: reply.older }),
    }));
  };

  const send = useCallback(
    async (item: Outgoing) => {
      setOutgoing((list) => [...list.filter((o) => o.opId !== item.opId), { ...item, failure: null }]);
      const reply = await request('chat:post', { roomId, text: item.text }, item.opId);
      if (!reply.ok) {
        setOutgoing((list) => list.map((o) => (o.opId === item.opId ? { ...o, failure: reply } : o)));
        return;
      }
      setSentHere((ids) => new Set(ids).add(reply.message.id));
      setOutgoing((list) => list.filter((o) => o.opId !== item.opId));
      // Shown at once; the live stream brings the same change (same revision) a moment later.
      useApp.setState((s) => ({
        chat: {
          ...applyChat(s.chat, { type: 'chat.posted', message: reply.message }),
          lastPostAt: { ...s.chat.lastPostAt, [roomId]: reply.message.createdAt },
        },
      }));
    },
    [roomId],
  );

  if (!me) return null;
  const unseen = nearEnd ? 0 : Math.max(0, messages.length - seenCount);
  const own = (m: ChatMessage) => m.authorId === me.id;

  return (
    <section className="card chat" id="chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{t('chat.heading')}</h2>
      {room.pinned && (
        <div className="chat-pinned" aria-labelledby="chat-pinned-label">
          <span id="chat-pinned-label" className="chat-pinned-label">
            {t('chat.pinned')}
          </span>
          <MessageBody m={room.pinned} links={links} mine={own(room.pinned)} />
        </div>
      )}
      <div className="chat-log-wrap">
        <div ref={logRef} className="chat-log" role="log" aria-labelledby="chat-heading" onScroll={onScroll}>
          {history?.older !== null && history?.older !== undefined ? (
            <button type="button" className="button button-small chat-older" onClick={() => void loadOlder()} disabled={loadingOlder}>
              {loadingOlder ? t('chat.loadingOlder') : t('chat.loadOlder')}
            </button>
          ) : null}
          {messages.length === 0 && outgoing.length === 0 && <p className="muted small">{t('chat.empty')}</p>}
          <ol className="chat-list">
            {messages.map((m) => (
              <li key={m.id} className={own(m) ? 'chat-message chat-mine' : 'chat-message'}>
                <MessageBody m={m} links={links} mine={own(m)} />
                <p className="chat-meta small">
                  {own(m) && m.status === 'held' && <span className="chat-status">{t('chat.held')}</span>}
                  {own(m) && m.status === 'published' && sentHere.has(m.id) && <span className="chat-status muted">{t('chat.sent')}</span>}
                  {m.questionId && <span className="chat-status muted">{t('chat.movedToQuestion')}</span>}
                </p>
                {m.status === 'published' && <Reactions messageId={m.id} roomId={roomId} />}
              </li>
            ))}
            {outgoing.map((o) => (
              <li key={o.opId} className="chat-message chat-mine chat-outgoing">
                <p className="chat-author">
                  <span className="chat-name">{t('chat.you')}</span>
                </p>
                <p className="chat-text">{o.text}</p>
                <p className="chat-meta small">
                  {o.failure ? (
                    <>
                      <span className="chat-status chat-failed">{t('chat.failed', { reason: describeFailure(o.failure) })}</span>{' '}
                      <button type="button" className="button button-small" onClick={() => void send(o)}>
                        {t('chat.retry')}
                      </button>
                    </>
                  ) : (
                    <span className="chat-status muted">{t('chat.sending')}</span>
                  )}
                </p>
              </li>
            ))}
          </ol>
        </div>
        {unseen > 0 && (
          <button type="button" className="button button-small chat-new" onClick={toEnd}>
            {t('chat.newMessages', { count: unseen })}
          </button>
        )}
      </div>
      <Composer roomId={roomId} onSend={(text) => void send({ opId: newOpId(), text, failure: null })} />
      {room.slowSeconds > 0 && <p className="muted small">{t('chat.slowMode', { seconds: room.slowSeconds })}</p>}
    </section>
  );
}

function MessageBody({ m, links, mine }: { m: ChatMessage; links: boolean; mine: boolean }) {
  const t = useT();
  return (
    <>
      <p className="chat-author">
        <span className="chat-name">{mine ? t('chat.you') : (m.authorName ?? t('chat.anonymous'))}</span>
        {m.badge && <span className={`chat-badge chat-badge-${m.badge}`}>{t(BADGE_WORDS[m.badge])}</span>}
      </p>
      <p className="chat-text">
        <MessageText text={m.text} links={links} />
      </p>
    </>
  );
}

/** The counts of the kinds given, each a toggle of the viewer's own, and a picker for the others. */
function Reactions({ messageId, roomId }: { messageId: string; roomId: string }) {
  const t = useT();
  const counts = useApp((s) => s.chat.reactions);
  const mine = useApp((s) => s.chat.myReactions);
  const toast = useApp((s) => s.toast);
  const [picking, setPicking] = useState(false);
  const given = REACTIONS.filter((r) => (counts[reactionKey(messageId, r)]?.n ?? 0) > 0 || mine.includes(reactionKey(messageId, r)));

  const toggle = async (reaction: Reaction) => {
    const key = reactionKey(messageId, reaction);
    const on = !mine.includes(key);
    const before = counts[key];
    // Shown at once: the viewer's mark, and the count by one until the server's newer count arrives.
    useApp.setState((s) => ({
      chat: {
        ...withMyReaction(s.chat, key, on),
        reactions: { ...s.chat.reactions, [key]: { n: Math.max(0, (before?.n ?? 0) + (on ? 1 : -1)), tick: before?.tick ?? 0 } },
      },
    }));
    setPicking(false);
    const reply = await request('chat:react', { roomId, messageId, reaction, on });
    if (!reply.ok) {
      useApp.setState((s) => ({ chat: { ...withMyReaction(s.chat, key, !on), reactions: { ...s.chat.reactions, ...(before ? { [key]: before } : {}) } } }));
      toast('error', describeFailure(reply));
    }
  };

  return (
    <div className="chat-reactions" role="group" aria-label={t('chat.reactionsLabel')}>
      {given.map((r) => {
        const n = counts[reactionKey(messageId, r)]?.n ?? 0;
        return (
          <button
            key={r}
            type="button"
            className="chat-reaction"
            aria-pressed={mine.includes(reactionKey(messageId, r))}
            aria-label={t('chat.reaction', { name: t(REACTION_WORDS[r]), count: n })}
            onClick={() => void toggle(r)}
          >
            <span aria-hidden="true">{REACTION_EMOJI[r]}</span> {n}
          </button>
        );
      })}
      <button
        type="button"
        className="chat-reaction chat-react-add"
        aria-expanded={picking}
        aria-label={t('chat.addReaction')}
        onClick={() => setPicking(!picking)}
      >
        <span aria-hidden="true">{ADD_REACTION}</span>
      </button>
      {picking && (
        <span className="chat-picker">
          {REACTIONS.filter((r) => !given.includes(r)).map((r) => (
            <button key={r} type="button" className="chat-reaction" aria-label={t(REACTION_WORDS[r])} onClick={() => void toggle(r)}>
              <span aria-hidden="true">{REACTION_EMOJI[r]}</span>
            </button>
          ))}
        </span>
      )}
    </div>
  );
}

/** The message box, or why the person cannot write now: the room's policy, their mute, slow mode's countdown. */
function Composer({ roomId, onSend }: { roomId: string; onSend: (text: string) => void }) {
  const t = useT();
  const me = useApp((s) => s.session.me);
  const roomDoc = useApp((s) => s.chat.rooms[roomId]);
  const room = roomDoc ?? newRoomChat(roomId);
  const mute = useApp((s) => (me ? s.chat.mutes[me.id] : undefined));
  const lastPostAt = useApp((s) => s.chat.lastPostAt[roomId]);
  const [text, setText] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const staff = me?.role !== 'attendee';
  const wait = staff ? 0 : slowModeWait(room, lastPostAt, now);
  const muted = staff ? null : activeMute(mute, now);

  // A second's tick while a countdown or a mute runs.
  useEffect(() => {
    if (wait <= 0 && !muted) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [wait, muted]);
  useEffect(() => setNow(Date.now()), [lastPostAt, mute]);

  if (room.write === 'nobody') return <p className="chat-notice">{t('chat.closed')}</p>;
  if (room.write === 'staff' && !staff) return <p className="chat-notice">{t('chat.staffOnly')}</p>;
  if (muted) return <p className="chat-notice">{t('chat.muted', { until: new Date(muted.until), reason: muted.reason })}</p>;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || wait > 0) return;
    onSend(trimmed);
    setText('');
  };
  return (
    <form className="chat-form" onSubmit={submit}>
      <label htmlFor="chat-input" className="chat-label">
        {t('chat.messageLabel')}
      </label>
      <div className="chat-form-row">
        <input
          id="chat-input"
          type="text"
          autoComplete="off"
          maxLength={LIMITS.chatMessageMax}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={wait > 0 ? 'chat-wait' : undefined}
        />
        <button type="submit" className="button button-primary" disabled={wait > 0}>
          {t('chat.send')}
        </button>
      </div>
      {wait > 0 && (
        <p id="chat-wait" className="muted small">
          {t('chat.slowWait', { seconds: Math.ceil(wait / 1000) })}
        </p>
      )}
    </form>
  );
}
