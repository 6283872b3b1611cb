import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { client, call, onChange, onTallies, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import type { Change } from '../../shared/protocol/messages';
import type { Tally } from '../../shared/protocol/polls';

let srv: TestServer;
const sockets: ClientSocket[] = [];
async function attendee() {
  const j = await srv.join();
  const s = await client(srv.url, j.token);
  sockets.push(s);
  return { s, id: j.attendeeId, token: j.token };
}
async function chair() {
  const s = await client(srv.url, await srv.link('chair', 'plenary'));
  sockets.push(s);
  return s;
}
function tallies(s: ClientSocket): Tally[] {
  const got: Tally[] = [];
  onTallies(s, (t) => got.push(...t));
  return got;
}
const control = (s: ClientSocket, pollId: string, action: string) => call(s, 'poll:control', { opId: opId(), pollId, action });
const voteFor = (s: ClientSocket, pollId: string, choice: object, op = opId()) => call(s, 'poll:vote', { opId: op, pollId, choice });
async function newPoll(c: ClientSocket, draft: object) {
  const r = await call(c, 'poll:create', { opId: opId(), draft: { roomId: 'plenary', itemId: null, ...draft } });
  expect(r).toMatchObject({ ok: true });
  return r.pollId as string;
}

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

describe('the demo polls', () => {
  it('are prepared as drafts for the live-polling slots, seen by chairs and not by attendees', async () => {
    const c = await chair();
    const polls = (await snapshotOf(c)).polls.polls;
    expect(polls.map((p) => p.type).sort()).toEqual(['multiple', 'open', 'ranking', 'rating', 'single', 'wordcloud', 'wordcloud']);
    expect(new Set(polls.filter((p) => p.itemId?.startsWith('d2')).map((p) => p.itemId))).toEqual(new Set(['d2-s2', 'd2-s3']));
    expect(polls.every((p) => p.status === 'draft')).toBe(true);
    expect((await snapshotOf((await attendee()).s)).polls.polls).toEqual([]);
  });
});

describe('a poll round', () => {
  it('launch, vote, change the vote, the tally follows; a retry is counted once; two tabs converge', async () => {
    const c = await chair();
    const [ann, bob] = [await attendee(), await attendee()];
    const annChanges: Change[] = [];
    onChange(ann.s, (ch) => annChanges.push(ch));
    const seen = tallies(bob.s);
    const launched = await control(c, 'd2-s2-issuing', 'launch');
    expect(launched).toMatchObject({ ok: true });
    await waitFor(() => annChanges.some((ch) => ch.event?.type === 'poll.changed'), { what: 'the launch' });

    const op = opId();
    // Each reply carries the ballot's revision (this voter's votes on the poll); a retry gets the first reply's.
    expect(await voteFor(ann.s, 'd2-s2-issuing', { type: 'single', option: 'issue' }, op)).toMatchObject({ ok: true, rev: 1 });
    expect(await voteFor(ann.s, 'd2-s2-issuing', { type: 'single', option: 'issue' }, op)).toMatchObject({ ok: true, rev: 1 }); // retry
    expect(await voteFor(bob.s, 'd2-s2-issuing', { type: 'single', option: 'both' })).toMatchObject({ ok: true, rev: 1 });
    // ann's second tab changes her vote; the first tab is told
    const annTab2 = await client(srv.url, ann.token);
    sockets.push(annTab2);
    const myBallot = new Promise((r) => ann.s.once('poll:myBallot', r));
    expect(await voteFor(annTab2, 'd2-s2-issuing', { type: 'single', option: 'both' })).toMatchObject({ ok: true, rev: 2 });
    expect(await myBallot).toEqual({ pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'both' }, rev: 2 });
    // A vote that says the voter has no other tab open is not echoed (the app says so when it hears none).
    const echoes: unknown[] = [];
    ann.s.on('poll:myBallot', (m) => echoes.push(m));
    // Nor does its reply carry the revision (nothing to order it against), so its stored reply stays empty.
    const alone = await call(annTab2, 'poll:vote', { opId: opId(), pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'issue' }, otherTabs: false });
    expect(alone).toMatchObject({ ok: true });
    expect(alone).not.toHaveProperty('rev');
    expect(
      await call(annTab2, 'poll:vote', { opId: opId(), pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'both' }, otherTabs: true }),
    ).toMatchObject({ ok: true });
    await waitFor(() => echoes.length > 0, { what: 'the echo of the vote that said it has other tabs' });
    expect(echoes).toEqual([{ pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'both' }, rev: 4 }]);

    await waitFor(() => seen.some((t) => t.counters['o:both'] === 2), { what: 'the tally' });
    const snap = await snapshotOf(ann.s);
    expect(snap.polls.tallies['d2-s2-issuing']?.counters).toMatchObject({ _voters: 2, 'o:both': 2 });
    // The option voted away is at zero, so not kept at all (P13).
    expect(snap.polls.tallies['d2-s2-issuing']?.counters).not.toHaveProperty('o:issue');
    expect(snap.polls.myBallots['d2-s2-issuing']).toEqual({ type: 'single', option: 'both' });
    expect(snap.polls.myBallotRevs['d2-s2-issuing']).toBe(4);
  });

  it('bad votes get a clear error and change nothing', async () => {
    const c = await chair();
    const a = await attendee();
    const before = (await snapshotOf(c)).polls.tallies['d2-s2-technologies'];
    expect(await voteFor(a.s, 'd2-s2-technologies', { type: 'multiple', options: ['edc'] })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
      reason: 'poll.notStarted',
    }); // still a draft
    await control(c, 'd2-s2-technologies', 'launch');
    for (const [choice, code, reason, params] of [
      [{ type: 'multiple', options: ['nope'] }, 'BAD_REQUEST', 'poll.unknownOption', undefined],
      [{ type: 'multiple', options: ['edc', 'badges', 'ai'] }, 'BAD_REQUEST', 'poll.tooManyPicks', { max: 2 }],
      [{ type: 'single', option: 'edc' }, 'BAD_REQUEST', 'poll.wrongType', { type: 'multiple' }],
      [{ type: 'multiple', options: [] }, 'BAD_REQUEST', 'input.invalid', { field: 'choice.options' }],
      [{ type: 'multiple', options: Array.from({ length: 5000 }, () => 'edc') }, 'TOO_LARGE', 'input.tooLarge', { field: 'choice.options' }],
      ['not a choice', 'BAD_REQUEST', 'input.invalid', { field: 'choice' }],
    ] as const) {
      const reply = await voteFor(a.s, 'd2-s2-technologies', choice as object);
      expect(reply).toMatchObject({ ok: false, code, reason });
      expect(reply.params).toEqual(params);
    }
    expect(await voteFor(a.s, 'no-such-poll', { type: 'single', option: 'x' })).toMatchObject({ ok: false, code: 'NOT_FOUND', reason: 'poll.notFound' });
    const after = (await snapshotOf(c)).polls.tallies['d2-s2-technologies'];
    expect(after?.counters ?? {}).toEqual(before?.counters ?? {});
  });

  it('a vote racing the close is counted or refused with POLL_CLOSED; the result equals the stored votes', async () => {
    const c = await chair();
    const pollId = await newPoll(c, {
      type: 'single',
      question: 'Race?',
      options: [
        { id: 'y', label: 'Yes' },
        { id: 'n', label: 'No' },
      ],
    });
    await control(c, pollId, 'launch');
    const voters = await Promise.all(Array.from({ length: 30 }, () => attendee()));
    const votes = voters.map((v, i) => voteFor(v.s, pollId, { type: 'single', option: i % 2 ? 'y' : 'n' }));
    const closing = new Promise((r) => setTimeout(r, 5)).then(() => control(c, pollId, 'close'));
    const replies = await Promise.all(votes);
    expect(await closing).toMatchObject({ ok: true });
    const accepted = replies.filter((r) => r.ok).length;
    const refused = replies.filter((r) => !r.ok);
    expect(refused.every((r) => r.code === 'POLL_CLOSED' && r.reason === 'poll.closed')).toBe(true);
    expect(accepted + refused.length).toBe(30);
    const counters = (await snapshotOf(c)).polls.tallies[pollId]!.counters;
    expect(counters._voters ?? 0).toBe(accepted);
    expect((counters['o:y'] ?? 0) + (counters['o:n'] ?? 0)).toBe(accepted);
    // after the close nobody gets in
    expect(await voteFor(voters[0]!.s, pollId, { type: 'single', option: 'y' })).toMatchObject({ ok: false, code: 'POLL_CLOSED', reason: 'poll.closed' });
  });

  it('a vote accepted before the close, retried after it (its acknowledgement lost), gets its first reply, not POLL_CLOSED', async () => {
    const c = await chair();
    const pollId = await newPoll(c, {
      type: 'single',
      question: 'Retry?',
      options: [
        { id: 'y', label: 'Yes' },
        { id: 'n', label: 'No' },
      ],
    });
    await control(c, pollId, 'launch');
    const v = await attendee();
    const op = opId();
    const first = await voteFor(v.s, pollId, { type: 'single', option: 'y' }, op);
    expect(first).toMatchObject({ ok: true });
    expect(await control(c, pollId, 'close')).toMatchObject({ ok: true });
    expect(await voteFor(v.s, pollId, { type: 'single', option: 'y' }, op)).toEqual(first);
    // A new vote (another operation) is refused, and the tally still counts the one vote.
    expect(await voteFor(v.s, pollId, { type: 'single', option: 'n' })).toMatchObject({ ok: false, code: 'POLL_CLOSED', reason: 'poll.closed' });
    expect((await snapshotOf(c)).polls.tallies[pollId]!.counters).toMatchObject({ _voters: 1, 'o:y': 1 });
  });
});

describe('hidden results', () => {
  it('"reveal" polls: attendees get no tally (not live, not in a reconnect snapshot) until the chair reveals', async () => {
    const c = await chair();
    const a = await attendee();
    const b = await attendee();
    const leaked = tallies(a.s);
    const chairSeen = tallies(c);
    await control(c, 'd2-s3-missing', 'launch');
    expect(await voteFor(b.s, 'd2-s3-missing', { type: 'wordcloud', words: ['Trust', 'recognition'] })).toMatchObject({ ok: true });
    await waitFor(() => chairSeen.some((t) => t.pollId === 'd2-s3-missing'), { what: "the chair's tally" });
    await new Promise((r) => setTimeout(r, 400));
    expect(leaked.filter((t) => t.pollId === 'd2-s3-missing')).toEqual([]);
    expect((await snapshotOf(a.s)).polls.tallies['d2-s3-missing']).toBeUndefined();
    await control(c, 'd2-s3-missing', 'close');
    await new Promise((r) => setTimeout(r, 400));
    expect(leaked.filter((t) => t.pollId === 'd2-s3-missing')).toEqual([]);
    expect((await snapshotOf(a.s)).polls.tallies['d2-s3-missing']).toBeUndefined();
    await control(c, 'd2-s3-missing', 'reveal');
    await waitFor(() => leaked.some((t) => t.pollId === 'd2-s3-missing'), { what: 'the revealed tally' });
    expect((await snapshotOf(a.s)).polls.tallies['d2-s3-missing']?.counters).toMatchObject({ 'w:trust': 1, 'w:recognition': 1 });
  });

  it('open-text answers: listed for the chair; attendees see them only when the chair shows them', async () => {
    const c = await chair();
    const a = await attendee();
    await control(c, 'd2-s3-tools', 'launch');
    expect(await voteFor(a.s, 'd2-s3-tools', { type: 'open', text: 'A European register of providers' })).toMatchObject({ ok: true });
    expect(await call(c, 'poll:answers', { pollId: 'd2-s3-tools' })).toMatchObject({ ok: true, answers: [{ text: 'A European register of providers' }] });
    expect(await call(a.s, 'poll:answers', { pollId: 'd2-s3-tools' })).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'role.forbidden' });
    expect((await snapshotOf(a.s)).polls.tallies['d2-s3-tools']?.answers).toBeUndefined();
    await control(c, 'd2-s3-tools', 'showAnswers');
    expect((await snapshotOf(a.s)).polls.tallies['d2-s3-tools']?.answers).toEqual(['A European register of providers']);
  });
});

describe('export', () => {
  it("a poll's results as CSV with a BOM, for the room's staff only", async () => {
    const c = await chair();
    const a = await attendee();
    const pollId = await newPoll(c, {
      type: 'single',
      question: 'Café or thé?',
      options: [
        { id: 'c', label: 'Café' },
        { id: 't', label: '=HYPERLINK("x")' },
      ],
    });
    await control(c, pollId, 'launch');
    await voteFor(a.s, pollId, { type: 'single', option: 'c' });
    const token = await srv.link('chair', 'plenary');
    const res = await fetch(`${srv.url}/api/events/mc2023/polls/${pollId}/results.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toContain('Café,1,100%');
    expect(text).toContain(`"'=HYPERLINK(""x"")",0,0%`); // a formula is kept as text
    const breakoutChair = await srv.link('chair', 'breakout-1');
    expect((await fetch(`${srv.url}/api/events/mc2023/polls/${pollId}/results.csv`, { headers: { authorization: `Bearer ${breakoutChair}` } })).status).toBe(
      404,
    );
    expect((await fetch(`${srv.url}/api/events/mc2023/polls/${pollId}/results.csv`, { headers: { authorization: `Bearer ${a.token}` } })).status).toBe(403);
  });

  it("words the CSV in the chair's language: ?lang=, else Accept-Language, else English", async () => {
    const c = await chair();
    const a = await attendee();
    const pollId = await newPoll(c, {
      type: 'single',
      question: 'Café or thé?',
      options: [
        { id: 'c', label: 'Café' },
        { id: 't', label: 'Thé' },
      ],
    });
    await control(c, pollId, 'launch');
    await voteFor(a.s, pollId, { type: 'single', option: 'c' });
    const token = await srv.link('chair', 'plenary');
    const csv = async (query: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${srv.url}/api/events/mc2023/polls/${pollId}/results.csv${query}`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      expect(res.status).toBe(200);
      return (await res.text()).replace(/^\uFEFF/, '');
    };
    const french = await csv('?lang=fr');
    expect(french).toContain('Sondage,Café or thé?');
    expect(french).toContain('Type,Choix unique');
    expect(french).toContain('Votants,1');
    expect(french).toContain('Option,Votes,Pourcentage des votants');
    expect(french).toMatch(/Café,1,100[\u00a0\u202f]%/);
    const german = await csv('?lang=de-AT');
    expect(german).toContain('Umfrage,Café or thé?');
    expect(german).toContain('Typ,Einfachauswahl');
    expect(german).toContain('Option,Stimmen,Prozent der Abstimmenden');
    expect(german).toMatch(/Café,1,100[\u00a0\u202f]%/);
    expect(await csv('', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' })).toContain('Option,Stimmen,Prozent der Abstimmenden');
    expect(await csv('?lang=xx', { 'accept-language': 'fr-CA' })).toContain('Option,Votes,Pourcentage des votants');
    expect(await csv('', { 'accept-language': 'es' })).toContain('Option,Votes,Percent of voters');
  });
});
