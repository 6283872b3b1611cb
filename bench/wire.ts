import WebSocket from 'ws';
import { io as connectLibrary, type Socket } from 'socket.io-client';
import type { Handshake, Welcome } from '../shared/protocol/messages';
import { PROTOCOL_VERSION } from '../shared/protocol/version';

/**
 * The attendee's connection, in two interchangeable implementations:
 *
 * - `wire` (the default): a minimal client of the real wire protocol, Engine.IO v4 + Socket.IO v5 over a real
 *   WebSocket (the `ws` library, which socket.io-client itself uses in Node). It does what the server sees a
 *   socket.io-client do with `transports: ['websocket']`: the open packet, CONNECT with the auth token, events,
 *   acknowledgements, pong for every ping. It skips the library's layers (emitters, per-packet timers, buffering,
 *   reconnection), which cost ~20 µs per received message: at ~19 messages per attendee per second, 5,000
 *   socket.io-client instances alone would need more than the machine's two cores.
 * - `library`: socket.io-client itself, for comparison runs (`--client=socket.io`).
 */
/** What this process's wire-protocol clients received (WebSocket payload bytes), for the bench's bandwidth figures. */
export const wireStats = { bytes: 0 };

export interface Conn {
  /** Emits an event; with `ack`, the reply (or an Error after timeoutMs) comes back through it. */
  emit<R = unknown>(event: string, payload: unknown, ack?: (err: Error | null, reply: R) => void, timeoutMs?: number): void;
  /** The payload is the server's JSON as sent: the caller names its type (the wire contract's). */
  on<T = unknown>(event: string, handler: (payload: T) => void): void;
  onDisconnect(handler: (reason: string) => void): void;
  close(): void;
}

export type ClientKind = 'wire' | 'library';

/**
 * Opens a connection as the app does: the handshake's `auth` says who this is (a token, or a join) and what it
 * holds; the connection counts as open once the server's `welcome` (the session, and the snapshot) has arrived.
 * `listen` registers the event handlers first, so that nothing sent before the welcome is missed.
 */
export function openConn(
  kind: ClientKind,
  url: string,
  auth: Handshake,
  listen: (conn: Conn) => void,
  timeoutMs = 30_000,
): Promise<{ conn: Conn; welcome: Welcome }> {
  return kind === 'wire' ? WireConn.open(url, auth, listen, timeoutMs) : LibraryConn.open(url, auth, listen, timeoutMs);
}

interface PendingAck {
  cb: (err: Error | null, reply: unknown) => void;
  deadline: number;
}

/** One sweep for every connection's pending acks: cheaper than a timer per emit at thousands per second. */
const pendingConns = new Set<WireConn>();
let sweeper: NodeJS.Timeout | null = null;
function watch(conn: WireConn): void {
  pendingConns.add(conn);
  sweeper ??= setInterval(() => {
    const now = Date.now();
    for (const c of pendingConns) c.expire(now);
  }, 200);
  sweeper.unref();
}

class WireConn implements Conn {
  private nextId = 0;
  private readonly acks = new Map<number, PendingAck>();
  private readonly handlers = new Map<string, (payload: unknown) => void>();
  private disconnectHandler: ((reason: string) => void) | null = null;
  private closed = false;

  private constructor(private readonly ws: WebSocket) {}

  static open(url: string, auth: Handshake, listen: (conn: Conn) => void, timeoutMs: number): Promise<{ conn: WireConn; welcome: Welcome }> {
    const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const conn = new WireConn(ws);
    listen(conn);
    return new Promise((resolve, reject) => {
      let state: 'open' | 'connecting' | 'welcoming' | 'connected' | 'failed' = 'open';
      const timer = setTimeout(() => fail(new Error('timeout')), timeoutMs);
      const fail = (e: Error) => {
        if (state === 'connected' || state === 'failed') return;
        state = 'failed';
        clearTimeout(timer);
        ws.terminate();
        reject(e);
      };
      ws.on('error', (e) => fail(e));
      ws.on('close', () => {
        fail(new Error('closed during the handshake'));
        conn.onClose('transport close');
      });
      ws.on('message', (data: Buffer) => {
        wireStats.bytes += data.length;
        if (state === 'connected') return conn.onFrame(data);
        const text = data.toString();
        if (state === 'open' && text[0] === '0') {
          // Engine.IO open packet; then Socket.IO CONNECT to the main namespace with the auth payload.
          state = 'connecting';
          ws.send(`40${JSON.stringify({ v: PROTOCOL_VERSION, ...auth })}`);
        } else if (state === 'connecting' && text.startsWith('40')) {
          state = 'welcoming';
        } else if (state === 'welcoming' && text.startsWith('42["welcome",')) {
          state = 'connected';
          clearTimeout(timer);
          resolve({ conn, welcome: parseWelcome(text) });
        } else if (state === 'welcoming') {
          conn.onPacket(text);
        } else if (text.startsWith('44')) {
          const body = safeJson(text.slice(2)) as { message?: string } | null;
          fail(new Error(body?.message ?? 'connect error'));
        } else if (text === '2') ws.send('3');
      });
    });
  }

  emit<R = unknown>(event: string, payload: unknown, ack?: (err: Error | null, reply: R) => void, timeoutMs = 10_000): void {
    if (this.closed) {
      ack?.(new Error('disconnected'), null as R);
      return;
    }
    if (ack) {
      const id = this.nextId++;
      this.acks.set(id, { cb: ack as (err: Error | null, reply: unknown) => void, deadline: Date.now() + timeoutMs });
      if (this.acks.size === 1) watch(this);
      this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
    } else this.ws.send(`42${JSON.stringify([event, payload])}`);
  }

  on<T = unknown>(event: string, handler: (payload: T) => void): void {
    this.handlers.set(event, handler as (payload: unknown) => void);
  }

  onDisconnect(handler: (reason: string) => void): void {
    this.disconnectHandler = handler;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.ws.send('41');
    } catch {
      /* already gone */
    }
    this.ws.close();
    this.failAll('closed');
  }

  expire(now: number): void {
    for (const [id, a] of this.acks) {
      if (a.deadline > now) continue;
      this.acks.delete(id);
      a.cb(new Error('operation has timed out'), null);
    }
    if (!this.acks.size) pendingConns.delete(this);
  }

  /** A frame once connected: a broadcast seen a moment ago is matched on its bytes, before any decoding. */
  onFrame(data: Buffer): void {
    if (data[0] === 52 /* '4' message */ && data[1] === 50 /* '2' EVENT */) {
      const [event, payload] = parseBroadcast(data);
      this.handlers.get(event)?.(payload);
    } else this.onPacket(data.toString());
  }

  onPacket(text: string): void {
    const engine = text.charCodeAt(0);
    if (engine === 50 /* '2' ping */) return void this.ws.send('3');
    if (engine !== 52 /* '4' message */) return;
    const type = text.charCodeAt(1);
    if (type === 50 /* '2' EVENT */) {
      const [event, payload] = JSON.parse(text.slice(2)) as [string, unknown];
      this.handlers.get(event)?.(payload);
    } else if (type === 51 /* '3' ACK */) {
      let i = 2;
      while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const id = Number(text.slice(2, i));
      const a = this.acks.get(id);
      if (!a) return;
      this.acks.delete(id);
      a.cb(null, (JSON.parse(text.slice(i)) as unknown[])[0]);
    } else if (type === 49 /* '1' DISCONNECT */) {
      this.onClose('io server disconnect');
      this.ws.close();
    }
  }

  onClose(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll(reason);
    this.disconnectHandler?.(reason);
  }

  private failAll(reason: string): void {
    for (const a of this.acks.values()) a.cb(new Error(reason), null);
    this.acks.clear();
    pendingConns.delete(this);
  }
}

class LibraryConn implements Conn {
  private constructor(private readonly socket: Socket) {}

  static open(url: string, auth: Handshake, listen: (conn: Conn) => void, timeoutMs: number): Promise<{ conn: LibraryConn; welcome: Welcome }> {
    const socket = connectLibrary(url, {
      auth: { v: PROTOCOL_VERSION, ...auth },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    const conn = new LibraryConn(socket);
    listen(conn);
    return new Promise((resolve, reject) => {
      socket.once('welcome', (welcome: Welcome) => resolve({ conn, welcome }));
      socket.once('connect_error', (e) => {
        socket.close();
        reject(e);
      });
    });
  }

  emit<R = unknown>(event: string, payload: unknown, ack?: (err: Error | null, reply: R) => void, timeoutMs = 10_000): void {
    if (ack) this.socket.timeout(timeoutMs).emit(event, payload, ack);
    else this.socket.emit(event, payload);
  }

  on<T = unknown>(event: string, handler: (payload: T) => void): void {
    this.socket.on(event, handler as (payload: unknown) => void);
  }

  onDisconnect(handler: (reason: string) => void): void {
    this.socket.on('disconnect', handler);
  }

  close(): void {
    this.socket.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A broadcast reaches every client of a generator as the same bytes within milliseconds: the generator decodes and
 * parses it once (the last few frames are kept, compared byte for byte) and hands each client the same object,
 * read-only. Each client still receives its own frame on its own socket; only the duplicate decoding and JSON.parse
 * on the load generator's CPU, which shares the cores with the server, are saved.
 */
const recent: { data: Buffer; parsed: [string, unknown] }[] = [];
function parseBroadcast(data: Buffer): [string, unknown] {
  for (const r of recent) if (r.data.equals(data)) return r.parsed;
  const parsed = JSON.parse(data.toString('utf8', 2)) as [string, unknown];
  recent.unshift({ data, parsed });
  if (recent.length > 4) recent.pop();
  return parsed;
}

/**
 * The welcome's snapshot carries the programme (~16 KB, the same text for every attendee while the agenda is
 * unchanged): it is parsed once per distinct text in this generator, as the live stream's broadcasts are; every
 * browser parses its own copy, but 5,000 parses on the cores the server uses would make the benchmark measure its
 * load generator. The rest of the welcome (token, ids, the person's own state) is parsed per attendee. The server
 * encodes the programme with JSON.stringify, so its text is that of the object parsed from it.
 */
const PROGRAMME_AT = '"agenda":{"programme":';
let programme: { text: string; value: unknown } | null = null;
function parseWelcome(text: string): Welcome {
  const at = text.indexOf(PROGRAMME_AT);
  const from = at + PROGRAMME_AT.length;
  if (at >= 0 && programme && text.startsWith(programme.text, from)) {
    const [, welcome] = JSON.parse(`${text.slice(2, from)}null${text.slice(from + programme.text.length)}`) as [string, Welcome];
    if (welcome.sync.ok && welcome.sync.mode === 'snapshot') welcome.sync.snapshot.agenda.programme = programme.value as never;
    return welcome;
  }
  const [, welcome] = JSON.parse(text.slice(2)) as [string, Welcome];
  const held = welcome.sync.ok && welcome.sync.mode === 'snapshot' ? welcome.sync.snapshot.agenda.programme : undefined;
  if (held) programme = { text: JSON.stringify(held), value: held };
  return welcome;
}
