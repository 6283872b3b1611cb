import type { ServerFeature } from '../../core/feature';
import { moderationGate } from './gate';
import { moderationHandlers } from './handlers';
import { moderationSnapshot, readModeration } from './snapshot';
import { personalModeration } from './personal';

/** Against disruption: pause attendee input (the event, a room), ban and unban attendees. Its gate sees every request. */
export const moderationFeature: ServerFeature = {
  name: 'moderation',
  handlers: moderationHandlers,
  gate: moderationGate,
  snapshot: { key: 'moderation', readShared: (store, eventId) => readModeration(store, eventId), forPerson: moderationSnapshot },
  personalData: personalModeration,
};
