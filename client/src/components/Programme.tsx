import { useMemo, type ReactNode } from 'react';
import { compareItems } from '../../../shared/domain/agenda';
import { instantOf, zoneAbbreviation, zonesDiffer } from '../../../shared/time';
import type { AgendaState } from '../../../shared/protocol/messages';
import type { AgendaItem } from '../../../shared/protocol/programme';
import { dayLabel, viewerZone } from '../lib/time';
import { useLanguage, useT } from '../i18n/useT';
import { isLive, useRoomsById } from '../state/selectors';
import { ItemCard } from './ItemCard';
import { Tabs } from './Tabs';

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
export function ProgrammeView({ agenda, day, onDay, filter, highlightRoom, action, foldDetails = false, title, headerExtra }: ProgrammeProps) {
  const t = useT();
  const language = useLanguage();
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
  const days = programme.days;

  const firstItem = programme.items[0];
  const sample = firstItem ? instantOf(firstItem.date, firstItem.start, zone) : instantOf(days[0]?.date ?? '2000-01-01', '12:00', zone);
  const abbr = zoneAbbreviation(sample, zone);
  const viewer = viewerZone();
  const differs = zonesDiffer(sample, zone, viewer);

  return (
    <section className="programme" aria-labelledby="programme-heading" id="programme">
      <div className="section-head">
        <h2 id="programme-heading">{title ?? t('live.programme')}</h2>
        {headerExtra}
      </div>
      <p className="zone-note">
        {differs
          ? t('live.zoneNoteYours', { abbr, zone: zone.replace(/_/g, ' '), viewer: zoneAbbreviation(sample, viewer) })
          : t('live.zoneNote', { abbr, zone: zone.replace(/_/g, ' ') })}
      </p>
      {days.length > 1 && (
        <Tabs
          tabs={days.map((d) => ({ id: d.date, label: dayLabel(d.date, zone, 'short', language) }))}
          selected={day}
          onSelect={onDay}
          label={t('live.programmeDays')}
          tabId={(date) => `tab-${date}`}
          panelId={(date) => `panel-${date}`}
          className="day-tabs"
          tabClassName="day-tab"
        />
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
              <span className="day-date">{dayLabel(d.date, zone, undefined, language)}</span>
              {d.title && <span className="day-theme">{d.title}</span>}
            </p>
            {items.length === 0 ? (
              <p className="empty">{filter ? t('live.nothingOnDayForRooms') : t('live.nothingOnDay')}</p>
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
