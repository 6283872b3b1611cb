import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer, client, call, opId, snapshotOf, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import type { Change, LiveBatch } from '../../shared/protocol/messages';
import { SLOT } from '../helpers/breakouts';

/**
 * The live stream's changes made short for each client: a burst of other people's breakout choices reaches an
 * onlooker as runs of numbers and the newest seats of the slot, never a gap, and the onlooker ends where the store is.
 */
let server: TestServer;
const sockets: ClientSocket[] = [];
const open = async (token: string) => {
  const s = await client(server.url, token);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  server = await startServer({ env: { LIVE_TICK_MS: '400' } });
  const chair = await open(await server.link('chair', 'breakout-1'));
  expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

describe('runs of changes in the live stream', () => {
  it('a burst of 40 choices reaches an onlooker as runs and the newest seats, with every number covered', async () => {
    const onlooker = await open((await server.join('Onlooker')).token);
    const start = (await snapshotOf(onlooker)).seq;
    const got: Change[] = [];
    onlooker.on('live', (b: LiveBatch) => got.push(...(b.changes ?? [])));
    const people = await Promise.all(Array.from({ length: 40 }, async (_, i) => open((await server.join(`Chooser ${i}`)).token)));
    const replies = await Promise.all(
      people.map((p, i) => call(p, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: i % 2 ? 'breakout-1' : 'breakout-2' })),
    );
    expect(replies.every((r) => r.ok)).toBe(true);
    const last = Math.max(...replies.map((r) => r.seq as number));
    const lastOf = (c: Change) => c.through ?? c.seq;
    await waitFor(() => got.some((c) => lastOf(c) >= last), { what: 'the last choice in the live stream' });

    // Every number after the snapshot, once, in order.
    const covered = got.filter((c) => lastOf(c) > start).flatMap((c) => Array.from({ length: lastOf(c) - c.seq + 1 }, (_, k) => c.seq + k));
    expect(covered).toEqual(Array.from({ length: covered.length }, (_, k) => start + 1 + k));
    // Others' own choices come as runs, not one placeholder each; runs carry nothing.
    expect(got.filter((c) => c.through !== undefined).every((c) => c.event === null && c.through! > c.seq)).toBe(true);
    expect(got.length).toBeLessThan(covered.length / 2);
    // A slot's seats replaced within a tick: fewer than one per choice.
    expect(got.filter((c) => c.event?.type === 'breakouts.seats').length).toBeLessThan(40);
    // The newest seats it got are the store's.
    const seats = got.filter((c) => c.event?.type === 'breakouts.seats').at(-1)?.event;
    const stored = (await snapshotOf(onlooker)).breakouts.seats[SLOT];
    expect(seats).toMatchObject({ seats: stored });
    expect(stored!.rooms['breakout-1']!.taken + stored!.rooms['breakout-2']!.taken).toBe(40);
  }, 60_000);
});
