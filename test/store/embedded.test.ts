import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { EmbeddedStore } from '../../server/store/embedded';
import { StoreUnavailableError, type CommitInput } from '../../server/store/store';
import { storeContract } from './contract';
import { LIMITS } from '../../shared/limits';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-store-'));
  dirs.push(d);
  return d;
}

storeContract(
  'embedded',
  async () => {
    const s = new EmbeddedStore({ dir: tempDir() });
    await s.open();
    return s;
  },
  async (s) => {
    await s.close();
    const again = new EmbeddedStore({ dir: (s as unknown as { options: { dir: string } }).options.dir });
    await again.open();
    return again;
  },
);

describe('embedded store journal', () => {
  const vote = (n: number): CommitInput => ({
    scope: 'e',
    opKey: `op${n}`,
    expect: {},
    put: { [`ballot:${n}`]: n },
    changes: [],
    reply: null,
    incr: [{ key: 'tally', field: 'n', by: 1 }],
  });
  const journalLines = (dir: string) => fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).length;

  it('writes the commits of one turn together, each acknowledged once its line is in the journal, and before any read', async () => {
    const dir = tempDir();
    const s = new EmbeddedStore({ dir });
    await s.open();
    const before = journalLines(dir);
    const settled: number[] = [];
    const commits = Array.from({ length: 50 }, (_, n) => s.commit(vote(n)).then((o) => (settled.push(n), o)));
    // Applied in memory, not written yet, nobody told: a command may decide on them...
    expect(journalLines(dir)).toBe(before);
    expect((await s.readForCommand('e', ['ballot:49']))['ballot:49']?.value).toBe(49);
    expect(settled).toEqual([]);
    // ...and any other read writes them first.
    expect(await s.counters('e', 'tally')).toEqual({ n: 50 });
    expect(journalLines(dir)).toBe(before + 50);
    expect((await Promise.all(commits)).every((o) => o.kind === 'committed')).toBe(true);
    // A commit with no read after it is written at the end of its turn, then acknowledged.
    const last = s.commit(vote(50));
    expect(journalLines(dir)).toBe(before + 50);
    await last;
    expect(journalLines(dir)).toBe(before + 51);
    // A retry of a commit still in the batch gets its reply only once the first is written.
    void s.commit(vote(51));
    expect(await s.commit(vote(51))).toMatchObject({ kind: 'duplicate' });
    expect(journalLines(dir)).toBe(before + 52);
    await s.close();
    const again = new EmbeddedStore({ dir });
    await again.open();
    expect(await again.counters('e', 'tally')).toEqual({ n: 52 });
    await again.close();
  });

  it('stops when the journal cannot be written: the batch fails, everything after is refused, a restart has none of it', async () => {
    const dir = tempDir();
    const s = new EmbeddedStore({ dir });
    await s.open();
    await s.commit(vote(0));
    // The journal's descriptor swapped for a read-only one: the next write fails as a full disk's would.
    const internals = s as unknown as { fd: number };
    const writable = internals.fd;
    internals.fd = fs.openSync(path.join(dir, 'journal.jsonl'), 'r');
    const failed = await Promise.allSettled([s.commit(vote(1)), s.commit(vote(2))]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
    await expect(s.commit(vote(3))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(s.read('e', ['ballot:1'])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(s.readForCommand('e', ['ballot:1'])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(s.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await s.close();
    fs.closeSync(writable);
    const again = new EmbeddedStore({ dir });
    await again.open();
    expect(await again.counters('e', 'tally')).toEqual({ n: 1 });
    expect(await again.read('e', ['ballot:0', 'ballot:1'])).toMatchObject({ 'ballot:0': { value: 0 }, 'ballot:1': undefined });
    await again.close();
  });

  it('ignores a torn last line (a crash mid-write) and keeps what was written before', async () => {
    const dir = tempDir();
    const s = new EmbeddedStore({ dir });
    await s.open();
    await s.commit({ scope: 'e', opKey: null, expect: {}, put: { a: 1 }, changes: [{ event: 'one', audience: 'all' }], reply: null });
    await s.close();
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), '{"t":"commit","scope":"e","put":{"a":{"vers');
    const again = new EmbeddedStore({ dir });
    await again.open();
    expect((await again.read('e', ['a'])).a?.value).toBe(1);
    expect(await again.head('e')).toBe(1);
    // and it goes on writing after the torn line was dropped
    await again.commit({ scope: 'e', opKey: null, expect: { a: 1 }, put: { a: 2 }, changes: [{ event: 'two', audience: 'all' }], reply: null });
    await again.close();
    const third = new EmbeddedStore({ dir });
    await third.open();
    expect((await third.read('e', ['a'])).a).toEqual({ version: 2, value: 2 });
    await third.close();
  });

  it('replays a journal of either form of written documents: [key, document] pairs, or an object keyed by key (older journals)', async () => {
    const dir = tempDir();
    const lines = [
      { t: 'epoch', epoch: 'e-1' },
      { t: 'commit', scope: 'e', at: Date.now(), put: { a: { version: 1, value: 'old form' } }, changes: [], opKey: null, seq: 0, reply: null },
      { t: 'commit', scope: 'e', at: Date.now(), put: [['b', { version: 1, value: 'new form' }]], changes: [], opKey: null, seq: 0, reply: null },
    ];
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const s = new EmbeddedStore({ dir });
    await s.open();
    expect(s.epoch()).toBe('e-1');
    expect(await s.read('e', ['a', 'b'])).toEqual({ a: { version: 1, value: 'old form' }, b: { version: 1, value: 'new form' } });
    // What it writes now is pairs, and comes back after a restart.
    await s.commit({ scope: 'e', opKey: null, expect: { a: 1 }, put: { a: 'rewritten' }, changes: [], reply: null });
    await s.close();
    const last = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last).put).toEqual([['a', { version: 2, value: 'rewritten' }]]);
    const again = new EmbeddedStore({ dir });
    await again.open();
    expect((await again.read('e', ['a'])).a).toEqual({ version: 2, value: 'rewritten' });
    await again.close();
  });

  it('keeps only the last changes and says when older ones are gone', async () => {
    const s = new EmbeddedStore({ dir: tempDir(), changeLogKeep: 3 });
    await s.open();
    for (let i = 0; i < 6; i++) await s.commit({ scope: 'e', opKey: null, expect: {}, put: {}, changes: [{ event: i, audience: 'all' }], reply: null });
    expect(await s.changesSince('e', 2)).toEqual({ kind: 'gone' });
    const since = await s.changesSince('e', 3);
    expect(since.kind === 'changes' && since.changes.map((c) => c.seq)).toEqual([4, 5, 6]);
    await s.close();
  });

  it('remembers an operation reply for its time to live, then lets it go while running', async () => {
    let now = 1_000_000;
    const s = new EmbeddedStore({ dir: tempDir(), now: () => now });
    await s.open();
    const commit = (opKey: string) =>
      s.commit({ scope: 'e', opKey, expect: {}, put: {}, changes: [], reply: { n: 1 }, incr: [{ key: 'c', field: 'n', by: 1 }] });
    expect((await commit('a:1')).kind).toBe('committed');
    now += 60_000;
    expect((await commit('a:1')).kind).toBe('duplicate'); // a retry within the window changes nothing
    now += LIMITS.opIdTtlSeconds * 1000;
    expect((await commit('b:1')).kind).toBe('committed'); // a later commit makes room
    expect(await s.reply('e', 'a:1')).toBeNull();
    expect(await s.reply('e', 'b:1')).toEqual({ seq: 0, reply: { n: 1 } });
    expect(await s.counters('e', 'c')).toEqual({ n: 2 });
    await s.close();
  });

  it('keeps every operation reply for at least half its time to live, across generations and a restart', async () => {
    let now = 1_000_000;
    const dir = tempDir();
    const ttl = LIMITS.opIdTtlSeconds * 1000;
    let s = new EmbeddedStore({ dir, now: () => now });
    await s.open();
    const commit = (opKey: string, reply: unknown) =>
      s.commit({ scope: 'e', opKey, expect: {}, put: {}, changes: [], reply, incr: [{ key: 'c', field: 'n', by: 1 }] });
    // One operation every tenth of the time to live, empty replies and full ones mixed.
    const keys: string[] = [];
    for (let i = 0; i < 25; i++) {
      keys.push(`a:${i}`);
      expect((await commit(`a:${i}`, i % 2 ? { i } : null)).kind).toBe('committed');
      // Every reply younger than half the time to live is known, with its first reply.
      for (let j = Math.max(0, i - 4); j <= i; j++) expect(await s.reply('e', `a:${j}`)).toEqual({ seq: 0, reply: j % 2 ? { i: j } : null });
      // None older than the whole time to live is.
      for (let j = 0; j < i - 10; j++) expect(await s.reply('e', `a:${j}`)).toBeNull();
      now += ttl / 10;
    }
    now -= ttl / 10;
    await s.close();
    s = new EmbeddedStore({ dir, now: () => now });
    await s.open(); // replays the journal, then compacts it into a snapshot line
    for (let j = 20; j < 25; j++) expect(await s.reply('e', `a:${j}`)).toEqual({ seq: 0, reply: j % 2 ? { i: j } : null });
    expect((await commit('a:24', null)).kind).toBe('duplicate');
    await s.close();
    s = new EmbeddedStore({ dir, now: () => now });
    await s.open(); // from the snapshot line
    for (let j = 20; j < 25; j++) expect(await s.reply('e', `a:${j}`)).toEqual({ seq: 0, reply: j % 2 ? { i: j } : null });
    expect(await s.counters('e', 'c')).toEqual({ n: 25 });
    await s.close();
  });
});
