import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io as connect } from 'socket.io-client';
import { startServer, client, snapshotOf, type ClientSocket, type TestServer } from '../helpers/app';
import { DEMO_EVENT } from '../../server/setup';
import type { AgendaState, Welcome } from '../../shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/** The welcome answers the handshake's `sync` as a `sync` request does: the same snapshot, the programme unless held. */
let server: TestServer;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

function welcomeOf(token: string, sync?: object): Promise<Welcome> {
  const socket: ClientSocket = connect(server.url, {
    auth: { v: PROTOCOL_VERSION, token, ...(sync ? { sync } : {}) },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('welcome', resolve);
    socket.once('connect_error', reject);
  });
}

describe('the welcome', () => {
  it('carries the stored programme exactly, and the same snapshot a sync request gets', async () => {
    const { token } = await server.join('Welcomed');
    const welcome = await welcomeOf(token);
    if (!welcome.sync.ok || welcome.sync.mode !== 'snapshot') throw new Error('expected a snapshot');
    const stored = (await server.store.read(DEMO_EVENT.id, ['agenda'])).agenda!.value as AgendaState;
    expect(welcome.sync.snapshot.agenda.programme).toEqual(stored.programme);
    const asked = await snapshotOf(await client(server.url, token));
    expect(welcome.sync.snapshot.agenda).toEqual(asked.agenda);
    expect(welcome.sync.snapshot.programmeRev).toBe(asked.programmeRev);
  });

  it('leaves the programme out for a browser that holds its revision', async () => {
    const { token } = await server.join('Holder');
    const first = await welcomeOf(token);
    if (!first.sync.ok || first.sync.mode !== 'snapshot') throw new Error('expected a snapshot');
    const again = await welcomeOf(token, { epoch: null, lastSeq: 0, programmeRev: first.sync.snapshot.programmeRev });
    if (!again.sync.ok || again.sync.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(again.sync.snapshot.agenda.programme).toBeUndefined();
  });
});
