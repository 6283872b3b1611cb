import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { useFitToBox } from '../../lib/fit';
import { useBreakouts } from './common';
import { SummaryCard } from './ReportBack';
import './summaries.css';

/** Whether the report-back is on: the big screen shows it instead of its usual content. */
export const useReportBackLive = () => useApp((s) => s.summaries.reportBack.live);

/**
 * The report-back on the big screen: the summary the chair picked, large, key points first; with none picked, all
 * published summaries side by side. Shrunk to fit the frame, like every part of the present view.
 */
export function PresentReportBack() {
  const t = useT();
  const current = useApp((s) => s.summaries.reportBack.current);
  const published = useApp((s) => s.summaries.published);
  const breakouts = useBreakouts().filter((b) => published[b.room.id]);
  const box = useFitToBox<HTMLElement>();
  const shown = current ? breakouts.filter((b) => b.room.id === current) : breakouts;
  const index = current ? breakouts.findIndex((b) => b.room.id === current) : -1;
  return (
    <section ref={box} className="present-box present-report-back" aria-label={t('reportBack.heading')}>
      <p className="present-report-back-kicker">{index >= 0 ? t('reportBack.step', { n: index + 1, total: breakouts.length }) : t('reportBack.heading')}</p>
      {shown.length === 0 ? (
        <p className="present-report-back-none">{t('reportBack.nonePublished')}</p>
      ) : (
        <div className={shown.length > 1 ? 'report-back-grid is-present' : 'report-back-one'}>
          {shown.map((b) => (
            <SummaryCard key={b.room.id} breakout={b} published={published[b.room.id]!} />
          ))}
        </div>
      )}
    </section>
  );
}
