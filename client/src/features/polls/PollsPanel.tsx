import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { results, resultsVisible } from '../../../../shared/domain/polls';
import type { Poll } from '../../../../shared/protocol/polls';
import { useServerNow } from '../../state/selectors';
import { useT } from '../../i18n/useT';
import { useApp } from '../../state/store';
import { TYPE_KEYS, describeChoice, resultsSummary, usePollAnnouncer, useRoomPolls, type PollSpeech } from './common';
import { PollResultsView } from './PollResults';
import { VoteForm } from './VoteForm';
import './polls.css';

/** A closed poll stays in the panel this long after closing (server time). */
const RECENT_MS = 60 * 60_000;
const MAX_CLOSED = 2;

/**
 * The attendee's poll panel: the room's open polls (newest first) and the recently closed ones, each with its
 * voting form, the person's vote, and the results when the poll lets attendees see them.
 * One polite live region announces what changed (a poll opening or closing, results moving) at most every 5 s.
 */
export function PollsPanel({ roomId }: { roomId: string }) {
  const t = useT();
  const roomPolls = useRoomPolls(roomId);
  const me = useApp((s) => s.session.me);
  const tallies = useApp((s) => s.polls.tallies);
  const now = useServerNow(30_000);
  const headingId = useId();

  const shown = useMemo(() => {
    const open = roomPolls.filter((p) => p.status === 'open').sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
    const closed = roomPolls
      .filter((p) => p.status === 'closed' && p.closedAt !== null && now - p.closedAt < RECENT_MS)
      .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
      .slice(0, MAX_CLOSED);
    return [...open, ...closed];
  }, [roomPolls, now]);

  // What the live region knows: per poll, its state and a short summary of the results attendees may see.
  const speech = useMemo(
    () =>
      shown.map((p): PollSpeech => {
        const tally = tallies[p.id];
        const visible = !!me && !!tally && resultsVisible(p, me);
        return { id: p.id, question: p.question, status: p.status, results: visible ? resultsSummary(results(p, tally)) : null };
      }),
    [shown, tallies, me],
  );
  // A poll that opens is announced once by the "New poll: vote" toast (seen and heard wherever the person is on
  // the page); this region says the rest: closing, results.
  const announcement = usePollAnnouncer(speech, 5_000, false);
  useNewPollToast(roomId, shown);

  return (
    <section className="card polls-panel" id="polls" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('vote.heading')}</h2>
      {shown.length === 0 ? <p className="muted">{t('vote.empty')}</p> : shown.map((p) => <AttendeePoll key={p.id} poll={p} />)}
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}

/** "New poll: vote", once per poll that opens while the panel is on screen (not those open when the room is shown). */
function useNewPollToast(roomId: string, shown: Poll[]) {
  const toast = useApp((s) => s.toast);
  const openIds = useMemo(() => shown.filter((p) => p.status === 'open').map((p) => p.id), [shown]);
  const seen = useRef<{ roomId: string; ids: Set<string> } | null>(null);
  useEffect(() => {
    if (!seen.current || seen.current.roomId !== roomId) {
      seen.current = { roomId, ids: new Set(openIds) };
      return;
    }
    const fresh = openIds.filter((id) => !seen.current!.ids.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) seen.current.ids.add(id);
    toast('info', { key: 'vote.newPollToast' }, { label: { key: 'vote.newPollAction' }, target: `[data-poll="${fresh[0]}"] :is(input, button)` });
  }, [roomId, openIds, toast]);
}

function AttendeePoll({ poll }: { poll: Poll }) {
  const t = useT();
  const me = useApp((s) => s.session.me);
  const tally = useApp((s) => s.polls.tallies[poll.id]);
  const ballot = useApp((s) => s.polls.myBallots[poll.id]);
  const [changing, setChanging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const questionId = useId();
  const voteRef = useRef<HTMLDivElement>(null);
  const [focusVote, setFocusVote] = useState(false);
  const open = poll.status === 'open';
  const visible = !!me && !!tally && resultsVisible(poll, me);
  const showForm = open && (!ballot || changing);

  useEffect(() => {
    if (!open) setChanging(false);
  }, [open]);
  useEffect(() => {
    if (focusVote && ballot) {
      voteRef.current?.focus();
      setFocusVote(false);
    }
  }, [focusVote, ballot]);

  const hiddenNote =
    poll.visibility === 'reveal' ? t('vote.revealLater') : poll.visibility === 'closed' && open ? t('vote.shownWhenClosed') : t('vote.notShownYet');

  return (
    <article className={`poll poll-${poll.status}`} data-poll={poll.id} aria-labelledby={questionId}>
      <p className="poll-meta">
        <span className={`poll-status poll-status-${poll.status}`}>{open ? t('vote.statusOpen') : t('vote.statusClosed')}</span>
        <span className="poll-type">{t(TYPE_KEYS[poll.type])}</span>
      </p>
      <h3 id={questionId} className="poll-question">
        {poll.question}
      </h3>

      {!open && <p className="poll-closed-note">{t('vote.closedNote')}</p>}

      {error && (
        <div role="alert" className="alert alert-error poll-error">
          <p>{error}</p>
        </div>
      )}

      {showForm ? (
        <VoteForm
          poll={poll}
          previous={ballot}
          questionId={questionId}
          onError={setError}
          onVoted={() => {
            setChanging(false);
            setFocusVote(true);
          }}
          onCancel={
            ballot
              ? () => {
                  setChanging(false);
                  setFocusVote(true);
                }
              : undefined
          }
        />
      ) : ballot ? (
        <div className="poll-myvote" ref={voteRef} tabIndex={-1}>
          <p>
            <strong>{t('vote.yourVote')}</strong> {poll.type === 'ranking' ? null : describeChoice(poll, ballot)}
          </p>
          {ballot.type === 'ranking' && (
            <ol className="poll-myvote-order">
              {ballot.order.map((id) => (
                <li key={id}>{poll.options.find((o) => o.id === id)?.label ?? id}</li>
              ))}
            </ol>
          )}
          {open && (
            <p>
              <button
                type="button"
                className="button button-small"
                aria-describedby={questionId}
                onClick={() => {
                  setError(null);
                  setChanging(true);
                }}
              >
                {t('vote.changeVote')}
              </button>
            </p>
          )}
        </div>
      ) : (
        !open && <p className="muted">{t('vote.didNotVote')}</p>
      )}

      {open && <p className="poll-fineprint">{t('vote.finePrint')}</p>}

      {visible ? (
        open && !ballot ? (
          <details className="poll-peek">
            <summary>{t('vote.resultsSoFar')}</summary>
            <PollResultsView poll={poll} tally={tally} variant="panel" answersShown={poll.showAnswers} />
          </details>
        ) : (
          <div className="poll-results-wrap">
            <h4 className="poll-results-title">{open ? t('vote.resultsSoFar') : t('vote.results')}</h4>
            <PollResultsView poll={poll} tally={tally} variant="panel" answersShown={poll.showAnswers} />
          </div>
        )
      ) : (
        (ballot || !open) && <p className="poll-note poll-hidden-note">{hiddenNote}</p>
      )}
    </article>
  );
}
