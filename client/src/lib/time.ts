import { DateTime } from 'luxon';
import { clockIn, instantOf, zoneAbbreviation, zonesDiffer } from '../../../shared/time';
import type { AgendaItem } from '../../../shared/protocol/programme';

/** The viewer's IANA zone, as the browser reports it. */
export function viewerZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export interface TimeRange {
  /** "09:30–09:45 CEST": in the programme's zone, with the abbreviation derived from the zone and the date. */
  programme: string;
  /** "08:30–08:45 your time (BST)" when the viewer's clock differs, else null: the viewer's zone named. */
  local: string | null;
  startIso: string;
  endIso: string;
  startMs: number;
}

export function itemTimes(item: Pick<AgendaItem, 'date' | 'start' | 'end'>, zone: string, viewer = viewerZone()): TimeRange {
  const start = instantOf(item.date, item.start, zone);
  const end = instantOf(item.date, item.end, zone);
  const programme = `${clockIn(start, zone)}–${clockIn(end, zone)} ${zoneAbbreviation(start, zone)}`;
  let local: string | null = null;
  if (zonesDiffer(start, zone, viewer)) {
    const localStart = start.setZone(viewer);
    // Far away, the session may fall on another day: say which.
    const day = localStart.toISODate() !== item.date ? ` ${localStart.setLocale('en-GB').toFormat('ccc')}` : '';
    local = `${clockIn(start, viewer)}–${clockIn(end, viewer)}${day} your time (${zoneAbbreviation(start, viewer)})`;
  }
  return { programme, local, startIso: start.toISO() ?? '', endIso: end.toISO() ?? '', startMs: start.toMillis() };
}

/** "Thursday 22 June" (long) or "Thu 22 Jun" (short), for a programme day. */
export function dayLabel(date: string, zone: string, style: 'long' | 'short' = 'long'): string {
  const d = DateTime.fromISO(date, { zone }).setLocale('en-GB');
  return d.toFormat(style === 'long' ? 'cccc d LLLL' : 'ccc d LLL');
}

/** The viewer's zone's short name at an instant: "BST", "EDT", or "GMT+5:30" where it has none. */
export function viewerZoneName(ms: number, viewer = viewerZone()): string {
  return zoneAbbreviation(DateTime.fromMillis(ms), viewer);
}

/** "14:02" in the viewer's zone, for a server timestamp. */
export function localClock(ms: number): string {
  return DateTime.fromMillis(ms).toFormat('HH:mm');
}

/** "22 Nov 2025, 14:02" in the viewer's zone. */
export function localDateTime(ms: number): string {
  return DateTime.fromMillis(ms).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm');
}

/** The programme day of an instant, in the programme's zone. */
export function dayOf(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
}
