import type { ReactNode } from 'react';
import type { Question } from '../../../../../shared/domain/qa';
import type { ModerationAction } from '../../../../../shared/protocol/qa';
import { formId, type QuestionForm } from './model';

interface ModActionsProps {
  q: Question;
  /** The question text's id: every button is described by it. */
  textId: string;
  /** Highlighted as answered now. */
  now: boolean;
  queued: boolean;
  openForm: QuestionForm | null;
  onAction: (action: ModerationAction) => void;
  onAnswerNow: () => void;
  onToggleQueue: () => void;
  onToggleForm: (which: QuestionForm) => void;
  /** Holds a form's toggle, for the focus to return to it when the form closes. */
  toggleRef: (which: QuestionForm) => (el: HTMLButtonElement | null) => void;
}

/** The buttons a question offers in its status. */
export function ModActions({ q, textId, now, queued, openForm, onAction, onAnswerNow, onToggleQueue, onToggleForm, toggleRef }: ModActionsProps) {
  const button = (label: ReactNode, onClick: () => void, variant = '') => (
    <button type="button" className={`button button-small ${variant}`} aria-describedby={textId} onClick={onClick}>
      {label}
    </button>
  );
  const act = (action: ModerationAction) => () => onAction(action);
  const formToggle = (which: QuestionForm, label: string) => (
    <button
      type="button"
      ref={toggleRef(which)}
      className="button button-small"
      aria-expanded={openForm === which}
      aria-controls={openForm === which ? formId(which, q.id) : undefined}
      aria-describedby={textId}
      onClick={() => onToggleForm(which)}
    >
      {label}
    </button>
  );
  const star = (
    <button type="button" className="button button-small" aria-pressed={q.starred} aria-describedby={textId} onClick={act(q.starred ? 'unstar' : 'star')}>
      <span aria-hidden="true" className="qa-star">
        {q.starred ? '★' : '☆'}
      </span>{' '}
      Star
    </button>
  );

  return (
    <div className="qa-actions" role="group" aria-label="Moderation">
      {q.status === 'pending' && (
        <>
          {button('Approve', act('approve'), 'button-primary')}
          {button('Dismiss', act('dismiss'))}
          {star}
          {formToggle('edit', 'Edit')}
          {formToggle('merge', 'Merge into…')}
        </>
      )}
      {q.status === 'live' && (
        <>
          {button(now ? 'Stop highlighting' : 'Answer now', onAnswerNow, now ? 'button-live-action' : 'button-primary')}
          {button('Mark answered', act('answered'))}
          {button(queued ? 'Remove from queue' : 'Add to queue', onToggleQueue)}
          {star}
          {formToggle('reply', q.reply ? 'Edit reply' : 'Reply')}
          {formToggle('edit', 'Edit')}
          {formToggle('merge', 'Merge into…')}
          {button('Dismiss', act('dismiss'), 'button-quiet')}
        </>
      )}
      {q.status === 'answered' && (
        <>
          {button('Reopen', act('reopen'))}
          {now && button('Stop highlighting', onAnswerNow)}
          {formToggle('reply', q.reply ? 'Edit reply' : 'Reply')}
          {formToggle('edit', 'Edit')}
          {button('Dismiss', act('dismiss'), 'button-quiet')}
        </>
      )}
      {q.status === 'dismissed' && (
        <>
          {button('Restore', act('restore'), 'button-primary')}
          {formToggle('edit', 'Edit')}
        </>
      )}
    </div>
  );
}
