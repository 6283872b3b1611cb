import { describe, it, expect } from 'vitest';
import {
  applyBreakouts,
  applyContributionCounts,
  breakoutSlots,
  canSeeContribution,
  checkContributionUpvote,
  choose,
  contribute,
  contributionAudience,
  emptySlot,
  isOpen,
  leave,
  moderateContribution,
  noChoice,
  placesLeft,
  seatsOf,
  setCapacity,
  signupsOf,
  type BreakoutsState,
  type BreakoutSlot,
  type Decided,
} from '../../shared/domain/breakouts';
import { LIMITS } from '../../shared/limits';
import { loadDemoProgramme } from '../../server/setup';
import { refusalOf } from './refusal';
import type { Actor } from '../../shared/domain/actor';
import type { AgendaState } from '../../shared/protocol/agenda';
import type { BreakoutsEvent, ChoiceRecord, Contribution, SlotState } from '../../shared/protocol/breakouts';

const programme = loadDemoProgramme();
const slot: BreakoutSlot = breakoutSlots(programme)[0]!;
const [b1, b2, b3] = ['breakout-1', 'breakout-2', 'breakout-3'];
const item1 = slot.breakouts[0]!.item;
const before = slot.endsAt - 60_000;
const after = slot.endsAt + 60_000;
const nothingLive: AgendaState['live'] = {};

const attendee = (id: string): Actor => ({ role: 'attendee', id, roomScope: '*' });
const organiser: Actor = { role: 'organiser', id: 'link:o', roomScope: '*' };
const chair1: Actor = { role: 'chair', id: 'link:c1', roomScope: b1 };
const chair2: Actor = { role: 'chair', id: 'link:c2', roomScope: b2 };
const rapporteur1: Actor = { role: 'rapporteur', id: 'link:r1', roomScope: b1 };
const at = (actor: Actor, now = before) => ({ actor, now });

/**
 * A slot as the store holds it: its state, every attendee's choice record, who holds a place in each breakout (the
 * `bo:in` sets). `commit` writes a decision as the server does: the state, the changed records, the set changes.
 */
interface World {
  state: SlotState;
  records: Record<string, ChoiceRecord>;
  holders: Record<string, Set<string>>;
}
const fresh = (): World => ({ state: emptySlot(slot.id), records: {}, holders: {} });

function commit(w: World, d: Decided): World {
  const records = { ...w.records };
  for (const c of d.mine) records[c.attendeeId] = c;
  const holders = Object.fromEntries(Object.entries(w.holders).map(([k, v]) => [k, new Set(v)]));
  for (const [roomId, change] of Object.entries(d.places)) {
    const set = (holders[roomId] ??= new Set());
    for (const id of change.remove) expect(set.delete(id)).toBe(true);
    for (const id of change.add) {
      expect(set.has(id)).toBe(false);
      set.add(id);
    }
  }
  const next = { state: d.next, records, holders };
  expectConsistent(next);
  return next;
}

/** The state's counts and waiting lists, the records and the sets all tell the same story. */
function expectConsistent(w: World): void {
  const rooms = new Set([...Object.keys(w.state.taken), ...Object.keys(w.holders)]);
  for (const r of rooms) expect(w.holders[r]?.size ?? 0).toBe(w.state.taken[r] ?? 0);
  const inSets = Object.values(w.holders).flatMap((s) => [...s]);
  expect(new Set(inSets).size).toBe(inSets.length);
  for (const c of Object.values(w.records)) {
    if (c.roomId) expect(w.holders[c.roomId]?.has(c.attendeeId)).toBe(true);
    const waiter = c.waitingFor ? w.state.waiting[c.waitingFor]?.find((x) => x.attendeeId === c.attendeeId) : undefined;
    if (c.waitingFor) expect(waiter?.holds).toBe(c.roomId);
  }
  for (const [r, list] of Object.entries(w.state.waiting)) for (const x of list) expect(w.records[x.attendeeId]?.waitingFor).toBe(r);
}

const mineOf = (w: World, who: string) => w.records[who] ?? noChoice(slot.id, who);
const where = (w: World, who: string) => ({ roomId: mineOf(w, who).roomId, waitingFor: mineOf(w, who).waitingFor });
const chooseIn = (w: World, who: string, roomId: string, now = before) =>
  choose(w.state, mineOf(w, who), slot, { roomId, name: who }, nothingLive, at(attendee(who), now));
const leaveIn = (w: World, who: string) => leave(w.state, mineOf(w, who), slot, nothingLive, at(attendee(who)));

/** Applies choices in order, each on the result of the last; returns the final slot and every event. */
function run(start: World, steps: [string, string][], now = before): { w: World; events: BreakoutsEvent[] } {
  let w = start;
  const events: BreakoutsEvent[] = [];
  for (const [who, roomId] of steps) {
    const d = chooseIn(w, who, roomId, now);
    w = commit(w, d);
    events.push(...d.events);
  }
  return { w, events };
}

function withCapacity(caps: Record<string, number | null>): World {
  let w = fresh();
  for (const [roomId, capacity] of Object.entries(caps)) w = commit(w, setCapacity(w.state, slot, { roomId, capacity }, at(organiser)));
  return w;
}

describe('breakout slots from the programme', () => {
  it('B0 the demo programme has one slot of three parallel breakouts, each with its chair, speakers, rapporteur and key topics', () => {
    const slots = breakoutSlots(programme);
    expect(slots).toHaveLength(1);
    expect(slot.id).toBe('2023-06-22-1145');
    expect(slot.breakouts.map((b) => b.room.id)).toEqual([b1, b2, b3]);
    for (const b of slot.breakouts) {
      expect(b.item.chairs.length).toBeGreaterThan(0);
      expect(b.item.speakers.length).toBeGreaterThan(0);
      expect(b.item.rapporteur).toBeDefined();
      expect(b.item.keyTopics.length).toBeGreaterThan(0);
    }
    // 13:15 CEST on 22 June 2023.
    expect(new Date(slot.endsAt).toISOString()).toBe('2023-06-22T11:15:00.000Z');
  });
});

describe('choosing a breakout', () => {
  it('B1 a breakout without a capacity takes everyone; a new choice moves the attendee', () => {
    const { w, events } = run(fresh(), [
      ['ann', b1],
      ['bea', b1],
      ['ann', b2],
    ]);
    expect(where(w, 'ann')).toEqual({ roomId: b2, waitingFor: null });
    expect(where(w, 'bea')).toEqual({ roomId: b1, waitingFor: null });
    expect(seatsOf(w.state).rooms[b1]).toEqual({ capacity: null, taken: 1, waiting: 0 });
    expect(placesLeft(seatsOf(w.state).rooms[b1])).toBeNull();
    expect([...w.holders[b1]!]).toEqual(['bea']);
    // Everybody gets the seats; each attendee gets their own choice.
    const mine = events.filter((e) => e.type === 'breakouts.mine');
    expect(mine.map((e) => (e.type === 'breakouts.mine' ? [e.mine.attendeeId, e.mine.roomId] : null))).toEqual([
      ['ann', b1],
      ['bea', b1],
      ['ann', b2],
    ]);
  });

  it.each([
    [
      'B2 a full breakout puts the chooser on its waiting list, keeping their place elsewhere',
      2,
      [
        ['a', b1],
        ['b', b1],
        ['c', b2],
        ['c', b1],
      ],
      { c: { roomId: b2, waitingFor: b1 } },
      { taken: 2, waiting: 1 },
    ],
    [
      'B2 one waiting list at a time: waiting for another breakout leaves the first list',
      1,
      [
        ['a', b1],
        ['b', b2],
        ['c', b1],
        ['c', b2],
      ],
      { c: { roomId: null, waitingFor: b2 } },
      { taken: 1, waiting: 0 },
    ],
    [
      'B5 choosing the breakout one has changes nothing',
      1,
      [
        ['a', b1],
        ['a', b1],
      ],
      { a: { roomId: b1, waitingFor: null } },
      { taken: 1, waiting: 0 },
    ],
    [
      'B1 a free place elsewhere takes the attendee off a waiting list',
      1,
      [
        ['a', b1],
        ['c', b1],
        ['c', b3],
      ],
      { c: { roomId: b3, waitingFor: null } },
      { taken: 1, waiting: 0 },
    ],
  ] as const)('%s', (_title, cap, steps, located, seats1) => {
    const { w } = run(withCapacity({ [b1]: cap, [b2]: cap }), steps as unknown as [string, string][]);
    for (const [who, expected] of Object.entries(located)) expect(where(w, who)).toEqual(expected);
    expect(seatsOf(w.state).rooms[b1]).toMatchObject(seats1);
  });

  it('B2 a full breakout says so: no place left, and how many wait', () => {
    const { w } = run(withCapacity({ [b1]: 1 }), [
      ['a', b1],
      ['b', b1],
    ]);
    expect(placesLeft(seatsOf(w.state).rooms[b1])).toBe(0);
    expect(seatsOf(w.state).rooms[b1]).toEqual({ capacity: 1, taken: 1, waiting: 1 });
  });

  it('B3 a freed place goes to the first in line, who is told; the place they left goes to its own first in line', () => {
    // b1 and b2 hold one each: a is in b1, x in b2; y waits for b2; z, then x (keeping b2), wait for b1.
    const start = run(withCapacity({ [b1]: 1, [b2]: 1 }), [
      ['a', b1],
      ['x', b2],
      ['y', b2],
      ['z', b1],
      ['x', b1],
    ]).w;
    // Waiting for b1: z then x (holding b2); for b2: y.
    expect(start.state.waiting[b1]!.map((s) => [s.attendeeId, s.holds])).toEqual([
      ['z', null],
      ['x', b2],
    ]);
    const d = leaveIn(start, 'a');
    const w1 = commit(start, d);
    expect(where(w1, 'a')).toEqual({ roomId: null, waitingFor: null });
    expect(where(w1, 'z')).toEqual({ roomId: b1, waitingFor: null });
    expect(where(w1, 'x')).toEqual({ roomId: b2, waitingFor: b1 });
    const told = d.events.filter((e) => e.type === 'breakouts.mine' && e.promoted);
    expect(told.map((e) => (e.type === 'breakouts.mine' ? e.mine.attendeeId : ''))).toEqual(['z']);

    // x moves up next: b1 frees when z leaves; x's place in b2 then goes to y.
    const d2 = leaveIn(w1, 'z');
    const w2 = commit(w1, d2);
    expect(where(w2, 'x')).toEqual({ roomId: b1, waitingFor: null });
    expect(where(w2, 'y')).toEqual({ roomId: b2, waitingFor: null });
    const told2 = d2.events.flatMap((e) => (e.type === 'breakouts.mine' && e.promoted ? [e.mine.attendeeId] : []));
    expect(told2.sort()).toEqual(['x', 'y']);
    expect(seatsOf(w2.state).rooms[b1]).toEqual({ capacity: 1, taken: 1, waiting: 0 });
  });

  it('B3 a move to another breakout frees the old place for the first in line', () => {
    const start = run(withCapacity({ [b1]: 1 }), [
      ['a', b1],
      ['w', b1],
    ]).w;
    const d = chooseIn(start, 'a', b3);
    expect(d.outcome).toBe('placed');
    expect(where(commit(start, d), 'w')).toEqual({ roomId: b1, waitingFor: null });
  });

  it('B3 a chooser who gets a place is told "placed", one who does not "waiting"', () => {
    const start = withCapacity({ [b1]: 1 });
    const first = chooseIn(start, 'a', b1);
    const second = chooseIn(commit(start, first), 'b', b1);
    expect([first.outcome, second.outcome]).toEqual(['placed', 'waiting']);
  });

  it.each([
    ['B4 before the slot ends', before, nothingLive, null],
    ['B4 after the slot ended', after, nothingLive, 'BAD_REQUEST breakouts.closed'],
    ['B4 after its end while one of its breakouts is live', after, { [b2]: { itemId: slot.breakouts[1]!.item.id, since: 1 } }, null],
    ['B4 after its end with another item live in a breakout room', after, { [b2]: { itemId: 'something-else', since: 1 } }, 'BAD_REQUEST breakouts.closed'],
  ] as const)('%s: choosing %s', (_t, now, live, refusal) => {
    expect(isOpen(slot, live, now)).toBe(refusal === null);
    const held = { ...noChoice(slot.id, 'a'), roomId: b1 };
    expect(refusalOf(() => choose(emptySlot(slot.id), noChoice(slot.id, 'a'), slot, { roomId: b1, name: null }, live, at(attendee('a'), now)))).toBe(refusal);
    expect(refusalOf(() => leave({ ...emptySlot(slot.id), taken: { [b1]: 1 } }, held, slot, live, at(attendee('a'), now)))).toBe(refusal);
  });

  it.each([
    ['B8 staff do not take places', chair1, b1, 'FORBIDDEN breakouts.attendeesOnly'],
    ['B8 a room outside the slot', attendee('a'), 'plenary', 'NOT_FOUND breakouts.notFound'],
  ] as const)('%s', (_t, actor, roomId, refusal) => {
    expect(refusalOf(() => choose(emptySlot(slot.id), noChoice(slot.id, actor.id), slot, { roomId, name: null }, nothingLive, at(actor)))).toBe(refusal);
  });

  it('B6 only the organiser sets a capacity; a higher one promotes the first in line, a lower one keeps who is in', () => {
    expect(refusalOf(() => setCapacity(emptySlot(slot.id), slot, { roomId: b1, capacity: 3 }, at(chair1)))).toBe('FORBIDDEN breakouts.organiserOnly');
    const full = run(withCapacity({ [b1]: 1 }), [
      ['a', b1],
      ['b', b1],
      ['c', b1],
    ]).w;
    const raised = setCapacity(full.state, slot, { roomId: b1, capacity: 2 }, at(organiser));
    const w1 = commit(full, raised);
    expect(where(w1, 'b')).toEqual({ roomId: b1, waitingFor: null });
    expect(where(w1, 'c')).toEqual({ roomId: null, waitingFor: b1 });
    expect(raised.events.some((e) => e.type === 'breakouts.mine' && e.promoted && e.mine.attendeeId === 'b')).toBe(true);
    const w2 = commit(w1, setCapacity(w1.state, slot, { roomId: b1, capacity: 1 }, at(organiser)));
    expect(seatsOf(w2.state).rooms[b1]).toEqual({ capacity: 1, taken: 2, waiting: 1 });
    expect(placesLeft(seatsOf(w2.state).rooms[b1])).toBe(0);
    // No limit: everyone waiting gets in.
    const w3 = commit(w2, setCapacity(w2.state, slot, { roomId: b1, capacity: null }, at(organiser)));
    expect(seatsOf(w3.state).rooms[b1]).toEqual({ capacity: null, taken: 3, waiting: 0 });
  });

  it('B7 leaving with nothing held changes nothing', () => {
    expect(leave(emptySlot(slot.id), noChoice(slot.id, 'a'), slot, nothingLive, at(attendee('a'))).events).toEqual([]);
  });

  it('B3 a capacity never holds more than it allows, whatever the order of many choices', () => {
    let w = withCapacity({ [b1]: 20, [b2]: 5 });
    const rooms = [b1, b2, b3];
    for (let i = 0; i < 300; i++) {
      const who = `p${(i * 7) % 60}`;
      w = commit(w, chooseIn(w, who, rooms[(i * 13) % 3]!));
      if (i % 11 === 0) w = commit(w, leaveIn(w, `p${(i * 3) % 60}`));
      expect(w.holders[b1]?.size ?? 0).toBeLessThanOrEqual(20);
      expect(w.holders[b2]?.size ?? 0).toBeLessThanOrEqual(5);
      // Nobody waits for a breakout that has a free place; nobody is in two places (commit checks the sets).
      for (const r of rooms) if ((w.state.waiting[r]?.length ?? 0) > 0) expect(placesLeft(seatsOf(w.state).rooms[r])).toBe(0);
    }
  });

  it('B3 a freed place cascades across breakouts: each promoted attendee frees the place they held for the next in line', () => {
    // One place each: a in b1, b in b2, c in b3; b waits for b1, c for b2, d (no place) for b3.
    const start = run(withCapacity({ [b1]: 1, [b2]: 1, [b3]: 1 }), [
      ['a', b1],
      ['b', b2],
      ['c', b3],
      ['b', b1],
      ['c', b2],
      ['d', b3],
    ]).w;
    const d = leaveIn(start, 'a');
    const w = commit(start, d);
    expect([where(w, 'b'), where(w, 'c'), where(w, 'd')]).toEqual([
      { roomId: b1, waitingFor: null },
      { roomId: b2, waitingFor: null },
      { roomId: b3, waitingFor: null },
    ]);
    expect(w.state.waiting).toEqual({});
    expect(w.state.taken).toEqual({ [b1]: 1, [b2]: 1, [b3]: 1 });
    // The records written: the leaver's and the three promoted, each with the name they waited under.
    expect(d.mine.map((c) => [c.attendeeId, c.roomId, c.name])).toEqual([
      ['a', null, null],
      ['b', b1, 'b'],
      ['c', b2, 'c'],
      ['d', b3, 'd'],
    ]);
    expect(d.mine.every((c) => c.rev === w.state.rev)).toBe(true);
    expect(d.places).toEqual({ [b1]: { add: ['b'], remove: ['a'] }, [b2]: { add: ['c'], remove: ['b'] }, [b3]: { add: ['d'], remove: ['c'] } });
    const told = d.events.flatMap((e) => (e.type === 'breakouts.mine' && e.promoted ? [e.mine.attendeeId] : []));
    expect(told).toEqual(['b', 'c', 'd']);
  });

  it("B3 two attendees waiting for each other's breakouts swap when one place frees", () => {
    const start = run(withCapacity({ [b1]: 1, [b2]: 1 }), [
      ['x', b1],
      ['y', b2],
      ['x', b2],
      ['y', b1],
    ]).w;
    expect([where(start, 'x'), where(start, 'y')]).toEqual([
      { roomId: b1, waitingFor: b2 },
      { roomId: b2, waitingFor: b1 },
    ]);
    const w = commit(start, setCapacity(start.state, slot, { roomId: b1, capacity: 2 }, at(organiser)));
    expect([where(w, 'x'), where(w, 'y')]).toEqual([
      { roomId: b2, waitingFor: null },
      { roomId: b1, waitingFor: null },
    ]);
    expect(w.state.taken).toEqual({ [b1]: 1, [b2]: 1 });
  });

  it('B3 the slot state counts places: its size does not grow with the people holding them', () => {
    const w = run(
      withCapacity({ [b1]: 5_000 }),
      Array.from({ length: 300 }, (_, i) => [`attendee-${String(i).padStart(4, '0')}-with-a-long-id`, [b1, b2, b3][i % 3]!] as [string, string]),
    ).w;
    expect(w.state.taken).toEqual({ [b1]: 100, [b2]: 100, [b3]: 100 });
    expect(JSON.stringify(w.state).length).toBeLessThan(300);
  });

  it('B3 the sign-up lists from the state, the holders and their records: places in the order they were got, waiting lists in line order', () => {
    let w = withCapacity({ [b1]: 2 });
    const steps: [string, string][] = [
      ['zed', b1],
      ['bea', b2],
      ['amy', b1],
      ['dee', b1],
      ['bea', b1],
    ];
    steps.forEach(([who, roomId], i) => (w = commit(w, chooseIn(w, who, roomId, before - 1_000 + i))));
    const lists = signupsOf(w.state, Object.fromEntries(Object.entries(w.holders).map(([r, set]) => [r, [...set].sort()])), (id) => w.records[id]);
    expect(lists.places[b1]!.map((x) => x.attendeeId)).toEqual(['zed', 'amy']);
    expect(lists.places[b2]!.map((x) => [x.attendeeId, x.name])).toEqual([['bea', 'bea']]);
    expect(lists.waiting[b1]!.map((x) => x.attendeeId)).toEqual(['dee', 'bea']);
  });

  it('B13 a full waiting list refuses one more, and changes nothing; another breakout still takes the chooser', () => {
    const w = withCapacity({ [b1]: 1 });
    const waiters = Array.from({ length: LIMITS.breakoutWaitingMax }, (_, i) => ({ attendeeId: `w${i}`, name: null, at: 1, holds: null }));
    const full: World = {
      state: { ...w.state, taken: { [b1]: 1 }, waiting: { [b1]: waiters } },
      records: Object.fromEntries([
        ['a', { ...noChoice(slot.id, 'a'), roomId: b1 }],
        ...waiters.map((x) => [x.attendeeId, { ...noChoice(slot.id, x.attendeeId), waitingFor: b1 }]),
      ]),
      holders: { [b1]: new Set(['a']) },
    };
    expectConsistent(full);
    expect(refusalOf(() => chooseIn(full, 'z', b1))).toBe('TOO_MANY breakouts.waitingFull');
    expect(chooseIn(full, 'z', b2).outcome).toBe('placed');
    // One place frees: the list moves on and has room for one more.
    const moved = commit(full, leaveIn(full, 'a'));
    expect(where(moved, 'w0')).toEqual({ roomId: b1, waitingFor: null });
    expect(chooseIn(moved, 'z', b1).outcome).toBe('waiting');
  });
});

describe('key-topic contributions', () => {
  const input = (over: Partial<Parameters<typeof contribute>[0]> = {}) => ({
    id: 'c1',
    roomId: b1,
    item: item1,
    topic: 0,
    text: 'Employers need to know what a credential certifies.',
    name: 'Ann',
    premoderation: false,
    flagged: false,
    ...over,
  });
  const made = (over = {}, actor = attendee('ann')): Contribution =>
    (contribute(input(over), at(actor))[0] as Extract<BreakoutsEvent, { type: 'breakouts.contributed' }>).contribution;

  it.each([
    ['B9 pre-moderation off: live at once', {}, attendee('ann'), 'live'],
    ['B9 pre-moderation on: held for a chair', { premoderation: true }, attendee('ann'), 'pending'],
    ['B9 pre-moderation on, from staff: live', { premoderation: true }, chair1, 'live'],
    ['B9 the profanity filter matched: held even with pre-moderation off', { flagged: true }, attendee('ann'), 'pending'],
  ] as const)('%s', (_t, over, actor, status) => {
    const c = made(over, actor);
    expect(c.status).toBe(status);
    expect(c.topicText).toBe(item1.keyTopics[0]);
  });

  it('B9 a key topic the breakout does not have is refused', () => {
    expect(refusalOf(() => contribute(input({ topic: 9 }), at(attendee('ann'))))).toBe('NOT_FOUND breakouts.topicNotFound');
    expect(refusalOf(() => contribute(input({ item: null }), at(attendee('ann'))))).toBe('NOT_FOUND breakouts.topicNotFound');
  });

  it.each([
    ['B10 a chair of the breakout approves a held one', { premoderation: true }, chair1, 'approve', 0, 'live'],
    ["B10 the breakout's chair hides a live one", {}, chair1, 'hide', 0, 'hidden'],
    ['B10 the organiser restores a hidden one', 'hidden', organiser, 'restore', 1, 'live'],
    ['B10 a chair of another breakout may not', {}, chair2, 'hide', 0, 'FORBIDDEN breakouts.chairOnly'],
    ['B10 the rapporteur may not', {}, rapporteur1, 'hide', 0, 'FORBIDDEN breakouts.chairOnly'],
    ['B10 an attendee may not', {}, attendee('bob'), 'hide', 0, 'FORBIDDEN breakouts.chairOnly'],
    ['B10 a stale revision conflicts', {}, chair1, 'hide', 3, 'VERSION_CONFLICT breakouts.contributionChanged'],
    ['B10 approving a live one is refused', {}, chair1, 'approve', 0, 'BAD_REQUEST breakouts.badTransition'],
  ] as const)('%s', (_t, over, actor, action, rev, expected) => {
    let c = made(over === 'hidden' ? {} : over);
    if (over === 'hidden') c = (moderateContribution(c, { action: 'hide', rev: 0 }, at(chair1))[0] as { contribution: Contribution }).contribution;
    let outcome: string;
    try {
      const [e] = moderateContribution(c, { action, rev }, at(actor));
      outcome = (e as { contribution: Contribution }).contribution.status;
    } catch {
      outcome = refusalOf(() => moderateContribution(c, { action, rev }, at(actor)))!;
    }
    expect(outcome).toBe(expected);
  });

  it('B12 held and hidden contributions are seen by staff and their author only; live ones by everybody', () => {
    const held = made({ premoderation: true });
    const live = made();
    expect(canSeeContribution(attendee('bob'), held)).toBe(false);
    expect(canSeeContribution(attendee('ann'), held)).toBe(true);
    expect(canSeeContribution(rapporteur1, held)).toBe(true);
    expect(canSeeContribution(attendee('bob'), live)).toBe(true);
    expect(contributionAudience(null, held)).toBe('user:ann');
    expect(contributionAudience(null, live)).toBe('all');
    expect(contributionAudience(live, { ...live, status: 'hidden' })).toBe('all');
  });

  it.each([
    ['B11 another attendee upvotes a live one', {}, attendee('bob'), null],
    ["B11 not one's own", {}, attendee('ann'), 'BAD_REQUEST breakouts.upvoteOwn'],
    ['B11 not a held one', { premoderation: true }, attendee('bob'), 'BAD_REQUEST breakouts.upvoteUnpublished'],
  ] as const)('%s', (_t, over, actor, refusal) => {
    expect(refusalOf(() => checkContributionUpvote(made(over), actor))).toBe(refusal);
  });

  it('B11 counts: a newer tick replaces, an older one is ignored', () => {
    const state: BreakoutsState = { me: 'bob', seats: {}, mine: {}, contributions: {}, counts: {}, myUpvotes: [], promotedTo: null };
    const s1 = applyContributionCounts(state, { c1: { n: 2, tick: 5 } });
    const s2 = applyContributionCounts(s1, { c1: { n: 1, tick: 4 } });
    expect(s2.counts.c1).toEqual({ n: 2, tick: 5 });
  });
});

describe('the client applies changes', () => {
  it("B3 only this person's own choice is theirs, and a promotion is remembered for the notice", () => {
    const state: BreakoutsState = { me: 'x', seats: {}, mine: {}, contributions: {}, counts: {}, myUpvotes: [], promotedTo: null };
    const other = applyBreakouts(state, {
      type: 'breakouts.mine',
      mine: { slotId: slot.id, attendeeId: 'y', roomId: b1, waitingFor: null, rev: 1 },
      promoted: true,
    });
    expect(other).toBe(state);
    const mine = applyBreakouts(state, {
      type: 'breakouts.mine',
      mine: { slotId: slot.id, attendeeId: 'x', roomId: b1, waitingFor: null, rev: 2 },
      promoted: true,
    });
    expect(mine.mine[slot.id]?.roomId).toBe(b1);
    expect(mine.promotedTo).toEqual({ slotId: slot.id, roomId: b1 });
    // An older revision does not undo a newer one.
    const stale = applyBreakouts(mine, {
      type: 'breakouts.mine',
      mine: { slotId: slot.id, attendeeId: 'x', roomId: null, waitingFor: b1, rev: 1 },
      promoted: false,
    });
    expect(stale.mine[slot.id]?.roomId).toBe(b1);
  });
});
