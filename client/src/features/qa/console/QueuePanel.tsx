import { useId } from 'react';
import { sortQuestions, type Question, type RoomQa } from '../../../../../shared/domain/qa';
import type { UpvoteCount } from '../../../../../shared/protocol/qa';
import { useT } from '../../../i18n/useT';
import { ArrowButton } from './ArrowButton';
import type { Moderation } from './useModeration';
import type { Queue } from './useQueue';

interface QueuePanelProps {
  room: RoomQa;
  byId: Record<string, Question>;
  /** The questions in the console's scope (the starred ones not queued are offered from them). */
  scoped: Question[];
  counts: Record<string, UpvoteCount>;
  mod: Moderation;
  queue: Queue;
}

/** The order the chair takes questions in: reorder, answer, remove; and the starred live questions not queued yet. */
export function QueuePanel({ room, byId, scoped, counts, mod, queue: q }: QueuePanelProps) {
  const t = useT();
  const id = useId();
  const queue = q.queue;
  const starred = sortQuestions(
    scoped.filter((x) => x.starred && x.status === 'live' && x.mergedInto === null && !queue.includes(x.id)),
    'popular',
    counts,
  );
  const save = (next: string[]) => q.set(next);
  function move(index: number, by: -1 | 1) {
    const to = index + by;
    if (to < 0 || to >= queue.length) return;
    const next = [...queue];
    [next[index], next[to]] = [next[to]!, next[index]!];
    save(next);
  }

  return (
    <div className="qa-queue" role="group" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        {t('qaConsole.queue')} <span className="muted qa-total">{t('qaConsole.tabCount', { count: queue.length })}</span>
      </h3>
      {queue.length === 0 ? (
        <p className="muted small">{t('qaConsole.queueEmpty')}</p>
      ) : (
        <ol className="qa-queue-list">
          {queue.map((qid, i) => {
            const item = byId[qid]!;
            const textId = `${id}-q-${qid}`;
            return (
              <li key={qid} className="qa-queue-item">
                <p className="qa-queue-text">
                  <span id={textId}>{item.text}</span> <span className="muted small">· {t('qaConsole.upvotes', { count: counts[qid]?.n ?? 0 })}</span>
                </p>
                <div className="qa-actions">
                  <ArrowButton direction="up" disabled={i === 0} describedBy={textId} onClick={() => move(i, -1)} />
                  <ArrowButton direction="down" disabled={i === queue.length - 1} describedBy={textId} onClick={() => move(i, 1)} />
                  <button
                    type="button"
                    className="button button-small"
                    aria-describedby={textId}
                    onClick={() => void mod.run('answerNow', qid, 'qa:answerNow', { roomId: room.roomId, questionId: qid })}
                  >
                    {t('qaConsole.answerNow')}
                  </button>
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    aria-describedby={textId}
                    onClick={() => save(queue.filter((x) => x !== qid))}
                  >
                    {t('qaConsole.removeFromQueue')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {starred.length > 0 && (
        <div className="qa-starred">
          <h4 id={`${id}-starred`}>{t('qaConsole.starredNotQueued')}</h4>
          <ul className="qa-queue-list" aria-labelledby={`${id}-starred`}>
            {starred.map((s) => (
              <li key={s.id} className="qa-queue-item">
                <p className="qa-queue-text">
                  <span id={`${id}-s-${s.id}`}>{s.text}</span> <span className="muted small">· {t('qaConsole.upvotes', { count: counts[s.id]?.n ?? 0 })}</span>
                </p>
                <div className="qa-actions">
                  <button type="button" className="button button-small" aria-describedby={`${id}-s-${s.id}`} onClick={() => save([...queue, s.id])}>
                    {t('qaConsole.addToQueue')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
