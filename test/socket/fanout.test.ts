import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { client, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { fanOut, framed } from '../../server/realtime/fanout';
import type { LiveBatch } from '../../shared/protocol/messages';

// The live stream's fan-out writes one pre-built frame to each WebSocket itself; these check that what arrives is
// exactly what Socket.IO would have delivered, to the same sockets, once each, in order, over any transport.

let srv: TestServer;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  // Long-polling is refused in production; here it stands for any socket the fan-out cannot write to itself.
  srv = await startServer({ longPolling: true });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

async function open(transport: 'websocket' | 'polling' = 'websocket'): Promise<ClientSocket> {
  const s = await client(srv.url, (await srv.join()).token, { transport });
  sockets.push(s);
  return s;
}

/** The marked live messages a socket receives (the server's own ticks are left out). */
function received(s: ClientSocket): LiveBatch[] {
  const got: LiveBatch[] = [];
  s.on('live', (batch) => {
    if (batch.counts && Object.keys(batch.counts).some((k) => k.startsWith('fanout-'))) got.push(batch);
  });
  return got;
}

const join = (s: ClientSocket, room: string) => srv.app.io.in(s.id!).socketsJoin(room);
const marked = (n: number): LiveBatch => ({ changes: [], counts: { [`fanout-${n}`]: { n, tick: n } }, tallies: [] });

describe('the live fan-out', () => {
  it('delivers the same message to every socket of the rooms, but the excluded, once each, over WebSocket and long-polling', async () => {
    const [a, b, both, excluded, polling] = await Promise.all([open(), open(), open(), open(), open('polling')]);
    const got = new Map([a, b, both, excluded, polling].map((s) => [s, received(s)]));
    join(a, 'fanout-room-1');
    join(b, 'fanout-room-2');
    join(both, 'fanout-room-1');
    join(both, 'fanout-room-2');
    join(excluded, 'fanout-room-1');
    join(excluded, 'fanout-excluded');
    join(polling, 'fanout-room-2');

    const message = marked(1);
    message.counts!['fanout-é ✓ "quoted" \n'] = { n: 0, tick: 0 }; // text that JSON and UTF-8 must carry intact
    const sent = fanOut(srv.app.io, framed(srv.app.io, 'live', message), ['fanout-room-1', 'fanout-room-2'], ['fanout-excluded']);
    expect(sent).toEqual({ framed: 3, other: 1 }); // the long-polling socket through Socket.IO

    await waitFor(async () => [a, b, both, polling].every((s) => got.get(s)!.length >= 1), { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 200)); // time for a duplicate or a stray to arrive
    for (const s of [a, b, both, polling]) expect(got.get(s)).toEqual([message]);
    expect(got.get(excluded)).toEqual([]);
  });

  it('keeps the order of messages sent through Socket.IO before and after it', async () => {
    const [ws, polling] = await Promise.all([open(), open('polling')]);
    const got = new Map([ws, polling].map((s) => [s, received(s)]));
    join(ws, 'fanout-order');
    join(polling, 'fanout-order');
    const io = srv.app.io;
    for (let round = 0; round < 20; round++) {
      io.to('fanout-order').emit('live', marked(3 * round));
      fanOut(io, framed(io, 'live', marked(3 * round + 1)), ['fanout-order'], []);
      io.to('fanout-order').emit('live', marked(3 * round + 2));
    }
    const numbers = (s: ClientSocket) => got.get(s)!.map((b) => Object.values(b.counts!)[0]!.n);
    await waitFor(async () => numbers(ws).length === 60 && numbers(polling).length === 60, { timeoutMs: 5000 });
    const inOrder = Array.from({ length: 60 }, (_, k) => k);
    expect(numbers(ws)).toEqual(inOrder);
    expect(numbers(polling)).toEqual(inOrder);
  });
});
