import type { ServerFeature } from '../../core/feature';
import { privacyGate } from './gate';
import { privacyHandlers } from './handlers';
import { privacyRouter } from './routes';

/**
 * People's data handled with care (docs/PRIVACY.md): the event's retention, the organiser's erase, the retention's
 * own erase once it is over, and an attendee's download and delete of what they wrote. Each feature says what it
 * keeps about people (`personalData`); this one only loops over them.
 */
export const privacyFeature: ServerFeature = {
  name: 'privacy',
  handlers: privacyHandlers,
  routes: privacyRouter,
  gate: privacyGate,
};
