import { useId, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { Layout } from '../components/Layout';
import { attendeePath, navigate, normaliseCode } from '../lib/routes';

/** Enter the short event code (printed on the slides or in the invitation) to open the event. */
export function StartPage() {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  function submit(e: FormEvent) {
    e.preventDefault();
    const clean = normaliseCode(code);
    if (!clean) return setError('Enter the event code, for example MC2023.');
    if (!/^[A-Z0-9-]+$/.test(clean)) return setError('An event code has only letters, digits and dashes.');
    navigate(attendeePath(clean));
  }

  return (
    <Layout title="Join a live session">
      <section className="card narrow" aria-labelledby="start-heading">
        <h2 id="start-heading">Enter the event code</h2>
        <p className="muted">Keep this page open beside the Zoom stream: it shows what is on now, what comes next and the full programme.</p>
        <form onSubmit={submit} noValidate className="form">
          <div className="field">
            <label htmlFor={inputId}>Event code</label>
            <p id={hintId} className="hint">
              Shown on the slides and in your invitation, for example MC2023.
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
                {error}
              </p>
            )}
          </div>
          <button type="submit" className="button button-primary">
            Open the event
          </button>
        </form>
      </section>
    </Layout>
  );
}
