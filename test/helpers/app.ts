import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp, upgradeStored, type App, type Clock } from '../../server/app';
import { configFromEnv, type Config } from '../../server/core/config';
import { EmbeddedStore } from '../../server/store/embedded';
import { DEMO_EVENT, demoPolls, ensureEvent, loadDemoProgramme } from '../../server/setup';
import { linkView } from '../../server/features/links/view';
import type { CommitInput, CommitOutcome, Store } from '../../server/store/store';
import type { AccessState, Change, ClientToServer, JoinResponse, LinkRecord, ServerToClient, SyncResult } from '../../shared/protocol/messages';
import type { Tally } from '../../shared/protocol/polls';
import type { UpvoteCount } from '../../shared/protocol/qa';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

export const TEST_SECRET = 'test-secret-'.padEnd(40, 'x');
export type ClientSocket = Socket<ServerToClient, ClientToServer>;

/** A real server on a free loopback port, around a real store, with the demo event loaded. */
export interface TestServer {
  app: App;
  store: Store;
  config: Config;
  url: string;
  close(): Promise<void>;
  links(): Promise<(LinkRecord & { url: string; token: string })[]>;
  link(role: LinkRecord['role'], roomScope?: string): Promise<string>;
  join(name?: string): Promise<JoinResponse>;
}

export async function startServer(
  opts: { store?: Store; env?: Record<string, string>; longPolling?: boolean; clock?: Clock; now?: () => number } = {},
): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-app-'));
  const store = opts.store ?? new EmbeddedStore({ dir });
  await store.open();
  const config = configFromEnv({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', SESSION_SECRET: TEST_SECRET, PUBLIC_URL: 'http://127.0.0.1:1', ...opts.env });
  const app = createApp({ store, clock: opts.clock ?? { now: opts.now ?? (() => Date.now()) }, config, longPolling: opts.longPolling });
  // As server/index.ts: documents of an earlier form are upgraded before the server listens.
  await upgradeStored(store, app.log);
  await ensureEvent(store, { ...DEMO_EVENT, programme: loadDemoProgramme(), polls: demoPolls(), now: Date.now() });
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const links = async () => {
    const access = (await store.read(DEMO_EVENT.id, ['access'])).access!.value as AccessState;
    return Promise.all(
      access.links.map(async (l) => {
        const view = await linkView({ auth: app.auth, publicUrl: url }, DEMO_EVENT.id, DEMO_EVENT.code, l);
        return { ...view, token: new URL(view.url).searchParams.get('t')! };
      }),
    );
  };
  return {
    app,
    store,
    config,
    url,
    links,
    async link(role, roomScope) {
      const found = (await links()).find((l) => l.role === role && (roomScope === undefined || l.roomScope === roomScope) && l.revokedAt === null);
      if (!found) throw new Error(`no ${role} link for ${roomScope}`);
      return found.token;
    },
    async join(name) {
      const res = await fetch(`${url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: DEMO_EVENT.code, name }),
      });
      const body = (await res.json()) as ({ ok: true } & JoinResponse) | { ok: false; message: string };
      if (!body.ok) throw new Error(body.message);
      return body;
    },
    async close() {
      app.io.close();
      await new Promise((r) => app.server.close(r));
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real Socket.IO client, connected and welcomed (or refused: the promise rejects with the server's reason). */
export async function client(url: string, token: string, extra: { origin?: string; transport?: 'websocket' | 'polling' } = {}): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, {
    auth: { v: PROTOCOL_VERSION, token },
    transports: [extra.transport ?? 'websocket'],
    upgrade: false,
    reconnection: false,
    forceNew: true,
    extraHeaders: extra.origin ? { origin: extra.origin } : undefined,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('welcome', () => resolve());
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
  return socket;
}

/** Sends an event and waits for its ack. Loosely typed on purpose: tests send malformed payloads too. */
export async function call<E extends keyof ClientToServer>(socket: ClientSocket, event: E, payload: unknown): Promise<any> {
  return (socket.timeout(5000) as any).emitWithAck(event, payload);
}

/** A full snapshot, the programme included (asked without a programme revision). */
export async function snapshotOf(socket: ClientSocket) {
  const snapshot = await snapshotHolding(socket, undefined);
  const { programme } = snapshot.agenda;
  if (!programme) throw new Error('the snapshot left out the programme');
  return { ...snapshot, agenda: { ...snapshot.agenda, programme } };
}

/** A snapshot for a client that holds the programme of revision `programmeRev`. */
export async function snapshotHolding(socket: ClientSocket, programmeRev: string | undefined) {
  const reply = (await call(socket, 'sync', { epoch: null, lastSeq: 0, ...(programmeRev ? { programmeRev } : {}) })) as
    { ok: false } | ({ ok: true } & SyncResult);
  if (!reply.ok || reply.mode !== 'snapshot') throw new Error(`expected a snapshot, got ${JSON.stringify(reply)}`);
  return reply.snapshot;
}

/**
 * Writes straight into the demo event's store, as a feature's commit would, for a state no command reaches quickly
 * (1,999 questions, an earlier version's leftovers, another process's write). Unless `write` says otherwise: no
 * operation, no expected versions, no numbered change.
 */
export function writeStored(store: Store, write: Partial<CommitInput>): Promise<CommitOutcome> {
  return store.commit({ scope: DEMO_EVENT.id, opKey: null, expect: {}, put: {}, changes: [], reply: null, ...write });
}

let ops = 0;
export const opId = () => `op-${process.pid}-${Date.now()}-${++ops}`;

/** The live stream, unpacked: every numbered change, tally and upvote count a socket receives, as they come. */
export function onChange(socket: ClientSocket, fn: (change: Change) => void): void {
  socket.on('live', (batch) => batch.changes?.forEach(fn));
}
export function onTallies(socket: ClientSocket, fn: (tallies: Tally[]) => void): void {
  socket.on('live', (batch) => batch.tallies && fn(batch.tallies));
}
export function onCounts(socket: ClientSocket, fn: (counts: Record<string, UpvoteCount>) => void): void {
  socket.on('live', (batch) => batch.counts && fn(batch.counts));
}
