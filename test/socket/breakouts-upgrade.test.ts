import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { upgradeStored } from '../../server/app';
import { backupOf } from '../../server/features/backup/move';
import { writeBackup } from '../../server/features/backup/format';
import { upgradeEarlierSlots } from '../../server/features/breakouts/upgrade';
import { DEMO_EVENT, demoPolls, ensureEvent, loadDemoProgramme } from '../../server/setup';
import { EmbeddedStore } from '../../server/store/embedded';
import { RedisStore } from '../../server/store/redis';
import type { Store } from '../../server/store/store';
import type { EarlierSlot } from '../../shared/domain/breakoutsUpgrade';
import type { ChoiceRecord, SlotState } from '../../shared/protocol/breakouts';
import type { JoinResponse } from '../../shared/protocol/messages';
import { call, client, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { SLOT } from '../helpers/breakouts';
import { TestRedis } from '../helpers/redis';

/**
 * B14 on a real server: an event whose breakout choices were stored in the earlier one-document form (a data folder
 * or a Redis written before the slots were split, a backup made then) works as before once the server starts on it,
 * or once the backup is imported. On the embedded store and on a real redis-server.
 */
const ADMIN_TOKEN = 'admin-token-for-the-tests-0123456789';
const [b1, b2, b3] = ['breakout-1', 'breakout-2', 'breakout-3'];
const T = Date.UTC(2023, 5, 22, 9, 30);
const signup = (attendeeId: string, name: string, minutes: number) => ({ attendeeId, name, at: T + minutes * 60_000 });
/** Breakout 1 full (2 of 2) with two waiting, the first of whom holds the one place of breakout 2. */
const EARLIER: EarlierSlot = {
  slotId: SLOT,
  capacity: { [b1]: 2, [b2]: 1 },
  places: { [b1]: [signup('ann', 'Ann', 1), signup('bob', 'Bob', 2)], [b2]: [signup('cy', 'Cy', 3)] },
  waiting: { [b1]: [signup('cy', 'Cy', 4), signup('dee', 'Dee', 5)] },
  rev: 6,
};
const slotKey = `bo:slot:${SLOT}`;

/** The earlier version's data: the demo event and one slot's choices as one document, as it wrote them. */
async function writeEarlier(store: Store, scope: string = DEMO_EVENT.id): Promise<void> {
  if (scope === DEMO_EVENT.id) await ensureEvent(store, { ...DEMO_EVENT, programme: loadDemoProgramme(), polls: demoPolls(), now: Date.now() });
  const out = await store.commit({
    scope,
    opKey: null,
    expect: { [slotKey]: 0 },
    put: { [slotKey]: EARLIER },
    changes: [],
    reply: null,
    sets: [{ key: 'bo:slots', add: [SLOT] }],
  });
  expect(out.kind).toBe('committed');
}

describe.each(['embedded', 'redis'] as const)('a breakout slot stored in the earlier form, on the %s store', (kind) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let backup: Buffer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-slotup-'));
  const prefix = `slotup${Date.now()}:`;
  const makeStore = (): Store => (redis ? new RedisStore({ url: redis.url, prefix }) : new EmbeddedStore({ dir }));
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(server.url, token);
    sockets.push(s);
    return s;
  };
  /** One of the people of the earlier data, connected with their session. */
  const person = async (attendeeId: string, name: string) => open(await server.app.auth.signAttendee({ eventId: DEMO_EVENT.id, attendeeId, name }));
  const read = async (key: string, scope: string = DEMO_EVENT.id) => (await server.store.read(scope, [key]))[key];
  const holders = async (roomId: string, scope: string = DEMO_EVENT.id) => (await server.store.members(scope, `bo:in:${SLOT}:${roomId}`)).sort();

  beforeAll(async () => {
    if (kind === 'redis') redis = await new TestRedis({ appendfsync: 'no-aof' }).start();
    const earlier = makeStore();
    await earlier.open();
    await writeEarlier(earlier);
    // A backup made then, as the organiser's download writes it.
    const made = (await backupOf(earlier, DEMO_EVENT.id, Date.now()))!;
    // The earlier version wrote protocol 2 in its backups.
    made.header.protocolVersion = 2;
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = once(out, 'end');
    await writeBackup(out, made.header, made.dump);
    await ended;
    backup = Buffer.concat(chunks);
    await earlier.close();
    // The current version starts on that data.
    server = await startServer({ store: makeStore(), env: { ADMIN_TOKEN } });
  }, 30_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
    await redis?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('B14 at start the slot is in the current documents: places counted, waiting lists in order with the place held, records, holders', async () => {
    const state = await read(slotKey);
    expect(state?.value).toEqual({
      slotId: SLOT,
      capacity: { [b1]: 2, [b2]: 1 },
      taken: { [b1]: 2, [b2]: 1 },
      waiting: {
        [b1]: [
          { ...signup('cy', 'Cy', 4), holds: b2 },
          { ...signup('dee', 'Dee', 5), holds: null },
        ],
      },
      rev: 7,
    } satisfies SlotState);
    const record = (attendeeId: string, roomId: string | null, waitingFor: string | null, name: string, minutes: number): ChoiceRecord => ({
      slotId: SLOT,
      attendeeId,
      roomId,
      waitingFor,
      name,
      at: T + minutes * 60_000,
      rev: 7,
    });
    expect((await read(`bo:mine:${SLOT}:ann`))?.value).toEqual(record('ann', b1, null, 'Ann', 1));
    expect((await read(`bo:mine:${SLOT}:bob`))?.value).toEqual(record('bob', b1, null, 'Bob', 2));
    expect((await read(`bo:mine:${SLOT}:cy`))?.value).toEqual(record('cy', b2, b1, 'Cy', 3));
    expect((await read(`bo:mine:${SLOT}:dee`))?.value).toEqual(record('dee', null, b1, 'Dee', 5));
    expect(await holders(b1)).toEqual(['ann', 'bob']);
    expect(await holders(b2)).toEqual(['cy']);
    expect(await holders(b3)).toEqual([]);

    // Starting again (another process, a restart) finds nothing more to upgrade.
    const version = state!.version;
    const head = await server.store.head(DEMO_EVENT.id);
    await upgradeStored(server.store, server.app.log);
    expect((await read(slotKey))?.version).toBe(version);
    expect(await server.store.head(DEMO_EVENT.id)).toBe(head);
  });

  it('B14 two processes starting together upgrade a slot once', async () => {
    const scope = `race-${kind}`;
    await writeEarlier(server.store, scope);
    const other = kind === 'redis' ? makeStore() : server.store;
    if (other !== server.store) await other.open();
    const head = await server.store.head(scope);
    const counts = await Promise.all([upgradeEarlierSlots(server.store, scope), upgradeEarlierSlots(other, scope)]);
    if (other !== server.store) await other.close();
    expect(counts.sort()).toEqual([0, 1]);
    expect(await server.store.head(scope)).toBe(head + 1);
    expect((await read(slotKey, scope))?.value).toMatchObject({ taken: { [b1]: 2, [b2]: 1 }, rev: 7 });
    expect(await holders(b1, scope)).toEqual(['ann', 'bob']);
  });

  it("B14 a new attendee's welcome shows the same seats; a person of the earlier data sees their own choice", async () => {
    const newcomer = await open((await server.join('Newcomer')).token);
    const seats = (await snapshotOf(newcomer)).breakouts.seats[SLOT];
    expect(seats?.rooms).toEqual({ [b1]: { capacity: 2, taken: 2, waiting: 2 }, [b2]: { capacity: 1, taken: 1, waiting: 0 } });
    expect(seats?.rev).toBe(7);
    const cy = await person('cy', 'Cy');
    expect((await snapshotOf(cy)).breakouts.mine[SLOT]).toEqual({ slotId: SLOT, attendeeId: 'cy', roomId: b2, waitingFor: b1, rev: 7 });
  });

  it('B14 the sign-ups CSV lists the same people in the same order', async () => {
    const res = await fetch(`${server.url}/api/events/${DEMO_EVENT.id}/breakouts/signups.csv?lang=en`, {
      headers: { Authorization: `Bearer ${await server.link('organiser')}` },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    // Status, position, name: the last columns but one (a session's title may hold a comma).
    expect(lines.map((l) => l.split(',').slice(-4, -1))).toEqual([
      ['place', '1', 'Ann'],
      ['place', '2', 'Bob'],
      ['waiting list', '1', 'Cy'],
      ['waiting list', '2', 'Dee'],
      ['place', '1', 'Cy'],
    ]);
  });

  it('B14 B3 choices go on: a full breakout takes no one more; a holder leaving lets the first in line in, whose place goes to the next', async () => {
    const chair = await open(await server.link('chair', b1));
    // The demo's slot is in June 2023: with its breakout live, the choice is open (B4).
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: b1, itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
    const eve = await open((await server.join('Eve')).token);
    expect(await call(eve, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: b1 })).toMatchObject({ ok: true, outcome: 'waiting' });
    const fay = await open((await server.join('Fay')).token);
    expect(await call(fay, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: b2 })).toMatchObject({ ok: true, outcome: 'waiting' });

    const ann = await person('ann', 'Ann');
    expect(await call(ann, 'breakouts:leave', { opId: opId(), slotId: SLOT })).toMatchObject({ ok: true });
    const state = (await read(slotKey))?.value as SlotState;
    expect(state.taken).toEqual({ [b1]: 2, [b2]: 1 });
    expect(state.waiting[b1]?.map((w) => w.attendeeId)).toEqual(['dee', (await snapshotOf(eve)).breakouts.mine[SLOT]?.attendeeId]);
    expect(state.waiting[b2]).toBeUndefined();
    expect(await holders(b1)).toEqual(['bob', 'cy']);
    const fayId = (await snapshotOf(fay)).breakouts.mine[SLOT];
    expect(fayId).toMatchObject({ roomId: b2, waitingFor: null });
    expect(await holders(b2)).toEqual([fayId!.attendeeId]);
    expect((await read(`bo:mine:${SLOT}:cy`))?.value).toMatchObject({ roomId: b1, waitingFor: null, name: 'Cy' });
    expect((await snapshotOf(await person('cy', 'Cy'))).breakouts.mine[SLOT]).toMatchObject({ roomId: b1, waitingFor: null });
  });

  it('B14 K6 a backup made before the change imports into working choices', async () => {
    const res = await fetch(`${server.url}/api/events?code=EARLIER-${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/gzip' },
      body: backup,
    });
    expect(res.status).toBe(201);
    const { eventId } = (await res.json()) as { eventId: string };
    expect((await read(slotKey, eventId))?.value).toMatchObject({ taken: { [b1]: 2, [b2]: 1 }, waiting: { [b1]: [{ holds: b2 }, { holds: null }] }, rev: 7 });
    expect((await read(`bo:mine:${SLOT}:cy`, eventId))?.value).toMatchObject({ roomId: b2, waitingFor: b1, name: 'Cy' });
    expect(await holders(b1, eventId)).toEqual(['ann', 'bob']);
    expect(await holders(b2, eventId)).toEqual(['cy']);

    const joined = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `EARLIER-${kind}`, name: 'Gus' }),
    });
    const gus = await open(((await joined.json()) as JoinResponse).token);
    expect((await snapshotOf(gus)).breakouts.seats[SLOT]?.rooms).toEqual({
      [b1]: { capacity: 2, taken: 2, waiting: 2 },
      [b2]: { capacity: 1, taken: 1, waiting: 0 },
    });
  });
});
