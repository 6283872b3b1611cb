import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '../i18n/useT';

/** Extra classes for the form's parts, so that each feature can style it as its own. */
export interface TextFormClasses {
  form?: string;
  field?: string;
  textarea?: string;
  count?: string;
  countOver?: string;
}

interface TextFormProps {
  /** The form's id; its parts' ids derive from it. */
  id: string;
  label: string;
  initial: string;
  /** 0: may be empty. */
  min: number;
  max: number;
  submitLabel: string;
  /** When set, a button that submits an empty text (e.g. to remove a reply). */
  removeLabel?: string | undefined;
  onSubmit: (text: string) => Promise<unknown>;
  onCancel: () => void;
  classes?: TextFormClasses;
}

const cx = (...names: (string | undefined)[]) => names.filter(Boolean).join(' ');

/**
 * One text to write inline, focused at its end: Escape cancels; the trimmed text is checked against the limits
 * before it is handed on, so the server is not asked with what it would refuse.
 */
export function TextForm({ id, label, initial, min, max, submitLabel, removeLabel, onSubmit, onCancel, classes = {} }: TextFormProps) {
  const t = useT();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    area.current?.focus();
    area.current?.setSelectionRange(area.current.value.length, area.current.value.length);
  }, []);

  function submit(e: FormEvent, value = text) {
    e.preventDefault();
    const trimmed = value.trim();
    if (min > 0 && trimmed.length < min) return setError(t('pages.textTooShort', { min }));
    if (trimmed.length > max) return setError(t('pages.textTooLong', { max, over: trimmed.length - max }));
    setError(null);
    void onSubmit(trimmed);
  }

  return (
    // Escape in any of the form's fields cancels: the keys come from its focusable controls, the form only listens.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <form
      id={id}
      className={classes.form}
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div className={cx('field', classes.field)}>
        <label htmlFor={`${id}-text`}>{label}</label>
        <textarea
          ref={area}
          id={`${id}-text`}
          className={cx('input', classes.textarea)}
          rows={3}
          value={text}
          aria-invalid={error !== null}
          aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={`${id}-count`} className={cx(classes.count, text.length > max ? classes.countOver : undefined) || undefined}>
          {t('pages.textCount', { length: text.length, max })}
        </p>
        {error && (
          <p id={`${id}-error`} role="alert" className="field-error">
            {error}
          </p>
        )}
      </div>
      <div className="actions-row">
        <button type="submit" className="button button-small button-primary">
          {submitLabel}
        </button>
        {removeLabel && (
          <button type="button" className="button button-small button-danger" onClick={(e) => submit(e, '')}>
            {removeLabel}
          </button>
        )}
        <button type="button" className="button button-small button-quiet" onClick={onCancel}>
          {t('pages.cancel')}
        </button>
      </div>
    </form>
  );
}
