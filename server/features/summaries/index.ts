import type { ServerFeature } from '../../core/feature';
import { summaryHandlers } from './handlers';
import { SUMMARIES } from './keys';
import { isStaff, markState, readSummaryDocs, readTally, summariesSnapshot } from './snapshot';
import { personalSummaries } from './personal';

/**
 * Breakout summaries: the rapporteur's versioned working copy, its review and publication, the plenary's
 * report-back, and the attendees' agree / disagree / unsure marks on the published key points.
 */
export const summariesFeature: ServerFeature = {
  name: 'summaries',
  handlers: summaryHandlers,
  snapshot: { key: 'summaries', readShared: readSummaryDocs, forPerson: summariesSnapshot },
  personalData: personalSummaries,
  totals: {
    key: 'marks',
    ticks: SUMMARIES.ticks,
    // The counts per point are for the chairs and rapporteurs; attendees see their own marks only.
    read: async (store, eventId, ids) => ({ staff: await Promise.all(ids.map((r) => readTally(store, eventId, r))), attendees: [] }),
    catchUp: async (store, eventId, actor) => {
      const ticks = await store.counters(eventId, SUMMARIES.ticks);
      const { marks, myMarks } = await markState(store, eventId, Object.keys(ticks), actor);
      return isStaff(actor) ? { marks, myMarks } : { myMarks };
    },
  },
};
