import type { ServerFeature } from '../../core/feature';
import { pollExportRouter } from './export';
import { pollHandlers } from './handlers';
import { POLLS } from './keys';
import { pollsSnapshot, readPolls, talliesOf } from './snapshot';
import { personalPolls } from './personal';

/** Live polls of six types: prepare, launch, close, reveal; one ballot per attendee; results and their CSV. */
export const pollsFeature: ServerFeature = {
  name: 'polls',
  handlers: pollHandlers,
  routes: pollExportRouter,
  personalData: personalPolls,
  snapshot: { key: 'polls', readShared: (store, eventId) => readPolls(store, eventId), forPerson: pollsSnapshot },
  totals: {
    key: 'tallies',
    ticks: POLLS.ticks,
    read: talliesOf,
    catchUp: async (store, eventId, actor) => {
      const { tallies, myBallots, myBallotRevs } = await pollsSnapshot(store, eventId, await readPolls(store, eventId), actor);
      return { tallies, myBallots, myBallotRevs };
    },
  },
};
