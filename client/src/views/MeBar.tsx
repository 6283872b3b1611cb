import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { renameSession } from '../net/connection';
import { describeFailure } from '../lib/failures';
import { T } from '../i18n/Trans';
import { useT } from '../i18n/useT';
import { useApp } from '../state/store';

interface MeBarProps {
  /** The display name now; null: anonymous. */
  name: string | null;
  onLeave: () => void;
}

/**
 * Who the attendee is here ("Joined as …"), with "Change name" and "Leave". Changing the name happens in place: the
 * session stays the same (the same attendee, their votes, upvotes and questions); only the name shown changes. The
 * name's rules are the join's, and a refusal is said in the same words. Escape or Cancel closes the form; the focus
 * goes back to "Change name".
 */
export function MeBar({ name, onLeave }: MeBarProps) {
  const t = useT();
  const toast = useApp((s) => s.toast);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Where the focus goes when the form opens (its field) and closes (the button that opened it).
  const [focus, setFocus] = useState<'field' | 'button' | null>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const fieldId = useId();
  const hintId = useId();
  const errorId = useId();

  useEffect(() => {
    if (focus === 'field') {
      fieldRef.current?.focus();
      fieldRef.current?.select();
    }
    if (focus === 'button') buttonRef.current?.focus();
    if (focus) setFocus(null);
  }, [focus]);

  function open() {
    setDraft(name ?? '');
    setError(null);
    setEditing(true);
    setFocus('field');
  }

  function close() {
    setEditing(false);
    setError(null);
    setFocus('button');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const typed = draft.trim();
    if (typed === (name ?? '')) return close();
    setBusy(true);
    setError(null);
    const reply = await renameSession(typed);
    setBusy(false);
    if (!reply.ok) {
      setError(describeFailure(reply));
      fieldRef.current?.focus();
      return;
    }
    close();
    toast('info', reply.name ? { key: 'join.renamed', values: { name: reply.name } } : { key: 'join.nowAnonymous' });
  }

  if (!editing) {
    return (
      <div className="me-bar">
        <span>
          {name === null ? (
            <T id={'join.joinedAnonymously'} components={{ 0: <strong /> }} />
          ) : (
            <T id={'join.joinedAs'} values={{ name }} components={{ 0: <strong /> }} />
          )}
        </span>
        <button ref={buttonRef} type="button" className="button button-small button-quiet" onClick={open}>
          {t('join.changeName')}
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onLeave}>
          {t('join.leave')}
        </button>
      </div>
    );
  }

  return (
    <div className="me-bar me-bar-editing">
      {/* Escape in the field or on a button closes the form: the keys come from its controls, the form only listens. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
      <form
        className="rename-form"
        noValidate
        onSubmit={submit}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !busy) {
            e.preventDefault();
            close();
          }
        }}
      >
        <label htmlFor={fieldId}>
          {t('join.displayName')} <span className="optional">{t('join.optional')}</span>
        </label>
        <p id={hintId} className="hint">
          {t('join.renameHint')}
        </p>
        <input
          ref={fieldRef}
          id={fieldId}
          name="name"
          className="input"
          autoComplete="nickname"
          maxLength={LIMITS.nameMax}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions-row">
          <button type="submit" className="button button-small button-primary" disabled={busy}>
            {busy ? t('join.saving') : t('join.saveName')}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={close} disabled={busy}>
            {t('pages.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
