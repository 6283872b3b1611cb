import { useId, useState } from 'react';
import { canReview } from '../../../../shared/domain/summaries';
import type { Me } from '../../../../shared/protocol/messages';
import type { PublishedSummary, Summary } from '../../../../shared/protocol/summaries';
import { request } from '../../net/connection';
import { describeFailure } from '../../lib/failures';
import { useApp } from '../../state/store';
import { useT } from '../../i18n/useT';
import { LazyMarkdown } from './LazyMarkdown';
import { MarkCounts } from './MarkCounts';
import { ReviewNote, StatusBadge } from './Status';
import { sectionTitle, summarySessionOf, useBreakouts, type Breakout } from './common';
import './summaries.css';

/**
 * The chair's part: the summaries of the breakouts they may review (their breakout's; every breakout's for the
 * plenary chair and the organiser), each to publish or send back with a comment, and for the plenary chair the
 * report-back: on and off, and which summary the big screen shows.
 */
export function SummaryReviews({ me }: { me: Me }) {
  const t = useT();
  const breakouts = useBreakouts();
  const programme = useApp((s) => s.agenda?.programme);
  const plenaryId = programme?.rooms.find((r) => r.kind === 'plenary')?.id;
  const actor = { role: me.role, id: me.id, roomScope: me.roomScope };
  const mine = breakouts.filter((b) => canReview(actor, b.room.id, plenaryId));
  const runsPlenary = me.role === 'organiser' || me.roomScope === '*' || me.roomScope === plenaryId;
  const headingId = useId();
  if (!mine.length) return null;
  return (
    <section className="card summary-reviews" id="summaries" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('summaries.reviewsHeading')}</h2>
      {runsPlenary && <ReportBackControls breakouts={breakouts} />}
      {mine.map((b) => (
        <ReviewCard key={b.room.id} breakout={b} />
      ))}
    </section>
  );
}

function ReviewCard({ breakout }: { breakout: Breakout }) {
  const t = useT();
  const roomId = breakout.room.id;
  const summary = useApp((s) => s.summaries.summaries[roomId]) as Summary | undefined;
  const published = useApp((s) => s.summaries.published[roomId]) as PublishedSummary | undefined;
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const commentId = useId();
  const status = summary?.status ?? 'empty';

  const act = async (action: 'publish' | 'sendBack') => {
    if (!summary) return;
    setBusy(true);
    setError(null);
    const reply = await request('summary:review', { roomId, action, rev: summary.rev, comment });
    setBusy(false);
    if (reply.ok) setComment('');
    else setError(describeFailure(reply));
  };

  return (
    <article className="summary-review" aria-labelledby={headingId} data-room={roomId}>
      <div className="section-head">
        <h3 id={headingId}>{breakout.title}</h3>
        <StatusBadge status={status} />
      </div>
      <p className="summary-people">
        {t('summaries.chairAndRapporteur', { chairs: breakout.chairs.join(', ') || '—', rapporteur: breakout.rapporteur ?? '—' })}
      </p>
      <ReviewNote summary={summary} published={published} />
      {summary && summary.version > 0 ? (
        <details className="summary-review-text" open={status === 'review'}>
          <summary>{t('summaries.readVersion', { version: summary.version })}</summary>
          {summary.sections
            .filter((s) => s.body.trim())
            .map((s) => (
              <div key={s.id} className="summary-read-section">
                <h4>{sectionTitle(s, t)}</h4>
                <LazyMarkdown text={s.body} />
              </div>
            ))}
        </details>
      ) : (
        <p className="summary-none">{t('summaries.nothingYet')}</p>
      )}
      {status === 'review' && (
        <div className="summary-review-actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void act('publish')}>
            {t('summaries.publish')}
          </button>
          <label htmlFor={commentId}>{t('summaries.commentLabel')}</label>
          <textarea id={commentId} className="input" rows={2} value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} />
          <button type="button" className="button" disabled={busy || !comment.trim()} onClick={() => void act('sendBack')}>
            {t('summaries.sendBack')}
          </button>
        </div>
      )}
      {error && (
        <p className="summary-error" role="alert">
          {error}
        </p>
      )}
      {published && <MarkCounts published={published} />}
    </article>
  );
}

/** "Report back now", and which published summary the big screen shows (or all side by side). */
function ReportBackControls({ breakouts }: { breakouts: Breakout[] }) {
  const t = useT();
  const reportBack = useApp((s) => s.summaries.reportBack);
  const published = useApp((s) => s.summaries.published);
  const programme = useApp((s) => s.agenda?.programme);
  const plenaryLive = useApp((s) => {
    const plenary = s.agenda?.programme.rooms.find((r) => r.kind === 'plenary');
    return plenary ? (s.agenda?.live[plenary.id]?.itemId ?? null) : null;
  });
  const [error, setError] = useState<string | null>(null);
  const session = programme ? summarySessionOf(programme) : undefined;
  const ready = breakouts.filter((b) => published[b.room.id]);

  const set = async (live: boolean, current: string | null) => {
    setError(null);
    const reply = await request('summary:reportBack', { live, current });
    if (!reply.ok) setError(describeFailure(reply));
  };

  return (
    <div className="summary-reportback-controls" role="group" aria-label={t('summaries.reportBackHeading')}>
      <h3>{t('summaries.reportBackHeading')}</h3>
      {!reportBack.live && session && plenaryLive === session.id && <p className="summary-note">{t('summaries.sessionIsLive', { title: session.title })}</p>}
      <p>
        <button
          type="button"
          className={reportBack.live ? 'button button-live' : 'button button-primary'}
          aria-pressed={reportBack.live}
          onClick={() => void set(!reportBack.live, null)}
        >
          {reportBack.live ? t('summaries.reportBackEnd') : t('summaries.reportBackStart')}
        </button>
      </p>
      {reportBack.live && (
        <>
          <p>{t('summaries.onScreen')}</p>
          <ul className="summary-screen-choices">
            <li>
              <button type="button" className="button button-small" aria-pressed={reportBack.current === null} onClick={() => void set(true, null)}>
                {t('summaries.showAll')}
              </button>
            </li>
            {ready.map((b) => (
              <li key={b.room.id}>
                <button type="button" className="button button-small" aria-pressed={reportBack.current === b.room.id} onClick={() => void set(true, b.room.id)}>
                  {t('summaries.showOne', { title: b.room.name })}
                </button>
              </li>
            ))}
          </ul>
          {ready.length === 0 && <p className="summary-none">{t('summaries.nonePublishedYet')}</p>}
        </>
      )}
      {error && (
        <p className="summary-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
