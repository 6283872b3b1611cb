import { describe, it, expect, afterEach } from 'vitest';
import { call, client, opId, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { TestRedis } from '../helpers/redis';
import { waitFor } from '../helpers/ports';
import { RedisStore } from '../../server/store/redis';
import { DEMO_EVENT } from '../../server/setup';
import type { LinksResult } from '../../shared/protocol/messages';

// Item 11 of the hostile-audience issue: throwaway identities. An organiser can require new attendees to come
// through the event's join link (it carries a key); the event code alone then lets nobody new in.

const sockets: ClientSocket[] = [];
let srv: TestServer | null = null;
let redis: TestRedis | null = null;
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await srv?.close();
  await redis?.stop();
  srv = redis = null;
});

/** POST /api/join with the code, and the key when given: the HTTP status and the reply. */
async function join(key?: string): Promise<{ status: number; body: { ok: boolean; code?: string; reason?: string; token?: string } }> {
  const res = await fetch(`${srv!.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: DEMO_EVENT.code, ...(key ? { key } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

async function scenario(): Promise<void> {
  const organiser = await client(srv!.url, await srv!.link('organiser'));
  sockets.push(organiser);
  const before = await join();
  expect(before.status).toBe(200);
  const already = await client(srv!.url, before.body.token!);
  sockets.push(already);

  // Off by default: the link is the plain address. Turned on, the link and its QR carry a key.
  expect(((await call(organiser, 'links:list', {})) as LinksResult).joinKeyRequired).toBe(false);
  expect(await call(organiser, 'links:joinKey', { opId: opId(), required: true, rotate: false })).toMatchObject({ ok: true });
  const listed = (await call(organiser, 'links:list', {})) as LinksResult;
  expect(listed.joinKeyRequired).toBe(true);
  const key = new URL(listed.attendeeUrl).searchParams.get('k')!;
  expect(key).toMatch(/^[\w-]{16}$/);
  expect(listed.attendeeQrSvg).toContain('<svg');

  // Within a second, the code alone (HTTP or in the handshake) or a wrong key lets nobody new in.
  await waitFor(async () => (await join()).status === 403, { what: 'the setting to reach joins', timeoutMs: 3_000 });
  expect((await join()).body).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'join.linkRequired' });
  expect((await join('a-guessed-key-xx')).status).toBe(403);
  const { io } = await import('socket.io-client');
  const { PROTOCOL_VERSION } = await import('../../shared/protocol/version');
  const refused = await new Promise<{ data?: { reason?: string } }>((resolve) => {
    const s = io(srv!.url, { auth: { v: PROTOCOL_VERSION, join: { code: DEMO_EVENT.code } }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.once('connect_error', (e) => (s.close(), resolve(e as never)));
    s.once('welcome', () => (s.close(), resolve({})));
  });
  expect(refused.data).toMatchObject({ reason: 'join.linkRequired' });
  // The link's key lets people in; those already in stay, and reconnect.
  expect((await join(key)).status).toBe(200);
  expect(already.connected).toBe(true);
  sockets.push(await client(srv!.url, before.body.token!));

  // A new link: the old key is refused, the new one works. Turned off: the code alone works again.
  expect(await call(organiser, 'links:joinKey', { opId: opId(), required: true, rotate: true })).toMatchObject({ ok: true });
  const fresh = new URL(((await call(organiser, 'links:list', {})) as LinksResult).attendeeUrl).searchParams.get('k')!;
  expect(fresh).not.toBe(key);
  await waitFor(async () => (await join(key)).status === 403, { what: 'the old key to be refused', timeoutMs: 3_000 });
  expect((await join(fresh)).status).toBe(200);
  expect(await call(organiser, 'links:joinKey', { opId: opId(), required: false, rotate: false })).toMatchObject({ ok: true });
  await waitFor(async () => (await join()).status === 200, { what: 'the code to work again', timeoutMs: 3_000 });
  // Only the organiser sets it.
  expect(await call(already, 'links:joinKey', { opId: opId(), required: true, rotate: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
}

describe('throwaway identities', () => {
  it('[21.11] the organiser requires the join link (embedded store): the code alone or a wrong key lets nobody new in, a new link retires the old, those already in stay', async () => {
    srv = await startServer();
    await scenario();
  });

  it('[21.11] the organiser requires the join link (Redis): the same, the setting held in Redis', async () => {
    redis = await new TestRedis().start();
    srv = await startServer({ store: new RedisStore({ url: redis.url }) });
    await scenario();
  });
});
