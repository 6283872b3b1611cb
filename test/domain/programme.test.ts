import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import { Programme, describeIssues } from '../../shared/protocol/programme';

const FIXTURE_2021 = new URL('../fixtures/programme-2021.json', import.meta.url);
const SEED_2023 = new URL('../../server/seed/microcredentials-2023.json', import.meta.url);
const read = (url: URL) => JSON.parse(fs.readFileSync(url, 'utf8'));

/** The problems of one validation pass, one line each; [] when the file is valid. */
function problems(file: unknown): string[] {
  const result = Programme.safeParse(file);
  return result.success ? [] : describeIssues(result.error);
}
const pathsOf = (lines: string[]) => lines.map((l) => l.slice(0, l.indexOf(': ')));
const expectNoRepeats = (lines: string[]) => expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);

describe('A7 an import reports every problem once, in one pass, each with its field path', () => {
  it('A7 a file that is not a programme names each missing field once', () => {
    const lines = problems({ hello: 'world' });
    expect(pathsOf(lines)).toEqual(['title', 'timeZone', 'days', 'rooms', 'items']);
    expectNoRepeats(lines);
    expect(lines[0]).toMatch(/^title: /);
  });

  it('A7 something other than an object is one problem at the root', () => {
    for (const file of [null, [], 'programme', 42]) expect(pathsOf(problems(file))).toEqual(['(root)']);
  });

  it('A7 a bad zone and bad items: the zone and every item problem, field rules and cross-field rules together', () => {
    const p = read(FIXTURE_2021);
    p.timeZone = 'CET+1';
    p.items[1].end = '09:00'; // d1-s1 starts at 09:45
    p.items[2].roomId = 'attic';
    p.items[3].date = '2021-11-27';
    p.items[4].id = 'd1-opening';
    p.items[5].start = '9:30';
    delete p.items[6].title;
    p.items[7].kind = 'lecture';
    const lines = problems(p);
    // In the file's order, whichever rule found the problem.
    expect(lines).toEqual([
      'timeZone: an IANA time zone such as Europe/Brussels',
      'items[1].end: ends (09:00) before it starts (09:45)',
      'items[2].roomId: unknown room "attic"',
      "items[3].date: 2021-11-27 is not one of the programme's days",
      'items[4].id: duplicate item id "d1-opening"',
      'items[5].start: a time as HH:MM (24 h)',
      expect.stringMatching(/^items\[6\]\.title: /),
      expect.stringMatching(/^items\[7\]\.kind: /),
    ]);
    expectNoRepeats(lines);
  });

  it('A7 a zone of the wrong type no longer holds back the rules that compare fields', () => {
    const p = read(FIXTURE_2021);
    p.timeZone = 1;
    p.items[0].end = '09:00';
    p.items[1].roomId = 'attic';
    p.items[2].date = '2021-11-24';
    p.items[3].id = 'd1-opening';
    expect(problems(p)).toEqual([
      'timeZone: Invalid input: expected string, received number',
      'items[0].end: ends (09:00) before it starts (09:30)',
      'items[1].roomId: unknown room "attic"',
      "items[2].date: 2021-11-24 is not one of the programme's days",
      'items[3].id: duplicate item id "d1-opening"',
    ]);
  });

  it('A7 the rooms: duplicate ids and no plenary, beside problems elsewhere', () => {
    const p = read(FIXTURE_2021);
    delete p.title;
    p.rooms[0].kind = 'breakout';
    p.rooms[2].id = 'breakout-1';
    const lines = problems(p);
    expect(pathsOf(lines)).toEqual(['title', 'rooms', 'rooms[2].id', 'items[4].roomId']);
    expect(lines).toContain('rooms[2].id: duplicate room id "breakout-1"');
    expect(lines).toContain('rooms: needs one room of kind "plenary"');
    // The rooms can be read, so an item in the room that was breakout-2 is in no room now.
    expect(lines).toContain('items[4].roomId: unknown room "breakout-2"');
  });

  it('A7 a value that breaks its own rule is reported once, not again by a rule that compares it', () => {
    const p = read(FIXTURE_2021);
    p.items[0].start = '9:30'; // and its end, 09:45, is not compared with it
    p.items[1].roomId = 'Plenary'; // not an id: not also "unknown room"
    p.items[2].date = '25/11/2021'; // not a date: not also "not one of the days"
    p.items[3].id = 'D1 Opening';
    p.items[4].id = 'D1 Opening'; // a broken id is not also a duplicate
    expect(pathsOf(problems(p))).toEqual(['items[0].start', 'items[1].roomId', 'items[2].date', 'items[3].id', 'items[4].id']);
  });

  it('A7 an unreadable list is reported itself, not again through every item that refers to it', () => {
    const noRooms = read(FIXTURE_2021);
    noRooms.rooms = [];
    expect(pathsOf(problems(noRooms))).toEqual(['rooms']);

    const badDay = read(FIXTURE_2021);
    badDay.days[1].date = '26.11.2021';
    expect(pathsOf(problems(badDay))).toEqual(['days[1].date']);

    const roomWithoutId = read(FIXTURE_2021);
    delete roomWithoutId.rooms[1].id;
    roomWithoutId.items[2].roomId = 'attic'; // not checked until the rooms can be read
    expect(pathsOf(problems(roomWithoutId))).toEqual(['rooms[1].id']);
  });

  it('A7 the valid files still pass: the 2021 fixture and the 2023 demo seed', () => {
    expect(problems(read(FIXTURE_2021))).toEqual([]);
    expect(problems(read(SEED_2023))).toEqual([]);
    expect(Programme.parse(read(SEED_2023)).items.length).toBeGreaterThan(15);
  });
});
