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
  locate,
  moderateContribution,
  placesLeft,
  seatsOf,
  setCapacity,
  type BreakoutsState,
  type BreakoutSlot,
} from '../../shared/domain/breakouts';
import { loadDemoProgramme } from '../../server/setup';
import { refusalOf } from './refusal';
import type { Actor } from '../../shared/domain/actor';
import type { AgendaState } from '../../shared/protocol/agenda';
import type { BreakoutsEvent, Contribution, SlotChoices } from '../../shared/protocol/breakouts';

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

/** Applies choices in order, each on the result of the last; returns the final document and every event. */
function run(start: SlotChoices, steps: [string, string][], now = before): { doc: SlotChoices; events: BreakoutsEvent[] } {
  let doc = start;
  const events: BreakoutsEvent[] = [];
  for (const [who, roomId] of steps) {
    const d = choose(doc, slot, { roomId, name: who }, nothingLive, at(attendee(who), now));
    doc = d.next;
    events.push(...d.events);
  }
  return { doc, events };
}

function withCapacity(caps: Record<string, number | null>): SlotChoices {
  let doc = emptySlot(slot.id);
  for (const [roomId, capacity] of Object.entries(caps)) doc = setCapacity(doc, slot, { roomId, capacity }, at(organiser)).next;
  return doc;
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
    const { doc, events } = run(emptySlot(slot.id), [
      ['ann', b1],
      ['bea', b1],
      ['ann', b2],
    ]);
    expect(locate(doc, 'ann')).toEqual({ roomId: b2, waitingFor: null });
    expect(locate(doc, 'bea')).toEqual({ roomId: b1, waitingFor: null });
    expect(seatsOf(doc).rooms[b1]).toEqual({ capacity: null, taken: 1, waiting: 0 });
    expect(placesLeft(seatsOf(doc).rooms[b1])).toBeNull();
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
  ] as const)('%s', (_title, cap, steps, where, seats1) => {
    const { doc } = run(withCapacity({ [b1]: cap, [b2]: cap }), steps as unknown as [string, string][]);
    for (const [who, expected] of Object.entries(where)) expect(locate(doc, who)).toEqual(expected);
    expect(seatsOf(doc).rooms[b1]).toMatchObject(seats1);
  });

  it('B2 a full breakout says so: no place left, and how many wait', () => {
    const { doc } = run(withCapacity({ [b1]: 1 }), [
      ['a', b1],
      ['b', b1],
    ]);
    expect(placesLeft(seatsOf(doc).rooms[b1])).toBe(0);
    expect(seatsOf(doc).rooms[b1]).toEqual({ capacity: 1, taken: 1, waiting: 1 });
  });

  it('B3 a freed place goes to the first in line, who is told; the place they left goes to its own first in line', () => {
    // b1 and b2 hold one each: a is in b1, x in b2; y waits for b2; z, then x (keeping b2), wait for b1.
    const start = run(withCapacity({ [b1]: 1, [b2]: 1 }), [
      ['a', b1],
      ['x', b2],
      ['y', b2],
      ['z', b1],
      ['x', b1],
    ]).doc;
    // Waiting for b1: z then x; for b2: y.
    expect(start.waiting[b1]!.map((s) => s.attendeeId)).toEqual(['z', 'x']);
    const d = leave(start, slot, nothingLive, at(attendee('a')));
    expect(locate(d.next, 'a')).toEqual({ roomId: null, waitingFor: null });
    expect(locate(d.next, 'z')).toEqual({ roomId: b1, waitingFor: null });
    expect(locate(d.next, 'x')).toEqual({ roomId: b2, waitingFor: b1 });
    const told = d.events.filter((e) => e.type === 'breakouts.mine' && e.promoted);
    expect(told.map((e) => (e.type === 'breakouts.mine' ? e.mine.attendeeId : ''))).toEqual(['z']);

    // x moves up next: b1 frees when z leaves; x's place in b2 then goes to y.
    const d2 = leave(d.next, slot, nothingLive, at(attendee('z')));
    expect(locate(d2.next, 'x')).toEqual({ roomId: b1, waitingFor: null });
    expect(locate(d2.next, 'y')).toEqual({ roomId: b2, waitingFor: null });
    const told2 = d2.events.flatMap((e) => (e.type === 'breakouts.mine' && e.promoted ? [e.mine.attendeeId] : []));
    expect(told2.sort()).toEqual(['x', 'y']);
    expect(seatsOf(d2.next).rooms[b1]).toEqual({ capacity: 1, taken: 1, waiting: 0 });
  });

  it('B3 a move to another breakout frees the old place for the first in line', () => {
    const start = run(withCapacity({ [b1]: 1 }), [
      ['a', b1],
      ['w', b1],
    ]).doc;
    const d = choose(start, slot, { roomId: b3, name: 'a' }, nothingLive, at(attendee('a')));
    expect(d.outcome).toBe('placed');
    expect(locate(d.next, 'w')).toEqual({ roomId: b1, waitingFor: null });
  });

  it('B3 a chooser who gets a place is told "placed", one who does not "waiting"', () => {
    const start = withCapacity({ [b1]: 1 });
    const first = choose(start, slot, { roomId: b1, name: null }, nothingLive, at(attendee('a')));
    const second = choose(first.next, slot, { roomId: b1, name: null }, nothingLive, at(attendee('b')));
    expect([first.outcome, second.outcome]).toEqual(['placed', 'waiting']);
  });

  it.each([
    ['B4 before the slot ends', before, nothingLive, null],
    ['B4 after the slot ended', after, nothingLive, 'BAD_REQUEST breakouts.closed'],
    ['B4 after its end while one of its breakouts is live', after, { [b2]: { itemId: slot.breakouts[1]!.item.id, since: 1 } }, null],
    ['B4 after its end with another item live in a breakout room', after, { [b2]: { itemId: 'something-else', since: 1 } }, 'BAD_REQUEST breakouts.closed'],
  ] as const)('%s: choosing %s', (_t, now, live, refusal) => {
    expect(isOpen(slot, live, now)).toBe(refusal === null);
    expect(refusalOf(() => choose(emptySlot(slot.id), slot, { roomId: b1, name: null }, live, at(attendee('a'), now)))).toBe(refusal);
    expect(refusalOf(() => leave(emptySlot(slot.id), slot, live, at(attendee('a'), now)))).toBe(refusal);
  });

  it.each([
    ['B8 staff do not take places', chair1, b1, 'FORBIDDEN breakouts.attendeesOnly'],
    ['B8 a room outside the slot', attendee('a'), 'plenary', 'NOT_FOUND breakouts.notFound'],
  ] as const)('%s', (_t, actor, roomId, refusal) => {
    expect(refusalOf(() => choose(emptySlot(slot.id), slot, { roomId, name: null }, nothingLive, at(actor)))).toBe(refusal);
  });

  it('B6 only the organiser sets a capacity; a higher one promotes the first in line, a lower one keeps who is in', () => {
    expect(refusalOf(() => setCapacity(emptySlot(slot.id), slot, { roomId: b1, capacity: 3 }, at(chair1)))).toBe('FORBIDDEN breakouts.organiserOnly');
    const full = run(withCapacity({ [b1]: 1 }), [
      ['a', b1],
      ['b', b1],
      ['c', b1],
    ]).doc;
    const raised = setCapacity(full, slot, { roomId: b1, capacity: 2 }, at(organiser));
    expect(locate(raised.next, 'b')).toEqual({ roomId: b1, waitingFor: null });
    expect(locate(raised.next, 'c')).toEqual({ roomId: null, waitingFor: b1 });
    expect(raised.events.some((e) => e.type === 'breakouts.mine' && e.promoted && e.mine.attendeeId === 'b')).toBe(true);
    const lowered = setCapacity(raised.next, slot, { roomId: b1, capacity: 1 }, at(organiser));
    expect(seatsOf(lowered.next).rooms[b1]).toEqual({ capacity: 1, taken: 2, waiting: 1 });
    expect(placesLeft(seatsOf(lowered.next).rooms[b1])).toBe(0);
    // No limit: everyone waiting gets in.
    const open = setCapacity(lowered.next, slot, { roomId: b1, capacity: null }, at(organiser));
    expect(seatsOf(open.next).rooms[b1]).toEqual({ capacity: null, taken: 3, waiting: 0 });
  });

  it('B7 leaving with nothing held changes nothing', () => {
    expect(leave(emptySlot(slot.id), slot, nothingLive, at(attendee('a'))).events).toEqual([]);
  });

  it('B3 a capacity never holds more than it allows, whatever the order of many choices', () => {
    let doc = withCapacity({ [b1]: 20, [b2]: 5 });
    const rooms = [b1, b2, b3];
    for (let i = 0; i < 300; i++) {
      const who = `p${(i * 7) % 60}`;
      doc = choose(doc, slot, { roomId: rooms[(i * 13) % 3]!, name: null }, nothingLive, at(attendee(who))).next;
      if (i % 11 === 0) doc = leave(doc, slot, nothingLive, at(attendee(`p${(i * 3) % 60}`))).next;
      expect(doc.places[b1]?.length ?? 0).toBeLessThanOrEqual(20);
      expect(doc.places[b2]?.length ?? 0).toBeLessThanOrEqual(5);
      // Nobody waits for a breakout that has a free place, and nobody is in two places.
      for (const r of rooms) if ((doc.waiting[r]?.length ?? 0) > 0) expect(placesLeft(seatsOf(doc).rooms[r])).toBe(0);
      const ids = Object.values(doc.places)
        .flat()
        .map((s) => s.attendeeId);
      expect(new Set(ids).size).toBe(ids.length);
    }
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
