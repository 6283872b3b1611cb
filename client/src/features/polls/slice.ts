import { applyPoll, applyTally, withCatchUpBallots } from '../../../../shared/domain/polls';
import type { PollEvent } from '../../../../shared/protocol/polls';
import { clientFeature } from '../../state/feature';

/** The polls this person may see, the tallies they may see now (latest tick wins), their own choices. */
export const pollsFeature = clientFeature({
  key: 'polls',
  fromSnapshot: ({ polls }) => ({
    polls: Object.fromEntries(polls.polls.map((p) => [p.id, p])),
    tallies: polls.tallies,
    myBallots: polls.myBallots,
    myBallotRevs: polls.myBallotRevs,
  }),
  owns: (event) => event.type.startsWith('poll.'),
  applyEvent: (state, event) => applyPoll(state, event as PollEvent),
  applyTotals: (state, { tallies }) => (tallies ? tallies.reduce(applyTally, state) : state),
  applyCatchUp: (state, live) => withCatchUpBallots(Object.values(live.tallies).reduce(applyTally, state), live.myBallots, live.myBallotRevs),
});
