import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestRedis } from '../helpers/redis';
import { ServerProcess } from '../helpers/process';
import { client, call, type ClientSocket } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import type { OverviewFigures } from '../../shared/protocol/overview';

/**
 * Attendance across two real server processes on one real Redis: each counts its own connections, and the figures
 * sum them once (never each process counting the other's, never one process's count alone).
 */
const redis = new TestRedis({ appendfsync: 'no-aof' });
const a = new ServerProcess({ ATTENDANCE_FLUSH_MS: '200' });
const b = new ServerProcess({ ATTENDANCE_FLUSH_MS: '200' });
const sockets: ClientSocket[] = [];

async function attendee(server: ServerProcess): Promise<ClientSocket> {
  const res = await fetch(`${server.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'MC2023' }),
  });
  const { token } = (await res.json()) as { token: string };
  const s = await client(server.url, token);
  sockets.push(s);
  return s;
}

beforeAll(async () => {
  await redis.start();
  Object.assign((a as any).env, { REDIS_URL: redis.url });
  Object.assign((b as any).env, { REDIS_URL: redis.url });
  await Promise.all([a.start(), b.start()]);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
  await redis.dispose();
});

describe('attendance on two processes', () => {
  it('one attendee on each process is two people connected, in the figures read from either process, and the peak', async () => {
    const onA = await attendee(a);
    const onB = await attendee(b);
    expect(await call(onA, 'overview:follow', { roomId: 'plenary' })).toMatchObject({ ok: true });
    expect(await call(onB, 'overview:follow', { roomId: 'plenary' })).toMatchObject({ ok: true });
    // Staff on both processes: never counted.
    const organiserOnA = await client(a.url, a.printedLinks()['Organiser']!);
    const organiserOnB = await client(b.url, b.printedLinks()['Organiser']!);
    sockets.push(organiserOnA, organiserOnB);
    const figures = async (s: ClientSocket) => ((await call(s, 'overview:figures', {})) as { figures: OverviewFigures }).figures;

    const seenFromA = await waitFor(
      async () => {
        const f = await figures(organiserOnA);
        // The rooms they follow may reach a process a write after their connections: the room's peak too.
        return f.now.total === 2 && f.peak.total.n === 2 && f.peak.rooms.plenary?.n === 2 ? f : null;
      },
      { what: 'both processes counted' },
    );
    expect(seenFromA.now).toEqual({ total: 2, rooms: { plenary: 2 } });
    expect(seenFromA.peak.rooms.plenary?.n).toBe(2);
    expect(seenFromA.seen.total).toBe(2);
    // One sample at least (the current minute's, by whichever process was first), never more than two people.
    expect(seenFromA.samples.length).toBeGreaterThanOrEqual(1);
    expect(seenFromA.samples.every((s) => s.total <= 2)).toBe(true);
    const seenFromB = await figures(organiserOnB);
    expect(seenFromB.now).toEqual(seenFromA.now);
    expect(seenFromB.peak.total.n).toBe(2);
    // A few more writes of both processes later, still two: counts are replaced, never added up over time.
    await new Promise((r) => setTimeout(r, 800));
    expect((await figures(organiserOnB)).now.total).toBe(2);
    expect((await figures(organiserOnB)).peak.total.n).toBe(2);

    // The attendee on B leaves: one connected now (once B has written its counts), the peak stays.
    onB.close();
    await waitFor(async () => (await figures(organiserOnA)).now.total === 1, { what: 'one connected' });
    expect((await figures(organiserOnA)).peak.total.n).toBe(2);
  });
});
