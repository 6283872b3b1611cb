import { useId } from 'react';
import type { RoomQa } from '../../../../../shared/domain/qa';
import type { Moderation } from './useModeration';

/** The room's pre-moderation setting, a switch with what it means now. */
export function PremoderationSwitch({ room, mod }: { room: RoomQa; mod: Moderation }) {
  const id = useId();
  return (
    <div className="qa-switch">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={room.premoderation}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void mod.run('settings', null, 'qa:settings', { roomId: room.roomId, premoderation: e.target.checked })}
      />
      <label htmlFor={id}>Pre-moderation</label>
      <span id={`${id}-hint`} className="hint">
        {room.premoderation ? 'New questions wait for your approval.' : 'New questions are published at once (flagged ones still wait).'}
      </span>
    </div>
  );
}
