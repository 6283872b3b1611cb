import { describe, it, expect, afterAll } from 'vitest';
import { ServerProcess } from '../helpers/process';
import { client, call, opId, snapshotOf, type ClientSocket } from '../helpers/app';

/** Embedded mode, as `npm start` runs it: SIGKILL the process, start it again on the same data folder. */
const sockets: ClientSocket[] = [];
let server: ServerProcess;
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop('SIGKILL');
});

describe('embedded store across a crash', () => {
  it('keeps every acknowledged change, the epoch, the links and the operation ids', async () => {
    server = await new ServerProcess().start();
    const links = server.printedLinks();
    const chair = await client(server.url, links['Chair · Plenary']!);
    sockets.push(chair);
    const acked: { itemId: string; seq: number }[] = [];
    const id = opId();
    for (const itemId of ['d1-welcome', 'd1-s1', 'd1-s2']) {
      const r = (await call(chair, 'agenda:setLive', { opId: itemId === 'd1-s2' ? id : opId(), roomId: 'plenary', itemId })) as { ok: boolean; seq: number };
      expect(r.ok).toBe(true);
      acked.push({ itemId, seq: r.seq });
    }
    const before = await snapshotOf(chair);
    chair.close();

    expect(await server.stop('SIGKILL')).toBeNull();
    await server.start();

    const again = await client(server.url, links['Chair · Plenary']!);
    sockets.push(again);
    const after = await snapshotOf(again);
    expect(after.epoch).toBe(before.epoch);
    expect(after.seq).toBe(acked.at(-1)!.seq);
    expect(after.agenda.live.plenary?.itemId).toBe('d1-s2');
    // The retry of an operation acknowledged before the crash is recognised after it.
    expect(await call(again, 'agenda:setLive', { opId: id, roomId: 'plenary', itemId: 'd1-s2' })).toEqual({ ok: true, seq: acked.at(-1)!.seq });
    // A client that was connected before catches up by sequence number, not by snapshot.
    const sync = await call(again, 'sync', { epoch: before.epoch, lastSeq: acked[0]!.seq });
    expect(sync.ok && sync.mode).toBe('changes');
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
