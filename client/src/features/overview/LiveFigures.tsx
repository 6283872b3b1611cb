import { useMemo, useRef } from 'react';
import type { Programme } from '../../../../shared/protocol/programme';
import type { OverviewFigures } from '../../../../shared/protocol/overview';
import { localClock } from '../../lib/time';
import { useLanguage, useT } from '../../i18n/useT';
import { AttendanceChart } from './AttendanceChart';
import { ParticipationChart } from './ParticipationChart';
import { useFigures } from './useFigures';
import './overview.css';

/**
 * The organiser's live figures: people connected now and the peak (in all and per room), attendance over time, and
 * participation per session, each chart with its table. Refreshed every 10 s while on screen (`useFigures`).
 */
export function LiveFigures({ programme }: { programme: Programme }) {
  const t = useT();
  const card = useRef<HTMLElement>(null);
  const { figures, error } = useFigures(card);
  const items = useMemo(() => new Map(programme.items.map((i) => [i.id, i])), [programme]);
  const rooms = useMemo(() => new Map(programme.rooms.map((r) => [r.id, r])), [programme]);

  return (
    <section ref={card} className="card live-figures" aria-labelledby="figures-heading" id="attendance">
      <h2 id="figures-heading">{t('overview.figuresHeading')}</h2>
      <p className="muted">{t('overview.figuresNote')}</p>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      {figures ? (
        <>
          <Totals figures={figures} programme={programme} />
          <AttendanceChart samples={figures.samples} rooms={programme.rooms} />
          <ParticipationChart sessions={figures.sessions} items={items} rooms={rooms} />
        </>
      ) : (
        !error && <p className="muted">{t('overview.loading')}</p>
      )}
    </section>
  );
}

/** Connected now, the peak and who joined so far: in all, then per room, as a small table. */
function Totals({ figures, programme }: { figures: OverviewFigures; programme: Programme }) {
  const t = useT();
  const language = useLanguage();
  const peakText = (peak: { n: number; at: number } | undefined) =>
    peak && peak.n > 0 ? t('overview.peakAt', { n: peak.n, time: localClock(peak.at, language) }) : t('overview.noFigure');
  return (
    <>
      <dl className="figures-totals">
        <div>
          <dt>{t('overview.connectedNow')}</dt>
          <dd className="figure-big">{figures.now.total}</dd>
        </div>
        <div>
          <dt>{t('overview.peak')}</dt>
          <dd className="figure-big">{figures.peak.total.n}</dd>
        </div>
        <div>
          <dt>{t('overview.joinedSoFar')}</dt>
          <dd className="figure-big">{figures.seen.total}</dd>
        </div>
      </dl>
      <div className="figures-scroll" role="region" aria-label={t('overview.tableScroll')} tabIndex={0}>
        <table className="figures-table">
          <thead>
            <tr>
              <th scope="col">{t('overview.columnRoom')}</th>
              <th scope="col">{t('overview.connectedNow')}</th>
              <th scope="col">{t('overview.peak')}</th>
              <th scope="col">{t('overview.joinedSoFar')}</th>
            </tr>
          </thead>
          <tbody>
            {programme.rooms.map((room) => (
              <tr key={room.id}>
                <th scope="row">{room.name}</th>
                <td>{figures.now.rooms[room.id] ?? 0}</td>
                <td>{peakText(figures.peak.rooms[room.id])}</td>
                <td>{figures.seen.rooms[room.id] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted figures-updated">{t('overview.updatedAt', { time: localClock(figures.at, language) })}</p>
    </>
  );
}
