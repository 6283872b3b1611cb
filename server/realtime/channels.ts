import type { Server } from 'socket.io';
import type { ClientToServer, ServerToClient } from '../../shared/protocol/messages';

export type IO = Server<ClientToServer, ServerToClient>;

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
