import { applyPoll, applyTally, type PollsState } from '../../../../shared/domain/polls';
import type { Choice, PollEvent } from '../../../../shared/protocol/polls';
import { clientFeature } from '../../state/feature';

const empty: PollsState = { polls: {}, tallies: {}, myBallots: {} };

/** The polls this person may see, the tallies they may see now (latest tick wins), their own choices. */
export const pollsFeature = clientFeature({
  key: 'polls',
  initial: empty,
  fromSnapshot: ({ polls }) => ({ polls: Object.fromEntries(polls.polls.map((p) => [p.id, p])), tallies: polls.tallies, myBallots: polls.myBallots }),
  owns: (event) => event.type.startsWith('poll.'),
  applyEvent: (state, event) => applyPoll(state, event as PollEvent),
  applyTotals: (state, { tallies }) => (tallies ? tallies.reduce(applyTally, state) : state),
  applyCatchUp: (state, live) => ({ ...Object.values(live.tallies).reduce(applyTally, state), myBallots: live.myBallots }),
});

/** This person's choice (their vote, or another tab's echoed by the server). */
export function withMyBallot(state: PollsState, pollId: string, choice: Choice): PollsState {
  return { ...state, myBallots: { ...state.myBallots, [pollId]: choice } };
}
