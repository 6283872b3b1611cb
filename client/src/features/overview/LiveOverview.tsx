import type { AgendaState } from '../../../../shared/protocol/messages';
import { liveAndNext } from '../../../../shared/domain/agenda';
import { LiveBadge } from '../../components/ItemCard';

/** What is live in each room now, at a glance. */
export function LiveOverview({ agenda }: { agenda: AgendaState }) {
  return (
    <section className="card" aria-labelledby="overview-heading">
      <h2 id="overview-heading">Live now</h2>
      <ul className="overview">
        {agenda.programme.rooms.map((room) => {
          const { live } = liveAndNext(agenda, room.id);
          return (
            <li key={room.id}>
              <span className="overview-room">{room.name}</span>
              {live ? (
                <span>
                  <LiveBadge text="Live" /> {live.title}
                </span>
              ) : (
                <span className="muted">Nothing live</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
