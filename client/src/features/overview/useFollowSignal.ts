import { useEffect } from 'react';
import { request } from '../../net/connection';
import { useStatus } from '../../state/selectors';

/**
 * Tells the server which room this attendee's page shows, for the attendance per room: on every (re)connection,
 * once synced, and on every change of room. Only the room: the server counts attendees per session, nothing more.
 * A refusal (a room the programme no longer has, a burst over the rate limit) needs no words: the next change says it again.
 */
export function useFollowSignal(roomId: string | undefined): void {
  const online = useStatus() === 'online';
  useEffect(() => {
    if (online && roomId) void request('overview:follow', { roomId });
  }, [online, roomId]);
}
