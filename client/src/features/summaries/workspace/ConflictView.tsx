import type { Section } from '../../../../../shared/protocol/summaries';
import { useApp } from '../../../state/store';
import { useFocusWhen } from '../../../lib/useFocusWhen';
import { useT } from '../../../i18n/useT';
import { sectionTitle } from '../common';

/**
 * Two people saved the same summary: this person's text beside the version saved meanwhile, section by section
 * (the sections that differ first marked), to keep one or the other; the kept one can then be edited as usual.
 */
export function ConflictView({
  roomId,
  mine,
  onKeepMine,
  onTakeTheirs,
}: {
  roomId: string;
  mine: Section[];
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const t = useT();
  const theirs = useApp((s) => s.summaries.summaries[roomId]);
  const heading = useFocusWhen<HTMLHeadingElement>(true);
  const last = theirs?.history.at(-1);
  return (
    <section className="summary-conflict" aria-labelledby={`conflict-${roomId}`}>
      <h3 id={`conflict-${roomId}`} ref={heading} tabIndex={-1}>
        {t('summaries.conflictHeading')}
      </h3>
      <p>{last ? t('summaries.conflictExplain', { version: last.version, who: last.byLabel }) : t('summaries.conflictExplainNone')}</p>
      <div className="summary-conflict-columns">
        <div>
          <h4>{t('summaries.conflictMine')}</h4>
          {mine.map((s) => (
            <div key={s.id} className="summary-conflict-section" data-side="mine">
              <p className="summary-label">{sectionTitle(s, t)}</p>
              <pre className="summary-conflict-text">{s.body}</pre>
            </div>
          ))}
        </div>
        <div>
          <h4>{last ? t('summaries.conflictTheirs', { version: last.version }) : t('summaries.conflictTheirsNone')}</h4>
          {(theirs?.sections ?? []).map((s) => (
            <div key={s.id} className="summary-conflict-section" data-side="theirs">
              <p className="summary-label">{sectionTitle(s, t)}</p>
              <pre className="summary-conflict-text">{s.body}</pre>
            </div>
          ))}
        </div>
      </div>
      <div className="summary-actions">
        <button type="button" className="button button-primary" onClick={onKeepMine}>
          {t('summaries.keepMine')}
        </button>
        <button type="button" className="button" onClick={onTakeTheirs}>
          {t('summaries.takeTheirs')}
        </button>
      </div>
    </section>
  );
}
