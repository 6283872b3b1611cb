import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { client, call, onChange, onCounts, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { LIMITS } from '../../shared/limits';
import type { Change } from '../../shared/protocol/messages';
import type { UpvoteCount } from '../../shared/protocol/qa';
import { answeringNow } from '../../shared/domain/qa';
import { PUBLIC_SHARDS } from '../../server/realtime/outbox';

let srv: TestServer;
const sockets: ClientSocket[] = [];
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
function changes(s: ClientSocket): Change[] {
  const got: Change[] = [];
  onChange(s, (c) => got.push(c));
  return got;
}
function countsOf(s: ClientSocket): { counts: Record<string, UpvoteCount> }[] {
  const got: { counts: Record<string, UpvoteCount> }[] = [];
  onCounts(s, (counts) => got.push({ counts }));
  return got;
}
const ask = (s: ClientSocket, text: string, extra: object = {}) =>
  call(s, 'qa:ask', { opId: opId(), roomId: 'plenary', text, target: null, anonymous: true, ...extra });
const question = async (s: ClientSocket, id: string) => (await snapshotOf(s)).qa.questions.find((q) => q.id === id);
async function premoderation(on: boolean) {
  const chair = await staff('chair', 'plenary');
  expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: on })).toMatchObject({ ok: true });
}

beforeAll(async () => {
  srv = await startServer();
  const chair = await staff('chair', 'plenary');
  await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

describe('a full Q&A round', () => {
  it('pending is seen by the asker and the chair only; approved, everyone sees it; upvotes count once per attendee', async () => {
    const alice = await attendee('Alice');
    const bob = await attendee('Bob');
    const chair = await staff('chair', 'plenary');
    const bobChanges = changes(bob.s);
    const chairChanges = changes(chair);

    const asked = await ask(alice.s, 'How can social dialogue support microcredentials?', { anonymous: false, target: 'Carlo Frising' });
    expect(asked).toMatchObject({ ok: true, status: 'pending' });
    const id = asked.questionId as string;
    await waitFor(() => chairChanges.some((c) => c.event?.type === 'qa.asked'), { what: 'the chair to see it' });
    // Bob may first get changes his snapshot already had (his shard's feed had not sent them yet): only the asked one counts.
    await waitFor(() => bobChanges.some((c) => c.seq === asked.seq), { what: 'bob to get the number' });
    expect(bobChanges.filter((c) => c.seq === asked.seq)).toEqual([{ seq: asked.seq, event: null }]);
    expect(await question(bob.s, id)).toBeUndefined();
    expect(await question(alice.s, id)).toMatchObject({ status: 'pending', authorName: 'Alice', target: 'Carlo Frising' });
    expect(await question(chair, id)).toMatchObject({ status: 'pending' });

    const q = (await question(chair, id))!;
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: id, rev: q.rev, action: 'approve' })).toMatchObject({ ok: true });
    await waitFor(() => bobChanges.some((c) => c.event?.type === 'qa.changed'), { what: 'bob to see it approved' });
    expect(await question(bob.s, id)).toMatchObject({ status: 'live', text: 'How can social dialogue support microcredentials?' });

    // Upvotes: bob twice (a retry with the same op id, then a second tab), carol once (alice asked it: Q19).
    const carol = await attendee('Carol');
    const bobCounts = countsOf(bob.s);
    const op = opId();
    expect(await call(bob.s, 'qa:upvote', { opId: op, questionId: id, up: true })).toMatchObject({ ok: true });
    expect(await call(bob.s, 'qa:upvote', { opId: op, questionId: id, up: true })).toMatchObject({ ok: true });
    const bobTab2 = await client(srv.url, bob.token);
    sockets.push(bobTab2);
    expect(await call(bobTab2, 'qa:upvote', { opId: opId(), questionId: id, up: true })).toMatchObject({ ok: true });
    expect(await call(carol.s, 'qa:upvote', { opId: opId(), questionId: id, up: true })).toMatchObject({ ok: true });
    await waitFor(() => bobCounts.some((c) => c.counts[id]?.n === 2), { what: 'the count of 2' });
    const snap = await snapshotOf(bobTab2);
    expect(snap.qa.counts[id]?.n).toBe(2);
    expect(snap.qa.myUpvotes).toContain(id);
    // and toggling back
    expect(await call(bobTab2, 'qa:upvote', { opId: opId(), questionId: id, up: false })).toMatchObject({ ok: true });
    expect((await snapshotOf(alice.s)).qa.counts[id]?.n).toBe(1);

    // Answer now, reply, mark answered
    expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId: id })).toMatchObject({ ok: true });
    expect((await snapshotOf(bob.s)).qa.rooms.plenary?.answering).toBe(id);
    const rev = (await question(chair, id))!.rev;
    expect(await call(chair, 'qa:reply', { opId: opId(), questionId: id, rev, text: 'Carlo will take this one.' })).toMatchObject({ ok: true });
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: id, rev: rev + 1, action: 'answered' })).toMatchObject({ ok: true });
    const done = await snapshotOf(bob.s);
    expect(done.qa.questions.find((x) => x.id === id)).toMatchObject({ status: 'answered', reply: { text: 'Carlo will take this one.' } });
    expect(done.qa.rooms.plenary?.answering).toBeNull();
  });

  it("a pending question reaches each of the asker's tabs in full, whichever shard it is in, and the others as its number, once", async () => {
    await premoderation(true);
    const alice = await attendee('Alice');
    // As many tabs as a session may keep: shards are handed out in turn, so each is in a shard of its own.
    const tabs = [alice.s];
    for (let i = 1; i < Math.min(LIMITS.socketsPerSession, PUBLIC_SHARDS); i++) {
      const tab = await client(srv.url, alice.token);
      sockets.push(tab);
      tabs.push(tab);
    }
    const others = [await attendee(), await attendee(), await attendee()];
    const tabChanges = tabs.map(changes);
    const otherChanges = others.map((o) => changes(o.s));
    const asked = await ask(alice.s, 'Which shard of the plenary am I in?');
    expect(asked).toMatchObject({ ok: true, status: 'pending' });
    const seq = asked.seq as number;
    await waitFor(() => [...tabChanges, ...otherChanges].every((got) => got.some((c) => c.seq === seq)), { what: 'every tab and attendee to get the change' });
    await new Promise((r) => setTimeout(r, 600)); // two more intervals: nothing arrives twice
    for (const got of tabChanges) expect(got.filter((c) => c.seq === seq)).toEqual([{ seq, event: expect.objectContaining({ type: 'qa.asked' }) }]);
    for (const got of otherChanges) expect(got.filter((c) => c.seq === seq)).toEqual([{ seq, event: null }]);
  });

  it('merging duplicates: upvoters merged, nobody counted twice, the asker sees where theirs went', async () => {
    await premoderation(false);
    const chair = await staff('chair', 'plenary');
    const [a, b, c] = [await attendee(), await attendee(), await attendee()];
    const q1 = (await ask(a.s, 'Are microcredentials portable across borders?')).questionId as string;
    const q2 = (await ask(b.s, 'Can microcredentials be used in another country?')).questionId as string;
    // c upvotes both; a upvotes q2; b upvotes q1
    for (const [who, q] of [
      [c, q1],
      [c, q2],
      [a, q2],
      [b, q1],
    ] as const)
      expect(await call(who.s, 'qa:upvote', { opId: opId(), questionId: q, up: true })).toMatchObject({ ok: true });
    const snap = await snapshotOf(chair);
    const [r1, r2] = [snap.qa.questions.find((q) => q.id === q1)!.rev, snap.qa.questions.find((q) => q.id === q2)!.rev];
    expect(await call(chair, 'qa:merge', { opId: opId(), questionId: q2, rev: r2, intoId: q1, intoRev: r1 })).toMatchObject({ ok: true });
    const after = await snapshotOf(b.s);
    expect(after.qa.counts[q1]?.n).toBe(3); // b, c, a — c once
    expect(after.qa.questions.find((q) => q.id === q2)).toMatchObject({ mergedInto: q1 }); // b sees where it went
    expect((await snapshotOf(c.s)).qa.questions.find((q) => q.id === q2)).toBeUndefined(); // others no longer see it
    // an upvote on the merged question goes to its target, still once per person
    expect(await call(c.s, 'qa:upvote', { opId: opId(), questionId: q2, up: true })).toMatchObject({ ok: true, questionId: q1 });
    expect((await snapshotOf(c.s)).qa.counts[q1]?.n).toBe(3);
  });

  it('Q19 the asker cannot upvote their own question, nor through a duplicate merged into it: refused, the count unchanged', async () => {
    await premoderation(false);
    const chair = await staff('chair', 'plenary');
    const [asker, other] = [await attendee('Asker'), await attendee()];
    const id = (await ask(asker.s, 'May I upvote my own question?')).questionId as string;
    expect(await call(other.s, 'qa:upvote', { opId: opId(), questionId: id, up: true })).toMatchObject({ ok: true });
    expect((await snapshotOf(other.s)).qa.counts[id]?.n).toBe(1);

    expect(await call(asker.s, 'qa:upvote', { opId: opId(), questionId: id, up: true })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
      reason: 'qa.upvoteOwn',
    });
    // Another tab of the asker is the same person.
    const tab2 = await client(srv.url, asker.token);
    sockets.push(tab2);
    expect(await call(tab2, 'qa:upvote', { opId: opId(), questionId: id, up: true })).toMatchObject({ ok: false, reason: 'qa.upvoteOwn' });

    // A duplicate of it, merged into it: an upvote on the duplicate lands on the asker's own question, and is refused.
    const dup = (await ask(other.s, 'Can an asker upvote their own question?')).questionId as string;
    const snap = await snapshotOf(chair);
    const rev = (qid: string) => snap.qa.questions.find((q) => q.id === qid)!.rev;
    expect(await call(chair, 'qa:merge', { opId: opId(), questionId: dup, rev: rev(dup), intoId: id, intoRev: rev(id) })).toMatchObject({ ok: true });
    expect(await call(asker.s, 'qa:upvote', { opId: opId(), questionId: dup, up: true })).toMatchObject({ ok: false, reason: 'qa.upvoteOwn' });

    const after = await snapshotOf(asker.s);
    expect(after.qa.counts[id]?.n).toBe(1);
    expect(after.qa.myUpvotes).not.toContain(id);
  });

  it('Q20 answer now records the live item; moving the live item ends the highlight without a Q&A write, and moving back does not revive it', async () => {
    await premoderation(false);
    const chair = await staff('chair', 'plenary');
    const a = await attendee();
    const id = (await ask(a.s, 'Which session is this question for?')).questionId as string;
    expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId: id })).toMatchObject({ ok: true });
    const during = await snapshotOf(a.s);
    const room = during.qa.rooms.plenary!;
    expect(room).toMatchObject({ answering: id, answeringUnder: { itemId: 'd1-s1', since: during.agenda.live.plenary!.since } });
    expect(answeringNow(room, during.agenda.live.plenary)).toBe(id);

    try {
      expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s2' })).toMatchObject({ ok: true });
      const next = await snapshotOf(a.s);
      expect(next.qa.rooms.plenary).toEqual(room); // the agenda wrote nothing of the Q&A
      expect(answeringNow(next.qa.rooms.plenary!, next.agenda.live.plenary)).toBeNull();
      expect(next.qa.questions.find((q) => q.id === id)).toMatchObject({ status: 'live' }); // as the chair had it
    } finally {
      expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' })).toMatchObject({ ok: true });
    }
    const back = await snapshotOf(a.s);
    expect(answeringNow(back.qa.rooms.plenary!, back.agenda.live.plenary)).toBeNull();
    // Highlighting it again under the live item starts a new highlight; then clear it for the tests that follow.
    expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId: id })).toMatchObject({ ok: true });
    const again = await snapshotOf(a.s);
    expect(answeringNow(again.qa.rooms.plenary!, again.agenda.live.plenary)).toBe(id);
    expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId: null })).toMatchObject({ ok: true });
  });

  it('two chairs on one question: one final state, the stale action gets VERSION_CONFLICT', async () => {
    await premoderation(true);
    const chair1 = await staff('chair', 'plenary');
    const chair2 = await staff('organiser');
    const a = await attendee();
    const id = (await ask(a.s, 'What about vulnerable groups?')).questionId as string;
    const rev = (await question(chair1, id))!.rev;
    const [r1, r2] = await Promise.all([
      call(chair1, 'qa:moderate', { opId: opId(), questionId: id, rev, action: 'approve' }),
      call(chair2, 'qa:moderate', { opId: opId(), questionId: id, rev, action: 'dismiss' }),
    ]);
    const codes = [r1, r2].map((r) => (r.ok ? 'ok' : `${r.code} ${r.reason}`)).sort();
    expect(codes).toEqual(['VERSION_CONFLICT question.changed', 'ok']);
    const final = (await question(chair1, id))!;
    expect(final.status).toBe(r1.ok ? 'live' : 'dismissed');
    expect(final.rev).toBe(rev + 1);
  });

  it("Q21 the asker withdraws their question: it leaves the others' snapshots, the live stream, the queue and the highlight; nobody else can", async () => {
    await premoderation(false);
    const chair = await staff('chair', 'plenary');
    const alice = await attendee('Alice');
    const bob = await attendee('Bob');
    const bobChanges = changes(bob.s);
    const asked = await ask(alice.s, 'May I take this question back later?');
    expect(asked).toMatchObject({ ok: true, status: 'live' });
    const id = asked.questionId as string;
    expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId: id })).toMatchObject({ ok: true });
    expect(await question(bob.s, id)).toMatchObject({ status: 'live' });

    // Somebody else: another attendee by the rule, a chair by the role check.
    expect(await call(bob.s, 'qa:withdraw', { opId: opId(), questionId: id })).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'qa.withdrawOwnOnly' });
    expect(await call(chair, 'qa:withdraw', { opId: opId(), questionId: id })).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'role.forbidden' });

    const done = await call(alice.s, 'qa:withdraw', { opId: opId(), questionId: id });
    expect(done).toMatchObject({ ok: true });
    await waitFor(() => bobChanges.some((c) => c.event?.type === 'qa.changed' && c.event.question.id === id), { what: 'bob to hear of it' });
    const heard = bobChanges.filter((c) => c.event?.type === 'qa.changed' && c.event.question.id === id).at(-1)!;
    expect(heard.event).toMatchObject({ question: { status: 'dismissed' } });
    expect(await question(bob.s, id)).toBeUndefined();
    const snap = await snapshotOf(bob.s);
    expect(snap.qa.rooms.plenary?.answering).toBeNull();
    expect(snap.qa.rooms.plenary?.queue).not.toContain(id);
    expect(await question(alice.s, id)).toMatchObject({ status: 'dismissed' });
    // Withdrawn once: again is refused, and the others can't even see it any more.
    expect(await call(alice.s, 'qa:withdraw', { opId: opId(), questionId: id })).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'qa.withdrawClosed' });
    expect(await call(bob.s, 'qa:withdraw', { opId: opId(), questionId: id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('attendees cannot moderate; chairs of another room cannot either', async () => {
    await premoderation(true);
    const a = await attendee();
    const breakoutChair = await staff('chair', 'breakout-1');
    const id = (await ask(a.s, 'A question to moderate?')).questionId as string;
    // An attendee is stopped by the role check; a chair by the rule that a chair moderates their own room.
    for (const [s, event, payload, reason] of [
      [a.s, 'qa:moderate', { opId: opId(), questionId: id, rev: 0, action: 'approve' }, 'role.forbidden'],
      [a.s, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId: null }, 'role.forbidden'],
      [a.s, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false }, 'role.forbidden'],
      [a.s, 'qa:merge', { opId: opId(), questionId: id, rev: 0, intoId: id, intoRev: 0 }, 'role.forbidden'],
      [breakoutChair, 'qa:moderate', { opId: opId(), questionId: id, rev: 0, action: 'approve' }, 'qa.chairOnly'],
    ] as const)
      expect(await call(s, event, payload)).toMatchObject({ ok: false, code: 'FORBIDDEN', reason });
    // a pending question of someone else is invisible to an attendee, even by id
    const other = await attendee();
    expect(await call(other.s, 'qa:upvote', { opId: opId(), questionId: id, up: true })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      reason: 'question.notFound',
    });
  });

  it('profanity goes to moderation even with pre-moderation off, flagged', async () => {
    await premoderation(false);
    const a = await attendee();
    expect(await ask(a.s, 'Is this whole thing bullshit?')).toMatchObject({ ok: true, status: 'pending' });
    expect(await ask(a.s, 'Is this whole thing useful?')).toMatchObject({ ok: true, status: 'live' });
  });

  it('limits: too long is TOO_LARGE, too many per minute is RATE_LIMITED with retryAfter; nothing stored', async () => {
    const a = await attendee();
    expect(await ask(a.s, 'x'.repeat(10_000))).toMatchObject({ ok: false, code: 'TOO_LARGE', reason: 'input.tooLarge', params: { field: 'text' } });
    expect(await ask(a.s, '  ')).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'input.invalid', params: { field: 'text' } });
    // Invisible characters only: past the schema, empty once cleaned (another attendee: an ask counts towards the limit).
    expect(await ask((await attendee()).s, '\u200B\u200B\u200B')).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'question.empty' });
    for (let i = 0; i < 5; i++) expect(await ask(a.s, `Question number ${i}?`)).toMatchObject({ ok: true });
    const sixth = await ask(a.s, 'One more?');
    expect(sixth).toMatchObject({ ok: false, code: 'RATE_LIMITED', reason: 'qa.askRateLimited', params: { max: LIMITS.questionsPerAttendeePerMinute } });
    expect(sixth.retryAfterMs).toBeGreaterThan(0);
    expect((await snapshotOf(a.s)).qa.questions.filter((q) => q.authorId === a.id)).toHaveLength(5);
  });

  it('script and markup come back as the same inert text', async () => {
    const a = await attendee();
    const text = '<img src=x onerror=alert(1)> <script>alert(2)</script> javascript:alert(3)';
    const id = (await ask(a.s, text)).questionId as string;
    expect((await question(a.s, id))?.text).toBe(text);
  });
});

describe('coalescing', () => {
  it('many upvotes reach a watcher as a few count messages, ending on the exact count', async () => {
    await premoderation(false);
    const asker = await attendee();
    const id = (await ask(asker.s, 'Which recognition procedures are needed?')).questionId as string;
    const watcher = await attendee();
    const seen = countsOf(watcher.s);
    const voters = await Promise.all(Array.from({ length: 40 }, () => attendee()));
    await Promise.all(voters.map((v) => call(v.s, 'qa:upvote', { opId: opId(), questionId: id, up: true })));
    await waitFor(() => seen.some((c) => c.counts[id]?.n === 40), { what: 'the final count' });
    expect(seen.length).toBeLessThan(10); // 40 upvotes, a handful of messages
  });
});
