import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer, client, call, onChange, opId, snapshotOf, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { DEMO_EVENT } from '../../server/setup';
import type { Change } from '../../shared/protocol/messages';
import type { ChoiceRecord, SlotState } from '../../shared/protocol/breakouts';
import { raceForPlaces, SLOT } from '../helpers/breakouts';
import { TestRedis } from '../helpers/redis';
import { RedisStore } from '../../server/store/redis';
import type { Store } from '../../server/store/store';

/** Breakouts on a real server with the embedded store, over real sockets. */
let server: TestServer;
const sockets: ClientSocket[] = [];
const open = async (token: string) => {
  const s = await client(server.url, token);
  sockets.push(s);
  return s;
};
const attendee = async (name: string) => open((await server.join(name)).token);
const stateIn = async (store: Store) => (await store.read(DEMO_EVENT.id, [`bo:slot:${SLOT}`]))[`bo:slot:${SLOT}`]?.value as SlotState;
const slotDoc = () => stateIn(server.store);
/** Who holds a place in a breakout (its `bo:in` set). */
const holdersIn = (store: Store, roomId: string) => store.members(DEMO_EVENT.id, `bo:in:${SLOT}:${roomId}`);

let chair: ClientSocket;
let organiser: ClientSocket;

beforeAll(async () => {
  server = await startServer();
  chair = await open(await server.link('chair', 'breakout-1'));
  organiser = await open(await server.link('organiser'));
  // The demo's slot is in June 2023: with its breakout live, the choice is open (B4).
  expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

describe('breakout choices on the embedded store', () => {
  it('B3 60 attendees racing for 20 places: exactly 20 in, 40 waiting, in the store too; a freed place goes to the first waiting, who is told', async () => {
    expect(await call(organiser, 'breakouts:capacity', { opId: opId(), slotId: SLOT, roomId: 'breakout-1', capacity: 20 })).toMatchObject({ ok: true });
    const people = await Promise.all(Array.from({ length: 60 }, (_, i) => attendee(`Racer ${i}`)));
    const { placed, waiting } = await raceForPlaces(people, 'breakout-1');
    expect(placed).toHaveLength(20);
    expect(waiting).toHaveLength(40);
    const doc = await slotDoc();
    expect(doc.taken['breakout-1']).toBe(20);
    expect(new Set(await holdersIn(server.store, 'breakout-1'))).toEqual(new Set(placed.map((p) => p.attendeeId)));
    expect(doc.waiting['breakout-1']).toHaveLength(40);

    // The first in line is told when a place frees.
    const first = doc.waiting['breakout-1']![0]!.attendeeId;
    const firstSocket = people[waiting.find((w) => w.attendeeId === first)!.index]!;
    const told: Change[] = [];
    onChange(firstSocket, (c) => told.push(c));
    const leaver = people[placed[0]!.index]!;
    expect(await call(leaver, 'breakouts:leave', { opId: opId(), slotId: SLOT })).toMatchObject({ ok: true });
    // (Its own earlier choice may still arrive first, in the tick after the race.)
    const promotion = () => told.find((c) => c.event?.type === 'breakouts.mine' && c.event.promoted);
    await waitFor(promotion, { what: 'the promotion notice' });
    expect(promotion()?.event).toMatchObject({ mine: { attendeeId: first, roomId: 'breakout-1', waitingFor: null } });
    const after = await slotDoc();
    expect(after.taken['breakout-1']).toBe(20);
    const holders = await holdersIn(server.store, 'breakout-1');
    expect(holders).toHaveLength(20);
    expect(holders).toContain(first);
    expect(after.waiting['breakout-1']).toHaveLength(39);
    // The promoted attendee's own record was written with the promotion, under the name they chose with.
    const record = (await server.store.read(DEMO_EVENT.id, [`bo:mine:${SLOT}:${first}`]))[`bo:mine:${SLOT}:${first}`]?.value as ChoiceRecord;
    expect(record).toMatchObject({ roomId: 'breakout-1', waitingFor: null, rev: after.rev });
    expect(record.name).toMatch(/^Racer \d+$/);
    // The person's snapshot says so too.
    expect((await snapshotOf(firstSocket)).breakouts.mine[SLOT]).toMatchObject({ roomId: 'breakout-1', waitingFor: null });
  }, 60_000);

  it('B4 B8 a retried choice is applied once; staff cannot choose; a room outside the slot is refused', async () => {
    const a = await attendee('Retry');
    const id = opId();
    const first = await call(a, 'breakouts:choose', { opId: id, slotId: SLOT, roomId: 'breakout-2' });
    const again = await call(a, 'breakouts:choose', { opId: id, slotId: SLOT, roomId: 'breakout-2' });
    expect(again).toEqual(first);
    expect(await call(chair, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: 'breakout-2' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(a, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: 'plenary' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      reason: 'breakouts.notFound',
    });
    expect(await call(a, 'breakouts:capacity', { opId: opId(), slotId: SLOT, roomId: 'breakout-2', capacity: 3 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('B9-B12 a key-topic answer: held under pre-moderation, approved by the chair, one upvote per attendee, hidden by the chair', async () => {
    const ann = await attendee('Ann');
    const bob = await attendee('Bob');
    const sent = await call(ann, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 1, text: 'Managers who learn alongside their teams.' });
    expect(sent).toMatchObject({ ok: true, status: 'pending' });
    const id = sent.contributionId as string;
    // Not yet visible to Bob; visible to the rapporteur.
    expect((await snapshotOf(bob)).breakouts.contributions.some((c) => c.id === id)).toBe(false);
    const rapporteur = await open(await server.link('rapporteur', 'breakout-1'));
    expect((await snapshotOf(rapporteur)).breakouts.contributions.find((c) => c.id === id)).toMatchObject({ status: 'pending', topic: 1 });
    expect(await call(bob, 'breakouts:upvote', { opId: opId(), contributionId: id, up: true })).toMatchObject({ ok: false });
    expect(await call(chair, 'breakouts:moderate', { opId: opId(), contributionId: id, rev: 0, action: 'approve' })).toMatchObject({ ok: true });
    expect(await call(bob, 'breakouts:upvote', { opId: opId(), contributionId: id, up: true })).toMatchObject({ ok: true });
    expect(await call(bob, 'breakouts:upvote', { opId: opId(), contributionId: id, up: true })).toMatchObject({ ok: true });
    expect(await call(ann, 'breakouts:upvote', { opId: opId(), contributionId: id, up: true })).toMatchObject({ ok: false, reason: 'breakouts.upvoteOwn' });
    const seen = await snapshotOf(bob);
    expect(seen.breakouts.contributions.find((c) => c.id === id)).toMatchObject({ status: 'live', authorName: 'Ann' });
    expect(seen.breakouts.contributionCounts[id]?.n).toBe(1);
    expect(seen.breakouts.myContributionUpvotes).toContain(id);
    expect(await call(chair, 'breakouts:moderate', { opId: opId(), contributionId: id, rev: 0, action: 'hide' })).toMatchObject({
      ok: false,
      code: 'VERSION_CONFLICT',
    });
    expect(await call(chair, 'breakouts:moderate', { opId: opId(), contributionId: id, rev: 1, action: 'hide' })).toMatchObject({ ok: true });
    expect((await snapshotOf(bob)).breakouts.contributions.some((c) => c.id === id)).toBe(false);
    // Profanity goes to review even with pre-moderation off.
    expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'breakout-1', premoderation: false })).toMatchObject({ ok: true });
    expect(await call(bob, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'Recognition matters most.' })).toMatchObject({
      status: 'live',
    });
    expect(await call(bob, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'what a fucking mess' })).toMatchObject({
      status: 'pending',
    });
    expect(await call(bob, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 7, text: 'No such topic here.' })).toMatchObject({
      ok: false,
      reason: 'breakouts.topicNotFound',
    });
  });

  it('the organiser downloads the sign-ups as CSV (BOM, one row per person, through the one CSV writer)', async () => {
    const token = await server.link('organiser');
    const res = await fetch(`${server.url}/api/events/${DEMO_EVENT.id}/breakouts/signups.csv?lang=en`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Slot,Breakout,Session,Status,Position,Name,Since');
    const doc = await slotDoc();
    const total = Object.values(doc.taken).reduce((a, b) => a + b, 0) + Object.values(doc.waiting).flat().length;
    expect(lines).toHaveLength(1 + total);
    expect(lines.filter((l) => l.includes(',waiting list,'))).toHaveLength(39);
    const chairToken = await server.link('chair', 'breakout-1');
    expect(
      (await fetch(`${server.url}/api/events/${DEMO_EVENT.id}/breakouts/signups.csv`, { headers: { Authorization: `Bearer ${chairToken}` } })).status,
    ).toBe(403);
  });
});

/**
 * The slot's state counts places instead of listing who holds them: its size stays the same whatever the audience,
 * and the holders' sets agree with it. On the embedded store and on a real redis-server.
 */
describe.each(['embedded', 'redis'] as const)('a slot with many attendees on the %s store', (kind) => {
  let srv: TestServer;
  let redis: TestRedis | null = null;
  const rooms = ['breakout-1', 'breakout-2', 'breakout-3'];

  beforeAll(async () => {
    if (kind === 'redis') redis = await new TestRedis({ appendfsync: 'no-aof' }).start();
    srv = await startServer(redis ? { store: new RedisStore({ url: redis.url, prefix: `bo${Date.now()}:` }) } : {});
    const c = await client(srv.url, await srv.link('chair', 'breakout-1'));
    expect(await call(c, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
    c.close();
  });

  afterAll(async () => {
    await srv?.close();
    await redis?.stop();
  });

  it("B3 300 attendees choose: the slot state stays under 2 KB, the holders' sets match its counts, nobody is in two", async () => {
    const chosen = new Map<string, string>();
    for (let batch = 0; batch < 6; batch++) {
      const people = await Promise.all(Array.from({ length: 50 }, async (_, i) => client(srv.url, (await srv.join(`Many ${batch * 50 + i}`)).token)));
      for (const room of rooms) {
        const mine = people.filter((_, i) => rooms[i % 3] === room);
        const { placed, waiting } = await raceForPlaces(mine, room);
        expect(waiting).toEqual([]);
        for (const p of placed) chosen.set(p.attendeeId, room);
      }
      for (const p of people) p.close();
    }
    expect(chosen.size).toBe(300);
    const state = await stateIn(srv.store);
    const counts: Record<string, number> = {};
    for (const room of chosen.values()) counts[room] = (counts[room] ?? 0) + 1;
    expect(state.taken).toEqual(counts);
    expect(state.waiting).toEqual({});
    expect(JSON.stringify(state).length).toBeLessThan(2_048);
    const holders = await Promise.all(rooms.map((r) => holdersIn(srv.store, r)));
    rooms.forEach((r, i) => expect(holders[i]).toHaveLength(state.taken[r]!));
    const all = holders.flat();
    expect(new Set(all).size).toBe(300);
    for (const id of all) expect(rooms[holders.findIndex((h) => h.includes(id))]).toBe(chosen.get(id));
    // Each attendee's record: where they are, under their name.
    const some = all.slice(0, 20);
    const records = await srv.store.read(
      DEMO_EVENT.id,
      some.map((id) => `bo:mine:${SLOT}:${id}`),
    );
    for (const id of some)
      expect(records[`bo:mine:${SLOT}:${id}`]?.value).toMatchObject({
        attendeeId: id,
        roomId: chosen.get(id),
        waitingFor: null,
        name: expect.stringMatching(/^Many \d+$/),
      });
  }, 120_000);
});
