import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io as connect } from 'socket.io-client';
import { TestRedis } from '../helpers/redis';
import { ServerProcess } from '../helpers/process';
import { call, client, opId, type ClientSocket } from '../helpers/app';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import type { Failure } from '../../shared/protocol/errors';
import type { Joined } from '../../shared/protocol/messages';

/**
 * Pauses and bans across two real server processes on one real Redis: the moderation document is in the store,
 * each process answers from a copy at most half a second old, and a change on one process tells the others at once
 * (through the Socket.IO adapter), which also carries the ban's disconnection.
 */
const redis = new TestRedis();
const a = new ServerProcess({ REDIS_URL: '' });
const b = new ServerProcess({ REDIS_URL: '' });
const sockets: ClientSocket[] = [];
const POLL = 'd2-s2-issuing';

/** A connection with our own handshake (a token or a join, and a device id): the socket, or the refusal. */
function handshake(
  server: ServerProcess,
  auth: Record<string, unknown>,
): Promise<{ socket: ClientSocket | null; refusal: Failure | null; joined: Joined | null }> {
  const socket: ClientSocket = connect(server.url, { auth: { v: PROTOCOL_VERSION, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('welcome', (welcome) => {
      sockets.push(socket);
      resolve({ socket, refusal: null, joined: welcome.joined });
    });
    socket.once('connect_error', (e: Error & { data?: Failure }) => {
      socket.close();
      resolve({ socket: null, refusal: e.data ?? null, joined: null });
    });
  });
}

async function joinOn(server: ServerProcess, device: string) {
  const { socket, refusal } = await handshake(server, { join: { code: 'MC2023', name: 'Attendee' }, device });
  if (!socket) throw new Error(`join refused: ${JSON.stringify(refusal)}`);
  return socket;
}
async function staffOn(server: ServerProcess, label: string) {
  const s = await client(server.url, server.printedLinks()[label]!);
  sockets.push(s);
  return s;
}
const vote = (s: ClientSocket) => call(s, 'poll:vote', { opId: opId(), pollId: POLL, choice: { type: 'single', option: 'issue' } });

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

describe('pauses and bans across two processes on one Redis', () => {
  it('a pause on A refuses an attendee on B with SUSPENDED within a second; staff on B go on; resume on A lets them in again', async () => {
    const chairA = await staffOn(a, 'Chair · Plenary');
    const chairB = await staffOn(b, 'Chair · Plenary');
    expect(await call(chairA, 'poll:control', { opId: opId(), pollId: POLL, action: 'launch' })).toMatchObject({ ok: true });
    const onB = await joinOn(b, 'device-pause-b');
    // B has read (and keeps) its copy of the moderation document: it must learn the pause, not just read it first.
    expect(await vote(onB)).toMatchObject({ ok: true });

    expect(await call(chairA, 'moderation:pause', { opId: opId(), roomId: null, message: 'Technical break' })).toMatchObject({ ok: true });
    const paused = Date.now();
    let reply = await vote(onB);
    while (reply.ok && Date.now() - paused < 2_000) reply = await vote(onB);
    const tookMs = Date.now() - paused;
    expect(reply).toMatchObject({ ok: false, code: 'SUSPENDED', reason: 'moderation.eventPaused', params: { message: 'Technical break' } });
    expect(tookMs).toBeLessThan(1_000);
    // Staff on B are not paused.
    expect(await call(chairB, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false })).toMatchObject({ ok: true });

    expect(await call(chairA, 'moderation:resume', { opId: opId(), roomId: null })).toMatchObject({ ok: true });
    const resumed = Date.now();
    reply = await vote(onB);
    while (!reply.ok && Date.now() - resumed < 2_000) reply = await vote(onB);
    expect(reply).toMatchObject({ ok: true });
    expect(Date.now() - resumed).toBeLessThan(1_000);
  });

  it('a ban on A closes the attendee’s socket on B at once; their token is refused on both, and a new join from their browser too', async () => {
    const chairA = await staffOn(a, 'Chair · Plenary');
    const joined = await handshake(b, { join: { code: 'MC2023', name: 'Troll' }, device: 'device-troll-b' });
    const onB = joined.socket!;
    const { token, attendeeId } = joined.joined!;
    const told: string[] = [];
    onB.on('banned', ({ reason }) => told.push(reason));
    const closed = new Promise<number>((resolve) => onB.once('disconnect', () => resolve(Date.now())));

    const banned = await call(chairA, 'moderation:ban', { opId: opId(), attendeeId, name: 'Troll', reason: 'Spam', removeMessages: true });
    const ackedAt = Date.now();
    expect(banned).toMatchObject({ ok: true });
    const closedAt = await closed;
    expect(closedAt - ackedAt).toBeLessThan(500);
    expect(told).toEqual(['Spam']);

    const refusal = { code: 'BANNED', reason: 'moderation.banned', params: { message: 'Spam' } };
    expect((await handshake(b, { token, device: 'device-troll-b' })).refusal).toMatchObject(refusal);
    expect((await handshake(a, { token })).refusal).toMatchObject(refusal);
    expect((await handshake(b, { join: { code: 'MC2023', name: 'Troll again' }, device: 'device-troll-b' })).refusal).toMatchObject(refusal);
    expect((await handshake(a, { join: { code: 'MC2023', name: 'Troll again' }, device: 'device-troll-b' })).refusal).toMatchObject(refusal);
  });
});
