import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { breakoutItemOf, contributionsByTopic } from '../../../../shared/domain/breakouts';
import { canRunRoom } from '../../../../shared/domain/actor';
import type { Contribution, ContributionAction } from '../../../../shared/protocol/breakouts';
import { LIMITS } from '../../../../shared/limits';
import { request } from '../../net/connection';
import { describeFailure } from '../../lib/failures';
import { useAgenda, useServerNow } from '../../state/selectors';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { withMyContributionUpvote } from './slice';
import './breakouts.css';

/**
 * A breakout's key topics: answer one of its questions in a few words, see the room's answers by topic (most upvoted
 * first) and upvote them. A chair of the breakout (or the organiser) approves, hides and restores them here too.
 */
export function KeyTopics({ roomId }: { roomId: string }) {
  const t = useT();
  const id = useId();
  const agenda = useAgenda();
  const now = useServerNow(60_000);
  const me = useApp((s) => s.session.me);
  const state = useApp((s) => s.breakouts);
  const toast = useApp((s) => s.toast);
  const room = agenda?.programme.rooms.find((r) => r.id === roomId);
  const item = useMemo(
    () => (agenda && room?.kind === 'breakout' ? breakoutItemOf(agenda.programme, agenda.live, roomId, now) : null),
    [agenda, room, roomId, now],
  );
  const byTopic = useMemo(() => contributionsByTopic(state, roomId), [state, roomId]);
  const [topic, setTopic] = useState(0);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<(() => string) | null>(null);
  const [sent, setSent] = useState<'live' | 'pending' | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  if (!agenda || !room || !item || item.keyTopics.length === 0 || !me) return null;
  const moderator = canRunRoom({ role: me.role, id: me.id, roomScope: me.roomScope }, roomId);
  const over = text.trim().length > LIMITS.contributionMax;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (sending) return;
    setSent(null);
    const trimmed = text.trim();
    if (trimmed.length < LIMITS.contributionMin) {
      setError(() => () => t('breakouts.errorEmpty'));
      return textarea.current?.focus();
    }
    if (trimmed.length > LIMITS.contributionMax) {
      setError(() => () => t('breakouts.tooLong', { max: LIMITS.contributionMax }));
      return textarea.current?.focus();
    }
    setError(null);
    setSending(true);
    const reply = await request('breakouts:contribute', { roomId, topic, text: trimmed });
    setSending(false);
    if (!reply.ok) {
      setError(() => () => describeFailure(reply));
      return textarea.current?.focus();
    }
    setText('');
    setSent(reply.status === 'pending' ? 'pending' : 'live');
  }

  async function upvote(c: Contribution) {
    const up = !state.myUpvotes.includes(c.id);
    useApp.setState((s) => ({ breakouts: withMyContributionUpvote(s.breakouts, c.id, up) }));
    const reply = await request('breakouts:upvote', { contributionId: c.id, up });
    if (!reply.ok) {
      useApp.setState((s) => ({ breakouts: withMyContributionUpvote(s.breakouts, c.id, !up) }));
      toast('error', describeFailure(reply));
    }
  }

  async function moderate(c: Contribution, action: ContributionAction) {
    const reply = await request('breakouts:moderate', { contributionId: c.id, rev: c.rev, action });
    if (!reply.ok) toast('error', describeFailure(reply));
  }

  const actionWords: Record<ContributionAction, string> = { approve: t('breakouts.approve'), hide: t('breakouts.hide'), restore: t('breakouts.restore') };
  const actionsFor = (c: Contribution): ContributionAction[] => (c.status === 'pending' ? ['approve', 'hide'] : c.status === 'live' ? ['hide'] : ['restore']);

  return (
    <section className="card key-topics" id="key-topics" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('breakouts.topicsHeading', { room: room.name })}</h2>
      {me.role === 'attendee' && (
        <form className="key-topics-form" onSubmit={(e) => void submit(e)} noValidate>
          <p className="hint">{t('breakouts.topicsIntro')}</p>
          <div className="field">
            <label htmlFor={`${id}-topic`}>{t('breakouts.topicLabel')}</label>
            <select id={`${id}-topic`} className="input" value={topic} onChange={(e) => setTopic(Number(e.target.value))}>
              {item.keyTopics.map((k, i) => (
                <option key={k} value={i}>
                  {k}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-text`}>{t('breakouts.answerLabel')}</label>
            <textarea
              ref={textarea}
              id={`${id}-text`}
              className="input"
              rows={2}
              value={text}
              aria-invalid={error !== null || over}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setSent(null);
                if (error) setError(null);
              }}
            />
          </div>
          {error && (
            <p id={`${id}-error`} role="alert" className="field-error">
              {error()}
            </p>
          )}
          <div className="actions-row">
            <button type="submit" className="button button-primary" disabled={sending}>
              {t('breakouts.send')}
            </button>
            <p role="status" className="qa-sent">
              {sent === 'pending' ? t('breakouts.sentPending') : sent === 'live' ? t('breakouts.sent') : ''}
            </p>
          </div>
        </form>
      )}
      {item.keyTopics.map((k, i) => {
        const list = byTopic.get(i) ?? [];
        return (
          <div key={k} className="key-topic">
            <h3>{k}</h3>
            {list.length === 0 ? (
              <p className="hint">{t('breakouts.noAnswers')}</p>
            ) : (
              <ul className="contributions">
                {list.map((c) => {
                  const n = state.counts[c.id]?.n ?? 0;
                  const mine = state.myUpvotes.includes(c.id);
                  const name = c.authorName ?? t('breakouts.anonymous');
                  return (
                    <li key={c.id} id={`contribution-${c.id}`} className={`contribution contribution-${c.status}`} data-contribution={c.id}>
                      <p className="contribution-text">{c.text}</p>
                      <p className="contribution-meta">
                        <span>{c.authorId === me.id ? t('breakouts.you', { name }) : name}</span>
                        {c.status === 'pending' && <span className="qa-badge qa-badge-waiting">{t('breakouts.pending')}</span>}
                        {c.status === 'hidden' && <span className="qa-badge qa-badge-off">{t('breakouts.hidden')}</span>}
                        <span className="contribution-count">{t('breakouts.upvotes', { count: n })}</span>
                      </p>
                      <p className="contribution-actions">
                        {me.role === 'attendee' && c.status === 'live' && c.authorId !== me.id && (
                          <button
                            type="button"
                            className="button button-small"
                            aria-pressed={mine}
                            aria-label={mine ? t('breakouts.removeUpvoteLabel', { text: c.text }) : t('breakouts.upvoteLabel', { text: c.text })}
                            onClick={() => void upvote(c)}
                          >
                            {t('breakouts.upvote')}
                          </button>
                        )}
                        {moderator &&
                          actionsFor(c).map((action) => (
                            <button
                              key={action}
                              type="button"
                              className="button button-small"
                              aria-label={t('breakouts.moderateLabel', { action: actionWords[action], text: c.text })}
                              onClick={() => void moderate(c, action)}
                            >
                              {actionWords[action]}
                            </button>
                          ))}
                      </p>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}
