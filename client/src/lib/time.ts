import { clockIn, dateIn, instantOf, isoIn, zoneAbbreviation, zonesDiffer } from '../../../shared/time';
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
    // Far away, the session may fall on another day: say which.
    const day = dateIn(start, viewer) !== item.date ? ` ${nameIn(start, { weekday: 'short', timeZone: viewer })}` : '';
    local = `${clockIn(start, viewer)}–${clockIn(end, viewer)}${day} your time (${zoneAbbreviation(start, viewer)})`;
  }
  return { programme, local, startIso: isoIn(start, zone), endIso: isoIn(end, zone), startMs: start };
}

/** One part (a weekday, a month) of an instant's date, in British English: "Thu", "June", "Sept". */
function nameIn(ms: number, options: { weekday?: 'short' | 'long'; month?: 'short' | 'long'; timeZone?: string }): string {
  const [key] = Object.keys(options).filter((k) => k !== 'timeZone') as ('weekday' | 'month')[];
  // Formatters are costly to make and a programme asks for hundreds: one per set of options.
  const id = JSON.stringify(options);
  let format = namers.get(id);
  if (!format) namers.set(id, (format = new Intl.DateTimeFormat('en-GB', options)));
  return format.formatToParts(ms).find((p) => p.type === key)?.value ?? '';
}
const namers = new Map<string, Intl.DateTimeFormat>();

/** "Thursday 22 June" (long) or "Thu 22 Jun" (short), for a programme day. */
export function dayLabel(date: string, _zone: string, style: 'long' | 'short' = 'long'): string {
  // A calendar date's weekday and month do not depend on the zone: read them at noon UTC that day.
  const [year = NaN, month = NaN, day = NaN] = date.split('-').map(Number);
  const noon = Date.UTC(year, month - 1, day, 12);
  return `${nameIn(noon, { weekday: style, timeZone: 'UTC' })} ${day} ${nameIn(noon, { month: style, timeZone: 'UTC' })}`;
}

/** The viewer's zone's short name at an instant: "BST", "EDT", or "GMT+5:30" where it has none. */
export function viewerZoneName(ms: number, viewer = viewerZone()): string {
  return zoneAbbreviation(ms, viewer);
}

const two = (n: number) => String(n).padStart(2, '0');

/** "14:02" in the viewer's zone, for a server timestamp. */
export function localClock(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "22 Nov 2025, 14:02" in the viewer's zone. */
export function localDateTime(ms: number): string {
  const d = new Date(ms);
  // The month's name read off a fixed UTC date: a formatter in the viewer's zone would keep the zone it was made in.
  return `${d.getDate()} ${nameIn(Date.UTC(2000, d.getMonth(), 15), { month: 'short', timeZone: 'UTC' })} ${String(d.getFullYear()).padStart(4, '0')}, ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The programme day of an instant, in the programme's zone. */
export function dayOf(ms: number, zone: string): string {
  return dateIn(ms, zone);
}
