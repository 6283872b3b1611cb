import { DateTime } from 'luxon';

/**
 * Programme times are wall-clock times in the programme's zone. The offset comes from the zone and the date,
 * so 22 June in Europe/Brussels is CEST (UTC+2) whatever the printed programme calls it.
 */
export function instantOf(date: string, time: string, zone: string): DateTime {
  return DateTime.fromISO(`${date}T${time}`, { zone });
}

/** "09:30" in the given zone. */
export function clockIn(instant: DateTime, zone: string): string {
  return instant.setZone(zone).toFormat('HH:mm');
}

/**
 * The zone's short name at that instant, e.g. "CEST" for Europe/Brussels in June, "CET" in November, "BST" for
 * London, "EDT" for New York in June. British English names the European zones and American English the North
 * American ones; where neither has a name, the GMT offset ("GMT+5:30").
 */
export function zoneAbbreviation(instant: DateTime, zone: string): string {
  const date = instant.toJSDate();
  const nameIn = (locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value;
  const british = nameIn('en-GB');
  if (british && !/^GMT[+\-\u2212]/.test(british)) return british;
  const american = nameIn('en-US');
  if (american && !/^GMT[+\-\u2212]/.test(american)) return american;
  return british ?? american ?? zone;
}

/** True when two zones show different wall-clock times at that instant (then the viewer's time is shown too). */
export function zonesDiffer(instant: DateTime, a: string, b: string): boolean {
  return instant.setZone(a).offset !== instant.setZone(b).offset;
}

/** "in 1 h 05 min", "in 4 min 10 s", or null when the instant has passed. */
export function countdown(fromMs: number, toMs: number): string | null {
  const s = Math.round((toMs - fromMs) / 1000);
  if (s <= 0) return null;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `in ${d} d ${h} h`;
  if (h > 0) return `in ${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `in ${m} min ${String(sec).padStart(2, '0')} s`;
  return `in ${sec} s`;
}
