import { useRef, useState } from 'react';
import { LIMITS } from '../../../../../shared/limits';
import type { Question, RoomQa } from '../../../../../shared/domain/qa';
import { TextForm, type TextFormClasses } from '../../../components/TextForm';
import { PersonActionsFor } from '../../../components/PersonActions';
import { AskedAt, Badge } from '../common';
import { useT } from '../../../i18n/useT';

import { MergeForm } from './MergeForm';
import { NetworkMarker } from './NetworkMarker';
import type { UpvoteCount } from '../../../../../shared/protocol/qa';
import { ModActions } from './ModActions';
import { authorWords, formId, type QuestionForm } from './model';
import type { Moderation } from './useModeration';
import type { Queue } from './useQueue';

const FORM_CLASSES: TextFormClasses = { form: 'qa-inline-form', field: 'qa-field', textarea: 'qa-textarea', count: 'qa-count', countOver: 'qa-count-over' };

interface ModQuestionProps {
  q: Question;
  room: RoomQa;
  /** The question highlighted as "answering now", while the highlight is current (it ends when the live item changes). */
  answering: string | null;
  count: number;
  /** The count with the staff's marks (Q25): one network's share, a discount. */
  upvotes?: UpvoteCount | undefined;
  mod: Moderation;
  meId: string;
  /** Questions it can be merged into (itself among them, perhaps). */
  targets: Question[];
  queue: Queue;
  articleRef: (el: HTMLElement | null) => void;
}

/** One question as the chair sees it: its state, a refusal about it, its actions and the form open on it. */
export function ModQuestion({ q, room, answering, count, upvotes, mod, meId, targets, queue: qq, articleRef }: ModQuestionProps) {
  const t = useT();
  const textId = `qa-mod-text-${q.id}`;
  const [form, setForm] = useState<QuestionForm | null>(null);
  const toggles = useRef(new Map<QuestionForm, HTMLButtonElement>());
  const queued = qq.queue.indexOf(q.id);
  const now = answering === q.id;
  const notice = mod.notice?.questionId === q.id ? mod.notice : null;
  const others = targets.filter((x) => x.id !== q.id);

  const close = (which: QuestionForm) => {
    setForm(null);
    // Back to the button that opened the form (after React has rendered it again).
    requestAnimationFrame(() => toggles.current.get(which)?.focus());
  };
  const toggleRef = (which: QuestionForm) => (el: HTMLButtonElement | null) => {
    if (el) toggles.current.set(which, el);
    else toggles.current.delete(which);
  };
  const answerNow = () => void mod.run(`${q.id}/answerNow`, q.id, 'qa:answerNow', { roomId: room.roomId, questionId: now ? null : q.id });
  const toggleQueue = () => qq.set(queued >= 0 ? qq.queue.filter((x) => x !== q.id) : [...qq.queue, q.id]);

  return (
    <article ref={articleRef} className={`qa-mod${now ? ' qa-q-now' : ''}`} data-question={q.id} tabIndex={-1} aria-labelledby={textId}>
      <div className="qa-badges">
        {now && <Badge kind="now">{t('qaConsole.answeringNow')}</Badge>}
        {q.flagged && <Badge kind="flagged">{t('qaConsole.badgeFlagged')}</Badge>}
        {q.starred && <Badge kind="star">{t('qaConsole.badgeStarred')}</Badge>}
        {queued >= 0 && <Badge kind="queue">{t('qaConsole.badgeInQueue', { position: queued + 1 })}</Badge>}
        {q.mergedFrom.length > 0 && <Badge kind="info">{t('qaConsole.badgeMerged', { count: q.mergedFrom.length })}</Badge>}
      </div>
      <p className="qa-q-text" id={textId}>
        {q.text}
      </p>
      <p className="qa-q-meta">
        <span>{authorWords(t, q, meId)}</span>
        {q.target && (
          <>
            <span aria-hidden="true"> · </span>
            <span className="sr-only">, </span>
            <span>{t('qaConsole.toTarget', { target: q.target })}</span>
          </>
        )}
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, </span>
        <AskedAt q={q} />
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, </span>
        <strong className="qa-count-n">{t('qaConsole.upvotes', { count })}</strong>
      </p>
      <NetworkMarker q={q} count={upvotes} mod={mod} />
      {q.originalText !== null && (
        <p className="qa-note">
          {t('qaConsole.edited')} <q className="qa-original">{q.originalText}</q>
        </p>
      )}
      {q.reply && (
        <div className="qa-reply">
          <p className="qa-reply-label">{t('qaConsole.replyPublic')}</p>
          <p className="qa-reply-text">{q.reply.text}</p>
        </div>
      )}
      {notice && (
        <div role="alert" className={`alert ${notice.kind === 'conflict' ? 'alert-info' : 'alert-error'} qa-notice`}>
          <p>{notice.text}</p>
        </div>
      )}

      <ModActions
        q={q}
        textId={textId}
        now={now}
        queued={queued >= 0}
        openForm={form}
        onAction={(action) => void mod.moderate(q, action)}
        onAnswerNow={answerNow}
        onToggleQueue={toggleQueue}
        onToggleForm={(which) => setForm(form === which ? null : which)}
        toggleRef={toggleRef}
      />
      {/* Actions on the asker that other features offer (moderation's "Ban"), when the view provides them. */}
      <PersonActionsFor id={q.authorId} name={q.authorName} />

      {form === 'reply' && (
        <TextForm
          id={formId('reply', q.id)}
          label={t('qaConsole.replyLabel')}
          initial={q.reply?.text ?? ''}
          min={0}
          max={LIMITS.replyMax}
          submitLabel={t('qaConsole.publishReply')}
          removeLabel={q.reply ? t('qaConsole.removeReply') : undefined}
          onSubmit={async (text) => (await mod.run(`${q.id}/reply`, q.id, 'qa:reply', { questionId: q.id, rev: q.rev, text })) && close('reply')}
          onCancel={() => close('reply')}
          classes={FORM_CLASSES}
        />
      )}
      {form === 'edit' && (
        <TextForm
          id={formId('edit', q.id)}
          label={t('qaConsole.editLabel')}
          initial={q.text}
          min={LIMITS.questionMin}
          max={LIMITS.questionMax}
          submitLabel={t('qaConsole.saveText')}
          onSubmit={async (text) => (await mod.run(`${q.id}/edit`, q.id, 'qa:edit', { questionId: q.id, rev: q.rev, text })) && close('edit')}
          onCancel={() => close('edit')}
          classes={FORM_CLASSES}
        />
      )}
      {form === 'merge' && (
        <MergeForm
          id={formId('merge', q.id)}
          others={others}
          onSubmit={async (into) =>
            (await mod.run(`${q.id}/merge`, q.id, 'qa:merge', { questionId: q.id, rev: q.rev, intoId: into.id, intoRev: into.rev })) && close('merge')
          }
          onCancel={() => close('merge')}
        />
      )}
    </article>
  );
}
