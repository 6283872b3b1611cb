import { useId } from 'react';
import { keyPoints } from '../../../../shared/domain/summaries';
import type { Mark, PublishedSummary } from '../../../../shared/protocol/summaries';
import { request } from '../../net/connection';
import { describeFailure } from '../../lib/failures';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { LazyMarkdown } from './LazyMarkdown';
import { sectionHeading, useBreakouts, type Breakout } from './common';
import { withMyMark } from './slice';
import { MARKS } from './MarkCounts';
import './summaries.css';

const MARK_KEYS = { agree: 'reportBack.agree', disagree: 'reportBack.disagree', unsure: 'reportBack.unsure' } as const;

/**
 * The plenary's report-back on the attendee's live page, while the chair has it on: the published summaries of all
 * breakouts side by side (stacked on a narrow screen), each with its title, chair and rapporteur, its key points
 * first, each point to mark agree / disagree / unsure (once, changeable; pressing the same mark again takes it back).
 */
export function ReportBackPanel() {
  const t = useT();
  const live = useApp((s) => s.summaries.reportBack.live);
  const published = useApp((s) => s.summaries.published);
  const breakouts = useBreakouts().filter((b) => published[b.room.id]);
  const headingId = useId();
  if (!live) return null;
  return (
    <section className="card report-back" id="report-back" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('reportBack.heading')}</h2>
      {breakouts.length === 0 ? (
        <p className="summary-none">{t('reportBack.nonePublished')}</p>
      ) : (
        <div className="report-back-grid">
          {breakouts.map((b) => (
            <SummaryCard key={b.room.id} breakout={b} published={published[b.room.id]!} markable />
          ))}
        </div>
      )}
    </section>
  );
}

/** One published summary: title, chair and rapporteur, then its key points by section. */
export function SummaryCard({ breakout, published, markable = false }: { breakout: Breakout; published: PublishedSummary; markable?: boolean }) {
  const t = useT();
  const headingId = useId();
  const points = keyPoints(published.sections);
  return (
    <article className="report-back-card" aria-labelledby={headingId} data-room={breakout.room.id}>
      <h3 id={headingId}>{breakout.title}</h3>
      <p className="summary-people">
        {breakout.chairs.length > 0 && <span>{t('reportBack.chair', { names: breakout.chairs.join(', ') })}</span>}
        {breakout.rapporteur && <span>{t('reportBack.rapporteur', { name: breakout.rapporteur })}</span>}
      </p>
      {published.edition > 1 && <p className="summary-note">{t('reportBack.corrected')}</p>}
      {published.sections
        .filter((s) => points.some((p) => p.sectionId === s.id))
        .map((s) => (
          <div key={s.id} className="report-back-section">
            <h4>{sectionHeading(s, t)}</h4>
            <ul className="report-back-points">
              {points
                .filter((p) => p.sectionId === s.id)
                .map((p) => (
                  <li key={p.id} className="report-back-point" data-point={p.id}>
                    <LazyMarkdown text={p.text} className="summary-point-text" />
                    {markable && <MarkButtons roomId={published.roomId} pointId={p.id} />}
                  </li>
                ))}
            </ul>
          </div>
        ))}
    </article>
  );
}

function MarkButtons({ roomId, pointId }: { roomId: string; pointId: string }) {
  const t = useT();
  const mine = useApp((s) => s.summaries.myMarks[roomId]?.[pointId] ?? null);
  const toast = useApp((s) => s.toast);
  const choose = async (mark: Mark) => {
    const next = mine === mark ? null : mark;
    const before = mine;
    useApp.setState((s) => ({ summaries: withMyMark(s.summaries, roomId, pointId, next) }));
    const reply = await request('summary:mark', { roomId, pointId, mark: next });
    if (!reply.ok) {
      useApp.setState((s) => ({ summaries: withMyMark(s.summaries, roomId, pointId, before) }));
      toast('error', describeFailure(reply));
    }
  };
  return (
    <div className="report-back-marks" role="group" aria-label={t('reportBack.yourView')}>
      {MARKS.map((m) => (
        <button key={m} type="button" className={`button button-small mark-${m}`} aria-pressed={mine === m} data-mark={m} onClick={() => void choose(m)}>
          {t(MARK_KEYS[m])}
        </button>
      ))}
    </div>
  );
}

/** Under a breakout in the programme, once its summary is published: the summary, folded. */
export function ProgrammeSummary({ roomId }: { roomId: string }) {
  const t = useT();
  const published = useApp((s) => s.summaries.published[roomId]);
  if (!published) return null;
  return (
    <details className="programme-summary">
      <summary>{t('reportBack.readSummary')}</summary>
      {published.sections
        .filter((s) => s.body.trim())
        .map((s) => (
          <div key={s.id} className="summary-read-section">
            <h4>{sectionHeading(s, t)}</h4>
            <LazyMarkdown text={s.body} />
          </div>
        ))}
    </details>
  );
}
