import { fail } from '../../shared/protocol/errors';
import { LIMITS } from '../../shared/limits';
import type { IO } from './channels';

/**
 * A session (one attendee's token) keeps at most `LIMITS.socketsPerSession` sockets on a process: a few tabs. A
 * newer one closes the oldest, which is told why and does not come back by itself (the person reloads the tab they
 * want). One token on a hundred sockets would otherwise pull a hundred snapshots and live streams. Reads this
 * process's own channel membership (in the order sockets joined): no round trip per connection.
 */
export function closeOldestTabs(io: IO, personChannel: string, max: number = LIMITS.socketsPerSession): number {
  const ids = io.of('/').adapter.rooms.get(personChannel);
  if (!ids || ids.size <= max) return 0;
  const oldest = [...ids].slice(0, ids.size - max);
  for (const id of oldest) {
    const socket = io.of('/').sockets.get(id);
    if (!socket) continue;
    socket.emit(
      'closed',
      fail('FORBIDDEN', `This session is open in more than ${max} tabs: the oldest was closed. Reload it to use it again.`, {
        reason: 'session.tooManyTabs',
        params: { max },
      }),
    );
    socket.disconnect(true);
  }
  return oldest.length;
}
