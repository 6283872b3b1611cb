import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { pino } from 'pino';
import { RedisStore } from '../../server/store/redis';
import { createService } from '../../server/core/service';
import { DomainError } from '../../shared/protocol/errors';
import type { Actor } from '../../shared/domain/actor';
import { TestRedis } from '../helpers/redis';

/**
 * A command decides on what its process last saw of a document (readForCommand: no round trip to Redis) and
 * commits expecting those versions. Two stores on one Redis stand for two processes.
 */
const redis = new TestRedis();
let n = 0;
const stores: RedisStore[] = [];
async function twoProcesses(): Promise<[RedisStore, RedisStore]> {
  const prefix = `cr${++n}:`;
  const pair = [new RedisStore({ url: redis.url, prefix }), new RedisStore({ url: redis.url, prefix })] as [RedisStore, RedisStore];
  for (const s of pair) await s.open();
  stores.push(...pair);
  return pair;
}

beforeAll(async () => {
  await redis.start();
});
afterAll(async () => {
  for (const s of stores) await s.close();
  await redis.dispose();
});

describe('commands decide on what their process saw', () => {
  it('gives what this process last read or wrote; a stale version makes the commit conflict, never overwrite', async () => {
    const [a, b] = await twoProcesses();
    expect((await a.readForCommand('e', ['gate'])).gate).toBeUndefined(); // never seen here: absent
    expect(await a.commit({ scope: 'e', opKey: null, expect: { gate: 0 }, put: { gate: { open: true } }, changes: [], reply: null })).toMatchObject({
      kind: 'committed',
    });
    expect((await a.readForCommand('e', ['gate'])).gate).toEqual({ version: 1, value: { open: true } }); // what it wrote

    // The other process changes it: this one still has version 1, and a commit on it conflicts.
    expect((await b.read('e', ['gate'])).gate?.version).toBe(1);
    expect(await b.commit({ scope: 'e', opKey: null, expect: { gate: 1 }, put: { gate: { open: false } }, changes: [], reply: null })).toMatchObject({
      kind: 'committed',
    });
    const stale = (await a.readForCommand('e', ['gate'])).gate!;
    expect(stale.version).toBe(1);
    expect(
      await a.commit({ scope: 'e', opKey: null, expect: { gate: stale.version }, put: { gate: { open: 'overwritten?' } }, changes: [], reply: null }),
    ).toEqual({ kind: 'conflict', key: 'gate', current: true });
    // The conflict brought the current one back: the command decides again on it without a read.
    expect((await a.readForCommand('e', ['gate'])).gate).toEqual({ version: 2, value: { open: false } });
    // A document that exists but was never seen here comes back absent: creating it again conflicts too.
    expect(await b.commit({ scope: 'e', opKey: null, expect: {}, put: { other: 1 }, changes: [], reply: null })).toMatchObject({ kind: 'committed' });
    expect(await a.commit({ scope: 'e', opKey: null, expect: { other: 0 }, put: { other: 2 }, changes: [], reply: null })).toEqual({
      kind: 'conflict',
      key: 'other',
      current: true,
    });
    expect((await a.readForCommand('e', ['other'])).other).toEqual({ version: 1, value: 1 });
    // A large document comes back without its text: not offered, not current; a read brings it.
    const large = 'x'.repeat(4_000);
    expect(await b.commit({ scope: 'e', opKey: null, expect: {}, put: { big: large }, changes: [], reply: null })).toMatchObject({ kind: 'committed' });
    expect(await a.commit({ scope: 'e', opKey: null, expect: { big: 0, gate: 2 }, put: { big: 'mine' }, changes: [], reply: null })).toEqual({
      kind: 'conflict',
      key: 'big',
      current: false,
    });
    expect((await a.readForCommand('e', ['big'])).big).toBeUndefined();
    expect((await a.read('e', ['big'])).big).toEqual({ version: 1, value: large });
  });

  it('the service retries on the current documents: a stale document neither refuses a command nor lets a wrong one through', async () => {
    const [a, b] = await twoProcesses();
    const log = pino({ level: 'silent' });
    const service = createService({ store: a, log });
    const actor: Actor = { role: 'attendee', id: 'ann', roomScope: '*' };
    const enter = () =>
      service.execute({
        eventId: 'e',
        actor,
        opId: null,
        keys: ['gate'],
        plan: (docs) => {
          if (!(docs.gate as { open: boolean } | undefined)?.open) throw new DomainError('POLL_CLOSED', 'The gate is closed.', { reason: 'poll.closed' });
          return { changes: [], incr: [{ key: 'entries', field: 'n', by: 1 }] };
        },
      });
    const setGate = async (store: RedisStore, open: boolean) => {
      const version = (await store.read('e', ['gate'])).gate?.version ?? 0;
      expect(await store.commit({ scope: 'e', opKey: null, expect: { gate: version }, put: { gate: { open } }, changes: [], reply: null })).toMatchObject({
        kind: 'committed',
      });
    };

    // This process saw the gate closed; the other one opened it since: the command is not refused.
    await setGate(a, false);
    await setGate(b, true);
    expect((await a.readForCommand('e', ['gate'])).gate?.value).toEqual({ open: false });
    await expect(enter()).resolves.toMatchObject({ seq: 0 });
    // This process saw it open; the other one closed it since: refused, and nothing counted.
    expect((await a.readForCommand('e', ['gate'])).gate?.value).toEqual({ open: true });
    await setGate(b, false);
    await expect(enter()).rejects.toMatchObject({ code: 'POLL_CLOSED' });
    expect(await a.counters('e', 'entries')).toEqual({ n: 1 });

    // A stale document that lets the command through: the conflict brings the current one back, and the command
    // decides again on it and commits without reading (two commands to Redis, not three).
    await setGate(a, true);
    const bump = async () => {
      const gate = (await b.read('e', ['gate'])).gate!;
      expect(
        await b.commit({ scope: 'e', opKey: null, expect: { gate: gate.version }, put: { gate: { open: true, by: 'b' } }, changes: [], reply: null }),
      ).toMatchObject({ kind: 'committed' });
    };
    await bump();
    let reads = 0;
    const read = a.read.bind(a);
    a.read = (...args: Parameters<RedisStore['read']>) => (reads++, read(...args));
    await expect(enter()).resolves.toMatchObject({ seq: 0 });
    expect(reads).toBe(0);
    expect(await a.counters('e', 'entries')).toEqual({ n: 2 });
  });
});
