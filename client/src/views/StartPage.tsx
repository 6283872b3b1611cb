import { useId, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { Layout } from '../components/Layout';
import { attendeePath, navigate, normaliseCode } from '../lib/routes';
import type { MessageKey } from '../../../shared/locales/catalogue';
import { useT } from '../i18n/useT';

/** Enter the short event code (printed on the slides or in the invitation) to open the event. */
export function StartPage() {
  const [code, setCode] = useState('');
  const t = useT();
  // The key, not the words: a change of language rewords the error on screen.
  const [error, setError] = useState<MessageKey | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  function submit(e: FormEvent) {
    e.preventDefault();
    const clean = normaliseCode(code);
    if (!clean) return setError('pages.eventCodeMissing');
    if (!/^[A-Z0-9-]+$/.test(clean)) return setError('pages.eventCodeInvalid');
    navigate(attendeePath(clean));
  }

  return (
    <Layout title={t('pages.startTitle')}>
      <section className="card narrow" aria-labelledby="start-heading">
        <h2 id="start-heading">{t('pages.startHeading')}</h2>
        <p className="muted">{t('pages.startIntro')}</p>
        <form onSubmit={submit} noValidate className="form">
          <div className="field">
            <label htmlFor={inputId}>{t('pages.eventCode')}</label>
            <p id={hintId} className="hint">
              {t('pages.eventCodeHint')}
            </p>
            <input
              id={inputId}
              name="code"
              className="input input-code"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={LIMITS.eventCodeMax}
              value={code}
              onChange={(e) => {
                setCode(e.target.value);
                setError(null);
              }}
              aria-describedby={error ? `${hintId} ${errorId}` : hintId}
              aria-invalid={error ? true : undefined}
            />
            {error && (
              <p id={errorId} className="field-error" role="alert">
                {t(error)}
              </p>
            )}
          </div>
          <button type="submit" className="button button-primary">
            {t('pages.openEvent')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
