import type { ReactNode } from 'react';
import type { AgendaItem, ItemKind, Room } from '../../../shared/protocol/programme';
import type { MessageKey } from '../../../shared/locales/catalogue';
import { T } from '../i18n/Trans';
import { useT } from '../i18n/useT';
import { itemTimes } from '../lib/time';
import { People, PersonLine, itemPeople } from './People';

/** The kinds shown as a badge; a talk or a session has none. */
const KIND_KEYS: Partial<Record<ItemKind, MessageKey>> = {
  registration: 'nowLive.kindRegistration',
  break: 'nowLive.kindBreak',
  keynote: 'nowLive.kindKeynote',
  panel: 'nowLive.kindPanel',
  breakout: 'nowLive.kindBreakout',
};

export function KindBadge({ kind }: { kind: ItemKind }) {
  const t = useT();
  const key = KIND_KEYS[kind];
  return key ? <span className={`badge badge-${kind}`}>{t(key)}</span> : null;
}

/** "Live now", or the caller's words. */
export function LiveBadge({ text }: { text?: string }) {
  const t = useT();
  return (
    <span className="live-badge">
      <span className="live-dot" aria-hidden="true" />
      {text ?? t('nowLive.liveBadge')}
    </span>
  );
}

/** "09:30–09:45 CEST · 08:30–08:45 your time", with machine-readable instants. */
export function TimeRangeText({ item, zone }: { item: AgendaItem; zone: string }) {
  const t = itemTimes(item, zone);
  return (
    <p className="time">
      <time dateTime={t.startIso}>{t.programme}</time>
      {t.local && (
        <>
          <span aria-hidden="true"> · </span>
          <span className="sr-only">, </span>
          <span className="time-local">{t.local}</span>
        </>
      )}
    </p>
  );
}

interface ItemCardProps {
  item: AgendaItem;
  zone: string;
  room: Room | undefined;
  live: boolean;
  /** Show which room the item is in (programmes with several rooms, for items outside the plenary). */
  showRoom: boolean;
  /** Mark the viewer's own room (rapporteur). */
  highlight?: boolean;
  /** A control shown in the card's head (the chair's "Set live"). */
  action?: ReactNode;
  /** Fold the description, topics and running order away (the chair's list, where the button matters most). */
  foldDetails?: boolean;
}

/** One programme item with everything the printed programme says about it. */
export function ItemCard({ item, zone, room, live, showRoom, highlight = false, action, foldDetails = false }: ItemCardProps) {
  const t = useT();
  const headingId = `item-${item.id}`;
  const classes = ['item', `item-${item.kind}`, live ? 'is-live' : '', highlight ? 'is-mine' : ''].filter(Boolean).join(' ');
  const hasDetails = !!item.description || item.keyTopics.length > 0 || item.segments.length > 0;
  return (
    <article className={classes} aria-labelledby={headingId} data-item={item.id}>
      <div className="item-head">
        <TimeRangeText item={item} zone={zone} />
        <div className="item-tags">
          {live && <LiveBadge />}
          <KindBadge kind={item.kind} />
          {showRoom && room && <span className="badge badge-room">{room.name}</span>}
          {highlight && <span className="badge badge-mine">{t('nowLive.yourRoom')}</span>}
          {item.livePolling && <span className="badge badge-poll">{t('nowLive.livePolling')}</span>}
        </div>
      </div>
      <div className={action ? 'item-title-row' : undefined}>
        <h3 id={headingId} className="item-title">
          {item.title}
        </h3>
        {action && <div className="item-actions">{action}</div>}
      </div>
      {foldDetails ? (
        <>
          <People groups={itemPeople(item)} className="people people-compact" withAffiliations={false} />
          {hasDetails && (
            <details className="item-details">
              <summary>
                <T id={'nowLive.details'} values={{ title: item.title }} components={{ 0: <span className="sr-only" /> }} />
              </summary>
              <ItemDetails item={item} />
            </details>
          )}
        </>
      ) : (
        <>
          {item.description && <p className="item-desc">{item.description}</p>}
          <People groups={itemPeople(item)} />
          <ItemDetails item={item} withDescription={false} />
        </>
      )}
    </article>
  );
}

/** Description, key topics and the running order (segments) of an item. */
function ItemDetails({ item, withDescription = true }: { item: AgendaItem; withDescription?: boolean }) {
  const t = useT();
  const named = new Set([...item.chairs, ...item.speakers].map((p) => p.name));
  return (
    <>
      {withDescription && item.description && <p className="item-desc">{item.description}</p>}
      {item.keyTopics.length > 0 && (
        <div className="topics">
          <h4>{t('nowLive.keyTopics')}</h4>
          <ul>
            {item.keyTopics.map((topic, i) => (
              <li key={i}>{topic}</li>
            ))}
          </ul>
        </div>
      )}
      {item.segments.length > 0 && (
        <div className="segments">
          <h4>{t('nowLive.runningOrder')}</h4>
          <ol>
            {item.segments.map((s, i) => (
              <li key={i}>
                <span className="segment-title">{s.title}</span>
                {s.people.length > 0 && (
                  <ul className="segment-people">
                    {s.people.map((p, j) => (
                      <li key={j}>
                        <PersonLine person={p} withAffiliation={!named.has(p.name)} />
                      </li>
                    ))}
                  </ul>
                )}
                {s.notes.length > 0 && (
                  <ul className="segment-notes">
                    {s.notes.map((n, j) => (
                      <li key={j}>{n}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
    </>
  );
}
