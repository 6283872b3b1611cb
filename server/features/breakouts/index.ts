import type { ServerFeature } from '../../core/feature';
import { breakoutHandlers } from './handlers';
import { BREAKOUTS } from './keys';
import { signupsRouter } from './signups';
import { breakoutsSnapshot, contributionCountsOf, contributionUpvotes, readBreakoutsDocs } from './snapshot';
import { pastContributions } from './removal';
import { personalBreakouts } from './personal';
import { upgradeEarlierSlots } from './upgrade';

/** Breakouts: choosing one of a slot's parallel sessions (capacity, waiting list), key-topic contributions, sign-ups CSV. */
export const breakoutsFeature: ServerFeature = {
  name: 'breakouts',
  handlers: breakoutHandlers,
  routes: signupsRouter,
  snapshot: { key: 'breakouts', readShared: readBreakoutsDocs, forPerson: breakoutsSnapshot },
  pastMessages: pastContributions,
  personalData: personalBreakouts,
  // A burst of choices is a burst of seats; a client needs only the newest of a slot.
  replaceKey: (event) => (event.type === 'breakouts.seats' ? `breakouts.seats:${event.seats.slotId}` : null),
  totals: {
    key: 'contributionCounts',
    ticks: BREAKOUTS.ticks,
    read: async (store, eventId, ids) => {
      const counts = await contributionCountsOf(store, eventId, ids);
      return { staff: counts, attendees: counts };
    },
    catchUp: (store, eventId, actor) => contributionUpvotes(store, eventId, actor),
  },
  // Slots stored in the earlier one-document form (B14).
  upgrade: upgradeEarlierSlots,
};
