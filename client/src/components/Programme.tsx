import { useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { compareItems } from '../../../shared/domain/agenda';
import { instantOf, zoneAbbreviation, zonesDiffer } from '../../../shared/time';
import type { AgendaState } from '../../../shared/protocol/messages';
import type { AgendaItem } from '../../../shared/protocol/programme';
import { dayLabel, viewerZone } from '../lib/time';
import { isLive, useRoomsById } from '../state/selectors';
import { ItemCard } from './ItemCard';

interface ProgrammeProps {
  agenda: AgendaState;
  day: string;
  onDay: (day: string) => void;
  /** Only these items (a chair's rooms); all by default. */
  filter?: (item: AgendaItem) => boolean;
  /** Items of this room are marked as the viewer's own. */
  highlightRoom?: string | undefined;
  /** A control per item (the chair's "Set live"). */
  action?: (item: AgendaItem, live: boolean) => ReactNode;
  /** Fold each item's details (the chair's list). */
  foldDetails?: boolean;
  title?: string;
  headerExtra?: ReactNode;
}

/** The programme by day: a tab per day (arrow keys move between them), the day's items in order. */
export function ProgrammeView({ agenda, day, onDay, filter, highlightRoom, action, foldDetails = false, title = 'Programme', headerExtra }: ProgrammeProps) {
  const { programme } = agenda;
  const zone = programme.timeZone;
  const rooms = useRoomsById(programme);
  const roomOrder = useMemo(() => new Map(programme.rooms.map((r, i) => [r.id, i])), [programme]);
  const byDay = useMemo(() => {
    const map = new Map<string, AgendaItem[]>();
    for (const d of programme.days) map.set(d.date, []);
    const items = programme.items.filter((i) => !filter || filter(i));
    items.sort((a, b) => compareItems(a, b) || (roomOrder.get(a.roomId) ?? 0) - (roomOrder.get(b.roomId) ?? 0));
    for (const item of items) map.get(item.date)?.push(item);
    return map;
  }, [programme, filter, roomOrder]);
  const severalRooms = programme.rooms.length > 1;
  const tabs = useRef(new Map<string, HTMLButtonElement>());
  const days = programme.days;

  const firstItem = programme.items[0];
  const sample = firstItem ? instantOf(firstItem.date, firstItem.start, zone) : instantOf(days[0]?.date ?? '2000-01-01', '12:00', zone);
  const abbr = zoneAbbreviation(sample, zone);
  const differs = zonesDiffer(sample, zone, viewerZone());

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>) {
    const index = days.findIndex((d) => d.date === day);
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % days.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + days.length) % days.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = days.length - 1;
    const target = days[next];
    if (!target) return;
    e.preventDefault();
    onDay(target.date);
    tabs.current.get(target.date)?.focus();
  }

  return (
    <section className="programme" aria-labelledby="programme-heading" id="programme">
      <div className="section-head">
        <h2 id="programme-heading">{title}</h2>
        {headerExtra}
      </div>
      <p className="zone-note">
        Times in {abbr} ({zone.replace(/_/g, ' ')}){differs ? ', with your own time beside them' : ''}.
      </p>
      {days.length > 1 && (
        <div className="day-tabs" role="tablist" aria-label="Programme days">
          {days.map((d) => {
            const selected = d.date === day;
            return (
              <button
                key={d.date}
                ref={(el) => {
                  if (el) tabs.current.set(d.date, el);
                  else tabs.current.delete(d.date);
                }}
                type="button"
                role="tab"
                id={`tab-${d.date}`}
                aria-selected={selected}
                aria-controls={`panel-${d.date}`}
                tabIndex={selected ? 0 : -1}
                className="day-tab"
                onClick={() => onDay(d.date)}
                onKeyDown={onKeyDown}
              >
                {dayLabel(d.date, zone, 'short')}
              </button>
            );
          })}
        </div>
      )}
      {days.map((d) => {
        const items = byDay.get(d.date) ?? [];
        return (
          <div
            key={d.date}
            role={days.length > 1 ? 'tabpanel' : undefined}
            id={`panel-${d.date}`}
            aria-labelledby={days.length > 1 ? `tab-${d.date}` : undefined}
            hidden={d.date !== day}
            tabIndex={days.length > 1 ? 0 : undefined}
            className="day-panel"
          >
            <p className="day-title">
              <span className="day-date">{dayLabel(d.date, zone)}</span>
              {d.title && <span className="day-theme">{d.title}</span>}
            </p>
            {items.length === 0 ? (
              <p className="empty">Nothing scheduled on this day{filter ? ' for your rooms' : ''}.</p>
            ) : (
              <ol className="items">
                {items.map((item) => {
                  const live = isLive(agenda, item);
                  const room = rooms.get(item.roomId);
                  return (
                    <li key={item.id}>
                      <ItemCard
                        item={item}
                        zone={zone}
                        room={room}
                        live={live}
                        showRoom={severalRooms && room?.kind !== 'plenary'}
                        highlight={highlightRoom === item.roomId}
                        action={action?.(item, live)}
                        foldDetails={foldDetails}
                      />
                    </li>
                  );
                })}
              </ol>
            )}
          </div>
        );
      })}
    </section>
  );
}
