import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestRedis } from '../helpers/redis';
import { ServerProcess } from '../helpers/process';
import { client, call, onChange, onCounts, opId, snapshotOf, type ClientSocket } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import type { Change } from '../../shared/protocol/messages';
import { LIMITS } from '../../shared/limits';

/** Two real server processes on one real Redis: state and broadcasts cross between them. */
const redis = new TestRedis();
const a = new ServerProcess({ REDIS_URL: '' });
const b = new ServerProcess({ REDIS_URL: '' });
const sockets: ClientSocket[] = [];

async function join(server: ServerProcess): Promise<ClientSocket> {
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

describe('two processes on one Redis', () => {
  it('both loaded the one demo event (no duplicate links) and agree on the epoch', async () => {
    const readyA = (await (await fetch(`${a.url}/readyz`)).json()) as { store: string; epoch: string };
    const readyB = (await (await fetch(`${b.url}/readyz`)).json()) as { epoch: string };
    expect(readyA.store).toBe('redis');
    expect(readyA.epoch).toBe(readyB.epoch);
    expect(Object.keys(a.printedLinks())).toEqual(Object.keys(b.printedLinks()));
  });

  it('a chair on process A sets the live item; an attendee on process B receives it and a fresh snapshot on B shows it', async () => {
    const chairToken = a.printedLinks()['Chair · Plenary']!;
    const chair = await client(a.url, chairToken);
    sockets.push(chair);
    const attendeeOnB = await join(b);
    const got: Change[] = [];
    onChange(attendeeOnB, (c) => got.push(c));
    // As the app does: state first; what changes after its snapshot reaches it in the live stream.
    await snapshotOf(attendeeOnB);
    const reply = (await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s2' })) as { ok: boolean; seq: number };
    expect(reply.ok).toBe(true);
    await waitFor(() => got.find((c) => c.seq === reply.seq), { what: 'the change on process B' });
    expect(got.find((c) => c.seq === reply.seq)?.event).toMatchObject({ type: 'agenda.liveSet', itemId: 'd1-s2' });
    const other = await join(b);
    expect((await snapshotOf(other)).agenda.live.plenary?.itemId).toBe('d1-s2');
  });

  it('a retried operation sent to the other process is still applied once', async () => {
    const chairToken = a.printedLinks()['Chair · Plenary']!;
    const onA = await client(a.url, chairToken);
    const onB = await client(b.url, chairToken);
    sockets.push(onA, onB);
    const id = opId();
    const first = (await call(onA, 'agenda:setLive', { opId: id, roomId: 'plenary', itemId: 'd1-coffee' })) as { seq: number };
    const retry = (await call(onB, 'agenda:setLive', { opId: id, roomId: 'plenary', itemId: 'd1-coffee' })) as { seq: number };
    expect(retry).toEqual(first);
  });

  it('upvotes from clients of both processes are counted exactly (once per attendee), and both sides see the count', async () => {
    const chair = await client(a.url, a.printedLinks()['Chair · Plenary']!);
    sockets.push(chair);
    expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false })).toMatchObject({ ok: true });
    const asker = await join(a);
    const asked = await call(asker, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'Who recognises microcredentials?', target: null, anonymous: true });
    expect(asked).toMatchObject({ ok: true, status: 'live' });
    const id = asked.questionId as string;
    const watchers = [await join(a), await join(b)];
    const lastCount = watchers.map(() => 0);
    watchers.forEach((w, i) => onCounts(w, (counts) => (lastCount[i] = counts[id]?.n ?? lastCount[i]!)));
    // 30 attendees, half on each process; each upvotes twice (a retry with the same op id, and a fresh op).
    const voters = await Promise.all(Array.from({ length: 30 }, (_, i) => join(i % 2 ? a : b)));
    await Promise.all(
      voters.map(async (v) => {
        const op = opId();
        await call(v, 'qa:upvote', { opId: op, questionId: id, up: true });
        await call(v, 'qa:upvote', { opId: op, questionId: id, up: true });
        await call(v, 'qa:upvote', { opId: opId(), questionId: id, up: true });
      }),
    );
    await waitFor(() => lastCount.every((n) => n === 30), { what: "both processes' clients to show 30" });
    expect((await snapshotOf(await join(b))).qa.counts[id]?.n).toBe(30);
  });

  it('many concurrent votes through both processes: the final tally equals the number of distinct voters', async () => {
    const chair = await client(b.url, b.printedLinks()['Chair · Plenary']!);
    sockets.push(chair);
    expect(await call(chair, 'poll:control', { opId: opId(), pollId: 'd2-s2-interoperability', action: 'launch' })).toMatchObject({ ok: true });
    // 60 attendees, half on each process; each votes, retries the same op on the other process, then changes the vote from a second tab.
    const tokens = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const res = await fetch(`${a.url}/api/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: 'MC2023' }),
        });
        return ((await res.json()) as { token: string }).token;
      }),
    );
    const acked = await Promise.all(
      tokens.map(async (token, i) => {
        const [tab1, tab2] = [await client(i % 2 ? a.url : b.url, token), await client(i % 2 ? b.url : a.url, token)];
        sockets.push(tab1, tab2);
        const op = opId();
        const first = await call(tab1, 'poll:vote', { opId: op, pollId: 'd2-s2-interoperability', choice: { type: 'rating', value: 1 + (i % 5) } });
        const retry = await call(tab2, 'poll:vote', { opId: op, pollId: 'd2-s2-interoperability', choice: { type: 'rating', value: 1 + (i % 5) } });
        expect(retry).toEqual(first);
        const changed = await call(tab2, 'poll:vote', { opId: opId(), pollId: 'd2-s2-interoperability', choice: { type: 'rating', value: 5 } });
        return first.ok && changed.ok;
      }),
    );
    expect(acked.every(Boolean)).toBe(true);
    expect(await call(chair, 'poll:control', { opId: opId(), pollId: 'd2-s2-interoperability', action: 'close' })).toMatchObject({ ok: true });
    const snap = await snapshotOf(await join(a));
    expect(snap.polls.tallies['d2-s2-interoperability']?.counters).toMatchObject({ _voters: 60, 'v:5': 60, _sum: 300 });
    // The rating voted away is at zero, so not kept at all (P13).
    expect(snap.polls.tallies['d2-s2-interoperability']?.counters).not.toHaveProperty('v:1');
  });

  it('a link revoked on A is refused on B, and its socket on B is closed', async () => {
    const orgToken = a.printedLinks()['Organiser']!;
    const org = await client(a.url, orgToken);
    sockets.push(org);
    const chairToken = b.printedLinks()['Chair · Breakout 2']!;
    const chairOnB = await client(b.url, chairToken);
    const closed = new Promise((r) => chairOnB.once('disconnect', r));
    const list = (await call(org, 'links:list', {})) as unknown as { links: { jti: string; label: string }[] };
    const target = list.links.find((l) => l.label === 'Chair · Breakout 2')!;
    expect(await call(org, 'links:revoke', { opId: opId(), jti: target.jti })).toMatchObject({ ok: true });
    await closed;
    await expect(client(b.url, chairToken)).rejects.toThrow(/revoked/);
  });

  it('one session holds at most a few sockets across both processes: the oldest are closed, wherever they are', async () => {
    const res = await fetch(`${a.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"MC2023"}' });
    const { token } = (await res.json()) as { token: string };
    const opened: ClientSocket[] = [];
    const told: string[] = [];
    for (const server of [a, a, a, a, b, b, b, b]) {
      const s = await client(server.url, token);
      s.on('closed', (f) => told.push(f.reason ?? ''));
      opened.push(s);
      sockets.push(s);
    }
    await waitFor(() => opened.filter((s) => s.connected).length === LIMITS.socketsPerSession, { what: 'the oldest sockets to be closed' });
    // The three oldest (on A) went; the newest five (one on A, four on B) stay.
    expect(opened.map((s) => s.connected)).toEqual([false, false, false, true, true, true, true, true]);
    expect(told).toEqual(Array(3).fill('session.tooManyTabs'));
  });

  it("one session with tabs on both processes gets one tab's rate in all, not one per process; alone again, the whole rate", async () => {
    const res = await fetch(`${a.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"MC2023"}' });
    const { token } = (await res.json()) as { token: string };
    const onA = await client(a.url, token);
    const onB = await client(b.url, token);
    sockets.push(onA, onB);
    // An unknown action costs a token and changes nothing: each tab sends a second's worth of one tab at once.
    const burst = () => Promise.all([onA, onB].flatMap((s) => Array.from({ length: LIMITS.eventsPerSocketPerSecond }, () => call(s, 'agenda:setLive', {}))));
    // Full buckets (a second without events): each process's holds its share only.
    await new Promise((r) => setTimeout(r, 1_100));
    const shared = (await burst()).filter((r) => r.code !== 'RATE_LIMITED').length;
    expect(shared).toBeGreaterThanOrEqual(LIMITS.eventsPerSocketPerSecond - 2);
    expect(shared).toBeLessThanOrEqual(LIMITS.eventsPerSocketPerSecond + 2);

    // The tab on B closes: the one on A has the whole rate again.
    onB.close();
    await waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, 1_100));
        const alone = await Promise.all(Array.from({ length: LIMITS.eventsPerSocketPerSecond }, () => call(onA, 'agenda:setLive', {})));
        return alone.filter((r) => r.code !== 'RATE_LIMITED').length >= LIMITS.eventsPerSocketPerSecond - 1;
      },
      { what: 'the tab on A to get the whole rate back' },
    );
  });
});
