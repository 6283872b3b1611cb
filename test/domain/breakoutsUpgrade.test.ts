import { describe, it, expect } from 'vitest';
import { breakoutSlots, emptySlot, leave, choose, noChoice, seatsOf, signupsOf, setCapacity } from '../../shared/domain/breakouts';
import { isEarlierSlot, upgradeSlot, upgradeStoredSlots, type EarlierSlot, type UpgradedSlot } from '../../shared/domain/breakoutsUpgrade';
import { loadDemoProgramme } from '../../server/setup';
import type { AgendaState } from '../../shared/protocol/agenda';
import type { ChoiceRecord, Signup } from '../../shared/protocol/breakouts';

const slot = breakoutSlots(loadDemoProgramme())[0]!;
const [b1, b2, b3] = ['breakout-1', 'breakout-2', 'breakout-3'];
const now = slot.endsAt - 60_000;
const nothingLive: AgendaState['live'] = {};
const s = (attendeeId: string, at: number, name: string | null = attendeeId.toUpperCase()): Signup => ({ attendeeId, name, at });
const earlier = (over: Partial<EarlierSlot>): EarlierSlot => ({ slotId: slot.id, capacity: {}, places: {}, waiting: {}, rev: 7, ...over });
const record = (attendeeId: string, roomId: string | null, waitingFor: string | null, name: string | null, at: number): ChoiceRecord => ({
  slotId: slot.id,
  attendeeId,
  roomId,
  waitingFor,
  name,
  at,
  rev: 8,
});

const cases: { title: string; old: EarlierSlot; want: UpgradedSlot }[] = [
  {
    title: 'an empty slot: an empty state, one revision on',
    old: earlier({}),
    want: { state: { ...emptySlot(slot.id), rev: 8 }, records: [], holders: {} },
  },
  {
    title: 'places only: counted, each holder with their record, in the order they got them',
    old: earlier({ capacity: { [b1]: null }, places: { [b1]: [s('ann', 10), s('bob', 20, null)], [b2]: [s('cy', 15)] } }),
    want: {
      state: { slotId: slot.id, capacity: { [b1]: null }, taken: { [b1]: 2, [b2]: 1 }, waiting: {}, rev: 8 },
      records: [record('ann', b1, null, 'ANN', 10), record('bob', b1, null, null, 20), record('cy', b2, null, 'CY', 15)],
      holders: { [b1]: ['ann', 'bob'], [b2]: ['cy'] },
    },
  },
  {
    title: 'a full breakout and its waiting list: a waiter holding a place elsewhere keeps it (holds), named as on that place',
    old: earlier({
      capacity: { [b1]: 2, [b2]: 1 },
      places: { [b1]: [s('ann', 10), s('bob', 20)], [b2]: [s('cy', 30, 'Cy at b2')] },
      waiting: { [b1]: [s('cy', 40, 'Cy waiting'), s('dee', 50)], [b3]: [] },
    }),
    want: {
      state: {
        slotId: slot.id,
        capacity: { [b1]: 2, [b2]: 1 },
        taken: { [b1]: 2, [b2]: 1 },
        waiting: {
          [b1]: [
            { attendeeId: 'cy', name: 'Cy waiting', at: 40, holds: b2 },
            { attendeeId: 'dee', name: 'DEE', at: 50, holds: null },
          ],
        },
        rev: 8,
      },
      records: [
        record('ann', b1, null, 'ANN', 10),
        record('bob', b1, null, 'BOB', 20),
        record('cy', b2, b1, 'Cy at b2', 30),
        record('dee', null, b1, 'DEE', 50),
      ],
      holders: { [b1]: ['ann', 'bob'], [b2]: ['cy'] },
    },
  },
];

describe('B14 a slot stored in the earlier one-document form', () => {
  it.each(cases)('B14 $title', ({ old, want }) => {
    expect(isEarlierSlot(old)).toBe(true);
    const got = upgradeSlot(old);
    expect(got).toEqual(want);
    expect(isEarlierSlot(got.state)).toBe(false);
    // The same seats as the earlier document showed.
    for (const [roomId, list] of Object.entries(old.places)) expect(seatsOf(got.state).rooms[roomId]?.taken).toBe(list.length);
  });

  it('B14 the sign-up lists are the same people in the same order', () => {
    const old = cases[2]!.old;
    const { state, records, holders } = upgradeSlot(old);
    // A set gives its members in any order: the lists' order comes from the records.
    const shuffled = Object.fromEntries(Object.entries(holders).map(([r, ids]) => [r, [...ids].reverse()]));
    const lists = signupsOf(state, shuffled, (id) => records.find((r) => r.attendeeId === id));
    expect(lists.places).toEqual(old.places);
    expect(lists.waiting).toEqual({ [b1]: old.waiting[b1] });
  });

  it('B14 B3 choices go on from the upgraded slot: a freed place goes to the first in line, whose held place goes to the next', () => {
    const { state, records } = upgradeSlot(
      earlier({
        capacity: { [b1]: 1, [b2]: 1 },
        places: { [b1]: [s('ann', 10)], [b2]: [s('cy', 20)] },
        waiting: { [b1]: [s('cy', 30)], [b2]: [s('dee', 40)] },
      }),
    );
    const mine = (id: string) => records.find((r) => r.attendeeId === id) ?? noChoice(slot.id, id);
    // Full: a newcomer waits.
    expect(
      choose(state, mine('eve'), slot, { roomId: b1, name: 'Eve' }, nothingLive, { actor: { role: 'attendee', id: 'eve', roomScope: '*' }, now }).outcome,
    ).toBe('waiting');
    const d = leave(state, mine('ann'), slot, nothingLive, { actor: { role: 'attendee', id: 'ann', roomScope: '*' }, now });
    expect(d.next.taken).toEqual({ [b1]: 1, [b2]: 1 });
    expect(d.next.waiting).toEqual({});
    expect(d.places).toEqual({ [b1]: { add: ['cy'], remove: ['ann'] }, [b2]: { add: ['dee'], remove: ['cy'] } });
    expect(d.mine.map((r) => [r.attendeeId, r.roomId, r.waitingFor])).toEqual([
      ['ann', null, null],
      ['cy', b1, null],
      ['dee', b2, null],
    ]);
    // The organiser's capacity applies to it as to any slot.
    expect(setCapacity(state, slot, { roomId: b1, capacity: 2 }, { actor: { role: 'organiser', id: 'link:o', roomScope: '*' }, now }).next.taken[b1]).toBe(2);
  });

  it('B14 a stored content (a backup): earlier slots replaced one version on, their records and holders added; the rest kept', () => {
    const old = cases[2]!.old;
    const current = { ...emptySlot('2023-06-22-1600'), taken: { [b1]: 1 } };
    const content = {
      head: 42,
      docs: [
        { key: 'agenda', version: 3, value: { x: 1 } },
        { key: `bo:slot:${slot.id}`, version: 5, value: old },
        { key: 'bo:slot:2023-06-22-1600', version: 2, value: current },
      ],
      sets: [
        { key: 'bo:slots', members: [slot.id, '2023-06-22-1600'] },
        { key: 'bo:in:2023-06-22-1600:breakout-1', members: ['zed'] },
      ],
      counters: [],
    };
    const up = upgradeStoredSlots(content);
    const { state, records } = upgradeSlot(old);
    expect(up.head).toBe(42);
    expect(up.docs).toEqual([
      { key: 'agenda', version: 3, value: { x: 1 } },
      { key: `bo:slot:${slot.id}`, version: 6, value: state },
      { key: 'bo:slot:2023-06-22-1600', version: 2, value: current },
      ...records.map((r) => ({ key: `bo:mine:${slot.id}:${r.attendeeId}`, version: 1, value: r })),
    ]);
    expect(up.sets).toEqual([
      { key: 'bo:slots', members: [slot.id, '2023-06-22-1600'] },
      { key: 'bo:in:2023-06-22-1600:breakout-1', members: ['zed'] },
      { key: `bo:in:${slot.id}:${b1}`, members: ['ann', 'bob'] },
      { key: `bo:in:${slot.id}:${b2}`, members: ['cy'] },
    ]);
    // Nothing earlier: the same content, untouched; and upgrading twice changes nothing more.
    expect(upgradeStoredSlots(up)).toBe(up);
  });
});
