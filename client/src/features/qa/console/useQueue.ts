import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Question, RoomQa } from '../../../../../shared/domain/qa';
import type { Moderation } from './useModeration';

/**
 * The room's queue as the chair wants it. A change is shown at once and sent with the room's revision; further
 * moves made before the server confirmed it are sent once it has (each needs the revision the last one made),
 * so quick key presses are never lost.
 */
export function useQueue(room: RoomQa, byId: Record<string, Question>, mod: Moderation) {
  const [desired, setDesired] = useState<string[] | null>(null);
  /** The room revision the last change was sent with, until the room moves on from it. */
  const sentWith = useRef<number | null>(null);
  const takeable = useCallback((ids: string[]) => ids.filter((qid) => byId[qid]?.status === 'live' && byId[qid]?.mergedInto === null), [byId]);
  const queue = useMemo(() => takeable(desired ?? room.queue), [takeable, desired, room.queue]);

  useEffect(() => {
    if (!desired || sentWith.current === room.rev) return;
    const next = takeable(desired);
    if (next.join() === room.queue.join()) {
      sentWith.current = null;
      setDesired(null);
      return;
    }
    sentWith.current = room.rev;
    void mod.run(`queue@${room.rev}`, null, 'qa:queue', { roomId: room.roomId, rev: room.rev, queue: next }).then((ok) => {
      if (ok) return;
      sentWith.current = null;
      setDesired(null);
    });
  }, [desired, room, takeable, mod]);

  return { queue, set: setDesired };
}
export type Queue = ReturnType<typeof useQueue>;
