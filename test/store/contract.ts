import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Store, CommitInput } from '../../server/store/store';

/**
 * One suite, every store: what the server relies on. `make` returns a fresh, opened, empty store;
 * `reopen` (when the store can) closes it and opens it again on the same data.
 */
export function storeContract(name: string, make: () => Promise<Store>, reopen?: (s: Store) => Promise<Store>) {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    const commit = (over: Partial<CommitInput>) => store.commit({ scope: 'ev1', opKey: null, expect: {}, put: {}, changes: [], reply: null, ...over });

    it('starts empty, with an epoch', async () => {
      expect(store.epoch()).toMatch(/\S{8,}/);
      expect(await store.head('ev1')).toBe(0);
      expect(await store.read('ev1', ['a'])).toEqual({ a: undefined });
      expect(await store.changesSince('ev1', 0)).toEqual({ kind: 'changes', changes: [] });
    });

    it('writes documents with versions and numbers changes from 1', async () => {
      const out = await commit({ expect: { a: 0 }, put: { a: { n: 1 } }, changes: [{ event: { type: 'x', n: 1 }, audience: 'all' }] });
      expect(out).toEqual({ kind: 'committed', seq: 1, changes: [{ seq: 1, audience: 'all', event: { type: 'x', n: 1 } }], reply: null });
      expect(await store.read('ev1', ['a'])).toEqual({ a: { version: 1, value: { n: 1 } } });
      const out2 = await commit({
        expect: { a: 1 },
        put: { a: { n: 2 } },
        changes: [
          { event: { t: 2 }, audience: 'staff' },
          { event: { t: 3 }, audience: 'all' },
        ],
      });
      expect(out2.kind === 'committed' && out2.changes.map((c) => c.seq)).toEqual([2, 3]);
      expect(out2.kind === 'committed' && out2.seq).toBe(3);
      expect(await store.head('ev1')).toBe(3);
      expect((await store.read('ev1', ['a'])).a).toEqual({ version: 2, value: { n: 2 } });
    });

    it('refuses a stale version and writes nothing', async () => {
      await commit({ expect: { a: 0 }, put: { a: 1 }, changes: [{ event: 1, audience: 'all' }] });
      const stale = await commit({ expect: { a: 0 }, put: { a: 2 }, changes: [{ event: 2, audience: 'all' }] });
      expect(stale).toMatchObject({ kind: 'conflict', key: 'a' });
      expect((await store.read('ev1', ['a'])).a).toEqual({ version: 1, value: 1 });
      expect(await store.head('ev1')).toBe(1);
    });

    it('checks every expected key, including ones it does not write', async () => {
      await commit({ expect: { a: 0, b: 0 }, put: { a: 'A', b: 'B' } });
      await commit({ expect: { b: 1 }, put: { b: 'B2' } });
      expect(await commit({ expect: { a: 1, b: 1 }, put: { a: 'A2' } })).toMatchObject({ kind: 'conflict', key: 'b' });
      expect((await store.read('ev1', ['a'])).a?.value).toBe('A');
    });

    it('returns the first reply to a retried operation and changes nothing', async () => {
      const first = await commit({ opKey: 'u1:op-1', expect: { a: 0 }, put: { a: 1 }, changes: [{ event: 'e', audience: 'all' }], reply: { id: 'q1' } });
      expect(first.kind).toBe('committed');
      const again = await commit({ opKey: 'u1:op-1', expect: { a: 0 }, put: { a: 99 }, changes: [{ event: 'e2', audience: 'all' }], reply: { id: 'q2' } });
      expect(again).toEqual({ kind: 'duplicate', seq: 1, reply: { id: 'q1' } });
      // ...and says so when asked directly (a retry that would now be refused gets it); an unknown key has none
      expect(await store.reply('ev1', 'u1:op-1')).toEqual({ seq: 1, reply: { id: 'q1' } });
      expect(await store.reply('ev1', 'u1:op-unknown')).toBeNull();
      expect((await store.read('ev1', ['a'])).a).toEqual({ version: 1, value: 1 });
      expect(await store.head('ev1')).toBe(1);
      // the same operation id from another actor is another operation
      expect((await commit({ opKey: 'u2:op-1', expect: { a: 1 }, put: { a: 2 } })).kind).toBe('committed');
    });

    it('keeps scopes apart', async () => {
      await commit({ put: { a: 1 }, changes: [{ event: 1, audience: 'all' }] });
      await store.commit({
        scope: 'ev2',
        opKey: null,
        expect: {},
        put: { a: 2 },
        changes: [
          { event: 2, audience: 'all' },
          { event: 3, audience: 'all' },
        ],
        reply: null,
      });
      expect(await store.head('ev1')).toBe(1);
      expect(await store.head('ev2')).toBe(2);
      expect((await store.read('ev2', ['a'])).a?.value).toBe(2);
    });

    it('gives the changes after a sequence number, in order', async () => {
      for (let i = 1; i <= 5; i++) await commit({ changes: [{ event: { i }, audience: i % 2 ? 'all' : 'staff' }] });
      const since = await store.changesSince('ev1', 2);
      expect(since).toEqual({
        kind: 'changes',
        changes: [
          { seq: 3, audience: 'all', event: { i: 3 } },
          { seq: 4, audience: 'staff', event: { i: 4 } },
          { seq: 5, audience: 'all', event: { i: 5 } },
        ],
      });
      expect(await store.changesSince('ev1', 5)).toEqual({ kind: 'changes', changes: [] });
    });

    it('reads documents and their sequence number together', async () => {
      await commit({
        put: { a: 'x' },
        changes: [
          { event: 1, audience: 'all' },
          { event: 2, audience: 'all' },
        ],
      });
      expect(await store.readAt('ev1', ['a', 'b'])).toEqual({ seq: 2, docs: { a: { version: 1, value: 'x' }, b: undefined } });
    });

    it('keeps unicode, nesting and empty arrays intact', async () => {
      const value = { name: 'Jørgen Prosper Sørensen', tags: [], nested: { list: [1, 'ü', null], empty: {} }, emoji: '🎤', quote: '"\\' };
      await commit({ put: { a: value }, changes: [{ event: value, audience: 'all' }] });
      expect((await store.read('ev1', ['a'])).a?.value).toEqual(value);
      const since = await store.changesSince('ev1', 0);
      expect(since.kind === 'changes' && since.changes[0]?.event).toEqual(value);
    });

    it('commits concurrent writers exactly once each (optimistic concurrency)', async () => {
      await commit({ expect: { n: 0 }, put: { n: 0 } });
      const increment = async () => {
        for (;;) {
          const doc = (await store.read('ev1', ['n'])).n!;
          const out = await commit({ expect: { n: doc.version }, put: { n: (doc.value as number) + 1 }, changes: [{ event: 'inc', audience: 'all' }] });
          if (out.kind === 'committed') return;
        }
      };
      await Promise.all(Array.from({ length: 20 }, increment));
      expect((await store.read('ev1', ['n'])).n?.value).toBe(20);
      expect(await store.head('ev1')).toBe(20);
    });

    it('adds and removes set members in the commit; adding twice is one membership', async () => {
      await commit({ sets: [{ key: 'up:q1', add: ['a', 'b'] }] });
      await commit({
        sets: [
          { key: 'up:q1', add: ['a'] },
          { key: 'up:q2', add: ['c'] },
        ],
      });
      expect(await store.sets('ev1', ['up:q1', 'up:q2', 'up:q3'], 'a')).toEqual([
        { size: 2, has: true },
        { size: 1, has: false },
        { size: 0, has: false },
      ]);
      await commit({ sets: [{ key: 'up:q1', remove: ['a', 'zz'] }] });
      expect(await store.sets('ev1', ['up:q1'], 'a')).toEqual([{ size: 1, has: false }]);
      expect((await store.members('ev1', 'up:q1')).sort()).toEqual(['b']);
    });

    it('merges sets without counting a member twice', async () => {
      await commit({
        sets: [
          { key: 'up:q1', add: ['a', 'b'] },
          { key: 'up:q2', add: ['b', 'c'] },
        ],
      });
      await commit({ unions: [{ into: 'up:q1', from: 'up:q2' }] });
      expect((await store.members('ev1', 'up:q1')).sort()).toEqual(['a', 'b', 'c']);
      expect(await store.sets('ev1', ['up:q2'])).toEqual([{ size: 2, has: false }]);
    });

    it('changes counters in the commit, and not at all when the commit is refused', async () => {
      await commit({
        expect: { p: 0 },
        put: { p: 'open' },
        incr: [
          { key: 'tally:p', field: 'yes', by: 1 },
          { key: 'tally:p', field: 'no', by: 2 },
        ],
      });
      await commit({ incr: [{ key: 'tally:p', field: 'no', by: -1 }] });
      expect(await commit({ expect: { p: 0 }, incr: [{ key: 'tally:p', field: 'yes', by: 5 }], sets: [{ key: 's', add: ['x'] }] })).toMatchObject({
        kind: 'conflict',
        key: 'p',
      });
      expect(await store.counters('ev1', 'tally:p')).toEqual({ yes: 1, no: 1 });
      expect(await store.counters('ev1', 'tally:none')).toEqual({});
      expect(await store.sets('ev1', ['s'])).toEqual([{ size: 0, has: false }]);
    });

    it('forgets sets and counter fields whole in the commit (a bounded history), the rest of the hash kept; not at all when refused', async () => {
      const setup = {
        sets: [
          { key: 'cr:m1:heart', add: ['a', 'b'] },
          { key: 'cr:m2:heart', add: ['c'] },
        ],
        incr: [
          { key: 'ticks', field: 'm1:heart', by: 3 },
          { key: 'ticks', field: 'm2:heart', by: 1 },
        ],
      };
      await commit(setup);
      const forget = { sets: ['cr:m1:heart', 'cr:never'], counters: [{ key: 'ticks', fields: ['m1:heart', 'm1:clap'] }] };
      expect(await commit({ expect: { p: 1 }, forget })).toMatchObject({ kind: 'conflict' });
      expect(await store.sets('ev1', ['cr:m1:heart'])).toEqual([{ size: 2, has: false }]);
      await commit({ forget });
      expect(await store.sets('ev1', ['cr:m1:heart', 'cr:m2:heart'])).toEqual([
        { size: 0, has: false },
        { size: 1, has: false },
      ]);
      expect(await store.counters('ev1', 'ticks')).toEqual({ 'm2:heart': 1 });
      // The last field forgotten takes the hash with it, as a counter back at zero does.
      await commit({ forget: { counters: [{ key: 'ticks', fields: ['m2:heart'] }] } });
      expect(await store.counters('ev1', 'ticks')).toEqual({});
      if (reopen) {
        store = await reopen(store);
        expect(await store.members('ev1', 'cr:m1:heart')).toEqual([]);
        expect(await store.counters('ev1', 'ticks')).toEqual({});
      }
    });

    it('removes a counter that comes back to zero, so that a tally holds only what counts', async () => {
      await commit({
        incr: [
          { key: 'tally:w', field: 'w:one', by: 1 },
          { key: 'tally:w', field: 'w:two', by: 1 },
        ],
      });
      await commit({
        incr: [
          { key: 'tally:w', field: 'w:one', by: -1 },
          { key: 'tally:w', field: 'w:three', by: 1 },
        ],
      });
      expect(await store.counters('ev1', 'tally:w')).toEqual({ 'w:two': 1, 'w:three': 1 });
      await commit({
        incr: [
          { key: 'tally:w', field: 'w:two', by: -1 },
          { key: 'tally:w', field: 'w:three', by: -1 },
        ],
      });
      expect(await store.counters('ev1', 'tally:w')).toEqual({});
    });

    it('a retried operation does not add or count again', async () => {
      await commit({ opKey: 'u:vote-1', incr: [{ key: 'tally:p', field: 'yes', by: 1 }], sets: [{ key: 'voters', add: ['u'] }] });
      await commit({ opKey: 'u:vote-1', incr: [{ key: 'tally:p', field: 'yes', by: 1 }], sets: [{ key: 'voters', add: ['u2'] }] });
      expect(await store.counters('ev1', 'tally:p')).toEqual({ yes: 1 });
      expect(await store.members('ev1', 'voters')).toEqual(['u']);
    });

    if (reopen) {
      it('keeps everything across a close and reopen', async () => {
        await commit({
          opKey: 'u:op-keep',
          expect: { a: 0 },
          put: { a: { kept: true } },
          changes: [{ event: 'e1', audience: 'all' }],
          reply: { r: 1 },
          sets: [{ key: 's', add: ['m'] }],
          incr: [{ key: 'c', field: 'f', by: 3 }],
        });
        const epoch = store.epoch();
        store = await reopen(store);
        expect(store.epoch()).toBe(epoch);
        expect((await store.read('ev1', ['a'])).a).toEqual({ version: 1, value: { kept: true } });
        expect(await store.head('ev1')).toBe(1);
        expect(await commit({ opKey: 'u:op-keep', put: { a: 2 } })).toEqual({ kind: 'duplicate', seq: 1, reply: { r: 1 } });
        expect(await store.members('ev1', 's')).toEqual(['m']);
        expect(await store.counters('ev1', 'c')).toEqual({ f: 3 });
      });
    }

    // Backups: a scope's whole content out (dump) and into a store that does not have it (restore).
    const event = async () => {
      await commit({ opKey: 'u:ask', expect: { q: 0 }, put: { q: { text: 'Why?' } }, changes: [{ event: 'asked', audience: 'all' }], reply: { id: 'q' } });
      await commit({ expect: { q: 1 }, put: { q: { text: 'Why not?' } }, changes: [{ event: 'edited', audience: 'staff' }] });
      await commit({ put: { meta: { title: 'Jørgen 🎤' } }, sets: [{ key: 'up:q', add: ['a', 'b'] }], incr: [{ key: 'tally', field: 'yes', by: 2 }] });
      await commit({ sets: [{ key: 'gone', add: ['x'] }], incr: [{ key: 'tally', field: 'no', by: 1 }] });
      await commit({ sets: [{ key: 'gone', remove: ['x'] }], incr: [{ key: 'tally', field: 'no', by: -1 }] });
    };
    const sorted = <T extends { key: string }>(list: T[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));

    it('dumps a scope: every document with its version, every set, every counter and the head', async () => {
      await event();
      const dump = await store.dump('ev1');
      expect(dump.head).toBe(2);
      expect(sorted(dump.docs)).toEqual([
        { key: 'meta', version: 1, value: { title: 'Jørgen 🎤' } },
        { key: 'q', version: 2, value: { text: 'Why not?' } },
      ]);
      expect(dump.sets.map((x) => ({ ...x, members: [...x.members].sort() }))).toEqual([{ key: 'up:q', members: ['a', 'b'] }]);
      expect(dump.counters).toEqual([{ key: 'tally', fields: { yes: 2 } }]);
      expect(await store.dump('nothing-here')).toEqual({ head: 0, docs: [], sets: [], counters: [] });
    });

    it('restores a dump into a new scope: same content and versions, numbering goes on from the head, no change log, no replies', async () => {
      await event();
      const dump = await store.dump('ev1');
      expect(await store.restore('copy', dump, { scope: 'index', key: 'code:COPY', value: { eventId: 'copy' } })).toEqual({ kind: 'restored', head: 2 });
      expect(await store.readAt('copy', ['q', 'meta'])).toEqual({
        seq: 2,
        docs: { q: { version: 2, value: { text: 'Why not?' } }, meta: { version: 1, value: { title: 'Jørgen 🎤' } } },
      });
      expect(await store.read('index', ['code:COPY'])).toEqual({ 'code:COPY': { version: 1, value: { eventId: 'copy' } } });
      expect(await store.sets('copy', ['up:q', 'gone'], 'a')).toEqual([
        { size: 2, has: true },
        { size: 0, has: false },
      ]);
      expect(await store.counters('copy', 'tally')).toEqual({ yes: 2 });
      // A client behind the head must take a snapshot; one at the head is up to date.
      expect(await store.changesSince('copy', 0)).toEqual({ kind: 'gone' });
      expect(await store.changesSince('copy', 2)).toEqual({ kind: 'changes', changes: [] });
      // The operation replies stay behind: the same operation id is a new operation here.
      expect(await store.reply('copy', 'u:ask')).toBeNull();
      // A command expecting the versions it read commits, numbered after the head; a stale version conflicts.
      const next = await store.commit({
        scope: 'copy',
        opKey: 'u:ask',
        expect: { q: 2 },
        put: { q: { text: 'Again' } },
        changes: [{ event: 'edited', audience: 'all' }],
        reply: null,
        sets: [{ key: 'up:q', add: ['c'] }],
        incr: [{ key: 'tally', field: 'yes', by: 1 }],
      });
      expect(next).toMatchObject({ kind: 'committed', seq: 3 });
      expect(await store.commit({ scope: 'copy', opKey: null, expect: { q: 2 }, put: { q: 'stale' }, changes: [], reply: null })).toMatchObject({
        kind: 'conflict',
        key: 'q',
      });
      expect(await store.changesSince('copy', 2)).toEqual({ kind: 'changes', changes: [{ seq: 3, audience: 'all', event: 'edited' }] });
      expect(await store.counters('copy', 'tally')).toEqual({ yes: 3 });
      // The original is untouched.
      expect(await store.head('ev1')).toBe(2);
      expect(await store.counters('ev1', 'tally')).toEqual({ yes: 2 });
    });

    it('refuses to restore over a scope that exists, or with a claimed document that exists, and then writes nothing', async () => {
      await event();
      const dump = await store.dump('ev1');
      await store.commit({ scope: 'index', opKey: null, expect: {}, put: { 'code:USED': { eventId: 'other' } }, changes: [], reply: null });
      expect(await store.restore('ev1', { head: 9, docs: [{ key: 'q', version: 5, value: 'over' }], sets: [], counters: [] })).toEqual({ kind: 'exists' });
      expect((await store.read('ev1', ['q'])).q).toEqual({ version: 2, value: { text: 'Why not?' } });
      expect(await store.head('ev1')).toBe(2);
      expect(await store.restore('copy', dump, { scope: 'index', key: 'code:USED', value: { eventId: 'copy' } })).toEqual({
        kind: 'taken',
        key: 'code:USED',
      });
      expect(await store.readAt('copy', ['q', 'meta'])).toEqual({ seq: 0, docs: { q: undefined, meta: undefined } });
      expect(await store.sets('copy', ['up:q'])).toEqual([{ size: 0, has: false }]);
      expect(await store.counters('copy', 'tally')).toEqual({});
      expect(await store.dump('copy')).toEqual({ head: 0, docs: [], sets: [], counters: [] });
      expect((await store.read('index', ['code:USED']))['code:USED']?.value).toEqual({ eventId: 'other' });
      // Two restores of one scope at once: one wins, the other is told the scope exists.
      const both = await Promise.all([store.restore('twice', dump), store.restore('twice', dump)]);
      expect(both.map((o) => o.kind).sort()).toEqual(['exists', 'restored']);
    });

    it('dumps one instant while commits go on: documents, sets, counters and head agree', async () => {
      const writes = Array.from({ length: 200 }, (_, i) =>
        commit({
          put: { [`d:${i}`]: i },
          changes: [{ event: i, audience: 'all' }],
          sets: [{ key: 'all', add: [`m${i}`] }],
          incr: [{ key: 'count', field: 'n', by: 1 }],
        }),
      );
      const dumps = await Promise.all([5, 50, 150].map((n) => new Promise((r) => setTimeout(r, n)).then(() => store.dump('ev1'))));
      await Promise.all(writes);
      dumps.push(await store.dump('ev1'));
      for (const dump of dumps) {
        const members = dump.sets.find((x) => x.key === 'all')?.members.length ?? 0;
        const counted = dump.counters.find((x) => x.key === 'count')?.fields.n ?? 0;
        expect({ docs: dump.docs.length, members, counted }).toEqual({ docs: dump.head, members: dump.head, counted: dump.head });
      }
      expect(dumps.at(-1)!.head).toBe(200);
    });

    it('serves a large restore whole or not at all, never half of it', async () => {
      const sets = Array.from({ length: 300 }, (_, i) => ({ key: `up:${i}`, members: Array.from({ length: 20 }, (_, j) => `a${j}`) }));
      const docs = Array.from({ length: 3000 }, (_, i) => ({ key: `d:${i}`, version: 3, value: { i, text: 'x'.repeat(100) } }));
      const restoring = store.restore('big', { head: 77, docs, sets, counters: [{ key: 'tally', fields: { yes: 5 } }] });
      const seen = new Set<string>();
      let done = false;
      void restoring.finally(() => (done = true));
      while (!done) {
        const [{ seq, docs: got }, [set]] = await Promise.all([store.readAt('big', ['d:0', 'd:2999']), store.sets('big', ['up:299'])]);
        const whole = seq === 77 && !!got['d:0'] && !!got['d:2999'];
        const none = seq === 0 && !got['d:0'] && !got['d:2999'];
        expect(whole || none).toBe(true);
        // The sets are not read atomically with the documents: once the head is there, they are too.
        if (whole) expect(set!.size).toBe(20);
        seen.add(whole ? 'whole' : 'none');
      }
      expect(await restoring).toEqual({ kind: 'restored', head: 77 });
      expect((await store.read('big', ['d:1234']))['d:1234']).toEqual({ version: 3, value: { i: 1234, text: 'x'.repeat(100) } });
      expect(await store.members('big', 'up:150')).toHaveLength(20);
    });

    if (reopen) {
      it('keeps a restored scope and its claimed document across a close and reopen (twice)', async () => {
        await event();
        const dump = await store.dump('ev1');
        await store.restore('copy', dump, { scope: 'index', key: 'code:COPY', value: { eventId: 'copy' } });
        await store.commit({ scope: 'copy', opKey: null, expect: { q: 2 }, put: { q: 'after' }, changes: [{ event: 'x', audience: 'all' }], reply: null });
        for (let i = 0; i < 2; i++) {
          store = await reopen(store);
          expect(await store.readAt('copy', ['q', 'meta'])).toEqual({
            seq: 3,
            docs: { q: { version: 3, value: 'after' }, meta: { version: 1, value: { title: 'Jørgen 🎤' } } },
          });
          expect(await store.read('index', ['code:COPY'])).toEqual({ 'code:COPY': { version: 1, value: { eventId: 'copy' } } });
          expect((await store.members('copy', 'up:q')).sort()).toEqual(['a', 'b']);
          expect(await store.counters('copy', 'tally')).toEqual({ yes: 2 });
          expect(await store.changesSince('copy', 2)).toEqual({ kind: 'changes', changes: [{ seq: 3, audience: 'all', event: 'x' }] });
        }
      });
    }
    it("forgets a scope's change log and operation replies, keeping its head and its documents", async () => {
      await commit({
        opKey: 'a:1',
        expect: { q: 0 },
        put: { q: { text: 'Zelda asks' } },
        changes: [{ event: { text: 'Zelda asks' }, audience: 'all' }],
        reply: { text: 'Zelda asks' },
      });
      await store.commit({ scope: 'ev2', opKey: 'a:1', expect: {}, put: {}, changes: [{ event: 'other', audience: 'all' }], reply: { kept: true } });
      await commit({ expect: { q: 1 }, put: { q: { text: '' } } });
      await store.forgetHistory('ev1');
      expect(await store.head('ev1')).toBe(1);
      expect(await store.changesSince('ev1', 0)).toEqual({ kind: 'gone' });
      expect(await store.changesSince('ev1', 1)).toEqual({ kind: 'changes', changes: [] });
      expect(await store.reply('ev1', 'a:1')).toBeNull();
      expect((await store.read('ev1', ['q'])).q).toEqual({ version: 2, value: { text: '' } });
      // Another scope keeps its history.
      expect(await store.reply('ev2', 'a:1')).toEqual({ seq: 1, reply: { kept: true } });
      expect(await store.changesSince('ev2', 0)).toMatchObject({ kind: 'changes', changes: [{ seq: 1 }] });
      // Numbering goes on from the head.
      const next = await commit({ changes: [{ event: 'after', audience: 'all' }] });
      expect(next).toMatchObject({ kind: 'committed', seq: 2 });
      expect(await store.changesSince('ev1', 1)).toEqual({ kind: 'changes', changes: [{ seq: 2, audience: 'all', event: 'after' }] });
      expect(await store.changesSince('ev1', 0)).toEqual({ kind: 'gone' });
      if (reopen) {
        store = await reopen(store);
        expect(await store.head('ev1')).toBe(2);
        expect(await store.changesSince('ev1', 0)).toEqual({ kind: 'gone' });
        expect(await store.reply('ev1', 'a:1')).toBeNull();
      }
    });

    it('names the scopes that hold documents, and only those (not a scope of sets alone, nor a dump in the making)', async () => {
      expect(await store.scopeNames()).toEqual([]);
      await commit({ expect: { a: 0 }, put: { a: 1 }, sets: [{ key: 'x:ver', add: ['m'] }] });
      await store.commit({ scope: 'ev-2', opKey: null, expect: {}, put: { 'b:ver': 2 }, changes: [{ event: 'e', audience: 'all' }], reply: null });
      await store.commit({ scope: 'sets-only', opKey: null, expect: {}, put: {}, changes: [], reply: null, sets: [{ key: 's', add: ['m'] }] });
      await store.dump('ev1');
      expect(await store.restore('copy', await store.dump('ev1'))).toMatchObject({ kind: 'restored' });
      expect((await store.scopeNames()).sort()).toEqual(['copy', 'ev-2', 'ev1']);
      if (reopen) {
        store = await reopen(store);
        expect((await store.scopeNames()).sort()).toEqual(['copy', 'ev-2', 'ev1']);
      }
    });
  });
}
