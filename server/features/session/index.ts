import type { ServerFeature } from '../../core/feature';
import { sessionHandlers } from './handlers';

/** The attendee's own session: changing their display name, keeping who they are. */
export const sessionFeature: ServerFeature = { name: 'session', handlers: sessionHandlers };
