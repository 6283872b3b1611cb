import type { ReactNode } from 'react';
import type { Question } from '../../../../../shared/domain/qa';
import type { ModerationAction } from '../../../../../shared/protocol/qa';
import { formId, type QuestionForm } from './model';
import { useT } from '../../../i18n/useT';

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
  const t = useT();
  const button = (label: ReactNode, onClick: () => void, variant = '') => (
    <button type="button" className={`button button-small ${variant}`} aria-describedby={textId} onClick={onClick}>
      {label}
    </button>
  );
  const act = (action: ModerationAction, label: string, variant = '') => button(label, () => onAction(action), variant);
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
  const starMark = q.starred ? '★' : '☆';
  const star = (
    <button
      type="button"
      className="button button-small"
      aria-pressed={q.starred}
      aria-describedby={textId}
      onClick={() => onAction(q.starred ? 'unstar' : 'star')}
    >
      <span aria-hidden="true" className="qa-star">
        {starMark}
      </span>{' '}
      {t('qaConsole.star')}
    </button>
  );
  // Each button once, placed below by status (only one status shows).
  const approve = act('approve', t('qaConsole.approve'), 'button-primary');
  const dismiss = act('dismiss', t('qaConsole.dismiss'));
  const dismissQuietly = act('dismiss', t('qaConsole.dismiss'), 'button-quiet');
  const markAnswered = act('answered', t('qaConsole.markAnswered'));
  const reopen = act('reopen', t('qaConsole.reopen'));
  const restore = act('restore', t('qaConsole.restore'), 'button-primary');
  const answerNow = button(now ? t('qaConsole.stopHighlighting') : t('qaConsole.answerNow'), onAnswerNow, now ? 'button-live-action' : 'button-primary');
  const stopHighlighting = button(t('qaConsole.stopHighlighting'), onAnswerNow);
  const queueToggle = button(queued ? t('qaConsole.removeFromQueue') : t('qaConsole.addToQueue'), onToggleQueue);
  const edit = formToggle('edit', t('qaConsole.edit'));
  const merge = formToggle('merge', t('qaConsole.mergeIntoToggle'));
  const reply = formToggle('reply', q.reply ? t('qaConsole.editReply') : t('qaConsole.reply'));

  return (
    <div className="qa-actions" role="group" aria-label={t('qaConsole.actionsLabel')}>
      {q.status === 'pending' && (
        <>
          {approve}
          {dismiss}
          {star}
          {edit}
          {merge}
        </>
      )}
      {q.status === 'live' && (
        <>
          {answerNow}
          {markAnswered}
          {queueToggle}
          {star}
          {reply}
          {edit}
          {merge}
          {dismissQuietly}
        </>
      )}
      {q.status === 'answered' && (
        <>
          {reopen}
          {now && stopHighlighting}
          {reply}
          {edit}
          {dismissQuietly}
        </>
      )}
      {q.status === 'dismissed' && (
        <>
          {restore}
          {edit}
        </>
      )}
    </div>
  );
}
