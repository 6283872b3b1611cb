import { useMemo, type ReactNode } from 'react';
import { countdown, clockIn, instantOf, zoneAbbreviation } from '../../../shared/time';
import { itemsOfRoom, liveAndNext } from '../../../shared/domain/agenda';
import type { AgendaState } from '../../../shared/protocol/messages';
import type { AgendaItem, Room } from '../../../shared/protocol/programme';
import { itemTimes, localClock, viewerZoneName } from '../lib/time';
import { useServerNow } from '../state/selectors';
import { KindBadge, LiveBadge, TimeRangeText } from './ItemCard';
import { People, itemPeople } from './People';

/** "in 4 min 10 s", ticking with the server's clock; "scheduled 10:30 CEST" once the time has passed. */
function Countdown({ item, zone }: { item: AgendaItem; zone: string }) {
  const now = useServerNow(1000);
  const start = instantOf(item.date, item.start, zone);
  const left = countdown(now, start);
  return <span className="countdown">{left ?? `scheduled ${clockIn(start, zone)} ${zoneAbbreviation(start, zone)}`}</span>;
}

interface NowLiveProps {
  agenda: AgendaState;
  room: Room;
  /** Shown beside the heading: the chair's "Clear live". */
  actions?: ReactNode;
  /** Shown under "Next up": the chair's "Set it live". */
  nextAction?: (next: AgendaItem) => ReactNode;
  headingId?: string;
  title?: string;
  /** Names only, no topics (the chair's panel, where the buttons should stay in view). */
  compact?: boolean;
  /** The speakers and key topics behind a "Speakers and topics" toggle (the attendee's narrow panel, where the
   *  poll and the question box above should not be pushed down by a long card). */
  foldDetails?: boolean;
}

/** What is on in a room now, with its people and topics, and what comes next with a countdown. */
export function NowLive({ agenda, room, actions, nextAction, headingId = 'now-heading', title, compact = false, foldDetails = false }: NowLiveProps) {
  const zone = agenda.programme.timeZone;
  const { live, next } = liveAndNext(agenda, room.id);
  const since = agenda.live[room.id]?.since;
  const now = useServerNow(30_000);
  // Nothing live: the next item is the first one still to start.
  const upcoming = useMemo(() => {
    if (live) return next;
    return itemsOfRoom(agenda.programme, room.id).find((i) => itemTimes(i, zone).startMs > now) ?? null;
  }, [agenda.programme, room.id, live, next, zone, now]);

  const details = live && (
    <>
      <People groups={itemPeople(live)} className={compact ? 'people people-compact' : 'people'} withAffiliations={!compact} />
      {!compact && live.keyTopics.length > 0 && (
        <div className="topics">
          <h4>Key topics</h4>
          <ul>
            {live.keyTopics.map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );

  return (
    <section className="now" aria-labelledby={headingId} id="now">
      <div className="section-head">
        <h2 id={headingId}>{title ?? `Now live in ${room.name}`}</h2>
        {actions}
      </div>
      {live ? (
        <div className="live-card" data-live-item={live.id}>
          <div className="item-tags">
            <LiveBadge />
            <KindBadge kind={live.kind} />
            {since !== undefined && (
              <span className="since">
                since {localClock(since)} your time ({viewerZoneName(since)})
              </span>
            )}
          </div>
          <h3 className="live-title">{live.title}</h3>
          <TimeRangeText item={live} zone={zone} />
          {foldDetails ? (
            <details className="live-details">
              <summary>Speakers and topics</summary>
              {details}
            </details>
          ) : (
            details
          )}
        </div>
      ) : (
        <p className="idle-card">Nothing is live in {room.name} right now.</p>
      )}
      <div className="next-up">
        <h3>Next up</h3>
        {upcoming ? (
          <>
            <p className="next-title" id={`${headingId}-next-title`}>
              {upcoming.title}
            </p>
            <p className="next-when">
              <span>{itemTimes(upcoming, zone).programme}</span>
              <span aria-hidden="true"> · </span>
              <span className="sr-only">, </span>
              <Countdown item={upcoming} zone={zone} />
            </p>
            {nextAction?.(upcoming)}
          </>
        ) : (
          <p className="muted">{live ? 'This is the last item in this room.' : 'Nothing more is scheduled in this room.'}</p>
        )}
      </div>
      <p className="sr-only" aria-live="polite">
        {live ? `Now live in ${room.name}: ${live.title}` : ''}
      </p>
    </section>
  );
}
