import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { client, call, onChange, opId, snapshotHolding, snapshotOf, startServer, TEST_SECRET, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { LIMITS } from '../../shared/limits';
import type { Change } from '../../shared/protocol/messages';
import { answeringNow } from '../../shared/domain/qa';

let srv: TestServer;
const sockets: ClientSocket[] = [];
const open = async (token: string, extra?: { origin?: string }) => {
  const s = await client(srv.url, token, extra);
  sockets.push(s);
  return s;
};

const METRICS_TOKEN = 'metrics-token-for-the-tests';

beforeAll(async () => {
  srv = await startServer({ env: { METRICS_TOKEN } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

function collect(socket: ClientSocket): Change[] {
  const got: Change[] = [];
  onChange(socket, (c) => got.push(c));
  return got;
}

describe('joining and the snapshot', () => {
  it('an attendee joins with the code, anonymous by default, and gets the demo programme', async () => {
    const { token } = await srv.join();
    const s = await open(token);
    const snap = await snapshotOf(s);
    expect(snap.me).toMatchObject({ role: 'attendee', name: null });
    expect(snap.event).toMatchObject({ id: 'mc2023', code: 'MC2023' });
    expect(snap.agenda.programme.days.map((d) => d.date)).toEqual(['2023-06-22', '2023-06-23']);
    expect(snap.agenda.programme.rooms.filter((r) => r.kind === 'breakout')).toHaveLength(3);
    expect(snap.epoch).toBe(srv.store.epoch());
  });

  it('the code is case-insensitive; an unknown code and a reserved name are refused with a message', async () => {
    const res = await fetch(`${srv.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'mc2023', name: 'Ana' }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    const unknown = await fetch(`${srv.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'NOPE' }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, code: 'NOT_FOUND', reason: 'event.codeUnknown', params: { code: 'NOPE' } });
    const reserved = await fetch(`${srv.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'MC2023', name: 'Moderator' }),
    });
    expect(reserved.status).toBe(400);
    expect(await reserved.json()).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'name.reserved', params: { name: 'Moderator' } });
  });

  it('a malformed, oversized or non-JSON join is refused with a clear error and the security headers', async () => {
    const post = (body: string, type = 'application/json') => fetch(`${srv.url}/api/join`, { method: 'POST', headers: { 'content-type': type }, body });
    const malformed = await post('{"code":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'request.notJson', message: expect.stringMatching(/JSON/) });
    const huge = await post(JSON.stringify({ code: 'MC2023', name: 'x'.repeat(10_000) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ ok: false, code: 'TOO_LARGE', reason: 'request.tooLarge' });
    const form = await post('code=MC2023', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'request.jsonRequired' });
    const missing = await post(JSON.stringify({ name: 'Ana' }));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
      reason: 'input.invalid',
      params: { field: 'code' },
      message: expect.stringMatching(/^code/),
    });
    const ok = await post(JSON.stringify({ code: 'MC2023' }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(ok.headers.get('cache-control')).toBe('no-store');
  });
});

describe('now live', () => {
  it('a chair sets the live item and every attendee of the event receives the change', async () => {
    const a1 = await open((await srv.join()).token);
    const a2 = await open((await srv.join()).token);
    const got1 = collect(a1);
    const got2 = collect(a2);
    const chair = await open(await srv.link('chair', 'plenary'));
    const reply = await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' });
    expect(reply).toMatchObject({ ok: true });
    for (const got of [got1, got2]) {
      const seq = (reply as { seq: number }).seq;
      await waitFor(() => got.some((c) => c.seq === seq), { what: 'the change' });
      expect(got.find((c) => c.seq === seq)).toEqual({ seq, event: { type: 'agenda.liveSet', roomId: 'plenary', itemId: 'd1-s1', at: expect.any(Number) } });
    }
    expect((await snapshotOf(a1)).agenda.live.plenary?.itemId).toBe('d1-s1');
  });

  it('an attendee sending a chair-only event gets FORBIDDEN and nothing changes', async () => {
    const a = await open((await srv.join()).token);
    const before = await srv.store.head('mc2023');
    expect(await call(a, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s2' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: 'role.forbidden',
    });
    expect(await call(a, 'links:list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'role.forbidden' });
    expect(await srv.store.head('mc2023')).toBe(before);
  });

  it('a chair of one breakout cannot change another room', async () => {
    const chair = await open(await srv.link('chair', 'breakout-1'));
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-2', itemId: 'd1-breakout-2' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: 'agenda.chairOnly',
      params: { room: expect.any(String) },
    });
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s2' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: 'agenda.chairOnly',
    });
  });

  it('a retry with the same operation id is applied once and returns the first reply', async () => {
    const chair = await open(await srv.link('chair', 'plenary'));
    const watcher = await open((await srv.join()).token);
    const got = collect(watcher);
    const id = opId();
    const first = await call(chair, 'agenda:setLive', { opId: id, roomId: 'plenary', itemId: 'd1-coffee' });
    // Meanwhile somebody else moves on; the retry of the first operation must not move it back.
    await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-guidelines' });
    const retry = await call(chair, 'agenda:setLive', { opId: id, roomId: 'plenary', itemId: 'd1-coffee' });
    expect(retry).toEqual(first);
    // Earlier tests' changes may still be on their way in the live stream's current tick.
    const since = () => got.filter((c) => c.seq >= first.seq);
    await waitFor(() => since().length >= 2, { what: 'two changes' });
    await new Promise((r) => setTimeout(r, 2 * LIMITS.flushIntervalMs));
    expect(since().map((c) => c.event && 'itemId' in c.event && c.event.itemId)).toEqual(['d1-coffee', 'd1-guidelines']);
    expect((await snapshotOf(watcher)).agenda.live.plenary?.itemId).toBe('d1-guidelines');
  });
});

describe('reconnect with the last sequence number', () => {
  it('receives exactly the changes it missed, in order; an unknown epoch or a gone log gets a snapshot', async () => {
    const chair = await open(await srv.link('chair', '*').catch(() => srv.link('organiser')));
    const a = await open((await srv.join()).token);
    const snap = await snapshotOf(a);
    a.close(); // offline
    const items = ['d2-welcome', 'd2-s1', 'd2-s2'];
    const seqs: number[] = [];
    for (const itemId of items) {
      const r = (await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId })) as { ok: true; seq: number };
      seqs.push(r.seq);
    }
    const again = await open((await srv.join()).token);
    const reply = await call(again, 'sync', { epoch: snap.epoch, lastSeq: snap.seq });
    expect(reply.ok && reply.mode).toBe('changes');
    const changes = (reply as unknown as { changes: Change[] }).changes;
    expect(changes.map((c) => c.seq)).toEqual(Array.from({ length: seqs.at(-1)! - snap.seq }, (_, i) => snap.seq + 1 + i));
    expect(
      changes
        .filter((c) => c.event?.type === 'agenda.liveSet')
        .map((c) => (c.event as { itemId: string }).itemId)
        .slice(-3),
    ).toEqual(items);
    const other = await call(again, 'sync', { epoch: 'another-epoch', lastSeq: snap.seq });
    expect(other.ok && other.mode).toBe('snapshot');
    expect((other as unknown as { snapshot: { seq: number } }).snapshot.seq).toBe(seqs.at(-1));
  });

  it('staff-only changes reach attendees as numbered placeholders, so they see no gap and no secret', async () => {
    const org = await open(await srv.link('organiser'));
    const a = await open((await srv.join()).token);
    const got = collect(a);
    const links = (await call(org, 'links:list', {})) as unknown as { links: { jti: string; role: string }[] };
    const target = links.links.find((l) => l.role === 'rapporteur')!;
    const r = (await call(org, 'links:revoke', { opId: opId(), jti: target.jti })) as { ok: true; seq: number };
    await waitFor(() => got.some((c) => c.seq === r.seq), { what: 'the placeholder' });
    expect(got.find((c) => c.seq === r.seq)).toEqual({ seq: r.seq, event: null });
  });
});

describe('bad input and forged links', () => {
  it('a socket sending more than its events per second gets RATE_LIMITED with a wait, then is served again', async () => {
    const s = await open((await srv.join()).token);
    // Three seconds' worth at once: some are over the limit even on a machine so busy that they reach the server
    // spread over a second or two (the bucket refills as they come).
    const burst = LIMITS.eventsPerSocketPerSecond * 3;
    const replies = (await Promise.all(Array.from({ length: burst }, () => call(s, 'sync', { epoch: null, lastSeq: 0 })))) as {
      ok: boolean;
      code?: string;
      retryAfterMs?: number;
    }[];
    const limited = replies.filter((r) => !r.ok);
    expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(LIMITS.eventsPerSocketPerSecond);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    for (const r of limited) {
      expect(r).toMatchObject({ code: 'RATE_LIMITED', reason: 'rate.tooFast' });
      expect(r.retryAfterMs).toBeGreaterThan(0);
      expect(r.retryAfterMs).toBeLessThanOrEqual(1_000);
    }
    await new Promise((r) => setTimeout(r, Math.max(...limited.map((r) => r.retryAfterMs!))));
    expect(await call(s, 'sync', { epoch: null, lastSeq: 0 })).toMatchObject({ ok: true });
    // Another socket was never limited by this one.
    const other = await open((await srv.join()).token);
    expect(await call(other, 'sync', { epoch: null, lastSeq: 0 })).toMatchObject({ ok: true });
    // Unknown events count against the limit too: beyond it they get no answer at all.
    const unknown = await Promise.allSettled(Array.from({ length: burst }, () => (other.timeout(1_500) as any).emitWithAck('nothing')));
    const answered = unknown.filter((r) => r.status === 'fulfilled');
    expect(answered.length).toBeGreaterThanOrEqual(LIMITS.eventsPerSocketPerSecond - 2);
    expect(answered.length).toBeLessThan(burst);
  });

  it('malformed payloads get BAD_REQUEST (or TOO_LARGE) and the server keeps serving', async () => {
    const chair = await open(await srv.link('chair', 'plenary'));
    for (const bad of [
      null,
      42,
      'x',
      [],
      {},
      { opId: 'short', roomId: 'plenary', itemId: 'd1-s1' },
      { opId: opId(), roomId: 7, itemId: 'd1-s1' },
      JSON.parse('{"__proto__":{"admin":true},"opId":"abcdefgh1","roomId":"plenary"}'),
    ])
      expect(await call(chair, 'agenda:setLive', bad)).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'input.invalid' });
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'x'.repeat(5000), itemId: null })).toMatchObject({
      ok: false,
      code: 'TOO_LARGE',
      reason: 'input.tooLarge',
      params: { field: 'roomId' },
    });
    // no ack callback at all: nothing to answer, nothing crashes
    (chair as any).emit('agenda:setLive', { nonsense: true });
    // an event nobody handles is answered at once, with or without a payload
    expect(await call(chair, 'agenda:delete' as never, { roomId: 'plenary' } as never)).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
      reason: 'action.unknown',
    });
    expect(await (chair.timeout(2_000) as any).emitWithAck('nothing')).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'action.unknown' });
    expect(await (chair.timeout(2_000) as any).emitWithAck('nothing', 1, 'two', { three: 3 })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
      reason: 'action.unknown',
    });
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' })).toMatchObject({ ok: true });
    const res = await fetch(`${srv.url}/livez`);
    expect(res.status).toBe(200);
  });

  it('a frame over the size limit closes that socket only', async () => {
    const a = await open((await srv.join()).token);
    const b = await open((await srv.join()).token);
    const closed = new Promise((r) => a.once('disconnect', r));
    (a as any).emit('sync', { epoch: 'x'.repeat(200_000), lastSeq: 0 });
    await closed;
    expect(b.connected).toBe(true);
    expect((await call(b, 'sync', { epoch: null, lastSeq: 0 })).ok).toBe(true);
  });

  it.each([
    ['no token', 'token.missing', async () => undefined],
    ['garbage', 'token.invalid', async () => 'not.a.token'],
    [
      'a bad signature',
      'token.invalid',
      async () =>
        new SignJWT({ evt: 'mc2023', role: 'organiser', room: '*' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('session-companion')
          .setAudience('companion:link')
          .setJti('x')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('another-secret-'.padEnd(40, 'y'))),
    ],
    [
      'alg none',
      'token.invalid',
      async () =>
        new UnsecuredJWT({ evt: 'mc2023', role: 'organiser', room: '*' }).setIssuer('session-companion').setAudience('companion:link').setJti('x').encode(),
    ],
    [
      'expired',
      'link.expired',
      async () =>
        new SignJWT({ evt: 'mc2023', role: 'organiser', room: '*' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('session-companion')
          .setAudience('companion:link')
          .setJti('x')
          .setIssuedAt(1)
          .setExpirationTime(2)
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
    [
      'wrong audience',
      'token.invalid',
      async () =>
        new SignJWT({ evt: 'mc2023', role: 'organiser', room: '*' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('session-companion')
          .setAudience('someone-else')
          .setJti('x')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
    [
      'a well-signed attendee token that never expires',
      'token.invalid',
      async () =>
        new SignJWT({ evt: 'mc2023', name: null })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('session-companion')
          .setAudience('companion:attendee')
          .setSubject('someone')
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
    [
      'a well-signed attendee token with no issuer',
      'token.invalid',
      async () =>
        new SignJWT({ evt: 'mc2023', name: null })
          .setProtectedHeader({ alg: 'HS256' })
          .setAudience('companion:attendee')
          .setSubject('someone')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
    [
      'a well-signed link the organiser never issued',
      'link.revoked',
      async () =>
        new SignJWT({ evt: 'mc2023', role: 'organiser', room: '*' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('session-companion')
          .setAudience('companion:link')
          .setJti('made-up')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
  ])('refuses a connection with %s (%s)', async (_label, reason, token) => {
    const refused = await client(srv.url, (await token()) as string).then(
      () => null,
      (error: Error & { data?: unknown }) => error,
    );
    expect(refused?.message).toMatch(/^UNAUTHORIZED: /);
    expect(refused?.data).toMatchObject({ ok: false, code: 'UNAUTHORIZED', reason });
  });

  it('an attendee token cannot pose as a role: the payload has no say', async () => {
    const { token } = await srv.join();
    const s = await open(token);
    expect((await snapshotOf(s)).me.role).toBe('attendee');
    expect(await call(s, 'links:revoke', { opId: opId(), jti: 'x', role: 'organiser' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: 'role.forbidden',
    });
  });

  it('a revoked link is refused from then on, and its open sockets are closed', async () => {
    const org = await open(await srv.link('organiser'));
    const issued = (await call(org, 'links:issue', { opId: opId(), role: 'chair', roomScope: 'breakout-3' })) as unknown as {
      ok: true;
      link: { jti: string; url: string };
    };
    expect(issued.ok).toBe(true);
    const token = new URL(issued.link.url).searchParams.get('t')!;
    const chair = await open(token);
    const revokedMsg = new Promise((r) => chair.once('revoked', r));
    const disconnected = new Promise((r) => chair.once('disconnect', r));
    expect(await call(org, 'links:revoke', { opId: opId(), jti: issued.link.jti })).toMatchObject({ ok: true });
    await revokedMsg;
    await disconnected;
    await expect(client(srv.url, token)).rejects.toThrow(/revoked/);
    await expect(client(srv.url, token)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED', reason: 'link.revoked' } });
  });

  it("a handshake from a foreign Origin is refused; the app's own origin is let in", async () => {
    const { token } = await srv.join();
    await expect(client(srv.url, token, { origin: 'https://evil.example' })).rejects.toThrow();
    const ok = await open(token, { origin: 'http://127.0.0.1:1' });
    expect(ok.connected).toBe(true);
  });
});

describe('HTTP', () => {
  it('health, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${srv.url}/livez`)).status).toBe(200);
    const ready = await fetch(`${srv.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, store: 'embedded' });
    const metrics = await (await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    for (const name of ['companion_connections', 'companion_events_in_total', 'companion_errors_total', 'nodejs_eventloop_lag_seconds'])
      expect(metrics).toContain(name);
    expect(metrics).toMatch(/companion_errors_total\{code="FORBIDDEN"\} [1-9]/);
  });

  it('counts ended connections by their reason', async () => {
    const read = async () => (await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const closedBefore = Number(/companion_disconnections_total\{reason="client namespace disconnect"\} (\d+)/.exec(await read())?.[1] ?? 0);
    const socket = await open((await srv.join()).token);
    socket.close();
    await expect
      .poll(async () => Number(/companion_disconnections_total\{reason="client namespace disconnect"\} (\d+)/.exec(await read())?.[1] ?? 0))
      .toBeGreaterThan(closedBefore);
  });

  it('security headers for the Zoom side panel', async () => {
    const res = await fetch(`${srv.url}/livez`);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeTruthy();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors');
    expect(csp).toContain('zoom.us');
    expect(csp).toMatch(/connect-src 'self' ws:\/\//);
  });

  it('exports the programme as .ics with UTC times derived from CEST', async () => {
    const res = await fetch(`${srv.url}/api/events/mc2023/programme.ics`);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('SUMMARY:Registration (technical checks)');
    expect(ics).toContain('DTSTART:20230622T070000Z'); // 09:00 CEST
    expect(ics.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThan(15);
  });

  it('words the .ics labels in the asked language (?lang=, else Accept-Language, else English)', async () => {
    const ics = async (query: string, headers: Record<string, string> = {}) =>
      (await fetch(`${srv.url}/api/events/mc2023/programme.ics${query}`, { headers })).text();
    // Folded lines (75 octets) are unfolded before looking for a label.
    const unfold = (text: string) => text.replace(/\r?\n[ \t]/g, '');
    const english = unfold(await ics(''));
    expect(english).toMatch(/Chair: \S/);
    const french = unfold(await ics('?lang=fr'));
    expect(french).toMatch(/Modération\u00a0: \S/);
    expect(french).not.toMatch(/Chair: /);
    const german = unfold(await ics('', { 'accept-language': 'de-DE,de;q=0.9' }));
    expect(german).toMatch(/Moderation: \S/);
    expect(german).not.toMatch(/Chair: /);
  });

  it('imports a programme from the organiser; a bad file is refused naming the field and changes nothing', async () => {
    const org = await srv.link('organiser');
    const chairToken = await srv.link('chair', 'plenary');
    const fixture = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../fixtures/programme-2021.json', import.meta.url), 'utf8'));
    const post = (token: string, body: unknown) =>
      fetch(`${srv.url}/api/events/mc2023/programme`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });

    const before = await srv.store.read('mc2023', ['agenda']);
    const bad = structuredClone(fixture);
    bad.items[1].end = '08:00';
    const refused = await post(org, bad);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { code: string; reason: string; params: { issue: string }; message: string; issues: string[] };
    expect(body.code).toBe('BAD_REQUEST');
    expect(body.issues).toEqual([expect.stringMatching(/^items\[1\]\.end: ends \(08:00\) before it starts/)]);
    expect(body).toMatchObject({ reason: 'programme.invalid', params: { issue: body.issues[0] } });
    expect(await srv.store.read('mc2023', ['agenda'])).toEqual(before);

    const chairRefused = await post(chairToken, fixture);
    expect(chairRefused.status).toBe(403);
    expect(await chairRefused.json()).toMatchObject({ code: 'FORBIDDEN', reason: 'programme.organiserOnly' });
    const forged = await post('forged', fixture);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token.invalid' });

    const a = await open((await srv.join()).token);
    const got = collect(a);
    const ok = await post(org, fixture);
    expect(ok.status).toBe(200);
    await waitFor(() => got.some((c) => c.event?.type === 'agenda.programmeReplaced'), { what: 'the new programme' });
    expect((await snapshotOf(a)).agenda.programme.title).toBe(fixture.title);
  });

  it('A6 A11 an import clears what is live, ends the highlight, detaches polls of gone items, and says so', async () => {
    // A server of its own: this import must start from the demo programme, with something live.
    const own = await startServer();
    const mine: ClientSocket[] = [];
    const connect = async (token: string) => {
      const c = await client(own.url, token);
      mine.push(c);
      return c;
    };
    try {
      const fixture = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../fixtures/programme-2021.json', import.meta.url), 'utf8'));
      expect(fixture.items.some((i: { id: string }) => i.id === 'd1-s1')).toBe(true);
      expect(fixture.items.some((i: { id: string }) => i.id === 'd1-s2')).toBe(false);
      const chair = await connect(await own.link('chair', 'plenary'));
      const a = await connect((await own.join()).token);
      expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' })).toMatchObject({ ok: true });
      expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false })).toMatchObject({ ok: true });
      const asked = await call(a, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'For the first panel?', target: 'Carlo Frising', anonymous: true });
      const questionId = asked.questionId as string;
      expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId })).toMatchObject({ ok: true });
      const draft = {
        roomId: 'plenary',
        type: 'single',
        question: 'Which one?',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      };
      const gone = (await call(chair, 'poll:create', { opId: opId(), draft: { ...draft, itemId: 'd1-s2' } })).pollId as string;
      const kept = (await call(chair, 'poll:create', { opId: opId(), draft: { ...draft, itemId: 'd1-s1' } })).pollId as string;
      expect(await call(chair, 'poll:control', { opId: opId(), pollId: gone, action: 'launch' })).toMatchObject({ ok: true });
      const before = await snapshotOf(a);
      // Our poll, and any of the demo's polls on an item that the new programme does not have in that room.
      const inFixture = (p: { roomId: string; itemId: string | null }) =>
        fixture.items.some((i: { id: string; roomId: string }) => i.id === p.itemId && i.roomId === p.roomId);
      const toDetach = (await snapshotOf(chair)).polls.polls.filter((p) => p.itemId !== null && !inFixture(p)).map((p) => p.id);
      expect(toDetach).toContain(gone);
      expect(toDetach).not.toContain(kept);
      expect(answeringNow(before.qa.rooms.plenary!, before.agenda.live.plenary)).toBe(questionId);

      const got = collect(a);
      const org = await own.link('organiser');
      const res = await fetch(`${own.url}/api/events/mc2023/programme`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org}` },
        body: JSON.stringify(fixture),
      });
      expect(res.status).toBe(200);
      const reply = await res.json();
      expect(reply).toEqual({ ok: true, seq: expect.any(Number), items: fixture.items.length, cleared: { liveRooms: 1 }, detachedPolls: toDetach.length });
      // The attendee gets the detached poll as a numbered change.
      const detached = (c: Change) => c.event?.type === 'poll.changed' && c.event.poll.id === gone && c.event.poll.itemId === null;
      await waitFor(() => got.some(detached), { what: "the detached poll's change" });

      const after = await snapshotOf(a);
      expect(Object.values(after.agenda.live).filter((l) => l.itemId !== null)).toEqual([]);
      expect(after.qa.rooms.plenary).toEqual(before.qa.rooms.plenary); // the highlight ends with no Q&A write (Q20)
      expect(answeringNow(after.qa.rooms.plenary!, after.agenda.live.plenary)).toBeNull();
      expect(after.polls.polls.find((p) => p.id === gone)).toMatchObject({ itemId: null, status: 'open' });
      const question = after.qa.questions.find((q) => q.id === questionId);
      expect(question).toMatchObject({ itemId: 'd1-s1', target: 'Carlo Frising', status: 'live' }); // kept as history
      const staffView = await snapshotOf(chair);
      expect(staffView.polls.polls.find((p) => p.id === kept)).toMatchObject({ itemId: 'd1-s1', status: 'draft' }); // still in the programme
    } finally {
      for (const c of mine) c.close();
      await own.close();
    }
  });

  it('A7 a bad file is refused with every problem once, in one pass, each with its path', async () => {
    const org = await srv.link('organiser');
    const fixture = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../fixtures/programme-2021.json', import.meta.url), 'utf8'));
    type Refusal = { ok: false; code: string; reason: string; params: { issue: string }; message: string; issues: string[] };
    const post = async (body: unknown) => {
      const res = await fetch(`${srv.url}/api/events/mc2023/programme`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org}` },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      const refusal = (await res.json()) as Refusal;
      expect(refusal).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'programme.invalid', params: { issue: refusal.issues[0] } });
      expect(new Set(refusal.issues).size).toBe(refusal.issues.length);
      return refusal.issues;
    };
    const before = await srv.store.read('mc2023', ['agenda']);

    const notAProgramme = await post({ hello: 'world' });
    expect(notAProgramme.map((i) => i.slice(0, i.indexOf(':')))).toEqual(['title', 'timeZone', 'days', 'rooms', 'items']);

    // A zone of the wrong type used to stop every rule that compares fields: the items' problems came on a second try.
    const bad = structuredClone(fixture);
    bad.timeZone = 1;
    bad.items[1].end = '09:00';
    bad.items[2].roomId = 'attic';
    bad.items[3].date = '2021-11-27';
    bad.items[4].start = '11h15';
    expect([...(await post(bad))].sort()).toEqual(
      [
        'timeZone: Invalid input: expected string, received number',
        'items[1].end: ends (09:00) before it starts (09:45)',
        'items[2].roomId: unknown room "attic"',
        "items[3].date: 2021-11-27 is not one of the programme's days",
        'items[4].start: a time as HH:MM (24 h)',
      ].sort(),
    );
    expect(await srv.store.read('mc2023', ['agenda'])).toEqual(before);
  });

  it('sends the programme once: with the join, then left out of a snapshot that names its revision, until it changes', async () => {
    const joined = await srv.join();
    const s = await open(joined.token);
    const full = await snapshotOf(s);
    // The join's answer carries the same programme and revision as a full snapshot.
    expect(joined.programme).toEqual(full.agenda.programme);
    expect(joined.programmeRev).toBe(full.programmeRev);

    const lean = await snapshotHolding(s, joined.programmeRev);
    expect(lean.agenda.programme).toBeUndefined();
    expect(lean.programmeRev).toBe(joined.programmeRev);
    expect(lean.agenda.live).toEqual(full.agenda.live);
    // The live item moving does not change the programme's revision.
    const chair = await open(await srv.link('chair', 'plenary'));
    const item = full.agenda.programme.items.find((i) => i.roomId === 'plenary')!;
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: item.id })).toMatchObject({ ok: true });
    const afterLive = await snapshotHolding(s, joined.programmeRev);
    expect(afterLive.agenda.programme).toBeUndefined();
    expect(afterLive.agenda.live.plenary?.itemId).toBe(item.id);

    // A revision the server does not know (or an older programme's) gets the whole programme.
    expect((await snapshotHolding(s, 'not-a-revision')).agenda.programme).toEqual(full.agenda.programme);
    const org = await srv.link('organiser');
    const edited = { ...full.agenda.programme, title: 'A renamed programme' };
    const imported = await fetch(`${srv.url}/api/events/mc2023/programme`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org}` },
      body: JSON.stringify(edited),
    });
    expect(imported.status).toBe(200);
    const stale = await snapshotHolding(s, joined.programmeRev);
    expect(stale.programmeRev).not.toBe(joined.programmeRev);
    expect(stale.agenda.programme?.title).toBe('A renamed programme');
    expect((await srv.join()).programmeRev).toBe(stale.programmeRev);
  });
});
