import type { Question } from '../../../../../shared/domain/qa';
import { TABS, excerpt, tabOf, type Tab } from './model';
import type { Notice } from './useModeration';
import { useT } from '../../../i18n/useT';

interface ConsoleNoticeProps {
  notice: Notice;
  /** The question it is about, when there is one. */
  question: Question | undefined;
  /** The list on screen. */
  tab: Tab;
  onShow: (tab: Tab) => void;
  onDismiss: () => void;
}

/** A refusal shown at the top of the console: about the settings or the queue, or a question not on screen (with where it went). */
export function ConsoleNotice({ notice, question, tab, onShow, onDismiss }: ConsoleNoticeProps) {
  const t = useT();
  const where = question && TABS.find((x) => x.id === tabOf(question));
  return (
    <div role="alert" className={`alert ${notice.kind === 'conflict' ? 'alert-info' : 'alert-error'} alert-dismissible qa-notice`}>
      <p>
        {notice.text}
        {question && (
          <>
            {' '}
            <q>{excerpt(question.text, 60)}</q>{' '}
            {question.mergedInto === null && where ? t('qaConsole.noticeNowIn', { tab: t(where.label) }) : t('qaConsole.noticeMerged')}
          </>
        )}
      </p>
      <span className="actions-row">
        {question && question.mergedInto === null && tabOf(question) !== tab && (
          <button type="button" className="button button-small" onClick={() => onShow(tabOf(question))}>
            {t('qaConsole.showIt')}
          </button>
        )}
        <button type="button" className="button button-small button-quiet" onClick={onDismiss}>
          {t('qaConsole.dismissNotice')}
        </button>
      </span>
    </div>
  );
}
