import type { Question } from '../../../../../shared/domain/qa';
import type { UpvoteCount } from '../../../../../shared/protocol/qa';
import { useT } from '../../../i18n/useT';
import type { Moderation } from './useModeration';

/**
 * Under a question's count when one network is behind an unusual share of its upvotes (Q25): the share, and a
 * button that discounts them (they leave the count, here and on every screen) or counts them again.
 */
export function NetworkMarker({ q, count, mod }: { q: Question; count: UpvoteCount | undefined; mod: Moderation }) {
  const t = useT();
  if (!count?.network && !count?.discounted) return null;
  return (
    <p className="qa-network" role="note">
      {count.network && <span className="qa-network-share">{t('qaConsole.networkShare', { percent: count.network.percent, count: count.network.n })}</span>}
      {count.discounted ? <span>{t('qaConsole.networkDiscounted', { count: count.discounted })}</span> : null}
      {count.network && !count.discounted && (
        <button
          type="button"
          className="button button-small"
          onClick={() => void mod.run(`${q.id}/discount`, q.id, 'qa:discount', { questionId: q.id, discount: true })}
        >
          {t('qaConsole.networkDiscount')}
        </button>
      )}
      {count.discounted ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => void mod.run(`${q.id}/discount`, q.id, 'qa:discount', { questionId: q.id, discount: false })}
        >
          {t('qaConsole.networkCountAgain')}
        </button>
      ) : null}
    </p>
  );
}
