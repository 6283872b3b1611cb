import { keyPoints, pointCounts } from '../../../../shared/domain/summaries';
import type { Mark, PublishedSummary } from '../../../../shared/protocol/summaries';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { LazyMarkdown } from './LazyMarkdown';

export const MARKS: readonly Mark[] = ['agree', 'disagree', 'unsure'];

const BAR_KEYS = { agree: 'summaries.countAgree', disagree: 'summaries.countDisagree', unsure: 'summaries.countUnsure' } as const;

/**
 * For the chairs and the rapporteur: how the room marked each key point of the published summary, as bars (the
 * figures are in the text too, for a screen reader and for print).
 */
export function MarkCounts({ published }: { published: PublishedSummary }) {
  const t = useT();
  const tally = useApp((s) => s.summaries.marks[published.roomId]);
  const points = keyPoints(published.sections);
  if (!points.length) return null;
  return (
    <div className="summary-marks">
      <h3>{t('summaries.marksHeading')}</h3>
      <ol className="summary-marks-list">
        {points.map((p) => {
          const c = pointCounts(tally, p.id);
          const total = c.agree + c.disagree + c.unsure;
          return (
            <li key={p.id} className="summary-marks-point" data-point={p.id}>
              <LazyMarkdown text={p.text} className="summary-point-text" />
              <ul className="summary-bars" aria-label={t('summaries.marksOf', { count: total })}>
                {MARKS.map((m) => (
                  <li key={m} className={`summary-bar summary-bar-${m}`} data-mark={m} data-count={c[m]}>
                    <span className="summary-bar-label">{t(BAR_KEYS[m], { count: c[m] })}</span>
                    <span className="summary-bar-track" aria-hidden="true">
                      <span className="summary-bar-fill" style={{ width: `${total ? Math.round((c[m] / total) * 100) : 0}%` }} />
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
