import { clockIn, dateIn, instantOf, isoIn, zoneAbbreviation, zonesDiffer } from '../../../shared/time';
import type { AgendaItem } from '../../../shared/protocol/programme';
import { i18n, t } from '../i18n/instance';

/** The viewer's IANA zone, as the browser reports it. */
export function viewerZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * The `Intl` locale for a language tag: English is written the British way ("Thursday 22 June", 24-hour clock), as
 * is the pseudo-locale; French and German as their own (24-hour clocks too). Defaults to the active language.
 */
export function intlLocale(language: string = i18n.locale || 'en'): string {
  const primary = language.split('-')[0]?.toLowerCase() ?? 'en';
  return primary === 'en' ? 'en-GB' : language;
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

/** An item's times in the programme's zone and, when it differs, the viewer's; worded in `language` (the active one). */
export function itemTimes(item: Pick<AgendaItem, 'date' | 'start' | 'end'>, zone: string, viewer = viewerZone(), language?: string): TimeRange {
  const start = instantOf(item.date, item.start, zone);
  const end = instantOf(item.date, item.end, zone);
  const programme = `${clockIn(start, zone)}–${clockIn(end, zone)} ${zoneAbbreviation(start, zone)}`;
  let local: string | null = null;
  if (zonesDiffer(start, zone, viewer)) {
    const range = `${clockIn(start, viewer)}–${clockIn(end, viewer)}`;
    const values = { range, zone: zoneAbbreviation(start, viewer) };
    // Far away, the session may fall on another day: say which.
    local =
      dateIn(start, viewer) !== item.date
        ? t('live.yourTimeOtherDay', { ...values, day: nameIn(start, { weekday: 'short', timeZone: viewer }, language) })
        : t('live.yourTime', values);
  }
  return { programme, local, startIso: isoIn(start, zone), endIso: isoIn(end, zone), startMs: start };
}

// Formatters are costly to make and a programme asks for hundreds: one per locale and set of options.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(id);
  if (!format) formats.set(id, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** One part (a weekday) of an instant's date, in the language: "Thu", "jeu.", "Do.". */
function nameIn(ms: number, options: { weekday: 'short' | 'long'; timeZone: string }, language?: string): string {
  return (
    formatOf(intlLocale(language), options)
      .formatToParts(ms)
      .find((p) => p.type === 'weekday')?.value ?? ''
  );
}

/**
 * A programme day: "Thursday 22 June" (long) or "Thu 22 Jun" (short) in English, "jeudi 22 juin", "Donnerstag,
 * 22. Juni" in French and German.
 */
export function dayLabel(date: string, _zone: string, style: 'long' | 'short' = 'long', language?: string): string {
  // A calendar date's weekday and month do not depend on the zone: read them at noon UTC that day.
  const [year = NaN, month = NaN, day = NaN] = date.split('-').map(Number);
  const noon = Date.UTC(year, month - 1, day, 12);
  return formatOf(intlLocale(language), { weekday: style, day: 'numeric', month: style, timeZone: 'UTC' }).format(noon);
}

/** The viewer's zone's short name at an instant: "BST", "EDT", or "GMT+5:30" where it has none. */
export function viewerZoneName(ms: number, viewer = viewerZone()): string {
  return zoneAbbreviation(ms, viewer);
}

/** "14:02" in the viewer's zone, for a server timestamp (24-hour clock in every language). */
export function localClock(ms: number, language?: string): string {
  // No time zone given: the formatter would keep the zone it was made in, so a fresh one each time.
  return new Intl.DateTimeFormat(intlLocale(language), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** "22 Nov 2025, 14:02" in the viewer's zone ("22 nov. 2025, 14:02", "22. Nov. 2025, 14:02"). */
export function localDateTime(ms: number, language?: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/** "in 5 min 03 s": the time left until `toMs`, in the language; null once it has passed. */
export function countdownText(fromMs: number, toMs: number): string | null {
  const s = Math.round((toMs - fromMs) / 1000);
  if (s <= 0) return null;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return t('live.countdownDays', { days: d, hours: h });
  if (h > 0) return t('live.countdownHours', { hours: h, minutes: two(m) });
  if (m > 0) return t('live.countdownMinutes', { minutes: m, seconds: two(sec) });
  return t('live.countdownSeconds', { seconds: sec });
}

/** The programme day of an instant, in the programme's zone. */
export function dayOf(ms: number, zone: string): string {
  return dateIn(ms, zone);
}
