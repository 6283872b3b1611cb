import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/limits';
import { isPublic, sortQuestions, type SortMode } from '../../../../shared/domain/qa';
import type { Me } from '../../../../shared/protocol/messages';
import type { AgendaItem } from '../../../../shared/protocol/programme';
import type { Question, UpvoteCount } from '../../../../shared/protocol/qa';
import { request } from '../../net/connection';
import { useFocusWhen } from '../../lib/useFocusWhen';
import { T } from '../../i18n/Trans';
import { useT } from '../../i18n/useT';
import { AskedAt, Badge, UpvoteIcon, askFailureText, authorText, failureText, newQuestionsText, upvotesText, useUpvotes } from './common';
import { peopleOf, useAnsweringNow, useLiveItem, useMe, useQuestionsById, useRoomQa, useRoomQuestions, useUpvoteCounts } from './selectors';
import './qa.css';

/**
 * The attendee's Q&A of the room they follow: ask (anonymous by default, to a speaker or everyone), the
 * questions they may see, upvotes, and what the moderator did with them. Nothing moves under the reader's
 * eyes: new questions and changed rankings wait behind a "show" button, announced politely.
 */
export function QaPanel({ roomId }: { roomId: string }) {
  const t = useT();
  const me = useMe();
  const live = useLiveItem(roomId);
  // The highlight of the current live item only: it ends when the chair moves on (Q20).
  const answeringId = useAnsweringNow(roomId);
  const byId = useQuestionsById();
  const scoped = useRoomQuestions(roomId, live?.id ?? null);
  const meId = me?.id;
  const visible = useMemo(() => scoped.filter((q) => isPublic(q) || q.authorId === meId), [scoped, meId]);
  const upvotes = useUpvotes();
  if (!me) return null;

  const answering = answeringId ? byId[answeringId] : undefined;
  const highlighted = answering && isPublic(answering) ? answering : undefined;

  return (
    <section className="card qa" id="qa" aria-labelledby="qa-heading">
      <div className="section-head">
        <h2 id="qa-heading">{t('ask.questionsHeading')}</h2>
      </div>
      <p className="muted small qa-scope">{live ? t('ask.scopeFor', { title: live.title }) : t('ask.scopeAllShown')}</p>
      {highlighted && (
        <div className="qa-answering" aria-labelledby="qa-answering-heading">
          <h3 id="qa-answering-heading" className="qa-answering-heading">
            {t('ask.answeringNow')}
          </h3>
          <QuestionView q={highlighted} me={me} byId={byId} answering={answeringId} upvotes={upvotes} inHighlight />
        </div>
      )}
      <QuestionList key={`${roomId}|${live?.id ?? ''}`} questions={visible} me={me} byId={byId} answering={answeringId} upvotes={upvotes} />
    </section>
  );
}

/**
 * The question box of the room's live item, a section of its own: at 320-360 px beside the video it comes first,
 * the poll and the list of questions after it (a poll that opens then appears below it, not pushing it down).
 */
export function QaAsk({ roomId }: { roomId: string }) {
  const t = useT();
  const me = useMe();
  const room = useRoomQa(roomId);
  const live = useLiveItem(roomId);
  const byId = useQuestionsById();
  if (!me) return null;
  return (
    <section className="card qa qa-ask-card" id="ask-card" aria-labelledby="ask-heading">
      <h2 id="ask-heading">{t('ask.askHeading')}</h2>
      <p className="muted small qa-scope">{live ? t('ask.scopeFor', { title: live.title }) : t('ask.scopeToRoom')}</p>
      <AskForm roomId={roomId} me={me} live={live} premoderation={room.premoderation} byId={byId} />
    </section>
  );
}

// ---- ask ----------------------------------------------------------------------------------------------------

interface AskFormProps {
  roomId: string;
  me: Me;
  live: AgendaItem | null;
  premoderation: boolean;
  byId: Record<string, Question>;
}

function AskForm({ roomId, me, live, premoderation, byId }: AskFormProps) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const [target, setTarget] = useState('');
  // Worded at each render, so that a change of language rewords what is shown.
  const [error, setError] = useState<(() => string) | null>(null);
  const [sent, setSent] = useState<'pending' | 'published' | null>(null);
  const [sending, setSending] = useState(false);
  // The question just sent: the focus goes to it once it is in the list (its status is read out there), and
  // "waiting for the moderator" goes away once the moderator has dealt with it.
  const [sentId, setSentId] = useState<string | null>(null);
  const [focusSent, setFocusSent] = useState(false);
  const sentQuestion = sentId ? byId[sentId] : undefined;
  const sentStillPending = sentQuestion === undefined || sentQuestion.status === 'pending';
  const textarea = useRef<HTMLTextAreaElement>(null);
  const people = useMemo(() => peopleOf(live), [live]);
  // The live item changed and the chosen person is not on stage any more: to everyone.
  const to = people.includes(target) ? target : '';
  const length = text.trim().length;
  const over = text.length - LIMITS.questionMax;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (sending) return;
    setSent(null);
    setSentId(null);
    const fail = (message: () => string) => {
      setError(() => message);
      textarea.current?.focus();
    };
    if (length < LIMITS.questionMin) return fail(() => t('ask.tooShort', { min: LIMITS.questionMin }));
    if (text.trim().length > LIMITS.questionMax) return fail(() => t('ask.tooLong', { over, max: LIMITS.questionMax }));
    setError(null);
    setSending(true);
    const reply = await request('qa:ask', { roomId, text: text.trim(), target: to || null, anonymous: me.name ? anonymous : true });
    setSending(false);
    if (!reply.ok) return fail(() => askFailureText(reply));
    setText('');
    setSent(reply.status === 'pending' ? 'pending' : 'published');
    setSentId(reply.questionId);
    setFocusSent(true);
  }

  useEffect(() => {
    if (!focusSent || !sentId || !byId[sentId]) return;
    setFocusSent(false);
    // After the list's own layout pass (it re-sorts at once for one's own question).
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-question="${CSS.escape(sentId)}"]`)?.focus());
  }, [focusSent, sentId, byId]);

  // The waiting message was about a question the moderator has since approved (or not): it no longer holds.
  const sentKind = sent === 'pending' && sentId && !sentStillPending ? null : sent;
  const sentText = sentKind === 'pending' ? t('ask.sentPending') : sentKind === 'published' ? t('ask.sentPublished') : null;

  return (
    <form className="qa-ask" id="ask" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="ask-heading">
      <div className="field qa-field">
        {/* The count beside the label, not under the box: a line less above the Send button at 320-360 px. */}
        <div className="qa-field-head">
          <label htmlFor={`${id}-text`}>{t('ask.yourQuestion')}</label>
          <p id={`${id}-count`} className={over > 0 ? 'qa-count qa-count-over' : 'qa-count'}>
            {over > 0 ? t('ask.countOver', { over, max: LIMITS.questionMax }) : t('ask.count', { length: text.length, max: LIMITS.questionMax })}
          </p>
        </div>
        <textarea
          ref={textarea}
          id={`${id}-text`}
          className="input qa-textarea"
          rows={2}
          value={text}
          aria-invalid={error !== null || over > 0}
          aria-describedby={`${id}-count${premoderation ? ` ${id}-premod` : ''}${error ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            setText(e.target.value);
            setSent(null);
            setSentId(null);
            if (error) setError(null);
          }}
        />
      </div>
      {people.length > 0 && (
        <div className="field qa-field qa-field-inline">
          <label htmlFor={`${id}-to`}>
            {t('ask.to')} <span className="optional">{t('ask.optional')}</span>
          </label>
          <select id={`${id}-to`} className="input" value={to} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t('ask.everyone')}</option>
            {people.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      )}
      {me.name ? (
        <div className="qa-check">
          <input id={`${id}-anon`} type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} aria-describedby={`${id}-anon-hint`} />
          <label htmlFor={`${id}-anon`}>{t('ask.anonymously', { name: me.name })}</label>
          {/* The label says it when checked; unchecked, how the question will be signed. */}
          <span id={`${id}-anon-hint`} className="hint qa-check-hint">
            {anonymous ? '' : t('ask.shownAs', { name: me.name })}
          </span>
        </div>
      ) : (
        <p className="hint">{t('ask.noName')}</p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="field-error">
          {error()}
        </p>
      )}
      <div className="actions-row">
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? t('ask.sending') : t('ask.send')}
        </button>
        <p role="status" className="qa-sent">
          {sentText}
        </p>
      </div>
      {/* After the button, not above the box: the box stays on the first screen beside the video. */}
      {premoderation && (
        <p className="hint qa-premod" id={`${id}-premod`}>
          {t('ask.premoderation')}
        </p>
      )}
    </form>
  );
}

// ---- the list -----------------------------------------------------------------------------------------------

type Upvotes = ReturnType<typeof useUpvotes>;

/** Open questions first, then the answered ones, then the asker's own that were not published or merged. */
function groupOf(q: Question): number {
  if (q.mergedInto !== null || q.status === 'dismissed') return 2;
  return q.status === 'answered' ? 1 : 0;
}

function displayOrder(list: Question[], mode: SortMode, counts: Record<string, UpvoteCount>): string[] {
  const sorted = sortQuestions(list, mode, counts);
  return [0, 1, 2].flatMap((g) => sorted.filter((q) => groupOf(q) === g).map((q) => q.id));
}

/**
 * The order on screen lags the live order on purpose: questions from others and re-rankings are held until the
 * reader asks for them. A new room, item or sort mode, and the reader's own new question, re-sort at once.
 */
function useStableOrder(sortedIds: string[], isOwn: (id: string) => boolean, resetKey: string) {
  const [state, setState] = useState(() => ({ key: resetKey, order: sortedIds, arrived: 0 }));
  const stale = state.key !== resetKey;
  const known = new Set(stale ? sortedIds : state.order);
  const fresh = sortedIds.filter((id) => !known.has(id));
  const present = new Set(sortedIds);
  // Nothing on screen yet (the first view, or an empty list): nothing moves under the reader's eyes, so others'
  // questions are shown at once (and announced) rather than behind a "show" button over an empty list.
  const nothingShown = !state.order.some((id) => present.has(id));
  const adopt = !stale && nothingShown && fresh.length > 0;
  const reset = stale || fresh.some(isOwn) || adopt;
  const arrived = adopt ? state.arrived + fresh.filter((id) => !isOwn(id)).length : state.arrived;
  // Adjusting state while rendering (state derived from props): the new order is used in this render already.
  if (reset) setState({ key: resetKey, order: sortedIds, arrived: stale ? 0 : arrived });
  const order = reset ? sortedIds : state.order;
  const shown = order.filter((id) => present.has(id));
  const shownSet = new Set(shown);
  const reordered = !reset && shown.join('\n') !== sortedIds.filter((id) => shownSet.has(id)).join('\n');
  return {
    shown,
    newCount: reset ? 0 : fresh.length,
    /** How many questions of others came into an empty list and were shown at once (a running total: it changes on each). */
    arrived: stale ? 0 : arrived,
    reordered,
    apply: () => setState({ key: resetKey, order: sortedIds, arrived: state.arrived }),
  };
}

const SORT_MODES: readonly SortMode[] = ['popular', 'recent'];

const reducedMotion = () => typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

interface ListProps {
  questions: Question[];
  me: Me;
  byId: Record<string, Question>;
  /** The question highlighted as "answering now", while the highlight is current (shown above the list, not in it). */
  answering: string | null;
  upvotes: Upvotes;
}

function QuestionList({ questions, me, byId, answering, upvotes }: ListProps) {
  const t = useT();
  const id = useId();
  const [mode, setMode] = useState<SortMode>('popular');
  const counts = useUpvoteCounts();
  const sortedIds = useMemo(() => displayOrder(questions, mode, counts), [questions, mode, counts]);
  const authorOf = useMemo(() => new Map(questions.map((q) => [q.id, q.authorId])), [questions]);
  const { shown, newCount, arrived, reordered, apply } = useStableOrder(sortedIds, (qid) => authorOf.get(qid) === me.id, mode);
  const listRef = useRef<HTMLOListElement>(null);
  const items = useRef(new Map<string, HTMLLIElement>());
  const before = useRef<Map<string, number> | null>(null);
  const focusList = useRef(false);
  const [announcement, setAnnouncement] = useState('');

  // Announced after a short pause, so that a burst of questions is one announcement; a changed ranking once.
  const lastArrived = useRef(arrived);
  useEffect(() => {
    const came = arrived - lastArrived.current;
    lastArrived.current = arrived;
    const text = newCount > 0 ? newQuestionsText(newCount) : reordered ? t('ask.rankingChanged') : came > 0 ? t('ask.arrivedShown', { count: came }) : '';
    const timer = setTimeout(() => setAnnouncement(text), 800);
    return () => clearTimeout(timer);
  }, [newCount, reordered, arrived, t]);

  // A gentle re-order: every question glides from where it was; new ones fade in.
  useLayoutEffect(() => {
    const old = before.current;
    before.current = null;
    // The button that was pressed is gone: the focus goes to the list, which a screen reader reads out.
    if (focusList.current) {
      focusList.current = false;
      listRef.current?.focus();
    }
    if (!old || reducedMotion()) return;
    for (const [qid, el] of items.current) {
      const top = el.getBoundingClientRect().top;
      const was = old.get(qid);
      if (typeof el.animate !== 'function') continue;
      if (was === undefined) el.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 300, easing: 'ease-out' });
      else if (was !== top) el.animate([{ transform: `translateY(${was - top}px)` }, { transform: 'none' }], { duration: 300, easing: 'ease-out' });
    }
  }, [shown]);

  function show() {
    before.current = new Map([...items.current].map(([qid, el]) => [qid, el.getBoundingClientRect().top]));
    focusList.current = true;
    apply();
  }

  const listed = shown.filter((qid) => qid !== answering);
  const total = questions.filter((q) => isPublic(q)).length;

  return (
    <div className="qa-list-wrap">
      <div className="qa-toolbar">
        <h3 id={`${id}-title`}>
          <T id={'ask.allQuestions'} values={{ total }} components={{ 0: <span className="muted qa-total" /> }} />
        </h3>
        <fieldset className="qa-segmented">
          <legend className="sr-only">{t('ask.sortLegend')}</legend>
          {SORT_MODES.map((m) => (
            <label key={m} className="qa-segment">
              <input type="radio" name={`${id}-sort`} value={m} checked={mode === m} onChange={() => setMode(m)} />
              <span>{m === 'popular' ? t('ask.sortPopular') : t('ask.sortRecent')}</span>
            </label>
          ))}
        </fieldset>
      </div>
      {/* The slot keeps the list from shifting when the button comes and goes; an empty list has nothing to shift. */}
      {(listed.length > 0 || newCount > 0 || reordered) && (
        <div className="qa-updates">
          {newCount > 0 ? (
            <button type="button" className="button button-small qa-show-new" onClick={show}>
              {t('ask.showNew', { count: newCount })}
            </button>
          ) : reordered ? (
            <button type="button" className="button button-small qa-show-new" onClick={show}>
              {t('ask.resort')}
            </button>
          ) : null}
        </div>
      )}
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {listed.length === 0 ? (
        <p className="empty">{shown.length ? t('ask.emptyOthers') : newCount ? t('ask.emptyWaiting') : t('ask.empty')}</p>
      ) : (
        <ol ref={listRef} className="qa-list" tabIndex={-1} aria-label={mode === 'popular' ? t('ask.listPopular') : t('ask.listRecent')}>
          {listed.map((qid) => {
            const q = byId[qid];
            if (!q) return null;
            return (
              <li
                key={qid}
                className="qa-item"
                ref={(el) => {
                  if (el) items.current.set(qid, el);
                  else items.current.delete(qid);
                }}
              >
                <QuestionView q={q} me={me} byId={byId} answering={answering} upvotes={upvotes} />
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

// ---- one question -------------------------------------------------------------------------------------------

interface QuestionViewProps {
  q: Question;
  me: Me;
  byId: Record<string, Question>;
  /** The question highlighted as "answering now", while the highlight is current. */
  answering: string | null;
  upvotes: Upvotes;
  /** Shown under the "Answering now" heading: no badge saying it again. */
  inHighlight?: boolean;
}

function QuestionView({ q, me, byId, answering, upvotes, inHighlight = false }: QuestionViewProps) {
  const t = useT();
  const mine = q.authorId === me.id;
  const textId = `qa-text-${q.id}`;
  const merged = q.mergedInto !== null ? byId[q.mergedInto] : undefined;
  // The asker sees the count of their own question, but no button: nobody upvotes their own (Q19).
  const canVote = isPublic(q) && !mine;
  const ownCount = isPublic(q) && mine;
  const n = upvotes.count(q.id);
  const pressed = upvotes.mine.includes(q.id);
  // The attendee who asked it can take it back while it is not answered (Q21).
  const canWithdraw = mine && me.role === 'attendee' && q.mergedInto === null && (q.status === 'pending' || q.status === 'live');
  const root = useRef<HTMLDivElement>(null);
  const hasExtra = q.originalText !== null || q.mergedInto !== null || (q.status === 'dismissed' && mine) || q.reply !== null || canWithdraw;
  const badges = [
    !inHighlight && answering === q.id && q.mergedInto === null && (
      <Badge key="now" kind="now">
        {t('ask.answeringNow')}
      </Badge>
    ),
    q.status === 'answered' && q.mergedInto === null && (
      <Badge key="answered" kind="answered">
        {t('ask.badgeAnswered')}
      </Badge>
    ),
    q.status === 'pending' && q.mergedInto === null && (
      <Badge key="waiting" kind="waiting">
        {t('ask.badgeWaiting')}
      </Badge>
    ),
    q.status === 'dismissed' && q.mergedInto === null && (
      <Badge key="off" kind="off">
        {t('ask.badgeNotPublished')}
      </Badge>
    ),
    q.mergedInto !== null && (
      <Badge key="merged" kind="off">
        {t('ask.badgeMerged')}
      </Badge>
    ),
  ].filter(Boolean);

  return (
    <div ref={root} tabIndex={mine ? -1 : undefined} className={`qa-q${mine ? ' qa-q-mine' : ''}${answering === q.id ? ' qa-q-now' : ''}`} data-question={q.id}>
      <div className="qa-q-body">
        {badges.length > 0 && <p className="qa-badges">{badges}</p>}
        <p className="qa-q-text" id={textId}>
          {q.text}
        </p>
        <p className="qa-q-meta">
          <span>{authorText(q, me.id)}</span>
          {q.target && (
            <>
              <span aria-hidden="true"> · </span>
              <span className="sr-only">, </span>
              <span>{t('ask.toTarget', { target: q.target })}</span>
            </>
          )}
          <span aria-hidden="true"> · </span>
          <span className="sr-only">, {t('ask.askedAt')} </span>
          <AskedAt q={q} />
        </p>
      </div>
      {canVote && (
        <button
          type="button"
          className="qa-upvote"
          aria-pressed={pressed}
          aria-label={t('ask.upvoteLabel', { count: n })}
          aria-describedby={textId}
          onClick={() => void upvotes.toggle(q.id)}
        >
          <UpvoteIcon />
          <span className="qa-upvote-n">{n}</span>
        </button>
      )}
      {ownCount && (
        <p className="qa-upvote-own">
          <UpvoteIcon />
          <span className="qa-upvote-n" aria-hidden="true">
            {n}
          </span>
          <span className="sr-only">{upvotesText(n)}</span>
        </p>
      )}
      {hasExtra && (
        <div className="qa-q-extra">
          {q.originalText !== null && (
            <p className="qa-note">
              {t('ask.edited')}
              {mine && (
                <>
                  {' '}
                  <T id={'ask.yourOriginal'} values={{ text: q.originalText }} components={{ 0: <q className="qa-original" /> }} />
                </>
              )}
            </p>
          )}
          {q.mergedInto !== null && (
            <p className="qa-note">{merged ? <T id={'ask.mergedInto'} values={{ text: merged.text }} components={{ 0: <q /> }} /> : t('ask.mergedSimilar')}</p>
          )}
          {q.status === 'dismissed' && mine && <p className="qa-note">{t('ask.onlyYou')}</p>}
          {q.reply && (
            <div className="qa-reply">
              <p className="qa-reply-label">{t('ask.replyLabel')}</p>
              <p className="qa-reply-text">{q.reply.text}</p>
            </div>
          )}
          {canWithdraw && <Withdraw q={q} textId={textId} onDone={() => root.current?.focus()} />}
        </div>
      )}
    </div>
  );
}

/** The asker's "Withdraw", after a confirmation that takes the focus; done, the focus goes to the question (Q21). */
function Withdraw({ q, textId, onDone }: { q: Question; textId: string; onDone: () => void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<(() => string) | null>(null);
  const confirmButton = useFocusWhen<HTMLButtonElement>(confirming);
  const ask = useRef<HTMLButtonElement>(null);

  async function withdraw() {
    if (busy) return;
    setBusy(true);
    setError(null);
    const reply = await request('qa:withdraw', { questionId: q.id });
    setBusy(false);
    setConfirming(false);
    if (!reply.ok) {
      setError(() => () => failureText(reply));
      return;
    }
    onDone();
  }

  return (
    <div className="qa-withdraw">
      {confirming ? (
        <span className="confirm" role="group" aria-label={t('ask.confirmWithdrawLabel')}>
          <span className="confirm-q">{t('ask.confirmWithdraw')}</span>
          <button ref={confirmButton} type="button" className="button button-small button-danger" disabled={busy} onClick={() => void withdraw()}>
            {busy ? t('ask.withdrawing') : t('ask.yesWithdraw')}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setConfirming(false);
              // The button that asked comes back: the focus returns to it.
              setTimeout(() => ask.current?.focus(), 0);
            }}
          >
            {t('ask.cancel')}
          </button>
        </span>
      ) : (
        <button ref={ask} type="button" className="button button-small" aria-describedby={textId} onClick={() => setConfirming(true)}>
          {t('ask.withdraw')}
        </button>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error()}
        </p>
      )}
    </div>
  );
}
