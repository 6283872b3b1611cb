import { useEffect, useState } from 'react';
import { Layout } from '../components/Layout';
import { PresentQuestion } from '../features/qa/PresentQuestion';
import { PresentPoll } from '../features/polls/PresentPoll';
import { cancelJoin, joinLive } from '../net/connection';
import { describeFailure } from '../lib/failures';
import { liveAndNext } from '../../../shared/domain/agenda';
import { useAgenda, useRefusal, useSession } from '../state/selectors';
import { LoadingPage, NotFoundPage } from './common';
import { useLiveConnection } from './useLiveConnection';

/**
 * /e/CODE/present/ROOM: the big screen a chair shares into Zoom. It joins as an anonymous attendee, so it shows
 * exactly what attendees may see (hidden poll results stay hidden): the join code and QR, what is live, the
 * question being answered and the poll results, large.
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
  const { live } = liveAndNext(agenda, room.id);
  const joinAddress = `${window.location.host}/e/${event.code}`;

  return (
    <Layout title={live ? live.title : room.name} subtitle={live ? room.name : agenda.programme.title} live wide documentTitle={`Present · ${room.name}`}>
      <div className="present">
        <aside className="present-join" aria-label="How to join">
          <p className="present-join-lead">Join at</p>
          <p className="present-join-address">{joinAddress}</p>
          <p className="present-join-lead">with the code</p>
          <p className="present-join-code">{event.code}</p>
          <img
            className="present-qr"
            src={`/api/events/by-code/${encodeURIComponent(event.code)}/qr.svg`}
            alt={`QR code to join at ${joinAddress}`}
            width={220}
            height={220}
          />
        </aside>
        <div className="present-main">
          <PresentQuestion roomId={room.id} />
          <PresentPoll roomId={room.id} />
        </div>
      </div>
    </Layout>
  );
}
