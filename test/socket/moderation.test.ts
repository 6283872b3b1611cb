import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { io as connect } from 'socket.io-client';
import { client, call, opId, snapshotOf, startServer, writeStored, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { DEMO_EVENT } from '../../server/setup';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import type { Failure } from '../../shared/protocol/errors';
import { applyModeration, ban, newModeration, type ModerationState } from '../../shared/domain/moderation';
import type { Actor } from '../../shared/domain/actor';
import { MODERATION_COPY_MS } from '../../server/features/moderation/state';

const organiser: Actor = { role: 'organiser', id: 'link:test', roomScope: '*' };

/**
 * Pauses and bans on one real server with real sockets (the embedded store): a room's pause refuses attendee input
 * in that room only (M7), the event's everything an attendee sends; staff are never paused; a ban disconnects the
 * person, refuses their token and their browser's device id, and takes their questions off the lists (M4-M6).
 * Across processes: test/process/moderation.test.ts.
 */

let srv: TestServer;
const sockets: ClientSocket[] = [];
const POLL = 'd2-s2-issuing';

async function attendee(name?: string) {
  const j = await srv.join(name);
  const s = await client(srv.url, j.token);
  sockets.push(s);
  return { s, id: j.attendeeId, token: j.token };
}
async function staff(role: 'chair' | 'organiser', room?: string) {
  const s = await client(srv.url, await srv.link(role, room));
  sockets.push(s);
  return s;
}

/** A connection with a handshake of our own (a device id), resolved with the socket or the refusal. */
function handshake(auth: Record<string, unknown>): Promise<{ socket: ClientSocket | null; refusal: Failure | null }> {
  const socket: ClientSocket = connect(srv.url, { auth: { v: PROTOCOL_VERSION, ...auth }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('welcome', () => {
      sockets.push(socket);
      resolve({ socket, refusal: null });
    });
    socket.once('connect_error', (e: Error & { data?: Failure }) => {
      socket.close();
      resolve({ socket: null, refusal: e.data ?? null });
    });
  });
}

const ask = (s: ClientSocket, roomId: string, text = 'What about recognition across borders?') =>
  call(s, 'qa:ask', { opId: opId(), roomId, text, target: null, anonymous: true });
const vote = (s: ClientSocket) => call(s, 'poll:vote', { opId: opId(), pollId: POLL, choice: { type: 'single', option: 'issue' } });
const pause = (s: ClientSocket, roomId: string | null, message = '') => call(s, 'moderation:pause', { opId: opId(), roomId, message });
const resume = (s: ClientSocket, roomId: string | null) => call(s, 'moderation:resume', { opId: opId(), roomId });

beforeAll(async () => {
  srv = await startServer();
  const org = await staff('organiser');
  for (const roomId of ['plenary', 'breakout-1'])
    expect(await call(org, 'qa:settings', { opId: opId(), roomId, premoderation: false })).toMatchObject({ ok: true });
  expect(await call(org, 'poll:control', { opId: opId(), pollId: POLL, action: 'launch' })).toMatchObject({ ok: true });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

describe('pausing attendee input', () => {
  it('M7 a room pause refuses input in that room only (by its id, or by its question), with the room and message; another room is unaffected', async () => {
    const chair = await staff('chair', 'breakout-1');
    const ana = await attendee('Ana');
    const inRoom = await ask(ana.s, 'breakout-1');
    expect(inRoom).toMatchObject({ ok: true });
    const bob = await attendee('Bob');

    expect(await pause(chair, 'breakout-1', 'Back in five minutes')).toMatchObject({ ok: true });
    expect(await ask(bob.s, 'breakout-1')).toMatchObject({
      ok: false,
      code: 'SUSPENDED',
      reason: 'moderation.roomPaused',
      params: { room: 'Breakout 1', message: 'Back in five minutes' },
    });
    // An upvote names a question, not a room: it is in the question's room.
    expect(await call(bob.s, 'qa:upvote', { opId: opId(), questionId: inRoom.questionId, up: true })).toMatchObject({ ok: false, code: 'SUSPENDED' });
    // The plenary, and what has no room (a rename), go on.
    expect(await ask(bob.s, 'plenary')).toMatchObject({ ok: true });
    expect(await vote(bob.s)).toMatchObject({ ok: true });
    expect(await call(bob.s, 'session:rename', { opId: opId(), name: 'Robert' })).toMatchObject({ ok: true });
    // Everybody sees the pause (the banner), and reads are not refused.
    expect((await snapshotOf(bob.s)).moderation.pauses.rooms['breakout-1']).toMatchObject({ room: 'Breakout 1', message: 'Back in five minutes' });

    expect(await resume(chair, 'breakout-1')).toMatchObject({ ok: true });
    expect(await ask(bob.s, 'breakout-1')).toMatchObject({ ok: true });
    expect(await call(bob.s, 'qa:upvote', { opId: opId(), questionId: inRoom.questionId, up: true })).toMatchObject({ ok: true });
  });

  it('M7 the event pause refuses every attendee action, room or not; staff are never paused', async () => {
    const org = await staff('organiser');
    const chair = await staff('chair', 'plenary');
    const cy = await attendee('Cy');
    expect(await pause(org, null, 'Technical break')).toMatchObject({ ok: true });
    const suspended = { ok: false, code: 'SUSPENDED', reason: 'moderation.eventPaused', params: { message: 'Technical break' } };
    expect(await ask(cy.s, 'plenary')).toMatchObject(suspended);
    expect(await ask(cy.s, 'breakout-2')).toMatchObject(suspended);
    expect(await vote(cy.s)).toMatchObject(suspended);
    expect(await call(cy.s, 'session:rename', { opId: opId(), name: 'Cyril' })).toMatchObject(suspended);
    // Staff go on: a chair asks, moderates, runs the poll.
    const staffQuestion = await ask(chair, 'plenary', 'A question from the chair during the pause');
    expect(staffQuestion).toMatchObject({ ok: true });
    const starred = await call(chair, 'qa:moderate', { opId: opId(), questionId: staffQuestion.questionId, rev: 0, action: 'star' });
    expect(starred).toMatchObject({ ok: true });
    expect(await call(org, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' })).toMatchObject({ ok: true });
    // A chair of a breakout room may not pause or resume the whole event.
    const breakoutChair = await staff('chair', 'breakout-2');
    expect(await resume(breakoutChair, null)).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'moderation.pauseEventForbidden' });
    expect(await pause(breakoutChair, 'plenary')).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'moderation.pauseRoomForbidden' });
    // An attendee cannot moderate.
    expect(await resume(cy.s, null)).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'role.forbidden' });

    expect(await resume(chair, null)).toMatchObject({ ok: true });
    expect(await ask(cy.s, 'plenary')).toMatchObject({ ok: true });
    expect(await vote(cy.s)).toMatchObject({ ok: true });
  });
});

describe('the pause covers every attendee action of every feature', () => {
  const SLOT_ITEM = 'd1-breakout-1';
  const post = (s: ClientSocket, roomId: string, text = 'Hello from the room') => call(s, 'chat:post', { opId: opId(), roomId, text });
  const react = (s: ClientSocket, roomId: string, messageId: string) => call(s, 'chat:react', { opId: opId(), roomId, messageId, reaction: 'heart', on: true });
  const contribute = (s: ClientSocket) =>
    call(s, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'Recognition across borders first.' });
  const upvote = (s: ClientSocket, contributionId: string) => call(s, 'breakouts:upvote', { opId: opId(), contributionId, up: true });
  const choose = (s: ClientSocket) => call(s, 'breakouts:choose', { opId: opId(), slotId: '2023-06-22-1145', roomId: 'breakout-1' });
  const mark = (s: ClientSocket) => call(s, 'summary:mark', { opId: opId(), roomId: 'breakout-1', pointId: 'p0', mark: 'agree' });

  /** What each action is refused with while paused, in a room (its own, or the plenary for the report-back) and for the event. */
  async function actions(s: ClientSocket, plenaryMessage: string, breakoutMessage: string, contributionId: string) {
    return {
      'chat:post (plenary)': await post(s, 'plenary'),
      'chat:post (breakout-1)': await post(s, 'breakout-1'),
      'chat:react (plenary message)': await react(s, 'plenary', plenaryMessage),
      'chat:react (breakout-1 message)': await react(s, 'breakout-1', breakoutMessage),
      'breakouts:choose (breakout-1)': await choose(s),
      'breakouts:contribute (breakout-1)': await contribute(s),
      'breakouts:upvote (breakout-1 contribution)': await upvote(s, contributionId),
      'summary:mark (report-back, in the plenary)': await mark(s),
    };
  }
  const codes = (results: Record<string, { ok: boolean; code?: string; reason?: string }>) =>
    Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.ok ? 'ok' : r.code === 'SUSPENDED' ? `SUSPENDED ${r.reason}` : `refused ${r.code}`]));

  it('M7 chat, reactions, breakout choices, contributions, their upvotes and report-back marks: refused in a paused room (by the room named, the message, the contribution, the plenary for a mark), everywhere in a paused event', async () => {
    const org = await staff('organiser');
    const chair = await staff('chair', 'breakout-1');
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: SLOT_ITEM })).toMatchObject({ ok: true });
    const ana = await attendee('Ana');
    const plenaryMessage = (await post(ana.s, 'plenary')) as { ok: true; message: { id: string } };
    const breakoutMessage = (await post(ana.s, 'breakout-1')) as { ok: true; message: { id: string } };
    const contributed = await contribute(ana.s);
    expect(contributed).toMatchObject({ ok: true, status: 'live' });
    const ids = [plenaryMessage.message.id, breakoutMessage.message.id, contributed.contributionId as string] as const;

    // Each round by a new attendee: eight actions at once stay within one person's events per second.
    let eve = await attendee('Eve');
    // Not paused: nothing refused as SUSPENDED (the mark is refused because the report-back is off).
    const free = codes(await actions(eve.s, ...ids));
    expect(Object.values(free).some((c) => c.startsWith('SUSPENDED'))).toBe(false);

    // The breakout room paused: its chat, reactions on its messages, its choice, contributions and their upvotes.
    expect(await pause(chair, 'breakout-1')).toMatchObject({ ok: true });
    const room = 'SUSPENDED moderation.roomPaused';
    eve = await attendee('Eve 2');
    expect(codes(await actions(eve.s, ...ids))).toEqual({
      ...free,
      'chat:post (breakout-1)': room,
      'chat:react (breakout-1 message)': room,
      'breakouts:choose (breakout-1)': room,
      'breakouts:contribute (breakout-1)': room,
      'breakouts:upvote (breakout-1 contribution)': room,
    });
    // A reaction names its message's room: naming another room does not get around the pause.
    expect(await react(eve.s, 'plenary', breakoutMessage.message.id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await resume(chair, 'breakout-1')).toMatchObject({ ok: true });

    // The plenary paused: its chat and reactions, and the report-back's marks.
    expect(await pause(org, 'plenary')).toMatchObject({ ok: true });
    eve = await attendee('Eve 3');
    const inPlenary = codes(await actions(eve.s, ...ids));
    expect(inPlenary).toMatchObject({
      'chat:post (plenary)': room,
      'chat:react (plenary message)': room,
      'summary:mark (report-back, in the plenary)': room,
      'chat:post (breakout-1)': 'ok',
    });
    expect(await resume(org, 'plenary')).toMatchObject({ ok: true });

    // The event paused: every one of them.
    expect(await pause(org, null, 'Technical break')).toMatchObject({ ok: true });
    eve = await attendee('Eve 4');
    const all = codes(await actions(eve.s, ...ids));
    expect(Object.values(all).every((c) => c === 'SUSPENDED moderation.eventPaused')).toBe(true);
    expect(await resume(org, null)).toMatchObject({ ok: true });
    expect(await post(eve.s, 'plenary', 'Back again')).toMatchObject({ ok: true });
  });
});

describe('banning an attendee', () => {
  it('M4 M6 disconnects the person at once, tells them why, removes their questions, refuses their token and a new join from their browser; unban lets them in', async () => {
    const chair = await staff('chair', 'breakout-3');
    const watcher = await attendee('Watcher');
    const j = await srv.join('Troll');
    const first = await handshake({ token: j.token, device: 'device-troll-1' });
    const second = await handshake({ token: j.token, device: 'device-troll-2' });
    const troll = first.socket!;
    const asked = await ask(troll, 'plenary', 'Buy cheap stuff at my shop');
    expect(asked).toMatchObject({ ok: true, status: 'live' });
    expect((await snapshotOf(watcher.s)).qa.questions.map((q) => q.id)).toContain(asked.questionId);

    const told: string[] = [];
    troll.on('banned', ({ reason }) => told.push(reason));
    const closed = new Promise<string>((resolve) => troll.once('disconnect', resolve));
    const closedToo = new Promise<string>((resolve) => second.socket!.once('disconnect', resolve));
    const banned = await call(chair, 'moderation:ban', { opId: opId(), attendeeId: j.attendeeId, name: 'Troll', reason: 'Spam', removeMessages: true });
    expect(banned).toMatchObject({ ok: true });
    expect(await closed).toBe('io server disconnect');
    expect(await closedToo).toBe('io server disconnect');
    expect(told).toEqual(['Spam']);

    // Their question is off everybody's list; staff see the ban with both browsers' devices.
    expect((await snapshotOf(watcher.s)).qa.questions.map((q) => q.id)).not.toContain(asked.questionId);
    const staffView = (await snapshotOf(chair)).moderation.bans;
    expect(staffView).toEqual([expect.objectContaining({ attendeeId: j.attendeeId, name: 'Troll', reason: 'Spam', removedMessages: true })]);
    expect(new Set(staffView[0]!.devices)).toEqual(new Set(['device-troll-1', 'device-troll-2']));
    expect((await snapshotOf(watcher.s)).moderation.bans).toEqual([]);

    // The same token, and a new join from either browser, are refused with the reason; another browser joins.
    const refusal = { code: 'BANNED', reason: 'moderation.banned', params: { message: 'Spam' } };
    expect((await handshake({ token: j.token })).refusal).toMatchObject(refusal);
    expect((await handshake({ join: { code: DEMO_EVENT.code, name: 'Troll2' }, device: 'device-troll-2' })).refusal).toMatchObject(refusal);
    expect((await handshake({ join: { code: DEMO_EVENT.code }, device: 'device-someone-else' })).socket).not.toBeNull();

    // Unban: the token works again.
    expect(await call(chair, 'moderation:unban', { opId: opId(), attendeeId: j.attendeeId })).toMatchObject({ ok: true });
    const back = await handshake({ token: j.token, device: 'device-troll-1' });
    expect(back.socket).not.toBeNull();
    expect(await ask(back.socket!, 'plenary', 'Sorry, a real question now')).toMatchObject({ ok: true });
    expect((await snapshotOf(chair)).moderation.bans).toEqual([]);
  });

  it('M4 staff cannot be banned; attendees and rapporteurs cannot ban; a ban needs a reason', async () => {
    const chair = await staff('chair', 'plenary');
    const ana = await attendee('Ana');
    expect(await call(chair, 'moderation:ban', { opId: opId(), attendeeId: 'link:abc', name: null, reason: 'x', removeMessages: false })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
      reason: 'moderation.banStaff',
    });
    expect(await call(ana.s, 'moderation:ban', { opId: opId(), attendeeId: 'someone', name: null, reason: 'x', removeMessages: false })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await call(chair, 'moderation:ban', { opId: opId(), attendeeId: ana.id, name: null, reason: '   ', removeMessages: false })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
    });
    expect(ana.s.connected).toBe(true);
  });

  it('M6 a ban written by another process (no message reaches this one) holds here within the age of its copy: the next request is refused and the socket closed', async () => {
    const dan = await attendee('Dan');
    expect(await ask(dan.s, 'plenary')).toMatchObject({ ok: true });
    // As a process without the adapter's message would leave it: the store holds the ban, this process its old copy.
    const doc = (await srv.store.read(DEMO_EVENT.id, ['moderation'])).moderation;
    const state = (doc?.value as ModerationState | undefined) ?? newModeration();
    const events = ban(state, { attendeeId: dan.id, name: 'Dan', reason: 'Abuse', devices: [], removeMessages: false }, { actor: organiser, now: Date.now() });
    const committed = await writeStored(srv.store, {
      expect: { moderation: doc?.version ?? 0 },
      put: { moderation: events.reduce(applyModeration, state) },
      changes: events.map((event) => ({ event, audience: 'staff' as const })),
    });
    expect(committed.kind).toBe('committed');
    const told: string[] = [];
    dan.s.on('banned', ({ reason }) => told.push(reason));
    await new Promise((r) => setTimeout(r, MODERATION_COPY_MS + 50));
    // The refusal's ack does not arrive: the socket is closed first (as a revoked link's), after the 'banned' push.
    const refused = dan.s
      .timeout(2000)
      .emitWithAck('qa:ask', { opId: opId(), roomId: 'plenary', text: 'One more try', target: null, anonymous: true })
      .catch(() => null);
    await waitFor(() => !dan.s.connected, { what: 'the banned socket to close' });
    await refused;
    expect(told).toEqual(['Abuse']);
  });
});
