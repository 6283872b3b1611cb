import type { Redis } from 'ioredis';
import { fail } from '../../shared/protocol/errors';
import { LIMITS } from '../../shared/limits';
import type { IO } from './channels';

/**
 * A session (one attendee's token) keeps at most `LIMITS.socketsPerSession` sockets: a few tabs. A newer one closes
 * the oldest, which is told why and does not come back by itself (the person reloads the tab they want). One token
 * on a hundred sockets would otherwise pull a hundred snapshots and live streams, each with its own rate bucket.
 *
 * On one process this reads the process's own channel membership (in the order sockets joined): no round trip. With
 * Redis the cap holds across processes: the session's sockets are a sorted set by connection time (one pipelined
 * round trip per connection, one command per disconnection, nothing per event), and the oldest beyond the cap are
 * closed through the adapter wherever they are. An id left behind by a crashed process is closed as a no-op and
 * dropped, and the set expires a day after the session's last connection.
 */
export interface TabLimit {
  /** A new socket of the session: returns how many older ones were closed. */
  opened(personChannel: string, socketId: string): Promise<number>;
  closed(personChannel: string, socketId: string): void;
}

const tooMany = (max: number) =>
  fail('FORBIDDEN', `This session is open in more than ${max} tabs: the oldest was closed. Reload it to use it again.`, {
    reason: 'session.tooManyTabs',
    params: { max },
  });

export function createTabLimit(io: IO, redis: Redis | null, max: number = LIMITS.socketsPerSession): TabLimit {
  if (!redis) return { opened: async (channel) => closeOldestTabs(io, channel, max), closed: () => {} };
  const key = (channel: string) => `tabs:${channel}`;
  return {
    async opened(channel, socketId) {
      const k = key(channel);
      const [, [, size]] = (await redis.multi().zadd(k, Date.now(), socketId).zcard(k).expire(k, 86_400).exec()) as [unknown, [null, number]];
      if (size <= max) return 0;
      // Two connections in one millisecond tie: the new socket is never the one closed.
      const oldest = (await redis.zrange(k, 0, size - max)).filter((id) => id !== socketId).slice(0, size - max);
      if (!oldest.length) return 0;
      await redis.zrem(k, ...oldest);
      io.to(oldest).emit('closed', tooMany(max));
      io.in(oldest).disconnectSockets(true);
      return oldest.length;
    },
    closed(channel, socketId) {
      // Best effort: a failure leaves an id that the next connection's trim drops.
      redis.zrem(key(channel), socketId).catch(() => {});
    },
  };
}

/** The cap on one process, from its own channel membership. */
export function closeOldestTabs(io: IO, personChannel: string, max: number = LIMITS.socketsPerSession): number {
  const ids = io.of('/').adapter.rooms.get(personChannel);
  if (!ids || ids.size <= max) return 0;
  const oldest = [...ids].slice(0, ids.size - max);
  for (const id of oldest) {
    const socket = io.of('/').sockets.get(id);
    if (!socket) continue;
    socket.emit('closed', tooMany(max));
    socket.disconnect(true);
  }
  return oldest.length;
}
