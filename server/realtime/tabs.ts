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
 * round trip per connection and per disconnection, nothing per event), and the oldest beyond the cap are
 * closed through the adapter wherever they are. An id left behind by a crashed process is closed as a no-op and
 * dropped, and the set expires a day after the session's last connection.
 */
export interface TabLimit {
  /** A new socket of the session: how many older ones were closed, and on how many processes its sockets are. */
  opened(personChannel: string, socketId: string): Promise<{ closed: number; processes: number }>;
  /** A socket of the session closed: on how many processes its sockets still are (null: not known). */
  closed(personChannel: string, socketId: string): Promise<number | null>;
}

const tooMany = (max: number) =>
  fail('FORBIDDEN', `This session is open in more than ${max} tabs: the oldest was closed. Reload it to use it again.`, {
    reason: 'session.tooManyTabs',
    params: { max },
  });

/**
 * `instance`: this process's id among the processes on one Redis. A member of the set is `<instance>|<socket id>`,
 * so the set also says on how many processes the session's sockets are (the router shares its rate among them).
 */
export function createTabLimit(io: IO, redis: Redis | null, instance: string, max: number = LIMITS.socketsPerSession): TabLimit {
  if (!redis) return { opened: async (channel) => ({ closed: closeOldestTabs(io, channel, max), processes: 1 }), closed: async () => 1 };
  const key = (channel: string) => `tabs:${channel}`;
  const member = (socketId: string) => `${instance}|${socketId}`;
  const socketOf = (m: string) => m.slice(m.indexOf('|') + 1);
  const processesOf = (members: string[]) => Math.max(1, new Set(members.map((m) => m.slice(0, m.indexOf('|')))).size);
  return {
    async opened(channel, socketId) {
      const k = key(channel);
      const me = member(socketId);
      const [, [, all]] = (await redis.multi().zadd(k, Date.now(), me).zrange(k, 0, -1).expire(k, 86_400).exec()) as [unknown, [null, string[]]];
      if (all.length <= max) return { closed: 0, processes: processesOf(all) };
      // Two connections in one millisecond tie: the new socket is never the one closed.
      const oldest = all.filter((m) => m !== me).slice(0, all.length - max);
      await redis.zrem(k, ...oldest);
      const ids = oldest.map(socketOf);
      io.to(ids).emit('closed', tooMany(max));
      io.in(ids).disconnectSockets(true);
      return { closed: oldest.length, processes: processesOf(all.filter((m) => !oldest.includes(m))) };
    },
    async closed(channel, socketId) {
      // Best effort: a failure leaves a member that the next connection's trim drops.
      try {
        const k = key(channel);
        const [, [, all]] = (await redis.multi().zrem(k, member(socketId)).zrange(k, 0, -1).exec()) as [unknown, [null, string[]]];
        return all.length ? processesOf(all) : null;
      } catch {
        return null;
      }
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
