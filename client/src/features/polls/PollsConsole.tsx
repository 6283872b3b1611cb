import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { resultsVisible } from '../../../../shared/domain/polls';
import type { Poll, PollAction } from '../../../../shared/protocol/polls';
import type { Failure } from '../../../../shared/protocol/errors';
import { request } from '../../net/connection';
import { describeFailure } from '../../lib/failures';
import { localClock } from '../../lib/time';
import { useFocusWhen } from '../../lib/useFocusWhen';
import { useApp } from '../../state/store';
import { ATTENDEE, TYPE_LABELS, failureText, useItemTitles, useRoomPolls } from './common';
import { PollEditor } from './PollEditor';
import { PollResultsView } from './PollResults';
import './polls.css';

/**
 * The chair's polls of a room: open ones first, then the drafts (those of the live item first), then the closed
 * ones. Launch in one click; close, reopen, reveal or hide results, show or hide open-text answers, delete with a
 * confirmation, export the results as CSV; a form for a new poll and for editing a draft. Staff always see tallies.
 */
export function PollsConsole({ roomId }: { roomId: string }) {
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
      { key: 'open', title: 'Open', polls: open, empty: 'No poll is open.' },
      { key: 'draft', title: 'Drafts', polls: drafts, empty: 'No drafts: prepare one with “New poll”.' },
      { key: 'closed', title: 'Closed', polls: closed, empty: null },
    ];
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
        <h2 id={headingId}>Polls</h2>
        {!creating && (
          <button type="button" ref={newButton} className="button button-small" onClick={() => setCreating(true)}>
            New poll
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
              {g.title} <span className="polls-group-count">({g.polls.length})</span>
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
              <p className="muted small">{g.empty}</p>
            )}
          </div>
        ) : null,
      )}
    </section>
  );
}

const DONE: Partial<Record<PollAction, string>> = {
  launch: 'Poll launched: attendees can vote now.',
  close: 'Poll closed.',
  reopen: 'Poll reopened: attendees can vote again.',
  reveal: 'Results revealed to attendees.',
  hide: 'Results hidden from attendees.',
  showAnswers: 'Answers shown to attendees.',
  hideAnswers: 'Answers hidden from attendees.',
  delete: 'Poll deleted.',
};

const MOVES: Partial<Record<PollAction, Poll['status'] | null>> = { launch: 'open', close: 'closed', reopen: 'open', delete: null };

interface ConsolePollProps {
  poll: Poll;
  liveItemId: string | null;
  /** After an action that moves the poll to another group (or deletes it: null), to put the focus back. */
  onMoved: (status: Poll['status'] | null) => void;
}

function ConsolePoll({ poll, liveItemId, onMoved }: ConsolePollProps) {
  const tally = useApp((s) => s.polls.tallies[poll.id]);
  const toast = useApp((s) => s.toast);
  const eventId = useApp((s) => s.session.event?.id ?? '');
  const eventCode = useApp((s) => s.session.event?.code ?? 'event');
  const titles = useItemTitles(poll.roomId);
  const [busy, setBusy] = useState<PollAction | 'export' | null>(null);
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
    if (!reply.ok) return setError(failureText(reply));
    const done = DONE[action];
    if (done) toast('info', done);
    const moved = MOVES[action];
    if (moved !== undefined) onMoved(moved);
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
      // The chair's link token (the page's `t` parameter) authorises the download.
      const token = new URLSearchParams(window.location.search).get('t') ?? '';
      const res = await fetch(`/api/events/${encodeURIComponent(eventId)}/polls/${encodeURIComponent(poll.id)}/results.csv`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/csv' },
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as Failure | null;
        throw new Error(body?.code ? describeFailure(body) : `The server answered ${res.status}.`);
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
      setError(e instanceof TypeError ? 'The server cannot be reached. Check your connection and try again.' : `The export failed. ${(e as Error).message}`);
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
  const visibilityLine =
    poll.status === 'draft'
      ? {
          live: 'Attendees will see the results as votes come in.',
          closed: 'Attendees will see the results once you close it.',
          reveal: 'Attendees will see the results only when you reveal them.',
        }[poll.visibility]
      : attendeesSee
        ? 'Attendees see the results.'
        : poll.visibility === 'closed'
          ? 'Hidden from attendees until you close the poll (or reveal the results).'
          : 'Hidden from attendees until you reveal them.';
  const canToggleResults = poll.status !== 'draft' && (poll.visibility === 'reveal' || (poll.visibility === 'closed' && poll.status === 'open'));
  const b = (action: PollAction) => busy === action;

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
        <span className={`poll-status poll-status-${poll.status}`}>{poll.status === 'draft' ? 'Draft' : poll.status === 'open' ? 'Open' : 'Closed'}</span>
        <span className="poll-type">{TYPE_LABELS[poll.type]}</span>
        {poll.itemId && poll.itemId === liveItemId && <span className="poll-live-item">For the live item</span>}
      </p>
      <h4 id={questionId} className="poll-question">
        {poll.question}
      </h4>
      {itemTitle && <p className="poll-note">For: {itemTitle}</p>}
      {poll.status === 'draft' && poll.options.length > 0 && (
        <ul className="poll-draft-options">
          {poll.options.map((o) => (
            <li key={o.id}>{o.label}</li>
          ))}
        </ul>
      )}
      {poll.status === 'draft' && poll.type === 'rating' && poll.scale && (
        <p className="poll-note">
          Scale {poll.scale.min}
          {poll.scale.minLabel ? ` (${poll.scale.minLabel})` : ''} to {poll.scale.max}
          {poll.scale.maxLabel ? ` (${poll.scale.maxLabel})` : ''}
        </p>
      )}
      <p className="poll-note">
        {visibilityLine}
        {poll.status === 'closed' && poll.closedAt !== null && ` Closed at ${localClock(poll.closedAt)}.`}
      </p>

      {error && (
        <div role="alert" className="alert alert-error poll-error">
          <p>{error}</p>
        </div>
      )}

      {poll.status !== 'draft' && <PollResultsView poll={poll} tally={tally ?? { counters: {} }} variant="console" answers={answers?.map((a) => a.text)} />}
      {poll.type === 'open' && poll.status !== 'draft' && (
        <p className="poll-note">{poll.showAnswers ? 'Attendees see the answers.' : 'The answers are for you only until you show them.'}</p>
      )}

      <div className="actions-row poll-actions" role="group" aria-labelledby={questionId}>
        {poll.status === 'draft' && (
          <>
            <button type="button" className="button button-small button-primary" disabled={busy !== null} onClick={() => void act('launch')}>
              {b('launch') ? 'Launching…' : 'Launch'}
            </button>
            <button type="button" className="button button-small" disabled={busy !== null} onClick={() => setEditing(true)}>
              Edit
            </button>
          </>
        )}
        {poll.status === 'open' && (
          <button type="button" className="button button-small button-primary" disabled={busy !== null} onClick={() => void act('close')}>
            {b('close') ? 'Closing…' : 'Close'}
          </button>
        )}
        {poll.status === 'closed' && (
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void act('reopen')}>
            {b('reopen') ? 'Reopening…' : 'Reopen'}
          </button>
        )}
        {canToggleResults && (
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void act(poll.revealed ? 'hide' : 'reveal')}>
            {b('reveal') ? 'Revealing…' : b('hide') ? 'Hiding…' : poll.revealed ? 'Hide results' : 'Reveal results'}
          </button>
        )}
        {poll.type === 'open' && poll.status !== 'draft' && (
          <button
            type="button"
            className="button button-small"
            disabled={busy !== null}
            onClick={() => void act(poll.showAnswers ? 'hideAnswers' : 'showAnswers')}
          >
            {poll.showAnswers ? 'Hide answers' : 'Show answers'}
          </button>
        )}
        {poll.status !== 'draft' && (
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void exportCsv()}>
            {busy === 'export' ? 'Exporting…' : 'Export CSV'}
          </button>
        )}
        {poll.status !== 'open' && !confirming && (
          <button type="button" className="button button-small button-danger" disabled={busy !== null} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm poll-confirm" role="group" aria-label="Confirm deleting this poll">
          <span className="confirm-q">Delete this poll{poll.status === 'closed' ? ' and its results' : ''}?</span>
          <button ref={confirmButton} type="button" className="button button-small button-danger" disabled={busy !== null} onClick={() => void act('delete')}>
            {b('delete') ? 'Deleting…' : 'Yes, delete'}
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
    </article>
  );
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
