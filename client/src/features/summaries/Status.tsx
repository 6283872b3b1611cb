import type { PublishedSummary, Summary, SummaryStatus } from '../../../../shared/protocol/summaries';
import { useT } from '../../i18n/useT';
import { localClock as timeOfDay } from '../../lib/time';

const STATUS_KEYS = {
  empty: 'summaries.statusEmpty',
  drafting: 'summaries.statusDrafting',
  review: 'summaries.statusReview',
  published: 'summaries.statusPublished',
} as const;

/** The summary's status, as everyone involved sees it. */
export function StatusBadge({ status }: { status: SummaryStatus }) {
  const t = useT();
  return (
    <span className={`summary-status summary-status-${status}`} data-status={status}>
      {t(STATUS_KEYS[status])}
    </span>
  );
}

/** The last review: sent back with its comment, or who published it and when (and that a correction is on its way). */
export function ReviewNote({ summary, published }: { summary: Summary | undefined; published: PublishedSummary | undefined }) {
  const t = useT();
  const review = summary?.review;
  return (
    <>
      {review?.outcome === 'sentBack' && summary?.status === 'drafting' && (
        <div className="summary-note summary-note-back" role="note">
          <p>{t('summaries.sentBackBy', { who: review.byLabel, time: timeOfDay(review.at) })}</p>
          <blockquote className="summary-comment">{review.comment}</blockquote>
        </div>
      )}
      {published && (
        <p className="summary-note summary-note-published">
          {published.edition > 1
            ? t('summaries.publishedCorrectedBy', { who: published.byLabel, time: timeOfDay(published.at), edition: published.edition })
            : t('summaries.publishedBy', { who: published.byLabel, time: timeOfDay(published.at) })}
        </p>
      )}
    </>
  );
}
