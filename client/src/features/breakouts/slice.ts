import { applyBreakouts, applyContributionCounts, type BreakoutsState } from '../../../../shared/domain/breakoutsState';
import type { BreakoutsEvent } from '../../../../shared/protocol/breakouts';
import { clientFeature } from '../../state/feature';

/** Every slot's seats, this person's choice per slot, the contributions they may see, upvote counts, their upvotes. */
export const breakoutsFeature = clientFeature({
  key: 'breakouts',
  fromSnapshot: ({ breakouts, me }, current) => ({
    me: me.id,
    seats: breakouts.seats,
    mine: breakouts.mine,
    contributions: Object.fromEntries(breakouts.contributions.map((c) => [c.id, c])),
    counts: breakouts.contributionCounts,
    myUpvotes: breakouts.myContributionUpvotes,
    promotedTo: current.promotedTo,
  }),
  owns: (event) => event.type.startsWith('breakouts.'),
  applyEvent: (state, event) => applyBreakouts(state, event as BreakoutsEvent),
  applyTotals: (state, { contributionCounts }) => (contributionCounts ? applyContributionCounts(state, contributionCounts) : state),
  applyCatchUp: (state, live) =>
    applyContributionCounts(live.myContributionUpvotes ? { ...state, myUpvotes: live.myContributionUpvotes } : state, live.contributionCounts ?? {}),
});

/** This person's upvote, shown at once; the ack or the next catch-up confirms it. */
export function withMyContributionUpvote(state: BreakoutsState, id: string, up: boolean): BreakoutsState {
  return { ...state, myUpvotes: up ? [...new Set([...state.myUpvotes, id])] : state.myUpvotes.filter((x) => x !== id) };
}
