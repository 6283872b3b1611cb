import { useId } from 'react';
import type { Question, RoomQa } from '../../../../../shared/domain/qa';
import type { UpvoteCount } from '../../../../../shared/protocol/qa';
import { authorText, upvotesText } from '../common';
import { useQuestionsById } from '../selectors';
import { excerpt } from './model';
import type { Moderation } from './useModeration';

interface AnsweringNowProps {
  room: RoomQa;
  answering: Question | undefined;
  counts: Record<string, UpvoteCount>;
  mod: Moderation;
}

/** The question highlighted for everybody, with what to do with it; or, when there is none, the next in the queue to take. */
export function AnsweringNow({ room, answering, counts, mod }: AnsweringNowProps) {
  const textId = useId();
  const byId = useQuestionsById();
  const next = room.queue.map((qid) => byId[qid]).find((q): q is Question => !!q && q.status === 'live' && q.mergedInto === null);
  return (
    <div className={answering ? 'qa-console-now' : 'qa-console-now qa-console-now-idle'} aria-labelledby={`${textId}-h`} role="group">
      <h3 id={`${textId}-h`}>Answering now</h3>
      {answering ? (
        <>
          <p className="qa-q-text qa-now-text" id={textId}>
            {answering.text}
          </p>
          <p className="qa-q-meta">
            {authorText(answering, undefined)}
            {answering.target && <> · to {answering.target}</>} · {upvotesText(counts[answering.id]?.n ?? 0)}
          </p>
          <div className="qa-actions">
            {answering.status === 'live' && (
              <button
                type="button"
                className="button button-small button-primary"
                aria-describedby={textId}
                onClick={() => void mod.moderate(answering, 'answered')}
              >
                Mark answered
              </button>
            )}
            <button
              type="button"
              className="button button-small"
              aria-describedby={textId}
              onClick={() => void mod.run('answerNow', answering.id, 'qa:answerNow', { roomId: room.roomId, questionId: null })}
            >
              Stop highlighting
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">Nothing is being answered right now. “Answer now” on a question shows it to everybody and on the present view.</p>
          {next && (
            <div className="qa-actions">
              <button
                type="button"
                className="button button-small button-primary"
                aria-describedby={`${textId}-next`}
                onClick={() => void mod.run('answerNow', next.id, 'qa:answerNow', { roomId: room.roomId, questionId: next.id })}
              >
                Answer the next in the queue
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
