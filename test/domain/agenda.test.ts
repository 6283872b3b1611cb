import { describe, it, expect } from 'vitest';
import { applyAgenda, createAgenda, liveAndNext, liveRooms, replaceProgramme, setLive } from '../../shared/domain/agenda';
import { answeringNow, type LiveEntry } from '../../shared/domain/qa';
import type { RoomQa } from '../../shared/protocol/qa';
import { Programme } from '../../shared/protocol/programme';
import { refusalOf, thrown } from './refusal';
import type { Actor } from '../../shared/domain/actor';

const programme = Programme.parse({
  title: 'Test conference',
  timeZone: 'Europe/Brussels',
  days: [{ date: '2023-06-22' }],
  rooms: [
    { id: 'plenary', name: 'Plenary', kind: 'plenary' },
    { id: 'b1', name: 'Breakout 1', kind: 'breakout', theme: 'Skills' },
  ],
  items: [
    { id: 'welcome', roomId: 'plenary', date: '2023-06-22', start: '09:30', end: '09:45', kind: 'session', title: 'Welcome' },
    { id: 's1', roomId: 'plenary', date: '2023-06-22', start: '09:45', end: '10:30', kind: 'session', title: 'Session 1' },
    { id: 'coffee', roomId: 'plenary', date: '2023-06-22', start: '10:30', end: '10:40', kind: 'break', title: 'Coffee break' },
    { id: 'b1-item', roomId: 'b1', date: '2023-06-22', start: '10:40', end: '12:00', kind: 'breakout', title: 'Skills' },
  ],
});

const organiser: Actor = { role: 'organiser', id: 'link:o', roomScope: '*' };
const plenaryChair: Actor = { role: 'chair', id: 'link:c', roomScope: 'plenary' };
const allRoomsChair: Actor = { role: 'chair', id: 'link:c2', roomScope: '*' };
const attendee: Actor = { role: 'attendee', id: 'a1', roomScope: '*' };
const rapporteur: Actor = { role: 'rapporteur', id: 'link:r', roomScope: 'b1' };
const ctx = (actor: Actor) => ({ actor, now: 1000 });

describe('setLive: who may change what is live where', () => {
  const state = createAgenda(programme);
  it.each([
    ['A1 organiser, plenary', organiser, 'plenary', 's1', null],
    ['A1 organiser, breakout', organiser, 'b1', 'b1-item', null],
    ['A1 plenary chair, plenary', plenaryChair, 'plenary', 's1', null],
    ['A1 plenary chair, breakout', plenaryChair, 'b1', 'b1-item', 'FORBIDDEN agenda.chairOnly'],
    ['A1 all-rooms chair, breakout', allRoomsChair, 'b1', 'b1-item', null],
    ['A1 attendee', attendee, 'plenary', 's1', 'FORBIDDEN agenda.chairOnly'],
    ['A1 rapporteur of the room', rapporteur, 'b1', 'b1-item', 'FORBIDDEN agenda.chairOnly'],
    ['A2 unknown room', organiser, 'nowhere', 's1', 'NOT_FOUND room.notFound'],
    ['A2 unknown item', organiser, 'plenary', 'nothing', 'NOT_FOUND item.notFound'],
    ['A2 item of another room', organiser, 'plenary', 'b1-item', 'BAD_REQUEST agenda.itemOtherRoom'],
    ['A3 clearing a room', plenaryChair, 'plenary', null, null],
  ] as const)('%s', (_label, actor, roomId, itemId, expected) => {
    expect(refusalOf(() => setLive(state, { roomId, itemId }, ctx(actor)))).toBe(expected);
  });

  it('A1 A2 a refusal names the room and the item, for the words', () => {
    expect(thrown(() => setLive(state, { roomId: 'b1', itemId: 'b1-item' }, ctx(plenaryChair))).params).toEqual({ room: 'Breakout 1' });
    expect(thrown(() => setLive(state, { roomId: 'nowhere', itemId: 's1' }, ctx(organiser))).params).toEqual({ room: 'nowhere' });
    expect(thrown(() => setLive(state, { roomId: 'plenary', itemId: 'nothing' }, ctx(organiser))).params).toEqual({ item: 'nothing' });
    expect(thrown(() => setLive(state, { roomId: 'plenary', itemId: 'b1-item' }, ctx(organiser))).params).toEqual({ item: 'Skills', room: 'Plenary' });
  });

  it('A3 emits one event and apply records item and time', () => {
    const events = setLive(state, { roomId: 'plenary', itemId: 's1' }, ctx(plenaryChair));
    expect(events).toEqual([{ type: 'agenda.liveSet', roomId: 'plenary', itemId: 's1', at: 1000 }]);
    const next = events.reduce(applyAgenda, state);
    expect(next.live.plenary).toEqual({ itemId: 's1', since: 1000 });
    expect(state.live.plenary).toBeUndefined(); // apply does not mutate
  });

  it('A3 setting the item that is already live changes nothing', () => {
    const live = setLive(state, { roomId: 'plenary', itemId: 's1' }, ctx(plenaryChair)).reduce(applyAgenda, state);
    expect(setLive(live, { roomId: 'plenary', itemId: 's1' }, ctx(plenaryChair))).toEqual([]);
  });
});

describe('liveAndNext', () => {
  it('A4 gives the live item and the next one of the same room, in time order', () => {
    const state = setLive(createAgenda(programme), { roomId: 'plenary', itemId: 'welcome' }, ctx(organiser)).reduce(applyAgenda, createAgenda(programme));
    expect(liveAndNext(state, 'plenary')).toMatchObject({ live: { id: 'welcome' }, next: { id: 's1' } });
    expect(liveAndNext(state, 'b1')).toEqual({ live: null, next: null });
  });
  it('A4 has no next after the last item', () => {
    const s0 = createAgenda(programme);
    const state = setLive(s0, { roomId: 'plenary', itemId: 'coffee' }, ctx(organiser)).reduce(applyAgenda, s0);
    expect(liveAndNext(state, 'plenary')).toMatchObject({ live: { id: 'coffee' }, next: null });
  });
});

describe('replaceProgramme', () => {
  it('A5 is for the organiser only', () => {
    expect(refusalOf(() => replaceProgramme(createAgenda(programme), { programme }, ctx(allRoomsChair)))).toBe('FORBIDDEN programme.organiserOnly');
  });
  it('A6 an import starts with nothing live: an item that is still in the new programme is not live any more', () => {
    let state = createAgenda(programme);
    state = setLive(state, { roomId: 'plenary', itemId: 's1' }, ctx(organiser)).reduce(applyAgenda, state);
    state = setLive(state, { roomId: 'b1', itemId: 'b1-item' }, ctx(organiser)).reduce(applyAgenda, state);
    expect(liveRooms(state)).toEqual(['plenary', 'b1']);
    const smaller = Programme.parse({ ...programme, items: programme.items.filter((i) => i.id !== 'b1-item') });
    const next = replaceProgramme(state, { programme: smaller }, { actor: organiser, now: 2000 }).reduce(applyAgenda, state);
    expect(next.live).toEqual({ plenary: { itemId: null, since: 2000 }, b1: { itemId: null, since: 2000 } });
    expect(liveAndNext(next, 'plenary')).toEqual({ live: null, next: null });
    expect(liveRooms(next)).toEqual([]);
    expect(next.programme.items).toHaveLength(3);
  });
  it('A6 Q20 the import ends an "answering now" highlight without a Q&A write, even one set while nothing was live', () => {
    let state = createAgenda(programme);
    state = setLive(state, { roomId: 'plenary', itemId: 's1' }, ctx(organiser)).reduce(applyAgenda, state);
    const room = (under: LiveEntry): RoomQa =>
      ({ roomId: 'plenary', premoderation: false, queue: [], answering: 'q1', answeringUnder: under, rev: 1 }) as RoomQa;
    const underLive = room({ ...state.live.plenary! });
    const underNothing = { ...room(null), roomId: 'b1' };
    expect(answeringNow(underLive, state.live.plenary)).toBe('q1');
    expect(answeringNow(underNothing, state.live.b1)).toBe('q1');
    const next = replaceProgramme(state, { programme }, { actor: organiser, now: 2000 }).reduce(applyAgenda, state);
    expect(answeringNow(underLive, next.live.plenary)).toBeNull();
    expect(answeringNow(underNothing, next.live.b1)).toBeNull();
  });
  it('A6 a room that is gone from the programme loses its live item', () => {
    let state = createAgenda(programme);
    state = setLive(state, { roomId: 'b1', itemId: 'b1-item' }, ctx(organiser)).reduce(applyAgenda, state);
    const withoutB1 = Programme.parse({
      ...programme,
      rooms: programme.rooms.filter((r) => r.id !== 'b1'),
      items: programme.items.filter((i) => i.roomId !== 'b1'),
    });
    const next = replaceProgramme(state, { programme: withoutB1 }, { actor: organiser, now: 2000 }).reduce(applyAgenda, state);
    expect(next.live.b1).toBeUndefined();
  });
});

describe('Programme validation names the field and the problem', () => {
  const base = JSON.parse(JSON.stringify(programme));
  it.each([
    ['an end before the start', (p: any) => (p.items[1].end = '09:00'), 'items[1].end: ends (09:00) before it starts (09:45)'],
    ['an unknown room', (p: any) => (p.items[0].roomId = 'attic'), 'items[0].roomId: unknown room "attic"'],
    ['a date outside the days', (p: any) => (p.items[0].date = '2023-06-25'), "items[0].date: 2023-06-25 is not one of the programme's days"],
    ['a duplicate item id', (p: any) => (p.items[1].id = 'welcome'), 'items[1].id: duplicate item id "welcome"'],
    ['a bad time', (p: any) => (p.items[0].start = '9:30'), 'items[0].start: a time as HH:MM (24 h)'],
    ['a bad zone', (p: any) => (p.timeZone = 'CET+1'), 'timeZone: an IANA time zone such as Europe/Brussels'],
    ['no plenary', (p: any) => (p.rooms[0].kind = 'breakout'), 'rooms: needs one room of kind "plenary"'],
  ])('A7 refuses %s', async (_label, mutate, message) => {
    const { describeIssues } = await import('../../shared/protocol/programme');
    const p = JSON.parse(JSON.stringify(base));
    mutate(p);
    const result = Programme.safeParse(p);
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!)).toContain(message);
  });
});
