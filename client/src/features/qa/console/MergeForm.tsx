import { useEffect, useRef, useState } from 'react';
import type { Question } from '../../../../../shared/domain/qa';
import { excerpt } from './model';
import { useT } from '../../../i18n/useT';

interface MergeFormProps {
  id: string;
  /** The questions it can go into. */
  others: Question[];
  onSubmit: (into: Question) => Promise<unknown>;
  onCancel: () => void;
}

/** Merge a question into another, picked from a list: Escape cancels. */
export function MergeForm({ id, others, onSubmit, onCancel }: MergeFormProps) {
  const t = useT();
  const [into, setInto] = useState(others[0]?.id ?? '');
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => select.current?.focus(), []);
  const target = others.find((o) => o.id === into) ?? others[0];
  return (
    // Escape in any of the form's fields cancels: the keys come from its focusable controls, the form only listens.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <form
      id={id}
      className="qa-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (target) void onSubmit(target);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      {others.length === 0 ? (
        <p className="muted">{t('qaConsole.mergeNoTarget')}</p>
      ) : (
        <div className="field qa-field">
          <label htmlFor={`${id}-into`}>{t('qaConsole.mergeInto')}</label>
          <select
            ref={select}
            id={`${id}-into`}
            className="input"
            value={target?.id ?? ''}
            onChange={(e) => setInto(e.target.value)}
            aria-describedby={`${id}-hint`}
          >
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {excerpt(o.text)}
              </option>
            ))}
          </select>
          <p id={`${id}-hint`} className="hint">
            {t('qaConsole.mergeHint')}
          </p>
        </div>
      )}
      <div className="actions-row">
        {others.length > 0 && (
          <button type="submit" className="button button-small button-primary">
            {t('qaConsole.merge')}
          </button>
        )}
        <button type="button" className="button button-small button-quiet" onClick={onCancel}>
          {t('qaConsole.cancel')}
        </button>
      </div>
    </form>
  );
}
