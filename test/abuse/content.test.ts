import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { call, client, onTallies, opId, snapshotOf, startServer, writeStored, type ClientSocket, type TestServer } from '../helpers/app';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import fs from 'node:fs';
import path from 'node:path';
import type { UpvoteCount } from '../../shared/protocol/qa';
import type { Question } from '../../shared/protocol/qa';
import type { Tally } from '../../shared/protocol/polls';
import { LIMITS } from '../../shared/limits';
import { DEMO_EVENT } from '../../server/setup';

/**
 * Issue 21, items 1-5: what a hostile audience sends through the public protocol (HTTP and Socket.IO), against a
 * real server. Each test names the item it holds.
 */

let srv: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

async function attendee(name?: string) {
  const joined = await srv.join(name);
  const s = await client(srv.url, joined.token);
  sockets.push(s);
  return { s, id: joined.attendeeId, token: joined.token };
}
async function chair(room = 'plenary') {
  const s = await client(srv.url, await srv.link('chair', room));
  sockets.push(s);
  return s;
}
async function newPoll(c: ClientSocket, draft: object, room = 'plenary'): Promise<string> {
  const created = await call(c, 'poll:create', { opId: opId(), draft: { roomId: room, itemId: null, ...draft } });
  expect(created).toMatchObject({ ok: true });
  expect(await call(c, 'poll:control', { opId: opId(), pollId: created.pollId, action: 'launch' })).toMatchObject({ ok: true });
  return created.pollId as string;
}

/**
 * A new attendee whose every request comes from `address`, as a browser behind that NAT address reaches the server
 * through the local proxy (which forwards the address): the join and the live connection.
 */
async function attendeeFrom(address: string): Promise<ClientSocket> {
  const res = await fetch(`${srv.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ code: DEMO_EVENT.code }),
  });
  const joined = (await res.json()) as { ok: boolean; token: string };
  expect(joined.ok).toBe(true);
  const socket: ClientSocket = connect(srv.url, {
    auth: { v: PROTOCOL_VERSION, token: joined.token },
    transports: ['websocket'],
    upgrade: false,
    reconnection: false,
    forceNew: true,
    extraHeaders: { 'x-forwarded-for': address },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('welcome', () => resolve());
    socket.once('connect_error', reject);
  });
  sockets.push(socket);
  return socket;
}

/** Runs `fn` on each item, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map((x, j) => fn(x, i + j)))));
  return out;
}

const ask = (s: ClientSocket, roomId: string, text: string) => call(s, 'qa:ask', { opId: opId(), roomId, text, target: null, anonymous: true });

/** Sends until accepted: a refusal for going too fast waits the time it names and sends again (same operation). */
async function persist(socket: ClientSocket, event: string, payload: object): Promise<any> {
  for (;;) {
    const reply = await call(socket, event as 'poll:vote', payload);
    if (reply.ok || reply.code !== 'RATE_LIMITED') return reply;
    await new Promise((r) => setTimeout(r, reply.retryAfterMs ?? 100));
  }
}

const wordsOf = (tally: Tally | undefined) => Object.keys(tally?.counters ?? {}).filter((k) => k.startsWith('w:'));

/**
 * A CSV cut into cells as a spreadsheet of a `;` locale does (French, German Excel): quoted fields kept whole, quotes
 * undoubled, any unquoted `;` or `,` a cell boundary.
 */
function cellsAsExcelSplits(csv: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted && ch === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ';' || ch === ',' || ch === '\n') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (cell) cells.push(cell);
  return cells;
}

/** `POST /api/join` as any browser sends it: the reply's code and reason. */
async function joinAs(name: string): Promise<{ ok: boolean; code?: string; reason?: string; name?: string | null }> {
  const res = await fetch(`${srv.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: DEMO_EVENT.code, name }),
  });
  return (await res.json()) as { ok: boolean; code?: string; reason?: string };
}

describe('[21.1] names posing as staff with look-alike letters', () => {
  it('[21.1] names posing as staff with look-alike letters: role words in Cyrillic, Greek, Turkish, full-width or mathematical letters are refused at join', async () => {
    // Cyrillic С, О, е, А, а; Greek Η; full-width; mathematical Fraktur; a dotless ı.
    for (const name of [
      'Сhair',
      'Оrganiser',
      'Modеrator',
      'Аdmin',
      'Ηost',
      'Ｍｏｄｅｒａｔｏｒ',
      'ℭ𝔥𝔞𝔦𝔯',
      'Chaır',
      'Organisatеurin',
      'Modérаteur',
      'Sitzungslеitung',
    ])
      expect(await joinAs(name), name).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'name.reserved' });
  });

  it("[21.1] names posing as staff with look-alike letters: a programme chair's name, in any script mix, is refused at join and at a rename", async () => {
    // Loukas Zahilas chairs the demo programme's opening; the second has a Cyrillic а and о.
    for (const name of ['Loukas Zahilas', 'Lоukаs Zahilas', 'Dr. LOUKAS  ZAHILAS']) {
      expect(await joinAs(name)).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'name.staff' });
    }
    const { token } = await srv.join('Attendee');
    const socket = await client(srv.url, token);
    try {
      expect(await call(socket, 'session:rename', { opId: 'rename-1', name: 'Zеlda Azzara' })).toMatchObject({ ok: false, reason: 'name.staff' });
      expect(await call(socket, 'session:rename', { opId: 'rename-2', name: 'Сhair' })).toMatchObject({ ok: false, reason: 'name.reserved' });
    } finally {
      socket.close();
    }
  });

  it("[21.1] names posing as staff with look-alike letters: real people's names that hold a role word inside a longer word may join", async () => {
    for (const name of ['Stafford', 'Ghost', 'Hostetter', 'Chairez', 'Adminta Okafor', 'Charlotte', 'Loukas', 'Ζωή Παπαδοπούλου', 'Анна Смирнова'])
      expect(await joinAs(name), name).toMatchObject({ ok: true, name });
  });
});

describe('[21.2] CSV formula injection for ;-separated Excel', () => {
  it('[21.2] CSV formula injection for ;-separated Excel: every cell of a poll export reads as text in a , or ; locale', async () => {
    const c = await chair();
    const pollId = await newPoll(c, { type: 'open', question: 'Anything to add?', options: [] });
    const answers = ['fine;+cmd', 'ok,=1+1', 'tab\t@SUM(A1)', '=HYPERLINK("http://x")', '-2+3', 'say "hi"; -then', 'two\nlines', '+33 1 23 45 67 89'];
    for (const text of answers)
      expect(await call((await attendee()).s, 'poll:vote', { opId: opId(), pollId, choice: { type: 'open', text } })).toMatchObject({ ok: true });
    const token = await srv.link('chair', 'plenary');
    const res = await fetch(`${srv.url}/api/events/mc2023/polls/${pollId}/results.csv?lang=fr`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const csv = (await res.text()).replace(/^\uFEFF/, '');
    const cells = cellsAsExcelSplits(csv);
    // No cell a `;` or `,` spreadsheet makes of it starts like a formula.
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    // Each answer is one cell, kept readable: the text with a leading quote before each formula start.
    for (const [text, shown] of [
      ['fine;+cmd', "fine;'+cmd"],
      ['ok,=1+1', "ok,'=1+1"],
      ['tab\t@SUM(A1)', "tab\t'@SUM(A1)"],
      ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
      ['-2+3', "'-2+3"],
      ['say "hi"; -then', 'say "hi"; -then'],
      ['+33 1 23 45 67 89', "'+33 1 23 45 67 89"],
    ])
      expect(cells, text).toContain(shown);
  });
});

describe('[21.3] unbounded word-cloud tallies', () => {
  it(
    '[21.3] unbounded word-cloud tallies: one attendee re-voting 300 times with new words leaves a bounded snapshot and push',
    { timeout: 90_000 },
    async () => {
      const c = await chair();
      const pollId = await newPoll(c, { type: 'wordcloud', question: 'One word?', options: [] });
      const voter = await attendee();
      const watcher = await attendee();
      const pushed: Tally[] = [];
      onTallies(watcher.s, (t) => pushed.push(...t.filter((x) => x.pollId === pollId)));
      for (let i = 0; i < 300; i++) {
        const words = [`alpha${i}`, `beta${i}`, `gamma${i}`];
        expect(await persist(voter.s, 'poll:vote', { opId: opId(), pollId, choice: { type: 'wordcloud', words } })).toMatchObject({ ok: true });
      }
      // Only the last ballot's three words count; the 897 words voted away are gone, not kept at zero.
      const tally = (await snapshotOf((await attendee()).s)).polls.tallies[pollId];
      expect(wordsOf(tally).sort()).toEqual(['w:alpha299', 'w:beta299', 'w:gamma299']);
      expect(Object.values(tally!.counters).every((n) => n !== 0)).toBe(true);
      expect(JSON.stringify(tally).length).toBeLessThan(300);
      await expect.poll(() => wordsOf(pushed.at(-1)).length, { timeout: 5_000 }).toBe(3);
      expect(Math.max(...pushed.map((t) => wordsOf(t).length))).toBeLessThanOrEqual(LIMITS.wordCloudTop);
    },
  );

  it('[21.3] unbounded word-cloud tallies: many voters with distinct words: the cloud sent is the top words only', { timeout: 60_000 }, async () => {
    const c = await chair();
    const pollId = await newPoll(c, { type: 'wordcloud', question: 'Another word?', options: [] });
    const watcher = await attendee();
    const pushed: Tally[] = [];
    onTallies(watcher.s, (t) => pushed.push(...t.filter((x) => x.pollId === pollId)));
    // 30 voters with 3 new words each (90 words), and 5 more all with "consensus".
    for (let i = 0; i < 35; i++) {
      const words = i < 30 ? [`x${i}a`, `x${i}b`, `x${i}c`] : ['consensus'];
      expect(await persist((await attendee()).s, 'poll:vote', { opId: opId(), pollId, choice: { type: 'wordcloud', words } })).toMatchObject({ ok: true });
      sockets.pop()!.close();
    }
    const tally = (await snapshotOf((await attendee()).s)).polls.tallies[pollId];
    expect(wordsOf(tally)).toHaveLength(LIMITS.wordCloudTop);
    expect(tally!.counters['w:consensus']).toBe(5);
    expect(tally!.counters._voters).toBe(35);
    const staff = (await snapshotOf(c)).polls.tallies[pollId];
    expect(wordsOf(staff)).toHaveLength(LIMITS.wordCloudTop);
    await expect.poll(() => pushed.at(-1)?.counters['w:consensus'], { timeout: 5_000 }).toBe(5);
    expect(Math.max(...pushed.map((t) => wordsOf(t).length))).toBeLessThanOrEqual(LIMITS.wordCloudTop);
  });
});

describe('[21.4] Q&A spam from one address', () => {
  it("[21.4] Q&A spam from one address: the room's declared limit of questions is enforced with TOO_MANY", async () => {
    // The room already holds 1,999 questions (written straight into its list of ids, as 1,999 asks would).
    const filler = Array.from({ length: 1_999 }, (_, i) => `filler-${i}`);
    await writeStored(srv.store, { sets: [{ key: 'qa:ids:breakout-3', add: filler }] });
    const s = await attendeeFrom('192.0.2.30');
    expect(await ask(s, 'breakout-3', 'The two-thousandth question')).toMatchObject({ ok: true });
    const refused = await ask(await attendeeFrom('192.0.2.31'), 'breakout-3', 'One question too many');
    expect(refused).toMatchObject({ ok: false, code: 'TOO_MANY', reason: 'qa.roomFull', params: { max: LIMITS.questionsPerRoom } });
    expect((await srv.store.sets(DEMO_EVENT.id, ['qa:ids:breakout-3']))[0]!.size).toBe(LIMITS.questionsPerRoom);
    // Another room still takes questions.
    expect(await ask(s, 'breakout-2', 'A question elsewhere')).toMatchObject({ ok: true });
  });

  it(
    "[21.4] Q&A spam from one address: throwaway identities behind one address get the address's budget, then RATE_LIMITED; the chair's snapshot carries a page; a company of 300 behind one NAT is never stopped",
    { timeout: 180_000 },
    async () => {
      const spammer = '203.0.113.7';
      const identities = await inBatches(Array.from({ length: 125 }), 25, () => attendeeFrom(spammer));
      const replies = (
        await inBatches(identities, 25, (s, i) => Promise.all([0, 1, 2, 3, 4].map((k) => ask(s, 'breakout-1', `Spam ${i}-${k} from one address`))))
      ).flat();
      expect(replies.filter((r) => r.ok)).toHaveLength(LIMITS.questionsPerAddressPerMinute);
      const limited = replies.filter((r) => !r.ok);
      expect(limited).toHaveLength(625 - LIMITS.questionsPerAddressPerMinute);
      expect(limited[0]).toMatchObject({ code: 'RATE_LIMITED', reason: 'qa.askAddressLimited', retryAfterMs: expect.any(Number) });
      // Someone on another network is not stopped.
      expect(await ask(await attendeeFrom('198.51.100.200'), 'breakout-1', 'A real question from elsewhere')).toMatchObject({ ok: true });

      // The chair's snapshot carries the first page of the 601 pending questions and a count of the rest.
      const c = await chair('breakout-1');
      const snapshot = (await snapshotOf(c)).qa;
      const pending = snapshot.questions.filter((q) => q.roomId === 'breakout-1' && q.status === 'pending');
      expect(pending).toHaveLength(LIMITS.pendingPage);
      expect(snapshot.pendingMore?.['breakout-1']?.count).toBe(601 - LIMITS.pendingPage);
      expect(JSON.stringify(snapshot).length).toBeLessThan(60_000);
      // The rest, page by page with `qa:pending`: every pending question once, oldest first.
      const all: Question[] = [...pending];
      let after = snapshot.pendingMore!['breakout-1']!.after;
      for (;;) {
        const page = await call(c, 'qa:pending', { roomId: 'breakout-1', after });
        expect(page).toMatchObject({ ok: true });
        expect(page.questions.length).toBeLessThanOrEqual(LIMITS.pendingPage);
        all.push(...page.questions);
        if (!page.more) break;
        after = page.more.after;
      }
      expect(all).toHaveLength(601);
      expect(new Set(all.map((q) => q.id)).size).toBe(601);
      expect(all.map((q) => q.createdAt)).toEqual([...all.map((q) => q.createdAt)].sort((a, b) => a - b));
      // Attendees cannot page the Incoming list.
      expect(await call(identities[0]!, 'qa:pending', { roomId: 'breakout-1', after: '0:x' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

      // Meanwhile a company of 300 behind another NAT address asks, upvotes and votes without being stopped.
      const nat = '198.51.100.9';
      const chair2 = await chair('breakout-2');
      expect(await call(chair2, 'qa:settings', { opId: opId(), roomId: 'breakout-2', premoderation: false })).toMatchObject({ ok: true });
      const pollId = await newPoll(
        chair2,
        {
          type: 'single',
          question: 'Lunch?',
          options: [
            { id: 'y', label: 'Yes' },
            { id: 'n', label: 'No' },
          ],
        },
        'breakout-2',
      );
      const people = await inBatches(Array.from({ length: 300 }), 30, () => attendeeFrom(nat));
      // Each asks 2 questions (the budget is 600 a minute: all of them at once).
      const asked = (
        await inBatches(people, 30, (s, i) => Promise.all([ask(s, 'breakout-2', `Question A of ${i}`), ask(s, 'breakout-2', `Question B of ${i}`)]))
      ).flat();
      expect(asked.filter((r) => !r.ok)).toEqual([]);
      // Each upvotes 10 questions of others, and votes, then changes the vote twice.
      const ids: string[] = asked.map((r) => r.questionId);
      const upvoted = (
        await inBatches(people, 30, (s, i) =>
          Promise.all(Array.from({ length: 10 }, (_, k) => persist(s, 'qa:upvote', { opId: opId(), questionId: ids[(2 * i + 2 + k) % ids.length], up: true }))),
        )
      ).flat();
      expect(upvoted.filter((r) => !r.ok)).toEqual([]);
      const voted = (
        await inBatches(people, 30, async (s) => {
          const out = [];
          for (const option of ['y', 'n', 'y']) out.push(await persist(s, 'poll:vote', { opId: opId(), pollId, choice: { type: 'single', option } }));
          return out;
        })
      ).flat();
      expect(voted.filter((r) => !r.ok)).toEqual([]);
      for (const s of people) s.close();
    },
  );
});

describe('[21.5] upvote and ballot stuffing', () => {
  it(
    "[21.5] upvote and ballot stuffing: the chair sees one network's share of a question's upvotes and can discount them, reversibly",
    { timeout: 60_000 },
    async () => {
      const c = await chair('plenary');
      expect(await call(c, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false })).toMatchObject({ ok: true });
      const asker = await attendeeFrom('192.0.2.77');
      const asked = await ask(asker, 'plenary', 'A question that draws a crowd');
      expect(asked).toMatchObject({ ok: true, status: 'live' });
      const questionId = asked.questionId as string;
      const chairCounts: Record<string, UpvoteCount>[] = [];
      c.on('live', (batch) => batch.counts && chairCounts.push(batch.counts));

      // 12 throwaway identities from one address, 3 people from three others.
      const stuffers = await inBatches(Array.from({ length: 12 }), 12, () => attendeeFrom('203.0.113.50'));
      const others = await Promise.all(['198.51.100.1', '198.51.100.2', '198.51.100.3'].map((a) => attendeeFrom(a)));
      for (const s of [...stuffers, ...others]) expect(await call(s, 'qa:upvote', { opId: opId(), questionId, up: true })).toMatchObject({ ok: true });

      const staffCount = (await snapshotOf(c)).qa.counts[questionId];
      expect(staffCount).toMatchObject({ n: 15, network: { percent: 80, n: 12 } });
      await expect.poll(() => chairCounts.at(-1)?.[questionId]?.network?.percent, { timeout: 5_000 }).toBe(80);
      // Attendees see the count, never the marker.
      const attendeeCount = (await snapshotOf(others[0]!)).qa.counts[questionId];
      expect(attendeeCount).toMatchObject({ n: 15 });
      expect(attendeeCount).not.toHaveProperty('network');

      // Discounted: the count everybody sees leaves them out; counted again: back.
      expect(await call(c, 'qa:discount', { opId: opId(), questionId, discount: true })).toMatchObject({ ok: true });
      expect((await snapshotOf(others[1]!)).qa.counts[questionId]).toMatchObject({ n: 3 });
      expect((await snapshotOf(c)).qa.counts[questionId]).toMatchObject({ n: 3, discounted: 12 });
      expect(await call(others[2]!, 'qa:discount', { opId: opId(), questionId, discount: false })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await call(c, 'qa:discount', { opId: opId(), questionId, discount: false })).toMatchObject({ ok: true });
      expect((await snapshotOf(c)).qa.counts[questionId]).toMatchObject({ n: 15, network: { percent: 80 } });
      expect((await snapshotOf(c)).qa.counts[questionId]).not.toHaveProperty('discounted');

      // The address is kept nowhere: not in the store's journal.
      const journal = fs
        .readdirSync(srv.config.dataDir)
        .map((f) => fs.readFileSync(path.join(srv.config.dataDir, f), 'utf8'))
        .join('');
      expect(journal).toContain(questionId);
      expect(journal).not.toContain('203.0.113.50');
    },
  );

  it(
    "[21.5] upvote and ballot stuffing: the chair sees one network's share of a poll's votes (attendees and the export do not) and can discount them, reversibly",
    { timeout: 60_000 },
    async () => {
      const c = await chair('plenary');
      const pollId = await newPoll(c, {
        type: 'single',
        question: 'Stuffed?',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      });
      const stuffers = await inBatches(Array.from({ length: 9 }), 9, () => attendeeFrom('203.0.113.60'));
      const others = await Promise.all(['198.51.100.11', '198.51.100.12', '198.51.100.13'].map((a) => attendeeFrom(a)));
      for (const s of stuffers)
        expect(await call(s, 'poll:vote', { opId: opId(), pollId, choice: { type: 'single', option: 'a' } })).toMatchObject({ ok: true });
      for (const s of others) expect(await call(s, 'poll:vote', { opId: opId(), pollId, choice: { type: 'single', option: 'b' } })).toMatchObject({ ok: true });
      expect((await snapshotOf(c)).polls.tallies[pollId]).toMatchObject({ network: { percent: 75, n: 9 } });
      expect((await snapshotOf(others[0]!)).polls.tallies[pollId]).not.toHaveProperty('network');
      const res = await fetch(`${srv.url}/api/events/mc2023/polls/${pollId}/results.csv`, {
        headers: { authorization: `Bearer ${await srv.link('chair', 'plenary')}` },
      });
      expect(await res.text()).not.toContain('203.0.113.60');

      // Discounted (P15): the results everybody sees are the three others' alone; an attendee cannot; counted again.
      expect(await call(others[0]!, 'poll:discount', { opId: opId(), pollId, discount: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await call(c, 'poll:discount', { opId: opId(), pollId, discount: true })).toMatchObject({ ok: true });
      const seen = (await snapshotOf(others[1]!)).polls.tallies[pollId]!.counters;
      expect(seen).toMatchObject({ _voters: 3, 'o:b': 3 });
      expect(seen).not.toHaveProperty('o:a');
      expect(seen).not.toHaveProperty('_aside');
      expect((await snapshotOf(others[1]!)).polls.tallies[pollId]).not.toHaveProperty('discounted');
      expect((await snapshotOf(c)).polls.tallies[pollId]).toMatchObject({ counters: { _voters: 3, 'o:b': 3 }, discounted: 9 });
      // A stuffer changing their vote stays set aside.
      expect(await call(stuffers[0]!, 'poll:vote', { opId: opId(), pollId, choice: { type: 'single', option: 'b' } })).toMatchObject({ ok: true });
      expect((await snapshotOf(c)).polls.tallies[pollId]).toMatchObject({ counters: { _voters: 3, 'o:b': 3 }, discounted: 9 });
      expect(await call(c, 'poll:discount', { opId: opId(), pollId, discount: false })).toMatchObject({ ok: true });
      const restored = (await snapshotOf(c)).polls.tallies[pollId]!;
      expect(restored.counters).toMatchObject({ _voters: 12, 'o:a': 8, 'o:b': 4 });
      expect(restored).not.toHaveProperty('discounted');
      expect(await call(c, 'poll:discount', { opId: opId(), pollId, discount: false })).toMatchObject({ ok: false, reason: 'poll.nothingToDiscount' });
    },
  );
});
