import type { AgendaState } from '../../../../shared/protocol/messages';
import { liveAndNext } from '../../../../shared/domain/agenda';
import { LiveBadge } from '../../components/ItemCard';
import { useT } from '../../i18n/useT';

/** What is live in each room now, at a glance. */
export function LiveOverview({ agenda }: { agenda: AgendaState }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="overview-heading">
      <h2 id="overview-heading">{t('overview.heading')}</h2>
      <ul className="overview">
        {agenda.programme.rooms.map((room) => {
          const { live } = liveAndNext(agenda, room.id);
          return (
            <li key={room.id}>
              <span className="overview-room">{room.name}</span>
              {live ? (
                <span>
                  <LiveBadge text={t('overview.live')} /> {live.title}
                </span>
              ) : (
                <span className="muted">{t('overview.nothingLive')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
