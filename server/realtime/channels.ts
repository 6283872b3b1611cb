import type { Server } from 'socket.io';
import type { ClientToServer, ServerToClient } from '../../shared/protocol/messages';

/** Between the processes on one Redis (Socket.IO's `serverSideEmit`). */
export interface BetweenProcesses {
  /** One attendee's sockets are now on this many processes: each shares the session's rate among them. */
  'session:spread': (eventId: string, attendeeId: string, processes: number) => void;
  /** The event's moderation changed (server/features/moderation/state.ts): each process reads it again. */
  'moderation:changed': (eventId: string) => void;
}

export type IO = Server<ClientToServer, ServerToClient, BetweenProcesses>;

/**
 * Socket.IO rooms, called channels here so that "room" keeps meaning a room of the conference. Staff get every
 * change in full; everyone else gets changes not meant for them as `event: null`.
 */
export const channels = {
  staff: (eventId: string) => `ev:${eventId}:staff`,
  /** Attendees, split in shards that the live stream sends to one after another (see LiveOutbox). */
  publicShard: (eventId: string, shard: number) => `ev:${eventId}:public:${shard}`,
  link: (jti: string) => `link:${jti}`,
  /** Every socket of one person (an attendee's tabs, or the holders of one link). */
  person: (eventId: string, actorId: string) => `ev:${eventId}:who:${actorId}`,
};
