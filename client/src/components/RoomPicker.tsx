import type { AgendaState } from '../../../shared/protocol/messages';
import type { Room } from '../../../shared/protocol/programme';
import { useT } from '../i18n/useT';

interface RoomPickerProps {
  agenda: AgendaState;
  rooms: Room[];
  selected: string | undefined;
  onSelect: (roomId: string) => void;
  legend?: string;
}

/** The plenary and the breakouts by theme, as radio buttons; a room with something live says so. */
export function RoomPicker({ agenda, rooms, selected, onSelect, legend }: RoomPickerProps) {
  const t = useT();
  if (rooms.length < 2) return null;
  return (
    <fieldset className="room-picker">
      <legend>{legend ?? t('pages.followRoom')}</legend>
      {rooms.map((room) => {
        const live = !!agenda.live[room.id]?.itemId;
        return (
          <label key={room.id} className={room.id === selected ? 'room-option is-selected' : 'room-option'}>
            <input type="radio" name="room" value={room.id} checked={room.id === selected} onChange={() => onSelect(room.id)} />
            <span className="room-text">
              <span className="room-name">
                {room.name}
                {live && (
                  <span className="room-live">
                    <span className="live-dot" aria-hidden="true" />
                    {t('pages.roomLive')}
                  </span>
                )}
              </span>
              {room.theme && <span className="room-theme">{room.theme}</span>}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
