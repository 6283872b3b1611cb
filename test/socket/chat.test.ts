import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io as connect } from 'socket.io-client';
import { call, onChange, opId, snapshotOf, startServer, writeStored, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { TestRedis } from '../helpers/redis';
import { RedisStore } from '../../server/store/redis';
import { LIMITS } from '../../shared/limits';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import type { Change, Sync, Welcome } from '../../shared/protocol/messages';
import type { ChatMessage, ReactionCount } from '../../shared/protocol/chat';
import { DEMO_EVENT } from '../../server/setup';
import { forgetAgedReactions } from '../../server/features/chat/upgrade';

/**
 * The chat over real sockets, on both stores: history on join and on reconnect, older pages by cursor, deletion
 * seen by a late reconnection, floods refused while others still write, retried messages stored once, moving into
 * the Q&A, holding for review.
 */

const redis = new TestRedis({ appendfsync: 'no-aof' });
beforeAll(async () => {
  await redis.start();
});
afterAll(async () => {
  await redis.dispose();
});

let prefixes = 0;
const STORES = {
  embedded: () => startServer(),
  redis: () => startServer({ store: new RedisStore({ url: redis.url, prefix: `chat${++prefixes}:` }) }),
};

describe.each(Object.keys(STORES) as (keyof typeof STORES)[])('chat on the %s store', (kind) => {
  let srv: TestServer;
  const sockets: ClientSocket[] = [];
  let addresses = 0;

  /** A real client from its own network address (the server trusts the address a loopback proxy forwards). */
  async function open(token: string, opts: { address?: string; sync?: Sync } = {}): Promise<{ s: ClientSocket; welcome: Welcome }> {
    const s: ClientSocket = connect(srv.url, {
      auth: { v: PROTOCOL_VERSION, token, ...(opts.sync ? { sync: opts.sync } : {}) },
      transports: ['websocket'],
      upgrade: false,
      reconnection: false,
      forceNew: true,
      extraHeaders: { 'x-forwarded-for': opts.address ?? `10.0.0.${++addresses}` },
    });
    sockets.push(s);
    const welcome = await new Promise<Welcome>((resolve, reject) => {
      s.once('welcome', resolve);
      s.once('connect_error', reject);
    });
    return { s, welcome };
  }
  async function attendee(name?: string, address?: string) {
    const j = await srv.join(name);
    return { ...(await open(j.token, { address })), id: j.attendeeId, token: j.token };
  }
  const staff = async (role: 'chair' | 'organiser', room?: string) => (await open(await srv.link(role, room))).s;
  const changes = (s: ClientSocket) => {
    const got: Change[] = [];
    onChange(s, (c) => got.push(c));
    return got;
  };
  const post = (s: ClientSocket, text: string, roomId = 'plenary', op = opId()) => call(s, 'chat:post', { opId: op, roomId, text });
  /** Posts in order, waiting out the per-socket event budget when a burst meets it. */
  async function postAll(s: ClientSocket, texts: string[], roomId: string) {
    const ids: string[] = [];
    for (const text of texts) {
      for (;;) {
        const r = await post(s, text, roomId);
        if (r.ok) {
          ids.push(r.message.id);
          break;
        }
        expect(r).toMatchObject({ code: 'RATE_LIMITED', reason: 'rate.tooFast' });
        await new Promise((resolve) => setTimeout(resolve, r.retryAfterMs ?? 100));
      }
    }
    return ids;
  }
  const history = async (s: ClientSocket, roomId: string) => (await snapshotOf(s)).chat.history[roomId]!;

  beforeAll(async () => {
    srv = await STORES[kind]();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await srv.close();
  });

  it('a message reaches the room in a live tick; history comes with the join and again on reconnecting', async () => {
    const alice = await attendee('Alice');
    const bob = await attendee('Bob');
    const bobChanges = changes(bob.s);
    const sent = await post(alice.s, 'Hello from the plenary <b>bold</b>', 'breakout-1');
    expect(sent).toMatchObject({ ok: true, message: { status: 'published', authorName: 'Alice', badge: null, text: 'Hello from the plenary <b>bold</b>' } });
    await waitFor(() => bobChanges.some((c) => c.event?.type === 'chat.posted'), { what: 'bob to get the message' });
    const chair = await staff('chair', 'breakout-1');
    expect(await post(chair, 'Welcome, everyone', 'breakout-1')).toMatchObject({ ok: true, message: { badge: 'chair' } });

    const carol = await attendee('Carol');
    expect((await history(carol.s, 'breakout-1')).messages.map((m) => m.text)).toEqual(['Hello from the plenary <b>bold</b>', 'Welcome, everyone']);
    // Alice comes back (a new connection with her token, no sync): her snapshot has the history too.
    alice.s.close();
    const again = await open(alice.token);
    const snap = again.welcome.sync.ok && again.welcome.sync.mode === 'snapshot' ? again.welcome.sync.snapshot : null;
    expect(snap?.chat.history['breakout-1']?.messages.map((m) => m.id)).toEqual([sent.message.id, expect.any(String)]);
  });

  it('a burst of messages reaches a client in the live stream’s ticks: one live message per tick, not one per chat message', async () => {
    const watcher = await attendee('Watcher of bursts');
    const frames: number[] = [];
    let posted = 0;
    watcher.s.on('live', (batch) => {
      const n = batch.changes?.filter((c) => c.event?.type === 'chat.posted' && c.event.message.roomId === 'breakout-3').length ?? 0;
      if (n) frames.push(n);
      posted += n;
    });
    const writers = [await staff('organiser'), await staff('chair', 'breakout-3')];
    const started = Date.now();
    const replies = await Promise.all(writers.flatMap((w, i) => Array.from({ length: 10 }, (_, j) => post(w, `burst ${i}-${j}`, 'breakout-3'))));
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    await waitFor(() => posted === 20, { what: 'all 20 messages to arrive' });
    const ticks = Math.ceil((Date.now() - started) / LIMITS.flushIntervalMs) + 1;
    expect(frames.length).toBeLessThanOrEqual(ticks);
    expect(frames.length).toBeLessThan(20);
  });

  it('older history by cursor: the snapshot has the newest pages, older ones come page by page, the kept ones only', async () => {
    const chair = await staff('organiser');
    const texts = Array.from({ length: LIMITS.chatPageSize * 3 + 5 }, (_, i) => `message ${i}`);
    await postAll(chair, texts, 'breakout-2');
    const reader = await attendee('Reader');
    const recent = await history(reader.s, 'breakout-2');
    // Pages 2 and 3 of 0-3: 25 + 5 messages, and the cursor of page 1.
    expect(recent.messages.map((m) => m.text)).toEqual(texts.slice(LIMITS.chatPageSize * 2));
    expect(recent.older).toBe(1);
    const one = await call(reader.s, 'chat:history', { roomId: 'breakout-2', page: 1 });
    expect(one).toMatchObject({ ok: true, older: 0 });
    expect(one.messages.map((m: ChatMessage) => m.text)).toEqual(texts.slice(LIMITS.chatPageSize, LIMITS.chatPageSize * 2));
    const zero = await call(reader.s, 'chat:history', { roomId: 'breakout-2', page: 0 });
    expect(zero.messages.map((m: ChatMessage) => m.text)).toEqual(texts.slice(0, LIMITS.chatPageSize));
    expect(zero.older).toBeNull();
    // A page beyond the head is empty; a malformed cursor is refused.
    expect(await call(reader.s, 'chat:history', { roomId: 'breakout-2', page: 99 })).toMatchObject({ ok: true, messages: [], older: null });
    expect(await call(reader.s, 'chat:history', { roomId: 'breakout-2', page: -1 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('C11 a page overwritten in the ring takes its reactions along: their counts and reactors leave the store, the kept pages keep theirs', async () => {
    const organiser = await staff('organiser');
    const reader = await attendee('Reactor');
    const react = (messageId: string) => call(reader.s, 'chat:react', { opId: opId(), roomId: 'breakout-3', messageId, reaction: 'clap', on: true });
    const pageOf = (id: string) => Number(id.slice(0, id.indexOf('.')));
    let n = 0;
    /** Posts until a message lands on `page`; its id. */
    const postUntil = async (page: number) => {
      for (;;) {
        const [id] = await postAll(organiser, [`ring ${n++}`], 'breakout-3');
        if (pageOf(id!) === page) return id!;
      }
    };
    const [now] = await postAll(organiser, [`ring ${n++}`], 'breakout-3');
    const p = pageOf(now!) + 1;
    // The first message of a page and of the next, each with a reaction.
    const [first, second] = [await postUntil(p), await postUntil(p + 1)];
    for (const id of [first, second]) expect(await react(id)).toMatchObject({ ok: true });
    const ticks = () => srv.store.counters(DEMO_EVENT.id, 'chat:ticks');
    expect(await ticks()).toMatchObject({ [`${first}:clap`]: 1, [`${second}:clap`]: 1 });
    // The page that takes the first one's place in the ring.
    await postUntil(p + LIMITS.chatPagesKept);
    const after = await ticks();
    expect(after).not.toHaveProperty(`${first}:clap`);
    expect(after).toMatchObject({ [`${second}:clap`]: 1 });
    expect(await srv.store.sets(DEMO_EVENT.id, [`cr:${first}:clap`, `cr:${second}:clap`])).toEqual([
      { size: 0, has: false },
      { size: 1, has: false },
    ]);
    // And a message of the page gone cannot be reacted to any more.
    expect(await react(first)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('C11 at start, the reactions an earlier version left behind (of messages no longer kept) are forgotten, the kept ones stay', async () => {
    const organiser = await staff('organiser');
    const reader = await attendee('Late reactor');
    const [kept] = await postAll(organiser, ['still here'], 'plenary');
    expect(await call(reader.s, 'chat:react', { opId: opId(), roomId: 'plenary', messageId: kept!, reaction: 'party', on: true })).toMatchObject({ ok: true });
    // As an earlier version left them: the reactions of a message whose page the ring has long overwritten.
    const old = '0.0ld-message';
    await writeStored(srv.store, {
      sets: [{ key: `cr:${old}:heart`, add: ['someone', 'another'] }],
      incr: [{ key: 'chat:ticks', field: `${old}:heart`, by: 2 }],
    });
    expect(await forgetAgedReactions(srv.store, DEMO_EVENT.id)).toBeGreaterThanOrEqual(1);
    const ticks = await srv.store.counters(DEMO_EVENT.id, 'chat:ticks');
    expect(ticks).not.toHaveProperty(`${old}:heart`);
    expect(ticks).toMatchObject({ [`${kept}:party`]: 1 });
    expect(await srv.store.members(DEMO_EVENT.id, `cr:${old}:heart`)).toEqual([]);
    // Nothing left to forget the next time.
    expect(await forgetAgedReactions(srv.store, DEMO_EVENT.id)).toBe(0);
  });

  it('a deleted message is gone for everyone, also for one who reconnects later and for the history by cursor', async () => {
    const chair = await staff('chair', 'plenary');
    const dave = await attendee('Dave');
    const kept = await post(dave.s, 'This one stays');
    const gone = await post(dave.s, 'This one goes');
    const snap = await snapshotOf(dave.s);
    const { epoch, seq } = snap;
    dave.s.close();

    expect(await call(chair, 'chat:moderate', { opId: opId(), roomId: 'plenary', messageId: gone.message.id, action: 'delete' })).toMatchObject({ ok: true });
    // Dave reconnects with where he was: the welcome carries the deletion among the changes he missed.
    const back = await open(dave.token, { sync: { epoch, lastSeq: seq } });
    expect(back.welcome.sync).toMatchObject({ ok: true, mode: 'changes' });
    const missed = back.welcome.sync.ok && back.welcome.sync.mode === 'changes' ? back.welcome.sync.changes : [];
    expect(missed.map((c) => c.event)).toContainEqual({ type: 'chat.deleted', roomId: 'plenary', messageId: gone.message.id });
    // Someone arriving now never sees it, neither in the snapshot nor in the page by cursor.
    const erin = await attendee('Erin');
    const ids = (await history(erin.s, 'plenary')).messages.map((m) => m.id);
    expect(ids).toContain(kept.message.id);
    expect(ids).not.toContain(gone.message.id);
    const page = await call(erin.s, 'chat:history', { roomId: 'plenary', page: 0 });
    expect(page.messages.map((m: ChatMessage) => m.id)).not.toContain(gone.message.id);
    // Reacting to it now: there is no such message.
    expect(await call(erin.s, 'chat:react', { opId: opId(), roomId: 'plenary', messageId: gone.message.id, reaction: 'heart', on: true })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      reason: 'chat.messageNotFound',
    });
  });

  it('a flood from one attendee is answered RATE_LIMITED with retryAfter while another attendee’s messages still arrive', async () => {
    const flooder = await attendee('Flood');
    const other = await attendee('Other');
    const watcher = await attendee('Watcher');
    const seen = changes(watcher.s);
    const replies = await Promise.all(Array.from({ length: LIMITS.chatMessagesPerAttendee + 5 }, (_, i) => post(flooder.s, `flood ${i}`, 'breakout-3')));
    expect(replies.filter((r) => r.ok)).toHaveLength(LIMITS.chatMessagesPerAttendee);
    const refused = replies.filter((r) => !r.ok);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(r).toMatchObject({ code: 'RATE_LIMITED', reason: 'chat.rateLimited', params: { max: LIMITS.chatMessagesPerAttendee } });
      expect(r.retryAfterMs).toBeGreaterThan(0);
    }
    const ok = await post(other.s, 'I can still talk', 'breakout-3');
    expect(ok).toMatchObject({ ok: true });
    await waitFor(() => seen.some((c) => c.event?.type === 'chat.posted' && c.event.message.id === ok.message.id), { what: 'the other message to arrive' });
  });

  it('a flood from one network address is answered RATE_LIMITED, whoever writes', async () => {
    const address = '10.9.9.9';
    const people = await Promise.all(Array.from({ length: 7 }, (_, i) => attendee(`Same net ${i}`, address)));
    const replies = [];
    for (const p of people) for (let i = 0; i < LIMITS.chatMessagesPerAttendee; i++) replies.push(await post(p.s, `from one net ${i}`, 'breakout-3'));
    expect(replies.filter((r) => r.ok)).toHaveLength(LIMITS.chatMessagesPerAddress);
    expect(replies.find((r) => !r.ok)).toMatchObject({ code: 'RATE_LIMITED', reason: 'chat.addressRateLimited', retryAfterMs: expect.any(Number) });
  });

  it('a retried message (same operation id) is stored once, even once the sender is over their budget', async () => {
    const frank = await attendee('Frank');
    const op = opId();
    const first = await post(frank.s, 'Once only', 'plenary', op);
    const again = await post(frank.s, 'Once only', 'plenary', op);
    expect(again).toEqual(first);
    for (let i = 0; i < LIMITS.chatMessagesPerAttendee; i++) await post(frank.s, `more ${i}`);
    expect(await post(frank.s, 'Once only', 'plenary', op)).toEqual(first);
    const texts = (await history(frank.s, 'plenary')).messages.filter((m) => m.text === 'Once only');
    expect(texts).toHaveLength(1);
  });

  it('reactions: one of each kind per attendee, counted in the live totals', async () => {
    const gina = await attendee('Gina');
    const hugo = await attendee('Hugo');
    const counts: Record<string, ReactionCount>[] = [];
    gina.s.on('live', (b) => b.reactions && counts.push(b.reactions));
    const m = (await post(gina.s, 'React to me')).message as ChatMessage;
    const react = (s: ClientSocket, reaction: string) => call(s, 'chat:react', { opId: opId(), roomId: 'plenary', messageId: m.id, reaction, on: true });
    expect(await react(hugo.s, 'clap')).toMatchObject({ ok: true });
    expect(await react(hugo.s, 'clap')).toMatchObject({ ok: true });
    expect(await react(gina.s, 'clap')).toMatchObject({ ok: true });
    expect(await react(hugo.s, 'heart')).toMatchObject({ ok: true });
    expect(await react(hugo.s, 'nope')).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    const key = `${m.id}:clap`;
    await waitFor(() => counts.some((c) => c[key]?.n === 2), { what: 'the clap count' });
    const snap = await snapshotOf(hugo.s);
    expect(snap.chat.reactions[key]?.n).toBe(2);
    expect(snap.chat.reactions[`${m.id}:heart`]?.n).toBe(1);
    expect(snap.chat.myReactions.sort()).toEqual([key, `${m.id}:heart`].sort());
  });

  it('a chair moves a message into the Q&A: a question by its author, under pre-moderation, linked back to the message', async () => {
    const chair = await staff('chair', 'plenary');
    const ivy = await attendee('Ivy');
    const m = (await post(ivy.s, 'Will the slides be shared afterwards?')).message as ChatMessage;
    const moved = await call(chair, 'chat:moderate', { opId: opId(), roomId: 'plenary', messageId: m.id, action: 'toQuestion' });
    expect(moved).toMatchObject({ ok: true, questionId: expect.any(String) });
    const snap = await snapshotOf(ivy.s);
    expect(snap.qa.questions.find((q) => q.id === moved.questionId)).toMatchObject({
      authorId: ivy.id,
      authorName: 'Ivy',
      text: 'Will the slides be shared afterwards?',
      status: 'pending',
      chatMessageId: m.id,
    });
    expect(snap.chat.history.plenary!.messages.find((x) => x.id === m.id)).toMatchObject({ questionId: moved.questionId });
    // Pending: another attendee does not see the question yet; once.
    const jack = await attendee('Jack');
    expect((await snapshotOf(jack.s)).qa.questions.some((q) => q.id === moved.questionId)).toBe(false);
    expect(await call(chair, 'chat:moderate', { opId: opId(), roomId: 'plenary', messageId: m.id, action: 'toQuestion' })).toMatchObject({
      ok: false,
      reason: 'chat.alreadyMoved',
    });
    // Attendees cannot.
    expect(await call(jack.s, 'chat:moderate', { opId: opId(), roomId: 'plenary', messageId: m.id, action: 'delete' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('hold for review: the sender sees their message pending, others nothing, until a chair approves it', async () => {
    const chair = await staff('chair', 'breakout-1');
    const settings = { opId: opId(), roomId: 'breakout-1', write: 'everyone', hold: true, slowSeconds: 0 };
    expect(await call(chair, 'chat:roomSettings', settings)).toMatchObject({ ok: true });
    const kim = await attendee('Kim');
    const lea = await attendee('Lea');
    const leaChanges = changes(lea.s);
    const held = await post(kim.s, 'Please approve me', 'breakout-1');
    expect(held).toMatchObject({ ok: true, message: { status: 'held' } });
    await waitFor(() => leaChanges.some((c) => c.seq === held.seq), { what: 'lea to get the number' });
    expect(leaChanges.find((c) => c.seq === held.seq)).toEqual({ seq: held.seq, event: null });
    expect((await history(lea.s, 'breakout-1')).messages.some((m) => m.id === held.message.id)).toBe(false);
    expect((await history(kim.s, 'breakout-1')).messages.find((m) => m.id === held.message.id)).toMatchObject({ status: 'held' });
    // Reactions wait for publication: to anyone else, the held message is not there.
    expect(await call(lea.s, 'chat:react', { opId: opId(), roomId: 'breakout-1', messageId: held.message.id, reaction: 'heart', on: true })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await call(chair, 'chat:moderate', { opId: opId(), roomId: 'breakout-1', messageId: held.message.id, action: 'approve' })).toMatchObject({
      ok: true,
    });
    await waitFor(() => leaChanges.some((c) => c.event?.type === 'chat.changed' && c.event.message.id === held.message.id), { what: 'lea to see it approved' });
    expect((await history(lea.s, 'breakout-1')).messages.find((m) => m.id === held.message.id)).toMatchObject({ status: 'published' });
    // The profanity filter holds a message too, with the room's hold off.
    expect(await call(chair, 'chat:roomSettings', { ...settings, opId: opId(), hold: false })).toMatchObject({ ok: true });
    expect(await post(kim.s, 'What the fuck', 'breakout-1')).toMatchObject({ ok: true, message: { status: 'held', flagged: true } });
  });

  it('room settings: staff only, slow mode, a mute with its reason', async () => {
    const chair = await staff('chair', 'breakout-2');
    const mia = await attendee('Mia');
    const set = (extra: object) =>
      call(chair, 'chat:roomSettings', { opId: opId(), roomId: 'breakout-2', write: 'everyone', hold: false, slowSeconds: 0, ...extra });
    expect(await set({ write: 'staff' })).toMatchObject({ ok: true });
    expect(await post(mia.s, 'Can I?', 'breakout-2')).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'chat.staffOnly' });
    expect(await set({ slowSeconds: 30 })).toMatchObject({ ok: true });
    expect(await post(mia.s, 'First', 'breakout-2')).toMatchObject({ ok: true });
    const slow = await post(mia.s, 'Second', 'breakout-2');
    expect(slow).toMatchObject({ ok: false, code: 'RATE_LIMITED', reason: 'chat.slowMode', params: { seconds: 30 } });
    expect(slow.retryAfterMs).toBeGreaterThan(25_000);
    expect((await snapshotOf(mia.s)).chat.lastPostAt['breakout-2']).toEqual(expect.any(Number));
    expect(await call(chair, 'chat:mute', { opId: opId(), attendeeId: mia.id, seconds: 600, reason: 'Off topic' })).toMatchObject({ ok: true });
    expect(await post(mia.s, 'Hello?', 'plenary')).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'chat.muted', params: { reason: 'Off topic' } });
    expect((await snapshotOf(mia.s)).chat.mute).toMatchObject({ attendeeId: mia.id, reason: 'Off topic' });
    expect(await call(chair, 'chat:mute', { opId: opId(), attendeeId: mia.id, seconds: 5, reason: '' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await call(chair, 'chat:mute', { opId: opId(), attendeeId: mia.id, seconds: null, reason: '' })).toMatchObject({ ok: true });
    expect(await post(mia.s, 'Back', 'plenary')).toMatchObject({ ok: true });
  });
});
