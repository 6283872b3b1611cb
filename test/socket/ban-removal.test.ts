import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { call, client, onChange, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { TestRedis } from '../helpers/redis';
import { RedisStore } from '../../server/store/redis';
import { DEMO_EVENT } from '../../server/setup';
import type { Change } from '../../shared/protocol/messages';
import type { Contribution } from '../../shared/protocol/breakouts';

/**
 * M4 on both stores, over real sockets: a ban with "remove their past messages" takes the person's chat messages out
 * of every room (for everybody at once, for a later join, for history loaded by page; unpinned) and hides their
 * key-topic contributions, in the ban's commit; other people's messages stay.
 */
const redis = new TestRedis({ appendfsync: 'no-aof' });
beforeAll(async () => {
  await redis.start();
}, 30_000);
afterAll(async () => {
  await redis.dispose();
});

const STORES = {
  embedded: () => startServer(),
  redis: () => startServer({ store: new RedisStore({ url: redis.url, prefix: `ban${Date.now()}:` }) }),
};

describe.each(Object.keys(STORES) as (keyof typeof STORES)[])('a ban removing past messages on the %s store', (kind) => {
  let srv: TestServer;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(srv.url, token);
    sockets.push(s);
    return s;
  };
  const post = (s: ClientSocket, roomId: string, text: string) => call(s, 'chat:post', { opId: opId(), roomId, text });
  const texts = async (s: ClientSocket, roomId: string) => (await snapshotOf(s)).chat.history[roomId]!.messages.map((m) => m.text);

  beforeAll(async () => {
    srv = await STORES[kind]();
  }, 30_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await srv.close();
  });

  it('M4 C7 B10 their chat messages are gone in every room, for everybody, for a later join and in history by page; their contributions hidden; others stay', async () => {
    const chair = await open(await srv.link('chair', 'breakout-1'));
    const plenaryChair = await open(await srv.link('chair', 'plenary'));
    expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'breakout-1', premoderation: false })).toMatchObject({ ok: true });
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
    const troll = await srv.join('Troll');
    const t = await open(troll.token);
    const watcher = await open((await srv.join('Watcher')).token);

    expect(await post(watcher, 'plenary', 'Good morning all')).toMatchObject({ ok: true });
    const spam = await post(t, 'plenary', 'Buy cheap stuff at my shop');
    expect(spam).toMatchObject({ ok: true });
    expect(await post(t, 'plenary', 'Really, buy it')).toMatchObject({ ok: true });
    expect(await post(t, 'breakout-1', 'Spam in the breakout too')).toMatchObject({ ok: true });
    expect(await post(watcher, 'breakout-1', 'A real remark')).toMatchObject({ ok: true });
    expect(await call(plenaryChair, 'chat:pin', { opId: opId(), roomId: 'plenary', messageId: spam.message.id })).toMatchObject({ ok: true });
    const contributed = await call(t, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'Visit my shop for answers.' });
    expect(contributed).toMatchObject({ ok: true, status: 'live' });
    const theirContribution = contributed.contributionId as string;
    const kept = await call(watcher, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'Recognition across borders.' });
    expect(kept).toMatchObject({ ok: true, status: 'live' });
    await waitFor(async () => (await texts(watcher, 'plenary')).length === 3, { what: 'the messages in the history' });

    const seen: Change[] = [];
    onChange(watcher, (c) => seen.push(c));
    expect(
      await call(chair, 'moderation:ban', { opId: opId(), attendeeId: troll.attendeeId, name: 'Troll', reason: 'Spam', removeMessages: true }),
    ).toMatchObject({ ok: true });

    // Everybody connected is told (the live stream's deletions), and their snapshot no longer has them.
    await waitFor(() => seen.filter((c) => c.event?.type === 'chat.deleted').length === 3, { what: 'the three deletions' });
    expect(await texts(watcher, 'plenary')).toEqual(['Good morning all']);
    expect(await texts(watcher, 'breakout-1')).toEqual(['A real remark']);
    const snap = await snapshotOf(watcher);
    expect(snap.chat.rooms['plenary']?.pinned ?? null).toBeNull();
    expect(snap.breakouts.contributions.map((c) => c.id)).toEqual([kept.contributionId]);

    // Someone who joins later, and history loaded by page, do not get them either.
    const later = await open((await srv.join('Later')).token);
    expect(await texts(later, 'plenary')).toEqual(['Good morning all']);
    const page = await call(later, 'chat:history', { roomId: 'plenary', page: 0 });
    expect(page.messages.map((m: { text: string }) => m.text)).toEqual(['Good morning all']);
    // The staff see the contribution as hidden (it may be restored), in the store too.
    const stored = (await srv.store.read(DEMO_EVENT.id, [`bo:c:${theirContribution}`]))[`bo:c:${theirContribution}`]?.value as Contribution;
    expect(stored.status).toBe('hidden');
  });
});
