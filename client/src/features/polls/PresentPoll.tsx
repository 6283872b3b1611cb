import { useId, useMemo } from 'react';
import { resultsVisible } from '../../../../shared/domain/polls';
import type { Poll } from '../../../../shared/protocol/polls';
import { useFitToBox } from '../../lib/fit';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { ATTENDEE, TYPE_KEYS, useRoomPolls } from './common';
import { PollResultsView } from './PollResults';
import './polls.css';

/**
 * The room's poll for the big screen: the open one (the newest), else the one closed last, as long as it closed
 * while the room's current live item was on (its results are what the room is discussing). Once the chair moves
 * the live item on, an old closed poll no longer keeps the screen from its idle view.
 */
export function usePresentedPoll(roomId: string): Poll | null {
  const roomPolls = useRoomPolls(roomId);
  const liveSince = useApp((s) => s.agenda?.live[roomId]?.since ?? 0);
  return useMemo(() => {
    const open = roomPolls.filter((p) => p.status === 'open').sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
    if (open[0]) return open[0];
    const closed = roomPolls.filter((p) => p.status === 'closed' && (p.closedAt ?? 0) >= liveSince).sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
    return closed[0] ?? null;
  }, [roomPolls, liveSince]);
}

/**
 * A poll on the big screen: large type, bars with numbers and percentages, the word cloud as words sized by count,
 * all shrunk together until they fit the box (useFitToBox). The present page is an anonymous attendee session, so
 * it only ever holds results attendees may see; hidden results say so, without a count.
 */
export function PresentPoll({ poll }: { poll: Poll }) {
  const tally = useApp((s) => s.polls.tallies[poll.id]);
  const headingId = useId();
  const t = useT();
  const box = useFitToBox<HTMLElement>();
  const visible = !!tally && resultsVisible(poll, ATTENDEE);

  return (
    <section ref={box} className="present-box present-poll" aria-labelledby={headingId} data-poll={poll.id}>
      <p className="present-poll-kicker">
        <span className={`poll-status poll-status-${poll.status}`}>{poll.status === 'open' ? t('present.votingOpen') : t('present.votingClosed')}</span>
        <span className="poll-type">{t(TYPE_KEYS[poll.type])}</span>
      </p>
      <h2 id={headingId} className="present-poll-question">
        {poll.question}
      </h2>
      {visible ? (
        <PollResultsView poll={poll} tally={tally} variant="present" answersShown={poll.showAnswers} />
      ) : (
        <p className="present-poll-later">{t('present.resultsLater')}</p>
      )}
    </section>
  );
}
