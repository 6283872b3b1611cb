import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io as connect } from 'socket.io-client';
import { startServer, call, client, opId, snapshotOf, type ClientSocket, type TestServer } from '../helpers/app';
import { DEMO_EVENT } from '../../server/setup';
import type { AgendaState, Welcome } from '../../shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/**
 * The welcome carries the programme as JSON encoded once per version and spliced into the message
 * (`server/realtime/encoder.ts`): what arrives must be exactly what a snapshot asked for later holds.
 */
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

  it('a chat message imitating the splice mark stays text, and the programme stays where it belongs', async () => {
    const { token } = await server.join('Imitator');
    const s = await client(server.url, token);
    sockets.push(s);
    for (const text of ['\u0000raw0', '\u0000raw:00000000-0000-0000-0000-000000000000', '"\u0000raw:x:0"'])
      expect(await call(s, 'chat:post', { opId: opId(), roomId: 'plenary', text: `see ${text}` })).toMatchObject({ ok: true });
    const welcome = await welcomeOf((await server.join('Later')).token);
    if (!welcome.sync.ok || welcome.sync.mode !== 'snapshot') throw new Error('expected a snapshot');
    const stored = (await server.store.read(DEMO_EVENT.id, ['agenda'])).agenda!.value as AgendaState;
    expect(welcome.sync.snapshot.agenda.programme).toEqual(stored.programme);
    const texts = welcome.sync.snapshot.chat.history.plenary!.messages.map((m) => m.text);
    expect(texts.filter((t) => t.startsWith('see '))).toHaveLength(3);
  });
});
