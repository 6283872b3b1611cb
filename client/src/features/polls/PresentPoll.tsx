import { useId, useMemo } from 'react';
import { resultsVisible } from '../../../../shared/domain/polls';
import { useApp } from '../../state/store';
import { ATTENDEE, TYPE_LABELS, useRoomPolls } from './common';
import { PollResultsView } from './PollResults';
import './polls.css';

/**
 * The room's current poll on the big screen: the open one (the newest), else the one closed last. Large type,
 * bars with numbers and percentages, the word cloud as words sized by count. The present page is an anonymous
 * attendee session, so it only ever holds results attendees may see; hidden results say so, without a count.
 */
export function PresentPoll({ roomId }: { roomId: string }) {
  const roomPolls = useRoomPolls(roomId);
  const poll = useMemo(() => {
    const open = roomPolls.filter((p) => p.status === 'open').sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
    if (open[0]) return open[0];
    return roomPolls.filter((p) => p.status === 'closed').sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))[0] ?? null;
  }, [roomPolls]);
  const tally = useApp((s) => (poll ? s.polls.tallies[poll.id] : undefined));
  const headingId = useId();
  if (!poll) return null;
  const visible = !!tally && resultsVisible(poll, ATTENDEE);

  return (
    <section className="present-poll" aria-labelledby={headingId} data-poll={poll.id}>
      <p className="present-poll-kicker">
        <span className={`poll-status poll-status-${poll.status}`}>{poll.status === 'open' ? 'Voting open' : 'Voting closed'}</span>
        <span className="poll-type">{TYPE_LABELS[poll.type]}</span>
      </p>
      <h2 id={headingId} className="present-poll-question">
        {poll.question}
      </h2>
      {visible ? (
        <PollResultsView poll={poll} tally={tally} variant="present" answersShown={poll.showAnswers} />
      ) : (
        <p className="present-poll-later">Results will be shown later</p>
      )}
    </section>
  );
}
