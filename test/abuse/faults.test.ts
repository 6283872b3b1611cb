import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { io } from 'socket.io-client';
import { call, client, opId, snapshotOf, startServer, TEST_SECRET, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { REQUESTS, type RequestName } from '../../shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { ServerProcess } from '../helpers/process';
import { TestRedis } from '../helpers/redis';
import { LIMITS } from '../../shared/limits';
import { DEMO_EVENT } from '../../server/setup';

// FAULTS.md 15-23 ("Abuse and bad input"), each a row of the abuse suite, against a real server through the
// public protocol only. Rows 21 (what a browser shows) is in browser.test.ts.

let srv: TestServer;
const sockets: ClientSocket[] = [];
const open = async (token: string, extra?: { origin?: string }) => {
  const s = await client(srv.url, token, extra);
  sockets.push(s);
  return s;
};
const attendee = async (name?: string) => open((await srv.join(name)).token);
const refusal = (token: string, extra?: { origin?: string }) =>
  client(srv.url, token, extra).then(
    (s) => (s.close(), null),
    (error: Error & { data?: { code: string; reason?: string } }) => error,
  );
const key = new TextEncoder().encode(TEST_SECRET);
const refusedCount = async () =>
  ((await srv.app.metrics.refusedConnections.get()).values as { value: number; labels: { reason?: string } }[]).reduce((n, v) => n + v.value, 0);
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  srv = await startServer();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  for (const s of sockets) s.close();
  await srv.close();
});

describe('FAULTS.md 15-23: abuse and bad input', () => {
  it('[F15] forged or tampered links and tokens (bad signature, alg none, expired, wrong audience, an attendee token, a revoked link): refused at connect, nothing changes, counted', async () => {
    const organiser = await open(await srv.link('organiser'));
    const before = await snapshotOf(organiser);
    const refusedBefore = await refusedCount();
    const link = (claims: object) => new SignJWT({ evt: 'mc2023', role: 'organiser', room: '*', ...claims }).setProtectedHeader({ alg: 'HS256' });
    const real = await srv.link('organiser');
    const [head, body, signature] = real.split('.') as [string, string, string];
    const tampered = JSON.parse(Buffer.from(body, 'base64url').toString());
    tampered.room = '*';
    tampered.role = 'organiser';
    tampered.evt = 'another-event';
    const forged: [string, string][] = [
      [
        'bad signature',
        await link({})
          .setIssuer('session-companion')
          .setAudience('companion:link')
          .setJti('x')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('another-secret'.padEnd(40, '!'))),
      ],
      ['tampered payload', `${head}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`],
      [
        'alg none',
        new UnsecuredJWT({ evt: 'mc2023', role: 'organiser', room: '*' })
          .setIssuer('session-companion')
          .setAudience('companion:link')
          .setJti('x')
          .setExpirationTime('1h')
          .encode(),
      ],
      [
        'expired',
        await link({})
          .setIssuer('session-companion')
          .setAudience('companion:link')
          .setJti('x')
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(key),
      ],
      ['wrong audience', await link({}).setIssuer('session-companion').setAudience('companion:admin').setJti('x').setExpirationTime('1h').sign(key)],
      ['never issued', await link({}).setIssuer('session-companion').setAudience('companion:link').setJti('made-up').setExpirationTime('1h').sign(key)],
    ];
    // A revoked one: issued, then revoked by the organiser.
    const issued = await call(organiser, 'links:issue', { opId: opId(), role: 'chair', roomScope: 'breakout-2' });
    expect(await call(organiser, 'links:revoke', { opId: opId(), jti: issued.link.jti })).toMatchObject({ ok: true });
    forged.push(['revoked', new URL(issued.link.url).searchParams.get('t')!]);
    for (const [what, token] of forged) {
      const refused = await refusal(token);
      expect(refused, what).not.toBeNull();
      expect(refused!.data, what).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    // An attendee's token is a session, never a role: staff events are refused.
    const att = await attendee();
    expect(await call(att, 'links:list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await refusedCount()).toBe(refusedBefore + forged.length);
    const after = await snapshotOf(organiser);
    expect(after.agenda).toEqual(before.agenda);
  });

  it('[F16] an attendee sends chair-only events or names a role or another person in a payload: FORBIDDEN, nothing changes', async () => {
    const a = await attendee();
    const before = await snapshotOf(a);
    for (const [event, payload] of [
      ['agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: null }],
      ['poll:control', { opId: opId(), pollId: 'd2-s2-issuing', action: 'close' }],
      ['links:issue', { opId: opId(), role: 'organiser', roomScope: '*' }],
      ['qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false }],
      ['poll:answers', { pollId: 'd2-s3-tools' }],
    ] as const)
      expect(await call(a, event, { ...payload, role: 'organiser', actor: { role: 'organiser', id: 'someone-else' } }), event).toMatchObject({
        ok: false,
        code: expect.stringMatching(/^(FORBIDDEN|BAD_REQUEST)$/),
      });
    // Someone else's question: not theirs to withdraw.
    const b = await attendee();
    const asked = await call(b, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'Whose question is this?', target: null, anonymous: true });
    expect(await call(a, 'qa:withdraw', { opId: opId(), questionId: asked.questionId })).toMatchObject({
      ok: false,
      code: expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/),
    });
    expect((await snapshotOf(a)).agenda).toEqual(before.agenda);
    expect((await snapshotOf(a)).me.role).toBe('attendee');
  });

  it("[F17] a WebSocket handshake from a foreign Origin: refused; the app's own origin is let in", async () => {
    const { token } = await srv.join();
    for (const origin of ['https://evil.example', 'null', `${srv.url}.evil.example`]) expect(await refusal(token, { origin }), origin).not.toBeNull();
    expect((await open(token, { origin: 'http://127.0.0.1:1' })).connected).toBe(true);
  });

  it('[F18] oversize input (a 2 MB frame, a 10,000-character question, huge arrays): TOO_LARGE or that socket closed; the server keeps serving', async () => {
    const a = await attendee();
    expect(await call(a, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'x'.repeat(10_000), target: null, anonymous: true })).toMatchObject({
      ok: false,
      code: 'TOO_LARGE',
    });
    expect(
      await call(a, 'poll:vote', {
        opId: opId(),
        pollId: 'd2-s2-issuing',
        choice: { type: 'multiple', options: Array.from({ length: 500 }, (_, i) => `o${i}`) },
      }),
    ).toMatchObject({
      ok: false,
      code: expect.stringMatching(/^(TOO_LARGE|BAD_REQUEST)$/),
    });
    const big = 'x'.repeat(2 * 1024 * 1024);
    const victims = await Promise.all(Array.from({ length: 5 }, () => attendee()));
    const closed = victims.map((s) => new Promise((r) => s.once('disconnect', r)));
    for (const s of victims) (s as any).emit('sync', { epoch: big, lastSeq: 0 });
    const huge = await attendee();
    const hugeClosed = new Promise((r) => huge.once('disconnect', r));
    (huge as any).emit('poll:vote', { opId: opId(), pollId: 'x', choice: { type: 'multiple', options: Array.from({ length: 200_000 }, () => 'o') } });
    await Promise.all([...closed, hugeClosed]);
    // Someone else is unaffected.
    expect(await call(a, 'sync', { epoch: null, lastSeq: 0 })).toMatchObject({ ok: true });
  });

  it('[F19] malformed frames and fuzzed payloads to every event (wrong types, missing fields, __proto__, no ack): BAD_REQUEST or a refusal, zero crashes, zero unhandled rejections', async () => {
    const payloads: unknown[] = [
      undefined,
      null,
      42,
      'text',
      [],
      {},
      { opId: 7 },
      JSON.parse('{"__proto__": {"role": "organiser"}, "opId": "p1", "constructor": {"prototype": {"x": 1}}}'),
      { opId: opId(), roomId: { $gt: '' }, pollId: ['a'], questionId: 1e308, text: '\u0000'.repeat(10), choice: { type: 'nope' } },
    ];
    const events = Object.keys(REQUESTS) as RequestName[];
    const organiserToken = await srv.link('organiser');
    const codes = new Set<string>();
    for (const event of events) {
      // A session per event: the fuzz must meet the schemas, not the rate limit.
      for (const s of [await attendee(), await open(organiserToken)]) {
        for (const payload of payloads) {
          const reply = await call(s, event, payload);
          codes.add(reply.ok ? 'ok' : reply.code);
          expect(reply.code, `${event} ${JSON.stringify(payload)}`).not.toBe('INTERNAL');
        }
        // No ack callback at all.
        (s as any).emit(event, { opId: 'no-ack' });
        s.close();
      }
    }
    // Raw Socket.IO packets that are not JSON, or an unknown packet type, close only that connection.
    const rawSocket = io(srv.url, {
      auth: { v: PROTOCOL_VERSION, token: (await srv.join()).token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise((r) => rawSocket.once('welcome', r));
    const gone = new Promise((r) => rawSocket.once('disconnect', r));
    (rawSocket.io.engine as any).write('2["sync", {broken json');
    (rawSocket.io.engine as any).write('9nonsense');
    await gone;
    expect(codes.has('BAD_REQUEST')).toBe(true);
    expect([...codes].every((c) => ['ok', 'BAD_REQUEST', 'TOO_LARGE', 'FORBIDDEN', 'NOT_FOUND'].includes(c))).toBe(true);
    expect(unhandled).toEqual([]);
    expect(await call(await attendee(), 'sync', { epoch: null, lastSeq: 0 })).toMatchObject({ ok: true });
  });

  it('[F22] display names "Moderator", "Chair", "Organiser" (and the French and German role words): refused at join and at rename; roles come only from the server', async () => {
    for (const name of ['Moderator', 'Chair', 'organiser', 'Admin', 'Modérateur', 'Moderatorin'])
      await expect(srv.join(name), name).rejects.toThrow(/role|rôle|Rolle/i);
    const a = await attendee('Ada');
    expect(await call(a, 'session:rename', { opId: opId(), name: 'Chair' })).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'name.reserved' });
    expect((await snapshotOf(a)).me).toMatchObject({ role: 'attendee' });
  });
});

// Row 23 across two server processes on one Redis (as a deployment with more than one process runs): what the
// organiser does on one process holds for attendees on the other. (test/process/moderation.test.ts has the same
// across processes for room pauses, devices and resumes.)
describe('FAULTS.md 23 across two server processes on one Redis', () => {
  const redis = new TestRedis({ appendfsync: 'no-aof' });
  const a = new ServerProcess({ REDIS_URL: '' });
  const b = new ServerProcess({ REDIS_URL: '' });
  const POLL = 'd2-s2-issuing';
  beforeAll(async () => {
    await redis.start();
    Object.assign((a as any).env, { REDIS_URL: redis.url });
    Object.assign((b as any).env, { REDIS_URL: redis.url });
    await Promise.all([a.start(), b.start()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
    await redis.dispose();
  });
  const joinOn = async (proc: ServerProcess, name: string) => {
    const res = await fetch(`${proc.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: DEMO_EVENT.code, name }),
    });
    const joined = (await res.json()) as { token: string; attendeeId: string };
    const s = await client(proc.url, joined.token);
    sockets.push(s);
    return { s, ...joined };
  };
  const staffOn = async (proc: ServerProcess, label: string) => {
    const s = await client(proc.url, proc.printedLinks()[label]!);
    sockets.push(s);
    return s;
  };
  const refusedOn = (proc: ServerProcess, token: string) =>
    client(proc.url, token).then(
      (s) => (s.close(), null),
      (error: Error & { data?: { code: string; reason?: string } }) => error.data ?? null,
    );

  it('[F23] the organiser pauses the event on one process: ask, upvote, vote, chat and react refused with SUSPENDED on the other within a second, on both; staff go on; resume lets them in', async () => {
    const organiser = await staffOn(a, 'Organiser');
    const chairB = await staffOn(b, 'Chair · Plenary');
    expect(await call(organiser, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false })).toMatchObject({ ok: true });
    expect(await call(organiser, 'poll:control', { opId: opId(), pollId: POLL, action: 'launch' })).toMatchObject({ ok: true });
    const asker = await joinOn(a, 'Asker');
    const question = await call(asker.s, 'qa:ask', {
      opId: opId(),
      roomId: 'plenary',
      text: 'How are credentials recognised abroad?',
      target: null,
      anonymous: false,
    });
    expect(question).toMatchObject({ ok: true, status: 'live' });
    const message = await call(asker.s, 'chat:post', { opId: opId(), roomId: 'plenary', text: 'Hello from process A' });
    expect(message).toMatchObject({ ok: true });
    const onA = await joinOn(a, 'Attendee on A');
    const onB = await joinOn(b, 'Attendee on B');
    const prober = await joinOn(b, 'Prober on B');
    const actions = (s: ClientSocket) => ({
      ask: () => call(s, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'A question during the pause?', target: null, anonymous: true }),
      upvote: () => call(s, 'qa:upvote', { opId: opId(), questionId: question.questionId, up: true }),
      vote: () => call(s, 'poll:vote', { opId: opId(), pollId: POLL, choice: { type: 'single', option: 'issue' } }),
      chat: () => call(s, 'chat:post', { opId: opId(), roomId: 'plenary', text: 'Chatting during the pause' }),
      react: () => call(s, 'chat:react', { opId: opId(), roomId: 'plenary', messageId: message.message.id, reaction: 'heart', on: true }),
    });
    const all = async (s: ClientSocket) => {
      const replies: Record<string, { ok: boolean; code?: string; reason?: string }> = {};
      for (const [name, act] of Object.entries(actions(s))) replies[name] = await act();
      return replies;
    };
    // Before: B has read (and keeps) its copy of the moderation document, and every action is taken.
    expect(Object.values(await all(onB.s)).every((r) => r.ok)).toBe(true);

    expect(await call(organiser, 'moderation:pause', { opId: opId(), roomId: null, message: 'Disruption, back shortly' })).toMatchObject({ ok: true });
    const paused = Date.now();
    let probe = await actions(prober.s).vote();
    while (probe.ok && Date.now() - paused < 2_000) {
      await new Promise((r) => setTimeout(r, 60));
      probe = await actions(prober.s).vote();
    }
    expect(probe).toMatchObject({ code: 'SUSPENDED' });
    expect(Date.now() - paused).toBeLessThan(1_000);
    const suspended = { ok: false, code: 'SUSPENDED', reason: 'moderation.eventPaused' };
    for (const s of [onB.s, onA.s]) {
      const replies = await all(s);
      for (const name of Object.keys(replies)) expect(replies[name], name).toMatchObject(suspended);
    }
    // Staff are never paused.
    expect(await call(chairB, 'chat:post', { opId: opId(), roomId: 'plenary', text: 'We are looking into it.' })).toMatchObject({ ok: true });

    expect(await call(organiser, 'moderation:resume', { opId: opId(), roomId: null })).toMatchObject({ ok: true });
    const resumed = Date.now();
    probe = await actions(prober.s).vote();
    while (!probe.ok && Date.now() - resumed < 2_000) {
      await new Promise((r) => setTimeout(r, 60));
      probe = await actions(prober.s).vote();
    }
    expect(probe).toMatchObject({ ok: true });
    expect(Date.now() - resumed).toBeLessThan(1_000);
    expect(await actions(onB.s).chat()).toMatchObject({ ok: true });
  });

  it('[F23] a banned attendee with tabs on two processes: both disconnected at once and told why; the same token refused on both', async () => {
    const chairA = await staffOn(a, 'Chair · Plenary');
    const troll = await joinOn(b, 'Troll');
    const secondTab = await client(a.url, troll.token);
    sockets.push(secondTab);
    const told: string[] = [];
    const tabs = [troll.s, secondTab];
    for (const s of tabs) s.on('banned', ({ reason }) => told.push(reason));
    const closed = tabs.map((s) => new Promise<number>((resolve) => s.once('disconnect', () => resolve(Date.now()))));

    const banned = await call(chairA, 'moderation:ban', {
      opId: opId(),
      attendeeId: troll.attendeeId,
      name: 'Troll',
      reason: 'Zoombombing',
      removeMessages: true,
    });
    const ackedAt = Date.now();
    expect(banned).toMatchObject({ ok: true });
    for (const at of await Promise.all(closed)) expect(at - ackedAt).toBeLessThan(1_000);
    expect(told).toEqual(['Zoombombing', 'Zoombombing']);

    const refusal = { code: 'BANNED', reason: 'moderation.banned', params: { message: 'Zoombombing' } };
    expect(await refusedOn(a, troll.token)).toMatchObject(refusal);
    expect(await refusedOn(b, troll.token)).toMatchObject(refusal);
  });
});

// The flood comes from this process and the server runs in its own (as `npm start` runs it): the bystander's wait
// is the server's, not this process's event loop encoding the flood.
describe('FAULTS.md 20 against a server process', () => {
  let proc: ServerProcess;
  beforeAll(async () => {
    proc = await new ServerProcess().start();
  });
  afterAll(async () => {
    await proc?.stop();
  });
  const join = async () => {
    const res = await fetch(`${proc.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: DEMO_EVENT.code }),
    });
    const s = await client(proc.url, ((await res.json()) as { token: string }).token);
    sockets.push(s);
    return s;
  };

  it('[F20] a flood of 2,000 votes from one socket and a storm of 100 connections from one address: RATE_LIMITED with retryAfter, one vote counted, everyone else stays fast', async () => {
    const chair = await client(proc.url, proc.printedLinks()['Chair · Plenary']!);
    sockets.push(chair);
    const created = await call(chair, 'poll:create', {
      opId: opId(),
      draft: {
        roomId: 'plenary',
        itemId: null,
        type: 'single',
        question: 'Flooded?',
        options: [
          { id: 'y', label: 'Yes' },
          { id: 'n', label: 'No' },
        ],
      },
    });
    expect(await call(chair, 'poll:control', { opId: opId(), pollId: created.pollId, action: 'launch' })).toMatchObject({ ok: true });
    const flooder = await join();
    const bystander = await join();
    const flood = Promise.all(
      Array.from({ length: 2_000 }, (_, i) =>
        call(flooder, 'poll:vote', { opId: opId(), pollId: created.pollId, choice: { type: 'single', option: i % 2 ? 'y' : 'n' } }),
      ),
    );
    const t0 = Date.now();
    expect(await call(bystander, 'poll:vote', { opId: opId(), pollId: created.pollId, choice: { type: 'single', option: 'y' } })).toMatchObject({ ok: true });
    const bystanderMs = Date.now() - t0;
    const replies = await flood;
    const floodSeconds = (Date.now() - t0) / 1000;
    const limited = replies.filter((r) => r.code === 'RATE_LIMITED');
    // A second's worth at once, then the refill while the flood lasts: nothing more.
    expect(replies.length - limited.length).toBeLessThanOrEqual(LIMITS.eventsPerSocketPerSecond * (1 + floodSeconds) + 2);
    expect(limited.length).toBeGreaterThan(1_500);
    for (const r of limited) expect(r.retryAfterMs).toBeGreaterThan(0);
    expect(bystanderMs).toBeLessThan(1_000);
    await waitFor(async () => (await snapshotOf(chair)).polls.tallies[created.pollId]?.counters._voters === 2, { what: 'the tally' });
    // The storm: every handshake is welcomed, and the server still answers at once.
    const storm = await Promise.allSettled(Array.from({ length: 100 }, () => join()));
    expect(storm.filter((s) => s.status === 'fulfilled').length).toBe(100);
    const t1 = Date.now();
    expect((await fetch(`${proc.url}/livez`)).status).toBe(200);
    expect(Date.now() - t1).toBeLessThan(1_000);
  });
});
