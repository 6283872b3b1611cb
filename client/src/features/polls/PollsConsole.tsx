import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { resultsVisible } from '../../../../shared/domain/polls';
import type { Poll, PollAction } from '../../../../shared/protocol/polls';
import type { Failure } from '../../../../shared/protocol/errors';
import { request } from '../../net/connection';
import { describeFailure } from '../../lib/failures';
import { localClock } from '../../lib/time';
import { useFocusWhen } from '../../lib/useFocusWhen';
import { useApp } from '../../state/store';
import type { MessageKey } from '../../../../shared/locales/catalogue';
import { useLanguage, useT } from '../../i18n/useT';
import { ATTENDEE, TYPE_KEYS, useItemTitles, useRoomPolls } from './common';
import { consoleFailureText } from './consoleFailure';
import { PollEditor } from './PollEditor';
import { PollResultsView } from './PollResults';
import { currentLinkToken } from '../../lib/linkToken';
import './polls.css';

/**
 * The chair's polls of a room: open ones first, then the drafts (those of the live item first), then the closed
 * ones. Launch in one click; close, reopen, reveal or hide results, show or hide open-text answers, delete with a
 * confirmation, export the results as CSV; a form for a new poll and for editing a draft. Staff always see tallies.
 */
export function PollsConsole({ roomId }: { roomId: string }) {
  const t = useT();
  const polls = useRoomPolls(roomId);
  const liveItemId = useApp((s) => s.agenda?.live[roomId]?.itemId ?? null);
  const [creating, setCreating] = useState(false);
  /** A poll to focus once it shows in the expected state (it moves between the groups, which loses the focus). */
  const [focusPoll, setFocusPoll] = useState<{ id: string; status: Poll['status'] | null } | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const headingId = useId();

  const groups = useMemo(() => {
    const open = polls.filter((p) => p.status === 'open').sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
    const drafts = polls
      .filter((p) => p.status === 'draft')
      .sort(
        (a, b) => Number(b.itemId === liveItemId && liveItemId !== null) - Number(a.itemId === liveItemId && liveItemId !== null) || a.createdAt - b.createdAt,
      );
    const closed = polls.filter((p) => p.status === 'closed').sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
    return [
      { key: 'open', title: 'pollsConsole.groupOpen', polls: open, empty: 'pollsConsole.noneOpen' },
      { key: 'draft', title: 'pollsConsole.groupDrafts', polls: drafts, empty: 'pollsConsole.noDrafts' },
      { key: 'closed', title: 'pollsConsole.groupClosed', polls: closed, empty: null },
    ] satisfies { key: string; title: MessageKey; polls: Poll[]; empty: MessageKey | null }[];
  }, [polls, liveItemId]);

  useEffect(() => {
    if (!focusPoll) return;
    const poll = polls.find((p) => p.id === focusPoll.id);
    if (!poll) {
      // Deleted: the focus goes to "New poll".
      if (focusPoll.status === null) {
        newButton.current?.focus();
        setFocusPoll(null);
      }
      return;
    }
    if (focusPoll.status && poll.status !== focusPoll.status) return;
    document.querySelector<HTMLElement>(`[data-poll-console="${CSS.escape(focusPoll.id)}"]`)?.focus();
    setFocusPoll(null);
  }, [focusPoll, polls]);

  return (
    <section className="card polls-console" id="polls" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{t('pollsConsole.heading')}</h2>
        {!creating && (
          <button type="button" ref={newButton} className="button button-small" onClick={() => setCreating(true)}>
            {t('pollsConsole.newPoll')}
          </button>
        )}
      </div>
      {creating && (
        <PollEditor
          roomId={roomId}
          onDone={(pollId) => {
            setCreating(false);
            if (pollId) setFocusPoll({ id: pollId, status: 'draft' });
            else setTimeout(() => newButton.current?.focus());
          }}
        />
      )}
      {groups.map((g) =>
        g.polls.length || g.empty ? (
          <div key={g.key} className="polls-group">
            <h3 className="polls-group-title">
              {t(g.title)} <span className="polls-group-count">({g.polls.length})</span>
            </h3>
            {g.polls.length ? (
              <ul className="polls-list">
                {g.polls.map((p) => (
                  <li key={p.id}>
                    <ConsolePoll poll={p} liveItemId={liveItemId} onMoved={(status) => setFocusPoll({ id: p.id, status })} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">{g.empty && t(g.empty)}</p>
            )}
          </div>
        ) : null,
      )}
    </section>
  );
}

const DONE: Partial<Record<PollAction, MessageKey>> = {
  launch: 'pollsConsole.doneLaunch',
  close: 'pollsConsole.doneClose',
  reopen: 'pollsConsole.doneReopen',
  reveal: 'pollsConsole.doneReveal',
  hide: 'pollsConsole.doneHide',
  showAnswers: 'pollsConsole.doneShowAnswers',
  hideAnswers: 'pollsConsole.doneHideAnswers',
  delete: 'pollsConsole.doneDelete',
};

const MOVES: Partial<Record<PollAction, Poll['status'] | null>> = { launch: 'open', close: 'closed', reopen: 'open', delete: null };

interface ConsolePollProps {
  poll: Poll;
  liveItemId: string | null;
  /** After an action that moves the poll to another group (or deletes it: null), to put the focus back. */
  onMoved: (status: Poll['status'] | null) => void;
}

function ConsolePoll({ poll, liveItemId, onMoved }: ConsolePollProps) {
  const t = useT();
  const language = useLanguage();
  const tally = useApp((s) => s.polls.tallies[poll.id]);
  const toast = useApp((s) => s.toast);
  const eventId = useApp((s) => s.session.event?.id ?? '');
  const eventCode = useApp((s) => s.session.event?.code ?? 'event');
  const titles = useItemTitles(poll.roomId);
  const [busy, setBusy] = useState<PollAction | 'export' | 'discount' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useFocusWhen<HTMLButtonElement>(confirming);
  const [editing, setEditing] = useState(false);
  const [refocus, setRefocus] = useState(false);
  const articleRef = useRef<HTMLElement>(null);
  const questionId = useId();
  const answers = useOpenAnswers(poll, tally?.tick ?? 0);

  async function act(action: PollAction) {
    setBusy(action);
    setError(null);
    const reply = await request('poll:control', { pollId: poll.id, action });
    setBusy(null);
    setConfirming(false);
    if (!reply.ok) return setError(consoleFailureText(reply, t));
    const done = DONE[action];
    if (done) toast('info', t(done));
    const moved = MOVES[action];
    if (moved !== undefined) onMoved(moved);
  }

  async function discount(on: boolean) {
    setBusy('discount');
    setError(null);
    const reply = await request('poll:discount', { pollId: poll.id, discount: on });
    setBusy(null);
    if (!reply.ok) setError(consoleFailureText(reply, t));
  }

  useEffect(() => {
    if (refocus && !editing) {
      articleRef.current?.focus();
      setRefocus(false);
    }
  }, [refocus, editing]);

  async function exportCsv() {
    setBusy('export');
    setError(null);
    try {
      // The chair's link token (kept by this tab when the page opened) authorises the download.
      const token = currentLinkToken() ?? '';
      const res = await fetch(
        `/api/events/${encodeURIComponent(eventId)}/polls/${encodeURIComponent(poll.id)}/results.csv?lang=${encodeURIComponent(language)}`,
        {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/csv' },
        },
      );
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as Failure | null;
        throw new Error(body?.code ? describeFailure(body) : t('pollsConsole.serverAnswered', { status: res.status }));
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName(eventCode, poll);
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    } catch (e) {
      setError(e instanceof TypeError ? t('pollsConsole.unreachable') : t('pollsConsole.exportFailed', { detail: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  }

  if (editing) {
    return (
      <div className="poll-console poll-console-editing">
        <PollEditor
          roomId={poll.roomId}
          poll={poll}
          onDone={() => {
            setEditing(false);
            setRefocus(true);
          }}
        />
      </div>
    );
  }

  const itemTitle = poll.itemId ? titles.get(poll.itemId) : undefined;
  const attendeesSee = poll.status !== 'draft' && resultsVisible(poll, ATTENDEE);
  const visibilityLine: MessageKey =
    poll.status === 'draft'
      ? (
          {
            live: 'pollsConsole.willSeeLive',
            closed: 'pollsConsole.willSeeClosed',
            reveal: 'pollsConsole.willSeeReveal',
          } as const
        )[poll.visibility]
      : attendeesSee
        ? 'pollsConsole.attendeesSee'
        : poll.visibility === 'closed'
          ? 'pollsConsole.hiddenUntilClosed'
          : 'pollsConsole.hiddenUntilRevealed';
  const canToggleResults = poll.status !== 'draft' && (poll.visibility === 'reveal' || (poll.visibility === 'closed' && poll.status === 'open'));

  return (
    <article
      ref={articleRef}
      className={`poll-console poll-${poll.status}`}
      data-poll={poll.id}
      data-poll-console={poll.id}
      tabIndex={-1}
      aria-labelledby={questionId}
    >
      <p className="poll-meta">
        <span className={`poll-status poll-status-${poll.status}`}>
          {t(poll.status === 'draft' ? 'pollsConsole.statusDraft' : poll.status === 'open' ? 'pollsConsole.statusOpen' : 'pollsConsole.statusClosed')}
        </span>
        <span className="poll-type">{t(TYPE_KEYS[poll.type])}</span>
        {poll.itemId && poll.itemId === liveItemId && <span className="poll-live-item">{t('pollsConsole.forLiveItem')}</span>}
      </p>
      <h4 id={questionId} className="poll-question">
        {poll.question}
      </h4>
      {itemTitle && <p className="poll-note">{t('pollsConsole.forItem', { title: itemTitle })}</p>}
      {poll.status === 'draft' && poll.options.length > 0 && (
        <ul className="poll-draft-options">
          {poll.options.map((o) => (
            <li key={o.id}>{o.label}</li>
          ))}
        </ul>
      )}
      {poll.status === 'draft' && poll.type === 'rating' && poll.scale && <p className="poll-note">{scaleLine(poll.scale, t)}</p>}
      <p className="poll-note">
        {t(visibilityLine)}
        {poll.status === 'closed' && poll.closedAt !== null && ` ${t('pollsConsole.closedAt', { time: localClock(poll.closedAt) })}`}
      </p>

      {error && (
        <div role="alert" className="alert alert-error poll-error">
          <p>{error}</p>
        </div>
      )}

      {(tally?.network || tally?.discounted) && (
        <p className="poll-network" role="note">
          {tally.network && <span>{t('pollsConsole.networkShare', { percent: tally.network.percent, count: tally.network.n })}</span>}{' '}
          {tally.discounted ? <span>{t('pollsConsole.networkDiscounted', { count: tally.discounted })}</span> : null}{' '}
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void discount(!tally.discounted)}>
            {t(tally.discounted ? 'pollsConsole.networkCountAgain' : 'pollsConsole.networkDiscount')}
          </button>
        </p>
      )}
      {poll.status !== 'draft' && <PollResultsView poll={poll} tally={tally ?? { counters: {} }} variant="console" answers={answers?.map((a) => a.text)} />}
      {poll.type === 'open' && poll.status !== 'draft' && (
        <p className="poll-note">{t(poll.showAnswers ? 'pollsConsole.answersShown' : 'pollsConsole.answersPrivate')}</p>
      )}

      <div className="actions-row poll-actions" role="group" aria-labelledby={questionId}>
        {poll.status === 'draft' && (
          <>
            <button type="button" className="button button-small button-primary" disabled={busy !== null} onClick={() => void act('launch')}>
              {busy === 'launch' ? t('pollsConsole.launching') : t('pollsConsole.launch')}
            </button>
            <button type="button" className="button button-small" disabled={busy !== null} onClick={() => setEditing(true)}>
              {t('pollsConsole.edit')}
            </button>
          </>
        )}
        {poll.status === 'open' && (
          <button type="button" className="button button-small button-primary" disabled={busy !== null} onClick={() => void act('close')}>
            {busy === 'close' ? t('pollsConsole.closing') : t('pollsConsole.close')}
          </button>
        )}
        {poll.status === 'closed' && (
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void act('reopen')}>
            {busy === 'reopen' ? t('pollsConsole.reopening') : t('pollsConsole.reopen')}
          </button>
        )}
        {canToggleResults && (
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void act(poll.revealed ? 'hide' : 'reveal')}>
            {busy === 'reveal'
              ? t('pollsConsole.revealing')
              : busy === 'hide'
                ? t('pollsConsole.hiding')
                : poll.revealed
                  ? t('pollsConsole.hideResults')
                  : t('pollsConsole.revealResults')}
          </button>
        )}
        {poll.type === 'open' && poll.status !== 'draft' && (
          <button
            type="button"
            className="button button-small"
            disabled={busy !== null}
            onClick={() => void act(poll.showAnswers ? 'hideAnswers' : 'showAnswers')}
          >
            {poll.showAnswers ? t('pollsConsole.hideAnswers') : t('pollsConsole.showAnswers')}
          </button>
        )}
        {poll.status !== 'draft' && (
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void exportCsv()}>
            {busy === 'export' ? t('pollsConsole.exporting') : t('pollsConsole.exportCsv')}
          </button>
        )}
        {poll.status !== 'open' && !confirming && (
          <button type="button" className="button button-small button-danger" disabled={busy !== null} onClick={() => setConfirming(true)}>
            {t('pollsConsole.delete')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm poll-confirm" role="group" aria-label={t('pollsConsole.confirmDeleteLabel')}>
          <span className="confirm-q">{t(poll.status === 'closed' ? 'pollsConsole.confirmDeleteWithResults' : 'pollsConsole.confirmDelete')}</span>
          <button ref={confirmButton} type="button" className="button button-small button-danger" disabled={busy !== null} onClick={() => void act('delete')}>
            {busy === 'delete' ? t('pollsConsole.deleting') : t('pollsConsole.yesDelete')}
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            {t('pollsConsole.cancel')}
          </button>
        </div>
      )}
    </article>
  );
}

/** A rating poll's scale in words: "Scale 1 (Not at all) to 5 (Completely)". */
function scaleLine(scale: NonNullable<Poll['scale']>, t: ReturnType<typeof useT>): string {
  const values = { min: scale.min, max: scale.max, minLabel: scale.minLabel, maxLabel: scale.maxLabel };
  if (scale.minLabel && scale.maxLabel) return t('pollsConsole.scaleLabelled', values);
  if (scale.minLabel) return t('pollsConsole.scaleMinLabelled', values);
  if (scale.maxLabel) return t('pollsConsole.scaleMaxLabelled', values);
  return t('pollsConsole.scale', values);
}

/** The open-text answers (all of them, newest first), fetched again as votes come in: at most once a second. */
function useOpenAnswers(poll: Poll, tick: number): { text: string; at: number }[] | null {
  const [answers, setAnswers] = useState<{ text: string; at: number }[] | null>(null);
  const active = poll.type === 'open' && poll.status !== 'draft';
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mounted = useRef(true);
  const loaded = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, []);

  useEffect(() => {
    if (!active || pending.current) return;
    pending.current = setTimeout(
      () => {
        pending.current = null;
        void request('poll:answers', { pollId: poll.id }).then((reply) => {
          if (!mounted.current || !reply.ok) return;
          loaded.current = true;
          setAnswers(reply.answers.map(({ text, at }) => ({ text, at })));
        });
      },
      loaded.current ? 1_000 : 0,
    );
  }, [active, poll.id, tick]);
  return active ? answers : null;
}

function fileName(code: string, poll: Poll): string {
  const slug = poll.question
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
  return `${code.toLowerCase()}-poll-${slug || poll.id}.csv`;
}
