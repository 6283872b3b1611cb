import { describe, expect, it } from 'vitest';
import { compactChanges } from '../../shared/protocol/changes';
import type { Change, DomainEvent } from '../../shared/protocol/messages';
import { cut, withOwn } from '../../server/realtime/batch';
import type { StoredChange } from '../../server/store/store';

const none = (seq: number): Change => ({ seq, event: null });
const seats = (seq: number, slotId: string, taken: number): Change => ({
  seq,
  event: { type: 'breakouts.seats', seats: { slotId, rooms: { r1: { capacity: null, taken, waiting: 0 } }, rev: taken } },
});
const note = (seq: number): Change => ({ seq, event: { type: 'chat.deleted', roomId: 'plenary', messageId: `m${seq}` } as unknown as DomainEvent });
const replaceKey = (e: DomainEvent) => (e.type === 'breakouts.seats' ? `seats:${e.seats.slotId}` : null);

describe('a client’s changes made short (compactChanges)', () => {
  const cases: { name: string; in: Change[]; out: Change[]; replace?: boolean }[] = [
    { name: 'nothing', in: [], out: [] },
    { name: 'one change not meant for the client stays as it is', in: [none(4)], out: [none(4)] },
    { name: 'consecutive ones become one run', in: [none(4), none(5), none(6)], out: [{ seq: 4, event: null, through: 6 }] },
    {
      name: 'a change in full splits the runs',
      in: [none(1), none(2), note(3), none(4), none(5)],
      out: [{ seq: 1, event: null, through: 2 }, note(3), { seq: 4, event: null, through: 5 }],
    },
    { name: 'runs are joined only where the numbers follow on', in: [none(1), none(3)], out: [none(1), none(3)] },
    { name: 'runs already made are joined', in: [{ seq: 1, event: null, through: 3 }, none(4)], out: [{ seq: 1, event: null, through: 4 }] },
    {
      name: 'only the newest seats of a slot are kept, the others join the runs',
      replace: true,
      in: [seats(1, 's1', 1), none(2), seats(3, 's1', 2), seats(4, 's2', 1), none(5), seats(6, 's1', 3)],
      out: [{ seq: 1, event: null, through: 3 }, seats(4, 's2', 1), none(5), seats(6, 's1', 3)],
    },
    { name: 'without a replace key every change counts', in: [seats(1, 's1', 1), seats(2, 's1', 2)], out: [seats(1, 's1', 1), seats(2, 's1', 2)] },
  ];
  for (const c of cases)
    it(c.name, () => {
      expect(compactChanges(c.in, c.replace ? replaceKey : undefined)).toEqual(c.out);
    });

  it('keeps every number: the runs and changes cover exactly what came in', () => {
    const input: Change[] = Array.from({ length: 200 }, (_, i) => (i % 7 === 3 ? seats(i + 1, `s${i % 3}`, i) : i % 11 === 5 ? note(i + 1) : none(i + 1)));
    const out = compactChanges(input, replaceKey);
    const covered = out.flatMap((c) => Array.from({ length: (c.through ?? c.seq) - c.seq + 1 }, (_, k) => c.seq + k));
    expect(covered).toEqual(input.map((c) => c.seq));
    expect(out.length).toBeLessThan(input.length / 3);
  });
});

describe('one person’s changes spliced into the attendees’ list (withOwn)', () => {
  it('gives what compacting the list with their changes in full gives, for random bursts', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 60);
      const stored = Array.from({ length: n }, (_, i) => {
        const r = random();
        const audience = r < 0.2 ? 'all' : r < 0.5 ? 'user:me' : r < 0.8 ? 'user:other' : 'staff';
        return { seq: 100 + i, event: { type: 'chat.deleted', roomId: 'plenary', messageId: `m${i}` }, audience } as StoredChange;
      });
      const { public: pub, persons } = cut(stored);
      const own = persons.get('me') ?? new Map<number, Change>();
      const expected = compactChanges(
        stored.map((c) => (c.audience === 'all' || c.audience === 'user:me' ? { seq: c.seq, event: c.event } : none(c.seq)) as Change),
      );
      expect(withOwn({ changes: pub }, own).changes).toEqual(expected);
    }
  });
});
