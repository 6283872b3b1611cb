import { emptyChat } from '../../../shared/domain/chatState';
import { emptyReportBack } from '../../../shared/domain/summariesState';
import type { FeatureStates } from './feature';

/**
 * How each feature's part of the store starts. Here rather than beside each feature's reducers, which come later
 * (see `loadFeatures` in store.ts): the join page and the live page's frame read these parts before those arrive.
 */
export function initialFeatureStates(): FeatureStates {
  return {
    agenda: null,
    links: { revision: 0 },
    qa: { rooms: {}, questions: {}, counts: {}, myUpvotes: [] },
    polls: { polls: {}, tallies: {}, myBallots: {}, myBallotRevs: {} },
    breakouts: { me: null, seats: {}, mine: {}, contributions: {}, counts: {}, myUpvotes: [], promotedTo: null },
    summaries: { summaries: {}, published: {}, reportBack: emptyReportBack(), marks: {}, myMarks: {} },
    moderation: { pauses: { event: null, rooms: {} }, bans: {} },
    chat: emptyChat(),
  };
}
