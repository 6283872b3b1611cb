import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { call, client, opId, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { TestRedis } from '../helpers/redis';
import { RedisStore } from '../../server/store/redis';
import { DEMO_EVENT } from '../../server/setup';
import type { AttendancePeak, AttendanceSeries, OverviewFigures } from '../../shared/protocol/overview';

/**
 * Attendance over real sockets, on both stores: attendees counted per session (two tabs are one person, staff never),
 * the room each app says it follows, the minute sample and the peak written to the store, the organiser's figures.
 * The server's clock is the test's: it starts during the demo's first plenary session (22 June 2023, 09:50 in
 * Brussels) and is moved on a minute to take the next sample, instead of waiting for one.
 */

const redis = new TestRedis({ appendfsync: 'no-aof' });
beforeAll(async () => {
  await redis.start();
});
afterAll(async () => {
  await redis.dispose();
});

const FIRST_SESSION = Date.UTC(2023, 5, 22, 7, 50, 0);
let prefixes = 0;

describe.each(['embedded', 'redis'] as const)('attendance on the %s store', (kind) => {
  let srv: TestServer;
  let shift = 0;
  const started = Date.now();
  const clock = { now: () => FIRST_SESSION + (Date.now() - started) + shift };
  const sockets: ClientSocket[] = [];
  const scope = DEMO_EVENT.id;

  beforeAll(async () => {
    const store = kind === 'redis' ? new RedisStore({ url: redis.url, prefix: `overview${++prefixes}:` }) : undefined;
    srv = await startServer({ store, clock, env: { ATTENDANCE_FLUSH_MS: '100' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await srv.close();
  });

  async function open(token: string): Promise<ClientSocket> {
    const s = await client(srv.url, token);
    sockets.push(s);
    return s;
  }
  const doc = async <T>(key: string) => (await srv.store.read(scope, [key]))[key]?.value as T | undefined;
  const figuresOf = async (s: ClientSocket): Promise<OverviewFigures> => {
    const reply = await call(s, 'overview:figures', {});
    expect(reply).toMatchObject({ ok: true });
    return reply.figures;
  };

  it('counts attendees per session and per room followed, never staff, sums them into the minute sample and the peak', async () => {
    const alice = await srv.join('Alice');
    const bob = await srv.join('Bob');
    const organiser = await open(await srv.link('organiser'));
    const chair = await open(await srv.link('chair', 'plenary'));
    const aliceTab1 = await open(alice.token);
    const aliceTab2 = await open(alice.token);
    const bobTab = await open(bob.token);

    expect(await call(aliceTab1, 'overview:follow', { roomId: 'plenary' })).toEqual({ ok: true, roomId: 'plenary' });
    expect(await call(aliceTab2, 'overview:follow', { roomId: 'plenary' })).toMatchObject({ ok: true });
    expect(await call(bobTab, 'overview:follow', { roomId: 'breakout-1' })).toMatchObject({ ok: true });
    // A room the programme does not have is refused; staff are not attendees and cannot say they follow one.
    expect(await call(bobTab, 'overview:follow', { roomId: 'nowhere' })).toMatchObject({ ok: false, code: 'NOT_FOUND', reason: 'room.notFound' });
    expect(await call(bobTab, 'overview:follow', {})).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await call(chair, 'overview:follow', { roomId: 'plenary' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // The figures are the organiser's only.
    expect(await call(aliceTab1, 'overview:figures', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(chair, 'overview:figures', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    // A question during the first session, counted as its participation.
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' })).toMatchObject({ ok: true });
    expect(
      await call(aliceTab1, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'How are credits recognised?', target: null, anonymous: true }),
    ).toMatchObject({
      ok: true,
    });

    // The next minute: its sample has everyone connected now.
    shift += 60_000;
    const sample = await waitFor(
      async () => {
        const series = await doc<AttendanceSeries>('att:series');
        const last = series?.samples.at(-1);
        return last && last.at === clock.now() - (clock.now() % 60_000) ? last : null;
      },
      { what: 'the minute sample' },
    );
    expect(sample).toEqual({ at: sample.at, total: 2, rooms: { plenary: 1, 'breakout-1': 1 } });
    expect((await srv.store.sets(scope, ['att:seen', 'att:seen:plenary', 'att:seen:breakout-1', 'att:seen:breakout-2'])).map((s) => s.size)).toEqual([
      2, 1, 1, 0,
    ]);
    const peak = await doc<AttendancePeak>('att:peak');
    expect(peak?.total.n).toBe(2);
    expect(peak?.rooms.plenary?.n).toBe(1);
    expect(peak?.rooms['breakout-1']?.n).toBe(1);

    const figures = await figuresOf(organiser);
    expect(figures.now).toEqual({ total: 2, rooms: { plenary: 1, 'breakout-1': 1 } });
    expect(figures.peak.total.n).toBe(2);
    expect(figures.seen).toEqual({ total: 2, rooms: { plenary: 1, 'breakout-1': 1, 'breakout-2': 0, 'breakout-3': 0 } });
    expect(figures.samples.at(-1)).toEqual(sample);
    const first = figures.sessions.find((s) => s.itemId === 'd1-s1');
    // Every sample so far is in its time (the first, taken before anyone said which room, may have none in the plenary).
    const inPlenary = figures.samples.map((s) => s.rooms.plenary ?? 0);
    const average = Math.round((inPlenary.reduce((a, b) => a + b, 0) / inPlenary.length) * 10) / 10;
    expect(first).toMatchObject({ roomId: 'plenary', peak: 1, average, asked: 1, signups: null, contributions: null });
    // Sessions that have not started yet are not listed.
    expect(figures.sessions.map((s) => s.itemId)).not.toContain('d1-breakout-1');

    // Bob leaves: one connected now; the peak stays 2. Alice closing one of her two tabs changes nothing.
    bobTab.close();
    aliceTab2.close();
    await waitFor(async () => (await figuresOf(organiser)).now.total === 1, { what: 'one connected' });
    const after = await figuresOf(organiser);
    expect(after.now).toEqual({ total: 1, rooms: { plenary: 1 } });
    expect(after.peak.total.n).toBe(2);
    shift += 60_000;
    const next = await waitFor(
      async () => {
        const last = (await doc<AttendanceSeries>('att:series'))?.samples.at(-1);
        return last && last.at > sample.at ? last : null;
      },
      { what: 'the next minute sample' },
    );
    expect(next).toMatchObject({ total: 1, rooms: { plenary: 1 } });
    expect((await doc<AttendancePeak>('att:peak'))?.total.n).toBe(2);
    expect((await srv.store.sets(scope, ['att:seen']))[0]!.size).toBe(2);
  });

  it("limits how often an attendee's app says which room it follows", async () => {
    const carol = await srv.join('Carol');
    const tab = await open(carol.token);
    // Twenty a second is the session's rate limit: the twenty-first at once is refused.
    const replies = await Promise.all(Array.from({ length: 21 }, (_, i) => call(tab, 'overview:follow', { roomId: i % 2 ? 'plenary' : 'breakout-2' })));
    expect(replies.filter((r) => r.ok).length).toBe(20);
    expect(replies.filter((r) => !r.ok && r.code === 'RATE_LIMITED').length).toBe(1);
  });
});
