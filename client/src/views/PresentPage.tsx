import { useEffect, useMemo, useState } from 'react';
import { ConnectionIndicator } from '../components/ConnectionIndicator';
import { DataLostBanner } from '../components/Layout';
import { Toasts } from '../components/Toasts';
import { PresentQuestion, usePresentedQuestion } from '../features/qa/PresentQuestion';
import { PresentPoll, usePresentedPoll } from '../features/polls/PresentPoll';
import { PresentReportBack, useReportBackLive } from '../features/summaries/PresentReportBack';
import { cancelJoin, joinLive } from '../net/connection';
import { describeFailure } from '../lib/failures';
import { useFitToBox } from '../lib/fit';
import { countdownText, itemTimes } from '../lib/time';
import { useT } from '../i18n/useT';
import { itemsOfRoom, liveAndNext } from '../../../shared/domain/agenda';
import type { AgendaState } from '../../../shared/protocol/messages';
import type { Poll } from '../../../shared/protocol/polls';
import type { Question } from '../../../shared/protocol/qa';
import type { Room } from '../../../shared/protocol/programme';
import { useAgenda, useRefusal, useServerNow, useSession } from '../state/selectors';
import { LoadingPage, NotFoundPage } from './common';
import { useLiveConnection } from './useLiveConnection';
import './present.css';

/**
 * /e/CODE/present/ROOM: the big screen a chair shares into Zoom. It joins as an anonymous attendee, so it shows
 * exactly what attendees may see (hidden poll results stay hidden). It fills the frame it is shown in and never
 * scrolls: the question being answered and the poll side by side (each alone takes the whole width), shrunk to fit;
 * with neither, the join code, the QR code and what is next in the room, large.
 */
export function PresentPage({ code, roomId }: { code: string; roomId: string }) {
  const storageKey = `present:${code}`;
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(storageKey));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (token) return;
    let cancelled = false;
    // Joins in the handshake of the live connection, which then stays open for the view.
    void joinLive(code, undefined).then((reply) => {
      if (cancelled) return;
      if (!reply.ok) return setError(describeFailure(reply));
      sessionStorage.setItem(storageKey, reply.token);
      setToken(reply.token);
    });
    return () => {
      cancelled = true;
      cancelJoin();
    };
  }, [code, token, storageKey]);

  useLiveConnection(token);
  const agenda = useAgenda();
  const { event } = useSession();
  const { status } = useRefusal();

  useEffect(() => {
    if (status === 'refused') {
      sessionStorage.removeItem(storageKey);
      setToken(null);
    }
  }, [status, storageKey]);

  if (error) return <NotFoundPage />;
  if (!agenda || !event) return <LoadingPage live />;
  const room = agenda.programme.rooms.find((r) => r.id === roomId);
  if (!room) return <NotFoundPage />;
  return <PresentScreen agenda={agenda} room={room} code={event.code} />;
}

function PresentScreen({ agenda, room, code }: { agenda: AgendaState; room: Room; code: string }) {
  const { live } = liveAndNext(agenda, room.id);
  const question = usePresentedQuestion(room.id);
  const poll = usePresentedPoll(room.id);
  // The plenary's screen gives itself to the report-back while the chair has it on.
  const reportBack = useReportBackLive() && room.kind === 'plenary';
  const idle = !question && !poll && !reportBack;
  const joinAddress = `${window.location.host}/e/${code}`;
  const qrBase = `/api/events/by-code/${encodeURIComponent(code)}/qr`;
  const t = useT();
  const qrAlt = t('present.qrAlt', { address: joinAddress });

  useEffect(() => {
    document.title = t('common.documentTitle', { page: t('present.documentTitle', { room: room.name }) });
  }, [room.name, t]);

  return (
    <div className={idle ? 'present-page is-idle' : 'present-page'}>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="present-header">
        <div className="present-titles">
          <h1>{live ? live.title : room.name}</h1>
          <p className="present-subtitle">{live ? room.name : agenda.programme.title}</p>
        </div>
        {!idle && (
          <div className="present-join-strip" aria-label={t('present.howToJoin')} role="group">
            <p>
              <span className="present-join-strip-address">{joinAddress}</span>
              <span className="present-join-strip-code">
                <span className="sr-only">{t('present.codeLabel')} </span>
                {code}
              </span>
            </p>
            <img className="present-qr present-qr-small" src={`${qrBase}.svg`} alt={qrAlt} width={96} height={96} />
          </div>
        )}
        <div className="present-tools">
          <ConnectionIndicator />
          <FullscreenButton />
          <p className="present-downloads">
            {t('present.qrDownloads')}{' '}
            <a href={`${qrBase}.svg`} download={`join-${code}.svg`}>
              SVG
            </a>{' '}
            <a href={`${qrBase}.png`} download={`join-${code}.png`}>
              PNG
            </a>
          </p>
        </div>
      </header>
      <main
        id="main"
        tabIndex={-1}
        className={question && poll && !reportBack ? 'present-main is-split' : 'present-main'}
        style={question && poll && !reportBack ? { gridTemplateColumns: `minmax(0, 1fr) minmax(0, ${pollShare(question, poll).toFixed(2)}fr)` } : undefined}
      >
        <DataLostBanner />
        {reportBack ? (
          <PresentReportBack />
        ) : idle ? (
          <IdleScreen agenda={agenda} room={room} code={code} joinAddress={joinAddress} qrSrc={`${qrBase}.svg`} qrAlt={qrAlt} />
        ) : (
          <>
            {question && <PresentQuestion question={question} />}
            {poll && <PresentPoll poll={poll} />}
          </>
        )}
        <p className="sr-only" aria-live="polite">
          {question ? '' : t('present.noQuestion')}
        </p>
      </main>
      <Toasts />
    </div>
  );
}

/**
 * How much wider than the question the poll's column is, side by side: about as much as it has more to say, so
 * both shrink to a similar size (a dozen long options beside a short question would otherwise be tiny). A
 * character count is a rough measure of area; each result row also has its figures and bar.
 */
function pollShare(question: Question, poll: Poll): number {
  const questionWeight = question.text.length + 40;
  const rows = poll.options.length ? poll.options.reduce((n, o) => n + o.label.length + 30, 0) : 200;
  return Math.min(2, Math.max(0.8, (poll.question.length + 30 + rows) / questionWeight));
}

/** Nothing to show: how to join, and what is on or next in the room, large enough to read across a Zoom call. */
function IdleScreen({
  agenda,
  room,
  code,
  joinAddress,
  qrSrc,
  qrAlt,
}: {
  agenda: AgendaState;
  room: Room;
  code: string;
  joinAddress: string;
  qrSrc: string;
  qrAlt: string;
}) {
  const zone = agenda.programme.timeZone;
  const { live, next } = liveAndNext(agenda, room.id);
  const now = useServerNow(1000);
  // Nothing live: the next item is the first one still to start (as the attendee's "Next up" says).
  const upcoming = useMemo(() => {
    if (live) return next;
    return itemsOfRoom(agenda.programme, room.id).find((i) => itemTimes(i, zone).startMs > now) ?? null;
  }, [agenda.programme, room.id, live, next, zone, now]);
  const box = useFitToBox<HTMLDivElement>();
  const times = upcoming ? itemTimes(upcoming, zone) : null;
  const t = useT();
  const left = times ? countdownText(now, times.startMs) : null;

  return (
    <section className="present-idle" aria-label={t('present.howToJoin')}>
      <img className="present-qr present-qr-large" src={qrSrc} alt={qrAlt} width={480} height={480} />
      <div ref={box} className="present-box present-idle-text">
        <p className="present-join-lead">{t('present.joinAt')}</p>
        <p className="present-join-address">{joinAddress}</p>
        <p className="present-join-lead">{t('present.withCode')}</p>
        <p className="present-join-code">{code}</p>
        <div className="present-next">
          <h2 className="present-next-heading">{upcoming ? t('present.nextIn', { room: room.name }) : t('present.inRoom', { room: room.name })}</h2>
          {upcoming && times ? (
            <>
              <p className="present-next-title">{upcoming.title}</p>
              <p className="present-next-when">
                {times.programme}
                {left && (
                  <>
                    <span aria-hidden="true"> · </span>
                    <span className="sr-only">, </span>
                    {left}
                  </>
                )}
              </p>
            </>
          ) : (
            <p className="present-next-title">{live ? t('present.lastItem') : t('present.nothingMore')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

/** Fullscreen for the shared window; not shown where the browser has no Fullscreen API (or forbids it, in a frame). */
function FullscreenButton() {
  const t = useT();
  const [full, setFull] = useState(() => !!document.fullscreenElement);
  useEffect(() => {
    const changed = () => setFull(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  if (!document.fullscreenEnabled) return null;
  const toggle = () => {
    // A refusal (no user gesture, a policy) leaves the page as it was: nothing to tell.
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void document.documentElement.requestFullscreen().catch(() => {});
  };
  return (
    <button type="button" className="button present-fullscreen" onClick={toggle} aria-pressed={full}>
      {t('present.fullScreen')}
    </button>
  );
}
