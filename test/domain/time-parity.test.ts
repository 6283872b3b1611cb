import { DateTime, Settings } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { dayLabel, dayOf, itemTimes, localClock, localDateTime } from '../../client/src/lib/time';
import { i18n } from '../../client/src/i18n/instance';
import { flatten } from '../../shared/locales/catalogue';
import en from '../../shared/locales/en';
import { clockIn, instantOf, zoneAbbreviation, zonesDiffer } from '../../shared/time';

/**
 * The programme's times are computed with Intl (shared/time.ts, client/src/lib/time.ts) rather than luxon, which
 * was 19 kB of the attendee's first load. These are the earlier luxon versions, word for word, and the new ones must
 * say exactly what they said: every zone the demo and the tests use and some far away, every day of two years plus
 * the nights the clocks change, at times that include the hour skipped and the hour repeated.
 */
const luxon = {
  instantOf: (date: string, time: string, zone: string) => DateTime.fromISO(`${date}T${time}`, { zone }),
  itemTimes(item: { date: string; start: string; end: string }, zone: string, viewer: string) {
    const start = luxon.instantOf(item.date, item.start, zone);
    const end = luxon.instantOf(item.date, item.end, zone);
    const abbreviation = (i: DateTime, z: string) => zoneAbbreviation(i.toMillis(), z);
    const programme = `${start.setZone(zone).toFormat('HH:mm')}–${end.setZone(zone).toFormat('HH:mm')} ${abbreviation(start, zone)}`;
    let local: string | null = null;
    if (start.setZone(zone).offset !== start.setZone(viewer).offset) {
      const localStart = start.setZone(viewer);
      const day = localStart.toISODate() !== item.date ? ` ${localStart.setLocale('en-GB').toFormat('ccc')}` : '';
      local = `${start.setZone(viewer).toFormat('HH:mm')}–${end.setZone(viewer).toFormat('HH:mm')}${day} your time (${abbreviation(start, viewer)})`;
    }
    return { programme, local, startIso: start.toISO() ?? '', endIso: end.toISO() ?? '', startMs: start.toMillis() };
  },
  dayLabel: (date: string, zone: string, style: 'long' | 'short') =>
    DateTime.fromISO(date, { zone })
      .setLocale('en-GB')
      .toFormat(style === 'long' ? 'cccc d LLLL' : 'ccc d LLL'),
  localClock: (ms: number) => DateTime.fromMillis(ms).toFormat('HH:mm'),
  localDateTime: (ms: number) => DateTime.fromMillis(ms).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm'),
  dayOf: (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate() ?? '',
};

const ZONES = [
  'Europe/Brussels',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
  'UTC',
  'Etc/UTC',
];
const TIMES = ['00:00', '00:30', '01:59', '02:00', '02:30', '03:00', '09:45', '12:00', '23:59'];

/** Every fifth day of 2023 and 2024, and the days the clocks change in Europe, North America and the south. */
function dates(): string[] {
  const out = ['2023-03-12', '2023-03-26', '2023-04-02', '2023-09-24', '2023-10-01', '2023-10-29', '2023-11-05', '2024-03-31', '2024-04-07', '2024-10-27'];
  for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 5 * 86_400_000) out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

describe('programme times without luxon', () => {
  // In English, as luxon's versions spoke ("your time"); test/client/time.test.ts has French and German.
  beforeAll(() => {
    const messages = Object.fromEntries(Object.entries(flatten(en)).map(([id, m]) => [id, compileMessageOrThrow(m)]));
    i18n.loadAndActivate({ locale: 'en', messages });
  });

  it('turn a wall-clock time into the same instant, clock, zone name and ISO string', () => {
    let compared = 0;
    for (const zone of ZONES)
      for (const date of dates())
        for (const time of TIMES) {
          const old = luxon.instantOf(date, time, zone);
          const ms = instantOf(date, time, zone);
          if (ms !== old.toMillis()) expect(`${date}T${time} ${zone}: ${new Date(ms).toISOString()}`).toBe(`${date}T${time} ${zone}: ${old.toUTC().toISO()}`);
          if (clockIn(ms, zone) !== old.setZone(zone).toFormat('HH:mm')) expect(clockIn(ms, zone)).toBe(old.toFormat('HH:mm'));
          compared++;
        }
    expect(compared).toBe(ZONES.length * dates().length * TIMES.length);
  });

  it("an item's times read the same, for viewers near and far, on the days the clocks change", () => {
    const days = ['2023-03-26', '2023-10-29', '2023-03-12', '2023-11-05', '2023-06-22', '2021-11-25', '2024-04-07', '2024-12-31'];
    const slots = [
      ['00:15', '01:00'],
      ['01:30', '03:30'],
      ['09:45', '10:30'],
      ['22:00', '23:45'],
    ] as const;
    for (const zone of ZONES)
      for (const viewer of ['Europe/Brussels', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'])
        for (const date of days)
          for (const [start, end] of slots) {
            const item = { date, start, end };
            expect(itemTimes(item, zone, viewer), `${date} ${start} ${zone} for ${viewer}`).toEqual(luxon.itemTimes(item, zone, viewer));
          }
  });

  it('zone names and differences match, and the ones the pages show are as expected', () => {
    const june = instantOf('2023-06-22', '09:45', 'Europe/Brussels');
    expect(itemTimes({ date: '2023-06-22', start: '09:45', end: '10:30' }, 'Europe/Brussels', 'America/New_York')).toMatchObject({
      programme: '09:45–10:30 CEST',
      local: '03:45–04:30 your time (EDT)',
      startIso: '2023-06-22T09:45:00.000+02:00',
    });
    for (const a of ZONES)
      for (const b of ZONES) {
        expect(zonesDiffer(june, a, b)).toBe(DateTime.fromMillis(june, { zone: a }).offset !== DateTime.fromMillis(june, { zone: b }).offset);
        expect(zoneAbbreviation(june, a)).toMatch(/^[A-Z]{2,5}$|^GMT[+-]\d|^UTC$/);
      }
  });

  it('day labels, the day of an instant and local clocks match', () => {
    for (const date of dates())
      for (const style of ['long', 'short'] as const) expect(dayLabel(date, 'Europe/Brussels', style)).toBe(luxon.dayLabel(date, 'Europe/Brussels', style));
    for (let ms = Date.UTC(2023, 0, 1, 0, 7); ms < Date.UTC(2025, 0, 1); ms += 7 * 3_600_000 + 17 * 60_000)
      for (const zone of ZONES) if (dayOf(ms, zone) !== luxon.dayOf(ms, zone)) expect(dayOf(ms, zone)).toBe(luxon.dayOf(ms, zone));
  });

  it("the viewer's own clock reads the same, whatever the process's zone", () => {
    const before = process.env.TZ;
    try {
      // Node reads TZ again when it changes (the viewer's zone here); luxon keeps formatters made in the old one.
      for (const tz of ['UTC', 'Europe/London', 'America/St_Johns', 'Asia/Kolkata']) {
        process.env.TZ = tz;
        Settings.resetCaches();
        for (let ms = Date.UTC(2023, 0, 1, 0, 7); ms < Date.UTC(2025, 0, 1); ms += 11 * 3_600_000 + 17 * 60_000) {
          expect(localClock(ms)).toBe(luxon.localClock(ms));
          expect(localDateTime(ms)).toBe(luxon.localDateTime(ms));
        }
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
      Settings.resetCaches();
    }
  });
});
