import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';

/**
 * The attendee's banner while their input is paused (the whole event, or the room they follow): why, and the
 * staff's words. The live region is always there, so that its words are announced (politely) when a pause begins
 * and when it ends.
 */
export function PauseBanner({ roomId }: { roomId: string | null }) {
  const t = useT();
  const pauses = useApp((s) => s.moderation.pauses);
  const pause = pauses.event ?? (roomId ? pauses.rooms[roomId] : undefined) ?? null;
  return (
    <div role="status" aria-live="polite" className="pause-banner-region">
      {pause && (
        <div className="alert alert-warning pause-banner" data-testid="pause-banner">
          <p>
            <strong>{pauses.event ? t('suspension.eventPaused') : t('suspension.roomPaused', { room: pause.room ?? '' })}</strong>
          </p>
          {pause.message && <p>{t('suspension.staffMessage', { message: pause.message })}</p>}
          <p className="muted">{t('suspension.stillWatch')}</p>
        </div>
      )}
    </div>
  );
}
