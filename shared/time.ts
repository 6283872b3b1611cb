/**
 * Programme times are wall-clock times in the programme's zone. The offset comes from the zone and the date,
 * so 22 June in Europe/Brussels is CEST (UTC+2) whatever the printed programme calls it.
 *
 * Instants are epoch milliseconds, and zones are read with `Intl.DateTimeFormat` (its `timeZone` option): the
 * browser and Node already carry the zone data, so no date library is loaded (luxon was 19 kB brotli of the
 * attendee's first load). The results are luxon's, to the character: test/domain/time-parity.test.ts compares them.
 */

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `zone` at `ms` (seconds included, 00–23 hours). Formatters are costly to make: one per zone. */
function wallClock(ms: number, zone: string): WallClock {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const c: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of format.formatToParts(ms)) if (part.type in c) c[part.type as keyof WallClock] = Number(part.value);
  // Some engines still write midnight as 24 even with h23.
  if (c.hour === 24) c.hour = 0;
  return c;
}

const asUtc = (c: WallClock) => Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);

/** The zone's offset from UTC at an instant, in minutes (CEST: 120). */
export function offsetMinutes(ms: number, zone: string): number {
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return (asUtc(wallClock(ms, zone)) - whole) / 60_000;
}

/** The first guess at a zone's offset (its offset now), per zone, as luxon makes it: it decides DST's ambiguous hour. */
const guesses = new Map<string, number>();

/**
 * "2023-06-22" "09:30" in "Europe/Brussels" → the instant (ms). A wall-clock time in the hour skipped by a change to
 * summer time, or repeated by the change back, resolves as luxon resolves it (its guess, then at most two fixes).
 */
export function instantOf(date: string, time: string, zone: string): number {
  const [year = NaN, month = NaN, day = NaN] = date.split('-').map(Number);
  const [hour = NaN, minute = NaN] = time.split(':').map(Number);
  const local = Date.UTC(year, month - 1, day, hour, minute);
  let guess = guesses.get(zone);
  if (guess === undefined) guesses.set(zone, (guess = offsetMinutes(Date.now(), zone)));
  let utc = local - guess * 60_000;
  const o2 = offsetMinutes(utc, zone);
  if (o2 === guess) return utc;
  utc -= (o2 - guess) * 60_000;
  const o3 = offsetMinutes(utc, zone);
  if (o2 === o3) return utc;
  return local - Math.min(o2, o3) * 60_000;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "09:30" in the given zone. */
export function clockIn(instant: number, zone: string): string {
  const c = wallClock(instant, zone);
  return `${two(c.hour)}:${two(c.minute)}`;
}

/** "2023-06-22": the calendar day of an instant in the given zone. */
export function dateIn(instant: number, zone: string): string {
  const c = wallClock(instant, zone);
  return `${String(c.year).padStart(4, '0')}-${two(c.month)}-${two(c.day)}`;
}

/** "2023-06-22T09:30:00.000+02:00": the instant as ISO 8601 with the zone's offset at that instant. */
export function isoIn(instant: number, zone: string): string {
  const offset = offsetMinutes(instant, zone);
  const fraction = String(((instant % 1000) + 1000) % 1000).padStart(3, '0');
  const c = wallClock(instant, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  // A fixed UTC zone is written "Z"; a region at offset 0 (London in winter) "+00:00".
  const suffix = /^(utc|gmt)$/i.test(zone) ? 'Z' : `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  return `${dateIn(instant, zone)}T${two(c.hour)}:${two(c.minute)}:${two(c.second)}.${fraction}${suffix}`;
}

const namers = new Map<string, Intl.DateTimeFormat>();
function namer(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let format = namers.get(key);
  if (!format) namers.set(key, (format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })));
  return format;
}

/**
 * The zone's short name at that instant, e.g. "CEST" for Europe/Brussels in June, "CET" in November, "BST" for
 * London, "EDT" for New York in June. British English names the European zones and American English the North
 * American ones; where neither has a name, the GMT offset ("GMT+5:30").
 */
export function zoneAbbreviation(instant: number, zone: string): string {
  const nameIn = (locale: string) =>
    namer(locale, zone)
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName')?.value;
  const british = nameIn('en-GB');
  if (british && !/^GMT[+\-\u2212]/.test(british)) return british;
  const american = nameIn('en-US');
  if (american && !/^GMT[+\-\u2212]/.test(american)) return american;
  return british ?? american ?? zone;
}

/** True when two zones show different wall-clock times at that instant (then the viewer's time is shown too). */
export function zonesDiffer(instant: number, a: string, b: string): boolean {
  return offsetMinutes(instant, a) !== offsetMinutes(instant, b);
}
