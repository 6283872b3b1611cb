import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { call, client, onChange, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { TestRedis } from '../helpers/redis';
import { SLOT } from '../helpers/breakouts';
import { EmbeddedStore } from '../../server/store/embedded';
import { RedisStore } from '../../server/store/redis';
import { DEMO_EVENT } from '../../server/setup';
import { FEATURES } from '../../server/features';
import { sweepRetention } from '../../server/features/privacy/sweep';
import type { Change, Notice } from '../../shared/protocol/messages';
import type { Question } from '../../shared/protocol/qa';

/**
 * People's data on both stores, over real sockets: the organiser's erase leaves no name or text of the event anywhere
 * in the store (every document, set, counter, the change log, the stored replies; Redis's keys; the embedded
 * journal after a restart) while the figures stay; an attendee downloads and deletes what they wrote, by their
 * session only; the retention erases by itself once it is over, once.
 */
const redis = new TestRedis({ appendfsync: 'no-aof' });
let reader: Redis;
beforeAll(async () => {
  await redis.start();
  reader = new Redis(redis.url);
}, 30_000);
afterAll(async () => {
  reader.disconnect();
  await redis.dispose();
});

/** Every name and text the scripted event writes: none may be left anywhere after the erase. */
const NEEDLES = [
  'Zelda Quasimodo',
  'Bartholomew Xylophone',
  'Quokkafest',
  'Quokkareply',
  'Quibblechat',
  'Snorkelchat',
  'Quokkacontribution',
  'Quokkaopen',
  'Mallory Quokkaban',
];

interface Setup {
  server: TestServer;
  /** Everything the store holds for the event (and the global scope), as one text. */
  dump(): Promise<string>;
  /** The same after the store is closed and opened again (embedded: its journal file as compacted at open). */
  dumpAfterRestart(): Promise<string>;
}

const STORES: Record<'embedded' | 'redis', (now?: () => number) => Promise<Setup>> = {
  embedded: async (now) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-privacy-'));
    const journal = path.join(dir, 'journal.jsonl');
    const server = await startServer({ store: new EmbeddedStore({ dir }), now });
    return {
      server,
      // The journal holds every commit's line, documents, sets, counters, changes and replies: all of the store.
      dump: async () => (await server.store.head(DEMO_EVENT.id), fs.readFileSync(journal, 'utf8')),
      dumpAfterRestart: async () => {
        await server.close();
        const again = new EmbeddedStore({ dir });
        await again.open();
        const text = fs.readFileSync(journal, 'utf8');
        await again.close();
        fs.rmSync(dir, { recursive: true, force: true });
        return text;
      },
    };
  },
  redis: async (now) => {
    const prefix = `privacy${Date.now()}${Math.random().toString(36).slice(2, 6)}:`;
    const server = await startServer({ store: new RedisStore({ url: redis.url, prefix }), now });
    const dump = async () => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await reader.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        keys.push(...found);
        cursor = next;
      } while (cursor !== '0');
      expect(keys.length).toBeGreaterThan(10);
      const parts = await Promise.all(
        keys.map(async (key) => {
          const type = await reader.type(key);
          const value =
            type === 'string'
              ? await reader.get(key)
              : type === 'hash'
                ? await reader.hgetall(key)
                : type === 'list'
                  ? await reader.lrange(key, 0, -1)
                  : type === 'set'
                    ? await reader.smembers(key)
                    : `(${type})`;
          return `${key} ${JSON.stringify(value)}`;
        }),
      );
      return parts.join('\n');
    };
    return {
      server,
      dump,
      dumpAfterRestart: async () => {
        await server.close();
        return dump();
      },
    };
  },
};

const post = (s: ClientSocket, roomId: string, text: string) => call(s, 'chat:post', { opId: opId(), roomId, text });
const ask = (s: ClientSocket, text: string) => call(s, 'qa:ask', { opId: opId(), roomId: 'plenary', text, target: null, anonymous: false });

/** Staff and two attendees, and everything they can write: questions, a reply, chat, a contribution, sign-ups, votes. */
async function scriptEvent(srv: TestServer, open: (token: string) => Promise<ClientSocket>) {
  const organiser = await open(await srv.link('organiser'));
  const chair = await open(await srv.link('chair', 'breakout-1'));
  expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'breakout-1', premoderation: false })).toMatchObject({ ok: true });
  expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
  const zelda = await srv.join('Zelda Quasimodo');
  const bart = await srv.join('Bartholomew Xylophone');
  const z = await open(zelda.token);
  const b = await open(bart.token);

  const asked = await ask(z, 'Will Quokkafest credentials travel across borders?');
  expect(asked).toMatchObject({ ok: true });
  expect(await ask(b, 'Bartholomew asks about stackable units')).toMatchObject({ ok: true });
  const question = (await snapshotOf(organiser)).qa.questions.find((q: Question) => q.id === asked.questionId)!;
  expect(await call(organiser, 'qa:reply', { opId: opId(), questionId: question.id, rev: question.rev, text: 'Yes, Quokkareply: they do.' })).toMatchObject({
    ok: true,
  });
  expect(await post(z, 'plenary', 'Quibblechat hello from the plenary')).toMatchObject({ ok: true });
  expect(await post(b, 'plenary', 'Snorkelchat from the back row')).toMatchObject({ ok: true });
  expect(await call(z, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'Quokkacontribution on recognition.' })).toMatchObject({
    ok: true,
  });
  expect(await call(z, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: 'breakout-2' })).toMatchObject({ ok: true });
  expect(await call(b, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: 'breakout-2' })).toMatchObject({ ok: true });
  expect(await call(organiser, 'poll:control', { opId: opId(), pollId: 'd2-s2-issuing', action: 'launch' })).toMatchObject({ ok: true });
  expect(await call(z, 'poll:vote', { opId: opId(), pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'issue' } })).toMatchObject({ ok: true });
  expect(await call(b, 'poll:vote', { opId: opId(), pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'both' } })).toMatchObject({ ok: true });
  const openPoll = (await snapshotOf(organiser)).polls.polls.find((p) => p.type === 'open')!;
  expect(await call(organiser, 'poll:control', { opId: opId(), pollId: openPoll.id, action: 'launch' })).toMatchObject({ ok: true });
  expect(await call(z, 'poll:vote', { opId: opId(), pollId: openPoll.id, choice: { type: 'open', text: 'Quokkaopen thoughts on portability' } })).toMatchObject(
    {
      ok: true,
    },
  );
  // A ban keeps the name the chair saw.
  const mallory = await srv.join('Mallory Quokkaban');
  expect(
    await call(chair, 'moderation:ban', { opId: opId(), attendeeId: mallory.attendeeId, name: 'Mallory Quokkaban', reason: 'Spam', removeMessages: false }),
  ).toMatchObject({
    ok: true,
  });
  return { organiser, chair, zelda, bart, z, b, questionId: asked.questionId as string, openPollId: openPoll.id };
}

describe.each(['embedded', 'redis'] as const)("the organiser's erase on the %s store", (kind) => {
  let setup: Setup;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(setup.server.url, token);
    sockets.push(s);
    return s;
  };
  beforeAll(async () => {
    setup = await STORES[kind]();
  }, 30_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await setup.server.close().catch(() => undefined);
  });

  it('V5 leaves no name or text of the event in the store, after a restart too; the figures stay; people connected are told', async () => {
    const { organiser, z, b, questionId } = await scriptEvent(setup.server, open);
    const store = setup.server.store;
    const before = await setup.dump();
    // The scan sees what is there: every name and text is in the store before the erase.
    for (const needle of NEEDLES) expect(before, needle).toContain(needle);
    const staffBefore = await snapshotOf(organiser);
    const tallyBefore = await store.counters(DEMO_EVENT.id, 'tally:d2-s2-issuing');
    const headBefore = await store.head(DEMO_EVENT.id);

    const notices: Notice[] = [];
    b.on('notice', (n) => notices.push(n));
    // Only the organiser erases.
    expect(await call(z, 'privacy:erase', { opId: opId() })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const erased = await call(organiser, 'privacy:erase', { opId: opId() });
    expect(erased).toMatchObject({ ok: true });
    await waitFor(() => notices.some((n) => n.code === 'ERASED'), { what: 'the erase notice' });

    const after = await setup.dump();
    for (const needle of NEEDLES) expect(after, needle).not.toContain(needle);
    // The figures: the questions (and which were answered), the poll's tally, the contributions, the sign-ups' places.
    const staffAfter = await snapshotOf(organiser);
    expect(staffAfter.qa.questions.map((q) => q.id).sort()).toEqual(staffBefore.qa.questions.map((q) => q.id).sort());
    const q = staffAfter.qa.questions.find((x) => x.id === questionId)!;
    expect(q).toMatchObject({ text: '', authorName: null, reply: { text: '' } });
    expect(await store.counters(DEMO_EVENT.id, 'tally:d2-s2-issuing')).toEqual(tallyBefore);
    expect(staffAfter.breakouts.contributions.length).toBe(staffBefore.breakouts.contributions.length);
    expect(JSON.stringify(staffAfter.breakouts)).not.toContain('Zelda');
    // The ban stays in force, without the name.
    expect(staffAfter.moderation.bans).toEqual([expect.objectContaining({ name: null, reason: 'Spam' })]);
    // The sequence goes on from where it was; a client behind takes a snapshot.
    expect(await store.head(DEMO_EVENT.id)).toBeGreaterThanOrEqual(headBefore);
    expect(await store.changesSince(DEMO_EVENT.id, 0)).toEqual({ kind: 'gone' });
    const caughtUp = await call(b, 'sync', { epoch: store.epoch(), lastSeq: 1 });
    expect(caughtUp).toMatchObject({ ok: true, mode: 'snapshot' });
    // An attendee's own download is empty of texts now.
    const mine = await call(z, 'privacy:mine', {});
    expect(JSON.stringify(mine)).not.toMatch(/Quokka|Quibble/);

    const restarted = await setup.dumpAfterRestart();
    for (const needle of NEEDLES) expect(restarted, needle).not.toContain(needle);
    expect(restarted).toContain('d2-s2-issuing');
  }, 60_000);
});

describe.each(['embedded', 'redis'] as const)("an attendee's own data on the %s store", (kind) => {
  let setup: Setup;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(setup.server.url, token);
    sockets.push(s);
    return s;
  };
  beforeAll(async () => {
    setup = await STORES[kind]();
  }, 30_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await setup.server.close();
  });

  it('V6 downloads what they wrote, deletes it for everybody by their session only, and the figures stay', async () => {
    const { organiser, z, b, zelda, questionId } = await scriptEvent(setup.server, open);
    const store = setup.server.store;
    // Their download: their question, message, contribution, sign-up and votes; nothing of Bartholomew's.
    const mine = await call(z, 'privacy:mine', {});
    expect(mine).toMatchObject({ ok: true, data: { attendeeId: zelda.attendeeId, name: 'Zelda Quasimodo' } });
    const text = JSON.stringify(mine.data);
    for (const own of ['Quokkafest', 'Quibblechat', 'Quokkacontribution', 'Quokkaopen', 'd2-s2-issuing', SLOT]) expect(text, own).toContain(own);
    for (const theirs of ['Bartholomew', 'Snorkelchat']) expect(text, theirs).not.toContain(theirs);
    expect(mine.data.parts.questions.asked).toEqual([expect.objectContaining({ id: questionId, reply: 'Yes, Quokkareply: they do.' })]);
    expect(mine.data.parts.breakouts.signups).toEqual([
      { slotId: SLOT, roomId: 'breakout-2', waiting: false, name: 'Zelda Quasimodo', at: expect.any(Number) },
    ]);

    // Staff have no such data; another attendee naming Zelda in the payload deletes only their own (nothing here).
    expect(await call(organiser, 'privacy:deleteMine', { opId: opId() })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const other = await open((await setup.server.join('Nosy Parker')).token);
    expect(await call(other, 'privacy:deleteMine', { opId: opId(), attendeeId: zelda.attendeeId })).toMatchObject({ ok: true, removed: 0 });
    expect(JSON.stringify((await call(z, 'privacy:mine', {})).data)).toContain('Quokkafest');

    const tallyBefore = await store.counters(DEMO_EVENT.id, 'tally:d2-s2-issuing');
    const idsBefore = await store.members(DEMO_EVENT.id, 'qa:ids:plenary');
    const seen: Change[] = [];
    onChange(b, (c) => seen.push(c));
    const deleted = await call(z, 'privacy:deleteMine', { opId: opId() });
    expect(deleted).toMatchObject({ ok: true });
    expect(deleted.removed).toBeGreaterThanOrEqual(3);
    // Bartholomew is told at once, and his snapshot has none of it; his own writing stays.
    await waitFor(() => seen.some((c) => c.event?.type === 'chat.deleted'), { what: 'the deletion reaching others' });
    const bSnap = await snapshotOf(b);
    const bText = JSON.stringify({ qa: bSnap.qa, chat: bSnap.chat, breakouts: bSnap.breakouts });
    for (const gone of ['Quokkafest', 'Quibblechat', 'Quokkacontribution', 'Zelda']) expect(bText, gone).not.toContain(gone);
    for (const kept of ['Bartholomew asks about stackable units', 'Snorkelchat']) expect(bText, kept).toContain(kept);
    // The staff's view: no name or text of hers in the documents either; the figures stay.
    const staff = await snapshotOf(organiser);
    expect(JSON.stringify({ qa: staff.qa, chat: staff.chat, breakouts: staff.breakouts, polls: staff.polls })).not.toMatch(/Zelda|Quokka|Quibble/);
    expect(await store.counters(DEMO_EVENT.id, 'tally:d2-s2-issuing')).toEqual(tallyBefore);
    expect((await store.members(DEMO_EVENT.id, 'qa:ids:plenary')).sort()).toEqual(idsBefore.sort());
    // Her breakout place stays, without her name.
    const record = `bo:mine:${SLOT}:${zelda.attendeeId}`;
    expect((await store.read(DEMO_EVENT.id, [record]))[record]?.value).toMatchObject({ roomId: 'breakout-2', name: null });
    expect(await store.members(DEMO_EVENT.id, `bo:in:${SLOT}:breakout-2`)).toContain(zelda.attendeeId);
    // Her votes stay hers (and counted); her writing is gone from her download too.
    const again = JSON.stringify((await call(z, 'privacy:mine', {})).data);
    expect(again).toContain('d2-s2-issuing');
    expect(again).not.toMatch(/Quokkafest|Quibblechat|Quokkacontribution|Quokkaopen/);

    // A budget per attendee: the next ones are refused until it refills.
    let refused: { ok: boolean; code?: string; reason?: string } | null = null;
    for (let i = 0; i < 6 && !refused; i++) {
      const reply = await call(z, 'privacy:mine', {});
      if (!reply.ok) refused = reply;
    }
    expect(refused).toMatchObject({ ok: false, code: 'RATE_LIMITED', reason: 'privacy.rateLimited' });
  }, 60_000);
});

describe('the retention', () => {
  let clock = Date.now();
  let setup: Setup;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(setup.server.url, token);
    sockets.push(s);
    return s;
  };
  beforeAll(async () => {
    setup = await STORES.embedded(() => clock);
  }, 30_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await setup.server.close();
  });
  const DAY = 24 * 60 * 60 * 1000;
  const sweep = () =>
    sweepRetention({
      store: setup.server.store,
      service: setup.server.app.service,
      io: setup.server.app.io,
      now: () => clock,
      personalData: FEATURES.flatMap((f) => (f.personalData ? [f.personalData] : [])),
    });

  it('V1 V2 V3 V4 is set by the organiser in days within limits, and erases by itself once over, once', async () => {
    const { organiser, z } = await scriptEvent(setup.server, open);
    const view = await call(organiser, 'privacy:get', {});
    expect(view).toMatchObject({ ok: true, settings: { retentionDays: 30, erasedAt: null, rev: 0 } });
    // The demo's programme is past: the retention counts from the event's setup.
    const endsAt = view.endsAt as number;
    expect(endsAt).toBeGreaterThan(Date.parse('2023-06-23'));
    expect(view.erasesAt).toBe(endsAt + 30 * DAY);

    expect(await call(z, 'privacy:setRetention', { opId: opId(), retentionDays: 10, rev: 0 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    for (const days of [0, 366, 2.5])
      expect(await call(organiser, 'privacy:setRetention', { opId: opId(), retentionDays: days, rev: 0 })).toMatchObject({
        ok: false,
        code: 'BAD_REQUEST',
      });
    expect(await call(organiser, 'privacy:setRetention', { opId: opId(), retentionDays: 0, rev: 0 })).toMatchObject({
      reason: 'privacy.retentionRange',
      params: { min: 1, max: 365 },
    });
    expect(await call(organiser, 'privacy:setRetention', { opId: opId(), retentionDays: 10, rev: 0 })).toMatchObject({
      ok: true,
      settings: { retentionDays: 10, rev: 1 },
      erasesAt: endsAt + 10 * DAY,
    });
    expect(await call(organiser, 'privacy:setRetention', { opId: opId(), retentionDays: 12, rev: 0 })).toMatchObject({
      ok: false,
      code: 'VERSION_CONFLICT',
      reason: 'privacy.conflict',
    });
    const res = await fetch(`${setup.server.url}/api/events/${DEMO_EVENT.id}/privacy`);
    expect(await res.json()).toMatchObject({ ok: true, retentionDays: 10, erasesAt: endsAt + 10 * DAY });

    // Before it is over: nothing happens.
    clock = endsAt + 10 * DAY - 1;
    expect(await sweep()).toEqual([]);
    expect(JSON.stringify((await snapshotOf(organiser)).qa)).toContain('Quokkafest');
    // Once over: two processes' sweeps at once erase once; a later pass does nothing.
    clock = endsAt + 10 * DAY + 1;
    const [first, second] = await Promise.all([sweep(), sweep()]);
    expect([...first, ...second]).toEqual([DEMO_EVENT.id]);
    for (const needle of NEEDLES) expect(await setup.dump(), needle).not.toContain(needle);
    expect(await sweep()).toEqual([]);
    expect(await call(organiser, 'privacy:get', {})).toMatchObject({ settings: { erasedAt: endsAt + 10 * DAY + 1 } });
  }, 60_000);
});
