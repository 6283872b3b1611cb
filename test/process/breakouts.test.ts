import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestRedis } from '../helpers/redis';
import { ServerProcess } from '../helpers/process';
import { client, call, onChange, opId, type ClientSocket } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { raceForPlaces, SLOT } from '../helpers/breakouts';
import { RedisStore } from '../../server/store/redis';
import { DEMO_EVENT } from '../../server/setup';
import type { Change } from '../../shared/protocol/messages';
import type { SlotState } from '../../shared/protocol/breakouts';

/** Two real server processes on one real redis-server: a breakout's capacity holds across them. */
const redis = new TestRedis();
const a = new ServerProcess({ REDIS_URL: '' });
const b = new ServerProcess({ REDIS_URL: '' });
const sockets: ClientSocket[] = [];
let check: RedisStore;

async function join(server: ServerProcess, name: string): Promise<ClientSocket> {
  const res = await fetch(`${server.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: DEMO_EVENT.code, name }),
  });
  const { token } = (await res.json()) as { token: string };
  const s = await client(server.url, token);
  sockets.push(s);
  return s;
}
const slotDoc = async () => (await check.read(DEMO_EVENT.id, [`bo:slot:${SLOT}`]))[`bo:slot:${SLOT}`]?.value as SlotState;
/** Who holds a place in a breakout (its `bo:in` set). */
const holders = (roomId: string) => check.members(DEMO_EVENT.id, `bo:in:${SLOT}:${roomId}`);

beforeAll(async () => {
  await redis.start();
  Object.assign((a as any).env, { REDIS_URL: redis.url });
  Object.assign((b as any).env, { REDIS_URL: redis.url });
  await Promise.all([a.start(), b.start()]);
  check = new RedisStore({ url: redis.url });
  await check.open();
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await check?.close();
  await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
  await redis.dispose();
});

describe('breakout choices on two processes and one Redis', () => {
  it('B3 60 attendees on two processes race for 20 places: exactly 20 in and 40 waiting, in the store; a freed place goes to the first waiting, who is told', async () => {
    const chair = await client(a.url, a.printedLinks()['Chair · Breakout 2']!);
    const organiser = await client(b.url, b.printedLinks()['Organiser']!);
    sockets.push(chair, organiser);
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-2', itemId: 'd1-breakout-2' })).toMatchObject({ ok: true });
    expect(await call(organiser, 'breakouts:capacity', { opId: opId(), slotId: SLOT, roomId: 'breakout-2', capacity: 20 })).toMatchObject({ ok: true });

    const people = await Promise.all(Array.from({ length: 60 }, (_, i) => join(i % 2 ? b : a, `Racer ${i}`)));
    const { placed, waiting } = await raceForPlaces(people, 'breakout-2');
    expect(placed).toHaveLength(20);
    expect(waiting).toHaveLength(40);
    const doc = await slotDoc();
    expect(doc.taken['breakout-2']).toBe(20);
    expect(doc.waiting['breakout-2']).toHaveLength(40);
    expect(new Set(await holders('breakout-2'))).toEqual(new Set(placed.map((p) => p.attendeeId)));

    // A place freed on one process goes to the first waiting, told on whichever process holds their socket.
    const first = doc.waiting['breakout-2']![0]!.attendeeId;
    const firstIndex = waiting.find((w) => w.attendeeId === first)!.index;
    const leaverIndex = placed.find((p) => p.index % 2 !== firstIndex % 2)?.index ?? placed[0]!.index;
    const told: Change[] = [];
    onChange(people[firstIndex]!, (c) => told.push(c));
    expect(await call(people[leaverIndex]!, 'breakouts:leave', { opId: opId(), slotId: SLOT })).toMatchObject({ ok: true });
    await waitFor(() => told.find((c) => c.event?.type === 'breakouts.mine' && c.event.promoted), { what: 'the promotion notice' });
    const after = await slotDoc();
    expect(after.taken['breakout-2']).toBe(20);
    expect(await holders('breakout-2')).toHaveLength(20);
    expect(await holders('breakout-2')).toContain(first);
    expect(after.waiting['breakout-2']).toHaveLength(39);
  }, 90_000);
});
