import { useId } from 'react';
import type { RoomQa } from '../../../../../shared/domain/qa';
import type { Moderation } from './useModeration';
import { useT } from '../../../i18n/useT';

/** The room's pre-moderation setting, a switch with what it means now. */
export function PremoderationSwitch({ room, mod }: { room: RoomQa; mod: Moderation }) {
  const t = useT();
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
      <label htmlFor={id}>{t('qaConsole.premoderation')}</label>
      <span id={`${id}-hint`} className="hint">
        {room.premoderation ? t('qaConsole.premoderationOn') : t('qaConsole.premoderationOff')}
      </span>
    </div>
  );
}
