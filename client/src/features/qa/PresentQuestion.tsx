import { isPublic } from '../../../../shared/domain/qa';
import { UpvoteIcon, upvotesText } from './common';
import { useAnsweringNow, useQuestionsById, useUpvoteCounts } from './selectors';
import './qa.css';

/** The big screen: the question being answered now in the room, large, or a quiet line when there is none. */
export function PresentQuestion({ roomId }: { roomId: string }) {
  // The highlight of the current live item only: moving the live item ends it (Q20).
  const answering = useAnsweringNow(roomId);
  const byId = useQuestionsById();
  const counts = useUpvoteCounts();
  const q = answering ? byId[answering] : undefined;
  const shown = q && isPublic(q) ? q : undefined;

  return (
    <section className="qa-present" aria-labelledby="qa-present-heading" aria-live="polite">
      <h2 id="qa-present-heading" className="qa-present-heading">
        {shown ? 'Question being answered' : 'Questions'}
      </h2>
      {shown ? (
        <figure className="qa-present-card" data-question={shown.id}>
          <blockquote className="qa-present-text">
            <p>{shown.text}</p>
          </blockquote>
          <figcaption className="qa-present-meta">
            <span className="qa-present-author">
              {shown.authorName ?? 'Anonymous'}
              {shown.target && <span className="qa-present-target"> to {shown.target}</span>}
            </span>
            <span className="qa-present-votes">
              <UpvoteIcon />
              {upvotesText(counts[shown.id]?.n ?? 0)}
            </span>
          </figcaption>
        </figure>
      ) : (
        <p className="qa-present-idle">No question is being answered.</p>
      )}
    </section>
  );
}
