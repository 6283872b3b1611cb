import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RedisStore } from '../../server/store/redis';
import { StoreUnavailableError } from '../../server/store/store';
import { TestRedis } from '../helpers/redis';
import { storeContract } from './contract';

const redis = new TestRedis();
beforeAll(async () => {
  await redis.start();
});
afterAll(async () => {
  await redis.dispose();
});

let n = 0;
storeContract(
  'redis',
  async () => {
    const s = new RedisStore({ url: redis.url, prefix: `t${++n}:` });
    await s.open();
    return s;
  },
  async (s) => {
    const prefix = (s as unknown as { prefix: string }).prefix;
    await s.close();
    const again = new RedisStore({ url: redis.url, prefix });
    await again.open();
    return again;
  },
);

describe('redis store faults', () => {
  it('keeps the change log bounded and says when older changes are gone', async () => {
    const s = new RedisStore({ url: redis.url, prefix: 'bounded:', changeLogKeep: 3 });
    await s.open();
    for (let i = 0; i < 6; i++) await s.commit({ scope: 'e', opKey: null, expect: {}, put: {}, changes: [{ event: i, audience: 'all' }], reply: null });
    expect(await s.changesSince('e', 2)).toEqual({ kind: 'gone' });
    const since = await s.changesSince('e', 3);
    expect(since.kind === 'changes' && since.changes.map((c) => c.seq)).toEqual([4, 5, 6]);
    await s.close();
  });

  it('fails fast with StoreUnavailableError while Redis is down, and works again after it restarts (AOF kept the data)', async () => {
    const s = new RedisStore({ url: redis.url, prefix: 'outage:', commandTimeoutMs: 500 });
    await s.open();
    await s.commit({ scope: 'e', opKey: 'a:op-before', expect: {}, put: { a: 1 }, changes: [{ event: 'before', audience: 'all' }], reply: null });
    await redis.stop();
    const started = Date.now();
    await expect(s.commit({ scope: 'e', opKey: null, expect: {}, put: { a: 2 }, changes: [], reply: null })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(1500);
    await redis.start();
    await expect
      .poll(
        () =>
          s.ping().then(
            () => true,
            () => false,
          ),
        { timeout: 5000 },
      )
      .toBe(true);
    expect((await s.read('e', ['a'])).a?.value).toBe(1);
    expect(await s.head('e')).toBe(1);
    await s.close();
  });

  it('notices a wiped Redis: a new epoch, and the write is refused rather than applied to an empty store', async () => {
    const s = new RedisStore({ url: redis.url, prefix: 'wipe:' });
    await s.open();
    const epochs: string[] = [];
    s.onEpochChange((e) => epochs.push(e));
    const before = s.epoch();
    await s.commit({ scope: 'e', opKey: null, expect: {}, put: { a: 1 }, changes: [], reply: null });
    await redis.wipe();
    await expect
      .poll(
        () =>
          s.ping().then(
            () => true,
            () => false,
          ),
        { timeout: 5000 },
      )
      .toBe(true);
    await expect(s.commit({ scope: 'e', opKey: null, expect: { a: 1 }, put: { a: 2 }, changes: [], reply: null })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(s.epoch()).not.toBe(before);
    expect(epochs).toEqual([s.epoch()]);
    await s.close();
  });

  it('keeps a large document parsed while unchanged, and never serves one from before a wipe', async () => {
    const s = new RedisStore({ url: redis.url, prefix: 'cache:' });
    await s.open();
    const big = (label: string) => ({ label, items: Array.from({ length: 200 }, (_, i) => `item ${i}`) });
    await s.commit({ scope: 'e', opKey: null, expect: {}, put: { agenda: big('first') }, changes: [], reply: null });
    const first = (await s.read('e', ['agenda'])).agenda!;
    expect(first).toMatchObject({ version: 1, value: { label: 'first' } });
    expect((await s.read('e', ['agenda'])).agenda!.value).toBe(first.value); // the same parsed value, not sent again
    await s.commit({ scope: 'e', opKey: null, expect: { agenda: 1 }, put: { agenda: big('second') }, changes: [], reply: null });
    expect((await s.read('e', ['agenda'])).agenda).toMatchObject({ version: 2, value: { label: 'second' } });

    // Wiped: the same key comes back at the same version 2, with other content.
    await redis.wipe();
    await expect
      .poll(
        () =>
          s.read('e', ['agenda']).then(
            () => true,
            () => false,
          ),
        { timeout: 5000 },
      )
      .toBe(true);
    await s.commit({ scope: 'e', opKey: null, expect: {}, put: { agenda: big('set up again') }, changes: [], reply: null });
    await s.commit({ scope: 'e', opKey: null, expect: { agenda: 1 }, put: { agenda: big('after the wipe') }, changes: [], reply: null });
    expect((await s.read('e', ['agenda'])).agenda).toMatchObject({ version: 2, value: { label: 'after the wipe' } });
    await s.close();
  });
});

describe('redis store restore', () => {
  it('stages a restore under its own prefix with a time to live, renames it into place at once, and leaves nothing staged behind', async () => {
    const s = new RedisStore({ url: redis.url, prefix: 'staging:' });
    await s.open();
    const docs = Array.from({ length: 40_000 }, (_, i) => ({ key: `d:${i}`, version: 2, value: i }));
    const dump = { head: 4, docs, sets: [{ key: 's', members: ['m'] }], counters: [{ key: 'c', fields: { f: 1 } }] };
    const staged = () => s.client.keys('staging:_restore:*');
    const ttls: number[] = [];
    // Watch the staged keys while the restore runs: each carries a time to live until it is renamed into place.
    const watching = (async () => {
      for (let i = 0; i < 200 && ttls.length === 0; i++) for (const k of await staged()) ttls.push(await s.client.ttl(k));
    })();
    expect(await s.restore('e', dump)).toEqual({ kind: 'restored', head: 4 });
    await watching;
    expect(ttls.length).toBeGreaterThan(0);
    expect(ttls.every((t) => t === -2 || t > 0)).toBe(true);
    expect(await staged()).toEqual([]);
    expect(await s.client.ttl('staging:e:docs')).toBe(-1);
    expect(await s.client.ttl('staging:e:set:s')).toBe(-1);
    // A dump copies the scope aside for a moment, and leaves no copy behind.
    expect((await s.dump('e')).docs).toHaveLength(40_000);
    expect(await s.client.keys('staging:_dump:*')).toEqual([]);
    // Refused: the staged copy is removed too.
    expect(await s.restore('e', dump)).toEqual({ kind: 'exists' });
    expect(await staged()).toEqual([]);
    await s.close();
  });
});
