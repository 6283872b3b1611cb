import type { FeatureDeps, Gate } from '../../core/feature';
import { GLOBAL_SCOPE } from '../../core/keys';
import { PRIVACY } from './keys';

/**
 * Admits everybody: it only notes, once per event and process, that people joined the event, in the global set
 * the retention sweep reads (an event nobody joined holds nobody's data). Not awaited: a join never waits for it;
 * a failed write is tried again at the next connection.
 */
export function privacyGate(deps: FeatureDeps): Gate {
  const noted = new Set<string>();
  return {
    async connect(socket) {
      const eventId = socket.data.eventId;
      const key = `${deps.store.epoch()}|${eventId}`;
      if (!eventId || noted.has(key)) return null;
      noted.add(key);
      deps.store
        .commit({ scope: GLOBAL_SCOPE, opKey: null, expect: {}, put: {}, changes: [], reply: null, sets: [{ key: PRIVACY.events, add: [eventId] }] })
        .catch(() => noted.delete(key));
      return null;
    },
    request: async () => null,
  };
}
