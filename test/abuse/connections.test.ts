import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, afterEach } from 'vitest';
import { io } from 'socket.io-client';
import { call, client, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { configFromEnv } from '../../server/core/config';
import { LIMITS } from '../../shared/limits';
import type { Failure } from '../../shared/protocol/errors';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

// Items 6, 7, 9 and 10 of the hostile-audience issue, against a real server on a real port: sockets of one token,
// connections that never finish (or never start) a request, the metrics, the second transport.

const servers: TestServer[] = [];
const sockets: (ClientSocket | net.Socket)[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) {
    if (s instanceof net.Socket) s.destroy();
    else s.close();
  }
  for (const srv of servers.splice(0)) await srv.close();
});
async function server(env: Record<string, string> = {}): Promise<TestServer> {
  const srv = await startServer({ env });
  servers.push(srv);
  return srv;
}
async function open(srv: TestServer, token: string): Promise<ClientSocket> {
  const s = await client(srv.url, token);
  sockets.push(s);
  return s;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw TCP connection to the server; `closedAt` is set when the server closes it. */
function raw(srv: TestServer): Promise<net.Socket & { closedAt?: number }> {
  const port = Number(new URL(srv.url).port);
  return new Promise((resolve, reject) => {
    const s: net.Socket & { closedAt?: number } = net.connect(port, '127.0.0.1', () => resolve(s));
    sockets.push(s);
    s.on('error', () => undefined);
    s.on('close', () => (s.closedAt ??= Date.now()));
    s.once('error', reject);
  });
}

describe('sessions, connections and what the server exposes', () => {
  it('[21.6] one token on a hundred sockets: at most 5 stay open (the oldest closed and told why), and they share one rate-limit bucket', async () => {
    const srv = await server();
    const { token } = await srv.join();
    const opened: ClientSocket[] = [];
    const closedWith = new Map<ClientSocket, Failure>();
    // Listening for the notice from the start: a tab can be closed by a newer one before its own welcome is read.
    const tab = () => {
      const s: ClientSocket = io(srv.url, { auth: { v: PROTOCOL_VERSION, token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      s.once('closed', (f) => closedWith.set(s, f));
      return new Promise<ClientSocket>((resolve, reject) => (s.once('welcome', () => resolve(s)), s.once('connect_error', reject)));
    };
    for (let batch = 0; batch < 10; batch++) opened.push(...(await Promise.all(Array.from({ length: 10 }, tab))));
    await waitFor(() => opened.filter((s) => s.connected).length <= LIMITS.socketsPerSession, { what: 'the extra sockets to be closed' });
    const open_ = opened.filter((s) => s.connected);
    expect(open_).toHaveLength(LIMITS.socketsPerSession);
    // The ones left are among the newest batch; every closed one was told why before being closed.
    expect(open_.every((s) => opened.indexOf(s) >= 90)).toBe(true);
    await waitFor(() => closedWith.size === 95, { what: 'the notices' });
    expect([...closedWith.values()][0]).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: 'session.tooManyTabs',
      params: { max: LIMITS.socketsPerSession },
    });

    // Five tabs at once get one person's worth of events a second, not five.
    const burst = await Promise.all(open_.flatMap((s) => Array.from({ length: LIMITS.eventsPerSocketPerSecond }, () => call(s, 'agenda:setLive', {}))));
    const served = burst.filter((r) => r.code !== 'RATE_LIMITED');
    expect(served.length).toBeGreaterThanOrEqual(LIMITS.eventsPerSocketPerSecond - 1);
    expect(served.length).toBeLessThanOrEqual(LIMITS.eventsPerSocketPerSecond + 5); // the refill while they arrive
    // Someone else is served at once.
    const other = await open(srv, (await srv.join()).token);
    expect(await call(other, 'agenda:setLive', {})).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('[21.6] a session reconnecting its sockets: the bucket is not refilled by a new socket', async () => {
    const srv = await server();
    const { token } = await srv.join();
    const first = await open(srv, token);
    const used = await Promise.all(Array.from({ length: LIMITS.eventsPerSocketPerSecond }, () => call(first, 'agenda:setLive', {})));
    expect(used.filter((r) => r.code === 'BAD_REQUEST').length).toBeGreaterThanOrEqual(LIMITS.eventsPerSocketPerSecond - 1);
    const second = await open(srv, token);
    const more = await Promise.all(Array.from({ length: 10 }, () => call(second, 'agenda:setLive', {})));
    expect(more.filter((r) => r.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(5);
  });

  it('[21.7] slowloris and silent connections: heads that never end and connections that never speak are closed within seconds; the cap per address holds; a WebSocket stays', async () => {
    // The defaults are a few seconds; the test runs the same code with shorter ones, and caps loopback too.
    expect(configFromEnv({ SESSION_SECRET: 'x'.repeat(32) }).connections).toEqual({
      firstByteTimeoutMs: 5_000,
      headersTimeoutMs: 10_000,
      connectionsPerAddress: 1_000,
      capExempt: ['loopback'],
    });
    const srv = await server({ FIRST_BYTE_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '2000', CONNECTIONS_PER_ADDRESS: '40', CONNECTION_CAP_EXEMPT: '' });
    const ws = await open(srv, (await srv.join()).token);
    const start = Date.now();
    const silent = await Promise.all(Array.from({ length: 10 }, () => raw(srv)));
    const slow = await Promise.all(Array.from({ length: 10 }, () => raw(srv)));
    for (const s of slow) s.write('GET /livez HTTP/1.1\r\nHost: x\r\n');
    // A header line every 300 ms: the head never ends.
    const drip = setInterval(() => {
      for (const s of slow) if (!s.destroyed) s.write(`X-Drip-${Date.now()}: 1\r\n`);
    }, 300);
    try {
      await waitFor(() => silent.every((s) => s.closedAt), { what: 'the silent connections to be closed', timeoutMs: 4_000 });
      await waitFor(() => slow.every((s) => s.closedAt), { what: 'the slow heads to be closed', timeoutMs: 6_000 });
    } finally {
      clearInterval(drip);
    }
    for (const s of silent) expect(s.closedAt! - start).toBeLessThan(3_000);
    for (const s of slow) expect(s.closedAt! - start).toBeLessThan(5_000);
    // The WebSocket opened before them is still served.
    expect(ws.connected).toBe(true);
    expect(await call(ws, 'sync', { epoch: null, lastSeq: 0 })).toMatchObject({ ok: true });

    // One address holding 60 connections: beyond 40 (the WebSocket among them) they are closed at once.
    const many = await Promise.all(Array.from({ length: 60 }, () => raw(srv)));
    await sleep(300);
    // Open besides them: the WebSocket, and perhaps the join's kept-alive HTTP connection.
    const closedAtOnce = many.filter((s) => s.closedAt).length;
    expect(closedAtOnce).toBeGreaterThanOrEqual(60 - 39);
    expect(closedAtOnce).toBeLessThanOrEqual(60 - 38);
    // Once they are gone the address is served again.
    await waitFor(() => many.every((s) => s.closedAt), { what: 'the held connections to time out', timeoutMs: 4_000 });
    expect((await fetch(`${srv.url}/livez`)).status).toBe(200);
  });

  it('[21.9] /metrics is not public: 404 by default; with METRICS_TOKEN only to its bearer; with METRICS_ADDR only on that address', async () => {
    const plain = await server();
    const none = await fetch(`${plain.url}/metrics`);
    expect(none.status).toBe(404);
    expect(await none.text()).not.toContain('companion_');

    const token = 'a-metrics-token-of-the-test';
    const withToken = await server({ METRICS_TOKEN: token });
    expect((await fetch(`${withToken.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${withToken.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-the-same-size' } })).status).toBe(401);
    const ok = await fetch(`${withToken.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('companion_connections');

    const separate = await server({ METRICS_ADDR: '127.0.0.1:0' });
    expect((await fetch(`${separate.url}/metrics`)).status).toBe(404);
    const metricsServer = separate.app.metricsServer!;
    await new Promise<void>((r) => metricsServer.listen(0, '127.0.0.1', r));
    try {
      const port = (metricsServer.address() as AddressInfo).port;
      const there = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(there.status).toBe(200);
      expect(await there.text()).toContain('companion_connections');
      expect((await fetch(`http://127.0.0.1:${port}/api/events/by-code/JUNE23`)).status).toBe(404);
    } finally {
      await new Promise((r) => metricsServer.close(r));
    }
  });

  it('[21.10] the long-polling transport: a polling handshake is refused; the WebSocket the app uses is let in', async () => {
    const srv = await server();
    const { token } = await srv.join();
    const handshake = await fetch(`${srv.url}/socket.io/?EIO=4&transport=polling`);
    expect(handshake.status).toBe(400);
    expect(await handshake.json()).toMatchObject({ message: 'Transport unknown' });
    const polling: ClientSocket = io(srv.url, { auth: { v: PROTOCOL_VERSION, token }, transports: ['polling'], reconnection: false, forceNew: true });
    sockets.push(polling);
    await expect(new Promise<void>((resolve, reject) => (polling.once('connect', resolve), polling.once('connect_error', reject)))).rejects.toThrow();
    expect((await open(srv, token)).connected).toBe(true);
  });
});
