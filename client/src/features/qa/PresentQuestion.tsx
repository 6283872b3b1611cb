import { isPublic } from '../../../../shared/domain/qa';
import type { Question } from '../../../../shared/protocol/qa';
import { useFitToBox } from '../../lib/fit';
import { useT } from '../../i18n/useT';
import { UpvoteIcon, upvotesText } from './common';
import { useAnsweringNow, useQuestionsById, useUpvoteCounts } from './selectors';
import './qa.css';

/** The question being answered now in the room, if attendees may see it. */
export function usePresentedQuestion(roomId: string): Question | undefined {
  // The highlight of the current live item only: moving the live item ends it (Q20).
  const answering = useAnsweringNow(roomId);
  const byId = useQuestionsById();
  const q = answering ? byId[answering] : undefined;
  return q && isPublic(q) ? q : undefined;
}

/**
 * The big screen's question box: the question being answered, as large as its box allows (the box shrinks its
 * type until the longest question fits, see useFitToBox).
 */
export function PresentQuestion({ question }: { question: Question }) {
  const counts = useUpvoteCounts();
  const box = useFitToBox<HTMLElement>();
  const t = useT();

  return (
    <section ref={box} className="present-box qa-present" aria-labelledby="qa-present-heading" data-question={question.id}>
      <h2 id="qa-present-heading" className="qa-present-heading">
        {t('present.answeringNow')}
      </h2>
      <figure className="qa-present-card">
        <blockquote className="qa-present-text">
          <p>{question.text}</p>
        </blockquote>
        <figcaption className="qa-present-meta">
          <span className="qa-present-author">
            {question.authorName ?? t('qa.anonymous')}
            {question.target && <span className="qa-present-target"> {t('present.toTarget', { target: question.target })}</span>}
          </span>
          <span className="qa-present-votes">
            <UpvoteIcon />
            {upvotesText(counts[question.id]?.n ?? 0)}
          </span>
        </figcaption>
      </figure>
    </section>
  );
}
