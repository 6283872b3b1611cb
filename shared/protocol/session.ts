import { z } from 'zod';
import { LIMITS } from '../limits';
import { OpId, request } from './common';

/**
 * The attendee's session: their display name. The name lives in the signed session token (with the event and the
 * attendee id), so changing it signs a new token for the same attendee: their ballots, upvotes and questions stay
 * theirs. The name's rules are the join's (`shared/domain/names.ts`: `admissibleName`).
 */

/** A display name as typed; empty (or only spaces) means anonymous. Also the join's (`JoinRequest.name`). */
export const DisplayName = z.string().trim().max(LIMITS.nameMax);

export const RenameSession = z.object({ opId: OpId, name: DisplayName });
export type RenameSession = z.infer<typeof RenameSession>;

/** The session after a rename: the new token to keep (same attendee) and the name as the server cleaned it. */
export const Renamed = z.object({ token: z.string(), name: z.string().nullable() });
export type Renamed = z.infer<typeof Renamed>;

export const SESSION_REQUESTS = {
  'session:rename': request(RenameSession).returns<Renamed>(),
};

/** Server to client: a rename made in one of the person's tabs, told to their other tabs so they keep the new token. */
export interface SessionPushes {
  'session:renamed': (payload: Renamed) => void;
}
