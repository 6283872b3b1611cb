import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io } from 'socket.io-client';
import { call, client, opId, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { DEMO_EVENT } from '../../server/setup';
import type { Welcome } from '../../shared/protocol/messages';
import type { Failure } from '../../shared/protocol/errors';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/**
 * A connection with any handshake (of this protocol version unless `auth` names another): its welcome, or the
 * refusal (the message and the failure in `data`).
 */
async function connectWith(url: string, auth: object): Promise<{ socket: ClientSocket; welcome: Welcome } | { refused: Error & { data?: Failure } }> {
  const socket: ClientSocket = io(url, { auth: { v: PROTOCOL_VERSION, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('welcome', (welcome) => resolve({ socket, welcome }));
    socket.once('connect_error', (refused) => {
      socket.close();
      resolve({ refused });
    });
  });
}

let srv: TestServer;
const sockets: ClientSocket[] = [];
async function welcomed(auth: object, url = srv.url) {
  const got = await connectWith(url, auth);
  if ('refused' in got) throw new Error(`refused: ${got.refused.message}`);
  sockets.push(got.socket);
  return got;
}
async function refused(auth: object, url = srv.url) {
  const got = await connectWith(url, auth);
  if (!('refused' in got)) throw new Error('the connection was accepted');
  return got.refused;
}

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

describe('joining in the handshake', () => {
  it('makes a new attendee: the welcome brings the session and a whole snapshot, and the token then reconnects', async () => {
    // A change first, so that the catch-up below starts after a number above 0 (from 0 it is a snapshot).
    const earlier = await client(srv.url, (await srv.join()).token);
    sockets.push(earlier);
    expect(await call(earlier, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'Is anybody there yet?', target: null, anonymous: true })).toMatchObject({
      ok: true,
    });
    const { socket, welcome } = await welcomed({ join: { code: 'mc2023', name: '  Ana  ' } });
    expect(welcome.joined).toEqual({ token: expect.any(String), eventId: DEMO_EVENT.id, attendeeId: expect.any(String), name: 'Ana' });
    const joined = welcome.joined!;
    expect(welcome.sync).toMatchObject({ ok: true, mode: 'snapshot' });
    const snap = welcome.sync.ok && welcome.sync.mode === 'snapshot' ? welcome.sync.snapshot : null;
    expect(snap?.me).toEqual({ role: 'attendee', id: joined.attendeeId, name: 'Ana', roomScope: '*' });
    expect(snap?.agenda.programme?.rooms.length).toBeGreaterThan(0);
    // The socket acts as that attendee at once.
    const asked = await call(socket, 'qa:ask', {
      opId: opId(),
      roomId: 'plenary',
      text: 'Asked from a socket that joined in its handshake?',
      target: null,
      anonymous: false,
    });
    expect(asked).toMatchObject({ ok: true });

    // The same person on a new connection, with the token, saying what it holds: the changes since, no new session.
    const again = await welcomed({ token: joined.token, sync: { epoch: snap!.epoch, lastSeq: snap!.seq, programmeRev: snap!.programmeRev } });
    expect(again.welcome.joined).toBeNull();
    expect(again.welcome.sync).toMatchObject({ ok: true, mode: 'changes', changes: [{ seq: asked.seq, event: { type: 'qa.asked' } }] });
    // A token of its own works with the plain client too.
    const plain = await client(srv.url, joined.token);
    sockets.push(plain);
    expect(plain.connected).toBe(true);
  });

  it('without a sync in the handshake the welcome is a whole snapshot; a malformed sync is refused before anything is made', async () => {
    const { token } = await srv.join();
    const plain = await welcomed({ token });
    expect(plain.welcome).toMatchObject({ joined: null, sync: { ok: true, mode: 'snapshot' } });
    expect((await refused({ token, sync: { epoch: 7, lastSeq: -1 } })).data).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'input.invalid',
      message: expect.stringMatching(/epoch|lastSeq/),
    });
    // A join with a malformed sync makes no session (its budget is the next test's subject).
    expect((await refused({ join: { code: 'MC2023' }, sync: { lastSeq: 'all' } })).data).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('an unknown code, a reserved or oversized name and a malformed join are refused with a clear error', async () => {
    const unknown = await refused({ join: { code: 'NOPE' } });
    expect(unknown.message).toMatch(/^NOT_FOUND: No event has the code "NOPE"/);
    expect(unknown.data).toMatchObject({ ok: false, code: 'NOT_FOUND', reason: 'event.codeUnknown', params: { code: 'NOPE' } });
    const reserved = await refused({ join: { code: 'MC2023', name: 'Moderator' } });
    expect(reserved.data).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'name.reserved',
      params: { name: 'Moderator' },
      message: expect.stringMatching(/role/i),
    });
    expect((await refused({ join: { code: 'MC2023', name: 'x'.repeat(500) } })).data).toMatchObject({
      code: 'TOO_LARGE',
      reason: 'input.tooLarge',
      params: { field: 'name' },
    });
    expect((await refused({ join: 'MC2023' })).data).toMatchObject({ code: 'BAD_REQUEST', reason: 'input.invalid', params: { field: '' } });
    expect((await refused({ join: { code: '' } })).data).toMatchObject({ code: 'BAD_REQUEST', reason: 'input.invalid', params: { field: 'code' } });
  });

  it('draws on the same per-address budget as POST /api/join', async () => {
    const limited = await startServer({ env: { JOINS_PER_ADDRESS_PER_MINUTE: '3' } });
    try {
      await limited.join();
      const one = await welcomed({ join: { code: 'MC2023' } }, limited.url);
      expect(one.welcome.joined).not.toBeNull();
      await limited.join();
      const over = await refused({ join: { code: 'MC2023' } }, limited.url);
      expect(over.data).toMatchObject({ code: 'RATE_LIMITED', reason: 'join.rateLimited', retryAfterMs: expect.any(Number) });
      const res = await fetch(`${limited.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'MC2023' }),
      });
      expect(res.status).toBe(429);
      // A session already made still connects: only joins are counted.
      const back = await welcomed({ token: one.welcome.joined!.token }, limited.url);
      expect(back.welcome.sync).toMatchObject({ ok: true });
    } finally {
      await limited.close();
    }
  });
});

describe('the protocol version in the handshake', () => {
  it('refuses a client built for another version, or for none, with OUTDATED before anything is made', async () => {
    const { token } = await srv.join();
    for (const v of [PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1, undefined, 'x']) {
      const byToken = await refused({ v, token });
      expect(byToken.data).toMatchObject({ ok: false, code: 'OUTDATED', reason: 'version.outdated' });
      expect(byToken.message).toMatch(/^OUTDATED: .*reload/);
    }
    // A join from an old page makes no attendee, and uses none of the address's join budget.
    const join = await refused({ v: PROTOCOL_VERSION - 1, join: { code: DEMO_EVENT.code } });
    expect(join.data?.code).toBe('OUTDATED');
    const current = await welcomed({ token });
    expect(current.welcome.sync).toMatchObject({ ok: true });
  });
});
