import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import { Programme, describeIssues } from '../../shared/protocol/programme.js';

const SEED_2023 = new URL('../../server/seed/microcredentials-2023.json', import.meta.url);
const FIXTURE_2021 = new URL('../fixtures/programme-2021.json', import.meta.url);

function parse(url: URL) {
  return Programme.safeParse(JSON.parse(fs.readFileSync(url, 'utf8')));
}

/** Asserts the file conforms to the schema, printing one line per problem when it does not. */
function expectValid(url: URL): Programme {
  const result = parse(url);
  const issues = result.success ? [] : describeIssues(result.error);
  if (issues.length) console.error(`${url.pathname} does not match Programme:\n  ${issues.join('\n  ')}`);
  expect(result.success, issues.join('; ')).toBe(true);
  return result.data!;
}

describe('programme seeds', () => {
  it('the 2021 fixture conforms to the Programme schema', () => {
    const p = expectValid(FIXTURE_2021);
    expect(p.timeZone).toBe('Europe/Brussels');
    expect(p.days.map((d) => d.date)).toEqual(['2021-11-25', '2021-11-26']);
    expect(p.rooms.filter((r) => r.kind === 'breakout')).toHaveLength(3);
    const opening = p.items.find((i) => i.id === 'd1-opening');
    expect(opening?.speakers.map((s) => s.name)).toEqual(['Juergen Siebel']);
  });

  describe('the 2023 seed', () => {
    const parsed = parse(SEED_2023);
    // Content checks below run on the parsed data; the first test reports schema problems.
    const p = (parsed.success ? parsed.data : { days: [], rooms: [], items: [] }) as Programme;
    const day = (date: string) => p.items.filter((i) => i.date === date);

    it('conforms to the Programme schema', () => {
      expectValid(SEED_2023);
      expect(p.title).toBe('Microcredentials: a labour market megatrend');
      expect(p.timeZone).toBe('Europe/Brussels');
      expect(p.hashtags).toContain('#microcredentials');
    });

    it('has two days, each from 09:00 to 14:00', () => {
      expect(p.days.map((d) => d.date)).toEqual(['2023-06-22', '2023-06-23']);
      for (const d of p.days) {
        const items = day(d.date);
        expect(items.length).toBeGreaterThan(0);
        expect(items.map((i) => i.start).sort()[0]).toBe('09:00');
        expect(
          items
            .map((i) => i.end)
            .sort()
            .at(-1),
        ).toBe('14:00');
        expect(items.filter((i) => i.kind === 'registration')).toHaveLength(1);
        expect(items.filter((i) => i.kind === 'break')).toHaveLength(1);
      }
    });

    it('plenary items of a day follow each other without overlapping', () => {
      for (const d of p.days) {
        const plenary = day(d.date)
          .filter((i) => i.roomId === 'plenary')
          .sort((a, b) => a.start.localeCompare(b.start));
        for (let k = 1; k < plenary.length; k++) expect(plenary[k]!.start).toBe(plenary[k - 1]!.end);
      }
    });

    it('has one plenary room and three breakout rooms, each with one rapporteured item and 3 key topics', () => {
      expect(p.rooms.filter((r) => r.kind === 'plenary').map((r) => r.id)).toEqual(['plenary']);
      const breakouts = p.rooms.filter((r) => r.kind === 'breakout');
      expect(breakouts.map((r) => r.id)).toEqual(['breakout-1', 'breakout-2', 'breakout-3']);
      const rapporteurs: string[] = [];
      for (const room of breakouts) {
        expect(room.theme).toBeTruthy();
        const items = p.items.filter((i) => i.roomId === room.id);
        expect(items).toHaveLength(1);
        const item = items[0]!;
        expect(item.kind).toBe('breakout');
        expect(item.date).toBe('2023-06-22');
        expect([item.start, item.end]).toEqual(['11:45', '13:15']);
        expect(item.title).toContain(room.theme);
        expect(item.chairs).toHaveLength(1);
        expect(item.speakers.length).toBeGreaterThanOrEqual(2);
        expect(item.segments.find((s) => s.title === 'Introduction to the topic')?.people).toEqual(item.speakers);
        expect(item.keyTopics).toHaveLength(3);
        expect(item.rapporteur).toBeDefined();
        rapporteurs.push(item.rapporteur!.name);
      }
      expect(rapporteurs).toEqual(['Hanne Shapiro', 'Greta Kirdulyte', 'Mantas Pupinis']);
    });

    it('points plenary attendees to the breakouts while they run', () => {
      const choose = p.items.find((i) => i.roomId === 'plenary' && i.date === '2023-06-22' && i.start === '11:45');
      expect(choose).toMatchObject({ kind: 'other', end: '13:15', title: 'Parallel breakout sessions (choose a theme)' });
      expect(choose?.description).toBeTruthy();
    });

    it('keeps the opening address and the day summary as segments', () => {
      const welcome = p.items.find((i) => i.id === 'd1-welcome');
      expect(welcome?.chairs.map((c) => c.name)).toEqual(['Loukas Zahilas']);
      expect(welcome?.segments.find((s) => s.title === 'Opening address')?.people.map((x) => x.name)).toEqual(['Jürgen Siebel']);
      const s4 = p.items.find((i) => i.id === 'd1-s4');
      expect([s4?.start, s4?.end]).toEqual(['13:15', '14:00']);
      expect(s4?.segments.map((s) => s.title)).toContain('Brief summary of the day');
    });

    it('has the day-2 Session 4 panel with 5 panelists', () => {
      const panels = day('2023-06-23').filter((i) => i.kind === 'panel');
      expect(panels.map((i) => i.id)).toEqual(['d2-s4-panel']);
      const panel = panels[0]!;
      expect(panel.title).toMatch(/^Session 4\./);
      expect([panel.start, panel.end]).toEqual(['12:45', '13:45']);
      expect(panel.chairs.map((c) => c.name)).toEqual(['Loukas Zahilas']);
      expect(panel.speakers).toHaveLength(5);
      expect(panel.speakers.every((s) => s.affiliation)).toBe(true);
    });

    it('marks live polling exactly on day-2 sessions 2 and 3', () => {
      const polled = p.items.filter((i) => i.livePolling);
      expect(polled.map((i) => i.id)).toEqual(['d2-s2', 'd2-s3']);
      expect(polled.map((i) => i.date)).toEqual(['2023-06-23', '2023-06-23']);
      expect(polled.map((i) => i.title.slice(0, 10))).toEqual(['Session 2.', 'Session 3.']);
    });

    it('writes names without markup', () => {
      const people = p.items.flatMap((i) => [...i.chairs, ...i.speakers, ...(i.rapporteur ? [i.rapporteur] : []), ...i.segments.flatMap((s) => s.people)]);
      for (const person of people) {
        expect(`${person.name} ${person.affiliation ?? ''}`).not.toMatch(/[<>*_]|ú /);
      }
    });
  });
});
