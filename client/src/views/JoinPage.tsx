import { useEffect, useId, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { Layout } from '../components/Layout';
import { lookupEvent, type EventInfo } from '../net/api';
import { cancelJoin, joinLive } from '../net/connection';
import type { StoredJoin } from '../lib/storage';
import { describeFailure } from '../lib/failures';
import { T } from '../i18n/Trans';
import { useT } from '../i18n/useT';
import { loadLiveParts } from './live';
import { PrivacyNote } from '../features/privacy/PrivacyNote';

type Lookup = { state: 'loading' } | { state: 'found'; event: EventInfo } | { state: 'missing' } | { state: 'error'; message: string };

interface JoinPageProps {
  code: string;
  initialName: string;
  /** Why the attendee is asked again (their session ended). */
  notice: string | null;
  onJoined: (join: StoredJoin) => void;
}

/** Looks the code up, then asks for an optional display name and joins (over the live connection). */
export function JoinPage({ code, initialName, notice, onJoined }: JoinPageProps) {
  const t = useT();
  const [lookup, setLookup] = useState<Lookup>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [name, setName] = useState(initialName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const hintId = useId();
  const errorId = useId();

  useEffect(() => {
    let cancelled = false;
    setLookup({ state: 'loading' });
    void lookupEvent(code).then((reply) => {
      if (cancelled) return;
      if (reply.ok) setLookup({ state: 'found', event: { id: reply.id, code: reply.code, title: reply.title } });
      else if (reply.code === 'NOT_FOUND') setLookup({ state: 'missing' });
      else setLookup({ state: 'error', message: describeFailure(reply) });
    });
    return () => {
      cancelled = true;
    };
  }, [code, attempt]);

  // Leaving the page while a join is under way closes its connection (a join that went through stays open).
  useEffect(() => cancelJoin, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const trimmed = name.trim();
    // The live page's panels load while the join goes through.
    void loadLiveParts();
    // The live connection joins in its handshake and stays open for the attendee's page.
    // The organiser's join link carries the event's join key (`?k=`), which an event under attack requires.
    const key = new URLSearchParams(window.location.search).get('k') ?? undefined;
    const reply = await joinLive(code, trimmed || undefined, key);
    setBusy(false);
    // OUTDATED: the app replaces every page with the one that asks for a reload (OutdatedPage).
    if (!reply.ok && reply.code === 'OUTDATED') return;
    if (!reply.ok) return setError(describeFailure(reply));
    onJoined({ token: reply.token, eventId: reply.eventId, attendeeId: reply.attendeeId, name: reply.name });
  }

  if (lookup.state === 'loading') {
    return (
      <Layout title={t('join.openingTitle')} documentTitle={code}>
        <p className="loading" role="status">
          {t('join.lookingUp', { code })}
        </p>
      </Layout>
    );
  }

  if (lookup.state !== 'found') {
    const missing = lookup.state === 'missing';
    return (
      <Layout title={missing ? t('join.notFoundTitle') : t('join.cannotOpenTitle')}>
        <div className="card narrow">
          <p role="alert" className="alert alert-error">
            {missing ? t('join.codeUnknown', { code }) : lookup.message}
          </p>
          <p className="actions-row">
            <a className="button" href="/">
              {t('join.enterAnotherCode')}
            </a>
            {!missing && (
              <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
                {t('join.tryAgain')}
              </button>
            )}
          </p>
        </div>
      </Layout>
    );
  }

  return (
    <Layout title={lookup.event.title} documentTitle={t('join.documentTitle', { title: lookup.event.title })}>
      <section className="card narrow" aria-labelledby="join-heading">
        <h2 id="join-heading">{t('join.heading')}</h2>
        {notice && <p className="alert alert-info">{notice}</p>}
        <form onSubmit={submit} noValidate className="form">
          <div className="field">
            <label htmlFor={nameId}>
              {t('join.displayName')} <span className="optional">{t('join.optional')}</span>
            </label>
            <p id={hintId} className="hint">
              {t('join.joinHint')}
            </p>
            <input
              id={nameId}
              name="name"
              className="input"
              autoComplete="nickname"
              maxLength={LIMITS.nameMax}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
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
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('join.joining') : name.trim() ? t('join.join') : t('join.joinAnonymously')}
          </button>
        </form>
        <p className="muted small">
          <T id={'join.eventCode'} values={{ code: lookup.event.code }} components={{ 0: <strong /> }} />
        </p>
        <PrivacyNote eventId={lookup.event.id} />
      </section>
    </Layout>
  );
}
