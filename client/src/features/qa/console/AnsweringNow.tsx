import { useId } from 'react';
import type { Question, RoomQa } from '../../../../../shared/domain/qa';
import type { UpvoteCount } from '../../../../../shared/protocol/qa';
import { useT } from '../../../i18n/useT';
import { useQuestionsById } from '../selectors';
import { authorWords, excerpt } from './model';
import type { Moderation } from './useModeration';

interface AnsweringNowProps {
  room: RoomQa;
  answering: Question | undefined;
  counts: Record<string, UpvoteCount>;
  mod: Moderation;
}

/** The question highlighted for everybody, with what to do with it; or, when there is none, the next in the queue to take. */
export function AnsweringNow({ room, answering, counts, mod }: AnsweringNowProps) {
  const t = useT();
  const textId = useId();
  const byId = useQuestionsById();
  const next = room.queue.map((qid) => byId[qid]).find((q): q is Question => !!q && q.status === 'live' && q.mergedInto === null);
  return (
    <div className={answering ? 'qa-console-now' : 'qa-console-now qa-console-now-idle'} aria-labelledby={`${textId}-h`} role="group">
      <h3 id={`${textId}-h`}>{t('qaConsole.answeringNow')}</h3>
      {answering ? (
        <>
          <p className="qa-q-text qa-now-text" id={textId}>
            {answering.text}
          </p>
          <p className="qa-q-meta">
            {authorWords(t, answering, undefined)}
            {answering.target && <> · {t('qaConsole.toTarget', { target: answering.target })}</>} ·{' '}
            {t('qaConsole.upvotes', { count: counts[answering.id]?.n ?? 0 })}
          </p>
          <div className="qa-actions">
            {answering.status === 'live' && (
              <button
                type="button"
                className="button button-small button-primary"
                aria-describedby={textId}
                onClick={() => void mod.moderate(answering, 'answered')}
              >
                {t('qaConsole.markAnswered')}
              </button>
            )}
            <button
              type="button"
              className="button button-small"
              aria-describedby={textId}
              onClick={() => void mod.run('answerNow', answering.id, 'qa:answerNow', { roomId: room.roomId, questionId: null })}
            >
              {t('qaConsole.stopHighlighting')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">{t('qaConsole.noHighlight')}</p>
          {next && (
            <div className="qa-actions">
              <button
                type="button"
                className="button button-small button-primary"
                aria-describedby={`${textId}-next`}
                onClick={() => void mod.run('answerNow', next.id, 'qa:answerNow', { roomId: room.roomId, questionId: next.id })}
              >
                {t('qaConsole.answerNext')}
              </button>
              <span className="muted small" id={`${textId}-next`}>
                {excerpt(next.text)}
              </span>
            </div>
          )}
        </>
      )}
    </div>
  );
}
