import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { LIMITS } from '../../../../shared/limits';
import { sortQuestions, type Question, type RoomQa } from '../../../../shared/domain/qa';
import type { Reply } from '../../../../shared/protocol/errors';
import type { ModerationAction, UpvoteCount } from '../../../../shared/protocol/qa';
import { request, type EventName, type InputOf } from '../../net/connection';
import { AskedAt, Badge, CONFLICT_TEXT, authorText, failureText, upvotesText } from './common';
import { useLiveItem, useMe, useQuestionsById, useRoomQa, useRoomQuestions, useUpvoteCounts } from './selectors';
import './qa.css';

/**
 * The chair's moderation console for one room: incoming (pending, flagged ones marked), live, answered and
 * dismissed questions; approve, dismiss, restore, star, answer now, mark answered, reply, edit, merge; the
 * queue of questions to take; pre-moderation. Every change sends the revision the chair saw: a stale one is
 * refused with VERSION_CONFLICT and the chair is told, with the question's current state on screen.
 * Everything is a real button, so moderation works with the keyboard alone.
 */

type Tab = 'incoming' | 'live' | 'answered' | 'dismissed';
const TABS: { id: Tab; label: string; status: Question['status']; empty: string }[] = [
  { id: 'incoming', label: 'Incoming', status: 'pending', empty: 'No question is waiting for approval.' },
  { id: 'live', label: 'Live', status: 'live', empty: 'No published question yet.' },
  { id: 'answered', label: 'Answered', status: 'answered', empty: 'No question was marked answered yet.' },
  { id: 'dismissed', label: 'Dismissed', status: 'dismissed', empty: 'No question was dismissed.' },
];

function tabOf(q: Question): Tab {
  return TABS.find((t) => t.status === q.status)?.id ?? 'incoming';
}

function sortFor(tab: Tab, list: Question[], counts: Record<string, UpvoteCount>): Question[] {
  if (tab === 'live') return sortQuestions(list, 'popular', counts);
  if (tab === 'incoming') return [...list].sort((a, b) => a.createdAt - b.createdAt);
  return [...list].sort((a, b) => b.updatedAt - a.updatedAt);
}

/** "What a long question…" for a list option or a short mention. */
function excerpt(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

// ---- the calls ------------------------------------------------------------------------------------------------

interface Notice {
  /** The question it is about (shown with it), or null (the queue, the settings). */
  questionId: string | null;
  kind: 'conflict' | 'error';
  text: string;
}

function useModeration() {
  const [notice, setNotice] = useState<Notice | null>(null);
  const busy = useRef(new Set<string>());

  const run = useCallback(async <E extends EventName>(key: string, questionId: string | null, event: E, input: InputOf<E>): Promise<boolean> => {
    if (busy.current.has(key)) return false;
    busy.current.add(key);
    setNotice(null);
    const reply = (await request(event, input)) as Reply<object>;
    busy.current.delete(key);
    if (reply.ok) return true;
    if (reply.code === 'VERSION_CONFLICT') setNotice({ questionId, kind: 'conflict', text: questionId ? CONFLICT_TEXT : reply.message });
    else setNotice({ questionId, kind: 'error', text: failureText(reply) });
    return false;
  }, []);

  const moderate = useCallback((q: Question, action: ModerationAction) => run(`${q.id}/${action}`, q.id, 'qa:moderate', { questionId: q.id, rev: q.rev, action }), [run]);

  return { notice, setNotice, run, moderate };
}
type Moderation = ReturnType<typeof useModeration>;

/**
 * The room's queue as the chair wants it. A change is shown at once and sent with the room's revision; further
 * moves made before the server confirmed it are sent once it has (each needs the revision the last one made),
 * so quick key presses are never lost.
 */
function useQueue(room: RoomQa, byId: Record<string, Question>, mod: Moderation) {
  const [desired, setDesired] = useState<string[] | null>(null);
  /** The room revision the last change was sent with, until the room moves on from it. */
  const sentWith = useRef<number | null>(null);
  const takeable = useCallback((ids: string[]) => ids.filter((qid) => byId[qid]?.status === 'live' && byId[qid]?.mergedInto === null), [byId]);
  const queue = useMemo(() => takeable(desired ?? room.queue), [takeable, desired, room.queue]);

  useEffect(() => {
    if (!desired || sentWith.current === room.rev) return;
    const next = takeable(desired);
    if (next.join() === room.queue.join()) {
      sentWith.current = null;
      setDesired(null);
      return;
    }
    sentWith.current = room.rev;
    void mod.run(`queue@${room.rev}`, null, 'qa:queue', { roomId: room.roomId, rev: room.rev, queue: next }).then((ok) => {
      if (ok) return;
      sentWith.current = null;
      setDesired(null);
    });
  }, [desired, room, takeable, mod]);

  return { queue, set: setDesired };
}
export type Queue = ReturnType<typeof useQueue>;

// ---- the console ----------------------------------------------------------------------------------------------

export function QaConsole({ roomId }: { roomId: string }) {
  const id = useId();
  const me = useMe();
  const room = useRoomQa(roomId);
  const live = useLiveItem(roomId);
  const [allItems, setAllItems] = useState(false);
  const scoped = useRoomQuestions(roomId, live?.id ?? null, allItems);
  const byId = useQuestionsById();
  const counts = useUpvoteCounts();
  const [tab, setTab] = useState<Tab>('incoming');
  const mod = useModeration();
  const queue = useQueue(room, byId, mod);
  const tabs = useRef(new Map<Tab, HTMLButtonElement>());

  const byTab = useMemo(() => {
    const map = new Map<Tab, Question[]>(TABS.map((t) => [t.id, []]));
    for (const q of scoped) if (q.mergedInto === null) map.get(tabOf(q))?.push(q);
    for (const t of TABS) map.set(t.id, sortFor(t.id, map.get(t.id) ?? [], counts));
    return map;
  }, [scoped, counts]);
  /** Questions another can be merged into: published ones of the room, not merged away. */
  const mergeTargets = useMemo(() => scoped.filter((q) => q.mergedInto === null && (q.status === 'live' || q.status === 'answered')), [scoped]);

  if (!me) return null;
  const list = byTab.get(tab) ?? [];
  const answering = room.answering ? byId[room.answering] : undefined;
  const noticeQ = mod.notice?.questionId ? byId[mod.notice.questionId] : undefined;
  // A notice about a question shown in the current list is shown with it; else here, at the top.
  const noticeHere = mod.notice && !(noticeQ && noticeQ.mergedInto === null && tabOf(noticeQ) === tab && list.includes(noticeQ));

  function onTabKey(e: KeyboardEvent<HTMLDivElement>) {
    const index = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (index + 1) % TABS.length : e.key === 'ArrowLeft' ? (index - 1 + TABS.length) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    const target = TABS[next];
    if (!target) return;
    e.preventDefault();
    setTab(target.id);
    tabs.current.get(target.id)?.focus();
  }

  return (
    <section className="card qa qa-console" id="qa" aria-labelledby="qa-heading">
      <div className="section-head">
        <h2 id="qa-heading">Q&amp;A moderation</h2>
        <PremoderationSwitch room={room} mod={mod} />
      </div>
      <div className="qa-scope-row">
        <p className="muted small">{live ? <>Questions for {live.title}</> : <>Nothing is live in this room: all its questions are shown.</>}</p>
        {live && (
          <div className="qa-check">
            <input id={`${id}-all`} type="checkbox" checked={allItems} onChange={(e) => setAllItems(e.target.checked)} />
            <label htmlFor={`${id}-all`}>Include earlier sessions</label>
          </div>
        )}
      </div>

      {noticeHere && mod.notice && (
        <div role="alert" className={`alert ${mod.notice.kind === 'conflict' ? 'alert-info' : 'alert-error'} alert-dismissible qa-notice`}>
          <p>
            {mod.notice.text}
            {noticeQ && (
              <>
                {' '}
                <q>{excerpt(noticeQ.text, 60)}</q>
                {noticeQ.mergedInto === null ? <> is now in {TABS.find((t) => t.id === tabOf(noticeQ))?.label}.</> : <> was merged into another question.</>}
              </>
            )}
          </p>
          <span className="actions-row">
            {noticeQ && noticeQ.mergedInto === null && tabOf(noticeQ) !== tab && (
              <button type="button" className="button button-small" onClick={() => setTab(tabOf(noticeQ))}>
                Show it
              </button>
            )}
            <button type="button" className="button button-small button-quiet" onClick={() => mod.setNotice(null)}>
              Dismiss
            </button>
          </span>
        </div>
      )}

      <AnsweringNow room={room} answering={answering} counts={counts} mod={mod} />
      <QueuePanel room={room} byId={byId} scoped={scoped} counts={counts} mod={mod} queue={queue} />

      <div className="qa-tabs" role="tablist" aria-label="Questions by status" onKeyDown={onTabKey}>
        {TABS.map((t) => {
          const n = byTab.get(t.id)?.length ?? 0;
          return (
            <button
              key={t.id}
              ref={(el) => {
                if (el) tabs.current.set(t.id, el);
                else tabs.current.delete(t.id);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${t.id}`}
              aria-selected={t.id === tab}
              aria-controls={`${id}-panel`}
              tabIndex={t.id === tab ? 0 : -1}
              className="qa-tab"
              onClick={() => setTab(t.id)}
            >
              {t.label} <span className="qa-tab-n">({n})</span>
            </button>
          );
        })}
      </div>
      <ModList
        key={tab}
        panelId={`${id}-panel`}
        labelledBy={`${id}-tab-${tab}`}
        empty={TABS.find((t) => t.id === tab)?.empty ?? ''}
        list={list}
        room={room}
        counts={counts}
        mod={mod}
        meId={me.id}
        mergeTargets={mergeTargets}
        queue={queue}
      />
    </section>
  );
}

function PremoderationSwitch({ room, mod }: { room: RoomQa; mod: Moderation }) {
  const id = useId();
  return (
    <div className="qa-switch">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={room.premoderation}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void mod.run('settings', null, 'qa:settings', { roomId: room.roomId, premoderation: e.target.checked })}
      />
      <label htmlFor={id}>Pre-moderation</label>
      <span id={`${id}-hint`} className="hint">
        {room.premoderation ? 'New questions wait for your approval.' : 'New questions are published at once (flagged ones still wait).'}
      </span>
    </div>
  );
}

// ---- answering now and the queue ------------------------------------------------------------------------------

function AnsweringNow({ room, answering, counts, mod }: { room: RoomQa; answering: Question | undefined; counts: Record<string, UpvoteCount>; mod: Moderation }) {
  const textId = useId();
  const byId = useQuestionsById();
  const next = room.queue.map((qid) => byId[qid]).find((q): q is Question => !!q && q.status === 'live' && q.mergedInto === null);
  return (
    <div className="qa-console-now" aria-labelledby={`${textId}-h`} role="group">
      <h3 id={`${textId}-h`}>Answering now</h3>
      {answering ? (
        <>
          <p className="qa-q-text qa-now-text" id={textId}>
            {answering.text}
          </p>
          <p className="qa-q-meta">
            {authorText(answering, undefined)}
            {answering.target && <> · to {answering.target}</>} · {upvotesText(counts[answering.id]?.n ?? 0)}
          </p>
          <div className="qa-actions">
            {answering.status === 'live' && (
              <button type="button" className="button button-small button-primary" aria-describedby={textId} onClick={() => void mod.moderate(answering, 'answered')}>
                Mark answered
              </button>
            )}
            <button type="button" className="button button-small" aria-describedby={textId} onClick={() => void mod.run('answerNow', answering.id, 'qa:answerNow', { roomId: room.roomId, questionId: null })}>
              Stop highlighting
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">No question is highlighted. “Answer now” on a question shows it to everybody and on the present view.</p>
          {next && (
            <div className="qa-actions">
              <button
                type="button"
                className="button button-small button-primary"
                aria-describedby={`${textId}-next`}
                onClick={() => void mod.run('answerNow', next.id, 'qa:answerNow', { roomId: room.roomId, questionId: next.id })}
              >
                Answer the next in the queue
              </button>
              <span className="muted small" id={`${textId}-next`}>
                {excerpt(next.text)}
              </span>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function QueuePanel({ room, byId, scoped, counts, mod, queue: q }: { room: RoomQa; byId: Record<string, Question>; scoped: Question[]; counts: Record<string, UpvoteCount>; mod: Moderation; queue: Queue }) {
  const id = useId();
  const queue = q.queue;
  const starred = sortQuestions(
    scoped.filter((x) => x.starred && x.status === 'live' && x.mergedInto === null && !queue.includes(x.id)),
    'popular',
    counts,
  );
  const save = (next: string[]) => q.set(next);
  function move(index: number, by: -1 | 1) {
    const to = index + by;
    if (to < 0 || to >= queue.length) return;
    const next = [...queue];
    [next[index], next[to]] = [next[to]!, next[index]!];
    save(next);
  }

  return (
    <div className="qa-queue" role="group" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        Queue <span className="muted qa-total">({queue.length})</span>
      </h3>
      {queue.length === 0 ? (
        <p className="muted small">No question is queued. Add live questions to plan the order you take them in.</p>
      ) : (
        <ol className="qa-queue-list">
          {queue.map((qid, i) => {
            const item = byId[qid]!;
            const textId = `${id}-q-${qid}`;
            return (
              <li key={qid} className="qa-queue-item">
                <p className="qa-queue-text">
                  <span id={textId}>{item.text}</span> <span className="muted small">· {upvotesText(counts[qid]?.n ?? 0)}</span>
                </p>
                <div className="qa-actions">
                  <ArrowButton label="Move up" disabled={i === 0} describedBy={textId} onClick={() => move(i, -1)} />
                  <ArrowButton label="Move down" disabled={i === queue.length - 1} describedBy={textId} onClick={() => move(i, 1)} />
                  <button type="button" className="button button-small" aria-describedby={textId} onClick={() => void mod.run('answerNow', qid, 'qa:answerNow', { roomId: room.roomId, questionId: qid })}>
                    Answer now
                  </button>
                  <button type="button" className="button button-small button-quiet" aria-describedby={textId} onClick={() => save(queue.filter((x) => x !== qid))}>
                    Remove from queue
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {starred.length > 0 && (
        <div className="qa-starred">
          <h4 id={`${id}-starred`}>Starred, not queued</h4>
          <ul className="qa-queue-list" aria-labelledby={`${id}-starred`}>
            {starred.map((s) => (
              <li key={s.id} className="qa-queue-item">
                <p className="qa-queue-text">
                  <span id={`${id}-s-${s.id}`}>{s.text}</span> <span className="muted small">· {upvotesText(counts[s.id]?.n ?? 0)}</span>
                </p>
                <div className="qa-actions">
                  <button type="button" className="button button-small" aria-describedby={`${id}-s-${s.id}`} onClick={() => save([...queue, s.id])}>
                    Add to queue
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Stays focusable at the ends of the list (aria-disabled, not disabled), so the keyboard focus is never lost. */
function ArrowButton({ label, disabled, describedBy, onClick }: { label: string; disabled: boolean; describedBy: string; onClick: () => void }) {
  return (
    <button type="button" className="button button-small" aria-disabled={disabled || undefined} aria-describedby={describedBy} onClick={() => !disabled && onClick()}>
      <span aria-hidden="true">{label === 'Move up' ? '↑' : '↓'}</span> {label}
    </button>
  );
}

// ---- the list of a tab ----------------------------------------------------------------------------------------

interface ModListProps {
  panelId: string;
  labelledBy: string;
  empty: string;
  list: Question[];
  room: RoomQa;
  counts: Record<string, UpvoteCount>;
  mod: Moderation;
  meId: string;
  mergeTargets: Question[];
  queue: Queue;
}

function ModList({ panelId, labelledBy, empty, list, room, counts, mod, meId, mergeTargets, queue }: ModListProps) {
  const panel = useRef<HTMLDivElement>(null);
  const articles = useRef(new Map<string, HTMLElement>());
  /** Where the keyboard focus was in this list, so that it lands on the neighbour when that question leaves. */
  const lastFocus = useRef<{ id: string; index: number } | null>(null);
  const ids = useMemo(() => list.map((q) => q.id), [list]);

  useEffect(() => {
    const last = lastFocus.current;
    if (!last) return;
    const index = ids.indexOf(last.id);
    if (index >= 0) {
      last.index = index;
      return;
    }
    lastFocus.current = null;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const neighbour = ids[Math.min(last.index, ids.length - 1)];
    (neighbour ? articles.current.get(neighbour) : panel.current)?.focus();
  }, [ids]);

  return (
    <div
      ref={panel}
      role="tabpanel"
      id={panelId}
      aria-labelledby={labelledBy}
      tabIndex={-1}
      className="qa-panel"
      onFocus={(e) => {
        const article = (e.target as HTMLElement).closest<HTMLElement>('[data-question]');
        const qid = article?.dataset.question;
        if (qid) lastFocus.current = { id: qid, index: ids.indexOf(qid) };
      }}
    >
      {list.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="qa-mod-list">
          {list.map((q) => (
            <li key={q.id}>
              <ModQuestion
                q={q}
                room={room}
                count={counts[q.id]?.n ?? 0}
                mod={mod}
                meId={meId}
                targets={mergeTargets}
                queue={queue}
                articleRef={(el) => {
                  if (el) articles.current.set(q.id, el);
                  else articles.current.delete(q.id);
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// ---- one question ---------------------------------------------------------------------------------------------

type Form = 'reply' | 'edit' | 'merge';

interface ModQuestionProps {
  q: Question;
  room: RoomQa;
  count: number;
  mod: Moderation;
  meId: string;
  targets: Question[];
  queue: Queue;
  articleRef: (el: HTMLElement | null) => void;
}

function ModQuestion({ q, room, count, mod, meId, targets, queue: qq, articleRef }: ModQuestionProps) {
  const textId = `qa-mod-text-${q.id}`;
  const [form, setForm] = useState<Form | null>(null);
  const toggles = useRef(new Map<Form, HTMLButtonElement>());
  const queued = qq.queue.indexOf(q.id);
  const now = room.answering === q.id;
  const notice = mod.notice?.questionId === q.id ? mod.notice : null;
  const others = targets.filter((t) => t.id !== q.id);

  const close = (which: Form) => {
    setForm(null);
    // Back to the button that opened the form (after React has rendered it again).
    requestAnimationFrame(() => toggles.current.get(which)?.focus());
  };
  const toggleRef = (which: Form) => (el: HTMLButtonElement | null) => {
    if (el) toggles.current.set(which, el);
    else toggles.current.delete(which);
  };
  const act = (action: ModerationAction) => () => void mod.moderate(q, action);
  const button = (label: ReactNode, onClick: () => void, variant = '') => (
    <button type="button" className={`button button-small ${variant}`} aria-describedby={textId} onClick={onClick}>
      {label}
    </button>
  );
  const formToggle = (which: Form, label: string) => (
    <button
      type="button"
      ref={toggleRef(which)}
      className="button button-small"
      aria-expanded={form === which}
      aria-controls={form === which ? `qa-form-${which}-${q.id}` : undefined}
      aria-describedby={textId}
      onClick={() => setForm(form === which ? null : which)}
    >
      {label}
    </button>
  );

  const answerNow = () => void mod.run(`${q.id}/answerNow`, q.id, 'qa:answerNow', { roomId: room.roomId, questionId: now ? null : q.id });
  const queue = () => qq.set(queued >= 0 ? qq.queue.filter((x) => x !== q.id) : [...qq.queue, q.id]);
  const star = (
    <button type="button" className="button button-small" aria-pressed={q.starred} aria-describedby={textId} onClick={act(q.starred ? 'unstar' : 'star')}>
      <span aria-hidden="true" className="qa-star">
        {q.starred ? '★' : '☆'}
      </span>{' '}
      Star
    </button>
  );

  return (
    <article ref={articleRef} className={`qa-mod${now ? ' qa-q-now' : ''}`} data-question={q.id} tabIndex={-1} aria-labelledby={textId}>
      <div className="qa-badges">
        {now && <Badge kind="now">Answering now</Badge>}
        {q.flagged && <Badge kind="flagged">Flagged by the filter</Badge>}
        {q.starred && <Badge kind="star">Starred</Badge>}
        {queued >= 0 && <Badge kind="queue">In queue: {queued + 1}</Badge>}
        {q.mergedFrom.length > 0 && <Badge kind="info">{q.mergedFrom.length === 1 ? '1 merged question' : `${q.mergedFrom.length} merged questions`}</Badge>}
      </div>
      <p className="qa-q-text" id={textId}>
        {q.text}
      </p>
      <p className="qa-q-meta">
        <span>{authorText(q, meId)}</span>
        {q.target && (
          <>
            <span aria-hidden="true"> · </span>
            <span className="sr-only">, </span>
            <span>to {q.target}</span>
          </>
        )}
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, </span>
        <AskedAt q={q} />
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, </span>
        <strong className="qa-count-n">{upvotesText(count)}</strong>
      </p>
      {q.originalText !== null && (
        <p className="qa-note">
          Edited. Original: <q className="qa-original">{q.originalText}</q>
        </p>
      )}
      {q.reply && (
        <div className="qa-reply">
          <p className="qa-reply-label">Reply (public)</p>
          <p className="qa-reply-text">{q.reply.text}</p>
        </div>
      )}
      {notice && (
        <div role="alert" className={`alert ${notice.kind === 'conflict' ? 'alert-info' : 'alert-error'} qa-notice`}>
          <p>{notice.text}</p>
        </div>
      )}

      <div className="qa-actions" role="group" aria-label="Moderation">
        {q.status === 'pending' && (
          <>
            {button('Approve', act('approve'), 'button-primary')}
            {button('Dismiss', act('dismiss'))}
            {star}
            {formToggle('edit', 'Edit')}
            {formToggle('merge', 'Merge into…')}
          </>
        )}
        {q.status === 'live' && (
          <>
            {button(now ? 'Stop highlighting' : 'Answer now', answerNow, now ? 'button-live-action' : 'button-primary')}
            {button('Mark answered', act('answered'))}
            {button(queued >= 0 ? 'Remove from queue' : 'Add to queue', queue)}
            {star}
            {formToggle('reply', q.reply ? 'Edit reply' : 'Reply')}
            {formToggle('edit', 'Edit')}
            {formToggle('merge', 'Merge into…')}
            {button('Dismiss', act('dismiss'), 'button-quiet')}
          </>
        )}
        {q.status === 'answered' && (
          <>
            {button('Reopen', act('reopen'))}
            {now && button('Stop highlighting', answerNow)}
            {formToggle('reply', q.reply ? 'Edit reply' : 'Reply')}
            {formToggle('edit', 'Edit')}
            {button('Dismiss', act('dismiss'), 'button-quiet')}
          </>
        )}
        {q.status === 'dismissed' && (
          <>
            {button('Restore', act('restore'), 'button-primary')}
            {formToggle('edit', 'Edit')}
          </>
        )}
      </div>

      {form === 'reply' && (
        <TextForm
          id={`qa-form-reply-${q.id}`}
          label="Reply, shown to everybody"
          initial={q.reply?.text ?? ''}
          min={0}
          max={LIMITS.replyMax}
          submitLabel="Publish reply"
          removeLabel={q.reply ? 'Remove reply' : undefined}
          onSubmit={async (text) => (await mod.run(`${q.id}/reply`, q.id, 'qa:reply', { questionId: q.id, rev: q.rev, text })) && close('reply')}
          onCancel={() => close('reply')}
        />
      )}
      {form === 'edit' && (
        <TextForm
          id={`qa-form-edit-${q.id}`}
          label="Question text (the asker is told, and sees the original)"
          initial={q.text}
          min={LIMITS.questionMin}
          max={LIMITS.questionMax}
          submitLabel="Save text"
          onSubmit={async (text) => (await mod.run(`${q.id}/edit`, q.id, 'qa:edit', { questionId: q.id, rev: q.rev, text })) && close('edit')}
          onCancel={() => close('edit')}
        />
      )}
      {form === 'merge' && (
        <MergeForm
          id={`qa-form-merge-${q.id}`}
          others={others}
          onSubmit={async (into) => (await mod.run(`${q.id}/merge`, q.id, 'qa:merge', { questionId: q.id, rev: q.rev, intoId: into.id, intoRev: into.rev })) && close('merge')}
          onCancel={() => close('merge')}
        />
      )}
    </article>
  );
}

interface TextFormProps {
  id: string;
  label: string;
  initial: string;
  min: number;
  max: number;
  submitLabel: string;
  removeLabel?: string | undefined;
  onSubmit: (text: string) => Promise<unknown>;
  onCancel: () => void;
}

/** Reply or edit inline: Escape cancels; the text is checked against the limits before it is sent. */
function TextForm({ id, label, initial, min, max, submitLabel, removeLabel, onSubmit, onCancel }: TextFormProps) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    area.current?.focus();
    area.current?.setSelectionRange(area.current.value.length, area.current.value.length);
  }, []);

  function submit(e: FormEvent, value = text) {
    e.preventDefault();
    const trimmed = value.trim();
    if (min > 0 && trimmed.length < min) return setError(`At least ${min} characters.`);
    if (trimmed.length > max) return setError(`At most ${max} characters (${trimmed.length - max} too many).`);
    setError(null);
    void onSubmit(trimmed);
  }

  return (
    <form
      id={id}
      className="qa-inline-form"
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div className="field qa-field">
        <label htmlFor={`${id}-text`}>{label}</label>
        <textarea
          ref={area}
          id={`${id}-text`}
          className="input qa-textarea"
          rows={3}
          value={text}
          aria-invalid={error !== null}
          aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={`${id}-count`} className={text.length > max ? 'qa-count qa-count-over' : 'qa-count'}>
          {text.length} of {max} characters
        </p>
        {error && (
          <p id={`${id}-error`} role="alert" className="field-error">
            {error}
          </p>
        )}
      </div>
      <div className="actions-row">
        <button type="submit" className="button button-small button-primary">
          {submitLabel}
        </button>
        {removeLabel && (
          <button type="button" className="button button-small button-danger" onClick={(e) => submit(e, '')}>
            {removeLabel}
          </button>
        )}
        <button type="button" className="button button-small button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function MergeForm({ id, others, onSubmit, onCancel }: { id: string; others: Question[]; onSubmit: (into: Question) => Promise<unknown>; onCancel: () => void }) {
  const [into, setInto] = useState(others[0]?.id ?? '');
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => select.current?.focus(), []);
  const target = others.find((o) => o.id === into) ?? others[0];
  return (
    <form
      id={id}
      className="qa-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (target) void onSubmit(target);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      {others.length === 0 ? (
        <p className="muted">There is no other published question in this room to merge it into.</p>
      ) : (
        <div className="field qa-field">
          <label htmlFor={`${id}-into`}>Merge into</label>
          <select ref={select} id={`${id}-into`} className="input" value={target?.id ?? ''} onChange={(e) => setInto(e.target.value)} aria-describedby={`${id}-hint`}>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {excerpt(o.text)}
              </option>
            ))}
          </select>
          <p id={`${id}-hint`} className="hint">
            Upvotes are combined (nobody counts twice); the asker sees where their question went.
          </p>
        </div>
      )}
      <div className="actions-row">
        {others.length > 0 && (
          <button type="submit" className="button button-small button-primary">
            Merge
          </button>
        )}
        <button type="button" className="button button-small button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
