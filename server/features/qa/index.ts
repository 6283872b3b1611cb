import type { ServerFeature } from '../../core/feature';
import { qaHandlers } from './handlers';
import { QA } from './keys';
import { qaSnapshot, readQaDocs, upvoteCountsOf, upvoteState, withNetworkMarkers } from './snapshot';
import { pastQuestions } from './removal';
import { personalQuestions } from './personal';

/** Questions: ask, upvote, moderate, reply, edit, merge, "answering now", the chair's queue, pre-moderation. */
export const qaFeature: ServerFeature = {
  name: 'qa',
  handlers: qaHandlers,
  snapshot: { key: 'qa', readShared: readQaDocs, forPerson: qaSnapshot },
  pastMessages: pastQuestions,
  personalData: personalQuestions,
  totals: {
    key: 'counts',
    ticks: QA.ticks,
    read: async (store, eventId, ids) => {
      // A count says nothing of its question, so attendees get the same counts as staff; staff also the markers of
      // one network's share and the discounts (Q25).
      const counts = await upvoteCountsOf(store, eventId, ids);
      return { staff: await withNetworkMarkers(store, eventId, counts), attendees: counts };
    },
    catchUp: (store, eventId, actor) => upvoteState(store, eventId, actor),
  },
};
