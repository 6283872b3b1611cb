import { useMemo, type ReactNode } from 'react';
import { clockIn, instantOf, zoneAbbreviation } from '../../../shared/time';
import { itemsOfRoom, liveAndNext } from '../../../shared/domain/agenda';
import type { AgendaState } from '../../../shared/protocol/messages';
import type { AgendaItem, Room } from '../../../shared/protocol/programme';
import { countdownText, itemTimes, localClock, viewerZoneName } from '../lib/time';
import { useT } from '../i18n/useT';
import { useServerNow } from '../state/selectors';
import { KindBadge, LiveBadge, TimeRangeText } from './ItemCard';
import { People, itemPeople } from './People';

/** "in 4 min 10 s", ticking with the server's clock; "scheduled 10:30 CEST" once the time has passed. */
function Countdown({ item, zone }: { item: AgendaItem; zone: string }) {
  const t = useT();
  const now = useServerNow(1000);
  const start = instantOf(item.date, item.start, zone);
  const left = countdownText(now, start);
  return <span className="countdown">{left ?? t('nowLive.scheduled', { time: clockIn(start, zone), zone: zoneAbbreviation(start, zone) })}</span>;
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
  const t = useT();
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
          <h4>{t('nowLive.keyTopics')}</h4>
          <ul>
            {live.keyTopics.map((topic, i) => (
              <li key={i}>{topic}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );

  return (
    <section className="now" aria-labelledby={headingId} id="now">
      <div className="section-head">
        <h2 id={headingId}>{title ?? t('nowLive.heading', { room: room.name })}</h2>
        {actions}
      </div>
      {live ? (
        <div className="live-card" data-live-item={live.id}>
          <div className="item-tags">
            <LiveBadge />
            <KindBadge kind={live.kind} />
            {since !== undefined && <span className="since">{t('nowLive.since', { time: localClock(since), zone: viewerZoneName(since) })}</span>}
          </div>
          <h3 className="live-title">{live.title}</h3>
          <TimeRangeText item={live} zone={zone} />
          {foldDetails ? (
            <details className="live-details">
              <summary>{t('nowLive.speakersAndTopics')}</summary>
              {details}
            </details>
          ) : (
            details
          )}
        </div>
      ) : (
        <p className="idle-card">{t('nowLive.idle', { room: room.name })}</p>
      )}
      <div className="next-up">
        <h3>{t('nowLive.nextUp')}</h3>
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
          <p className="muted">{live ? t('nowLive.lastItem') : t('nowLive.nothingMore')}</p>
        )}
      </div>
      <p className="sr-only" aria-live="polite">
        {live ? t('nowLive.announceLive', { room: room.name, title: live.title }) : ''}
      </p>
    </section>
  );
}
