import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { client, call, opId, snapshotOf, startServer, writeStored, type ClientSocket, type TestServer } from '../helpers/app';
import { TestRedis } from '../helpers/redis';
import { RedisStore } from '../../server/store/redis';
import { DEMO_EVENT, loadDemoProgramme } from '../../server/setup';
import { breakoutItem, keyPoints, templateSections } from '../../shared/domain/summaries';
import type { Section, Summary } from '../../shared/protocol/summaries';

/**
 * The end-of-event report over a real server, on the embedded store and on a real redis-server: an event scripted
 * through the public protocol (two attendees join, one asks, the chair approves and answers, a poll is voted on, a
 * chat message, a breakout summary published and marked during the report-back), then the report's page as the
 * organiser sees it, its publication (public 404 → 200 → 404), and its PDF printed by the system's Chromium.
 */
const ROOM = 'breakout-1';
const QUESTION = 'How will employers recognise stackable credentials?';
const ANSWER = 'Through the European qualifications framework, step by step.';
const SUMMARY_POINT = 'Employers want transparent learning outcomes';
const template = templateSections(breakoutItem(loadDemoProgramme(), ROOM));
const written: Section[] = template.map((s, i) => (i === 0 ? { ...s, body: `- ${SUMMARY_POINT}\n- Quality assurance <script>alert(1)</script> matters` } : s));

describe.each(['embedded', 'redis'] as const)('the report on the %s store', (kind) => {
  let srv: TestServer;
  let redis: TestRedis | null = null;
  let organiser: string;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(srv.url, token);
    sockets.push(s);
    return s;
  };
  const page = (headers: Record<string, string> = {}, query = '') => fetch(`${srv.url}/report/${DEMO_EVENT.code}${query}`, { headers });

  beforeAll(async () => {
    if (kind === 'redis') redis = await new TestRedis({ appendfsync: 'no-aof' }).start();
    srv = await startServer(redis ? { store: new RedisStore({ url: redis.url, prefix: `rep${Date.now()}:` }) } : {});
    organiser = await srv.link('organiser');

    // Two attendees join over real connections.
    const ada = await open((await srv.join('Ada Lovelace')).token);
    const bruno = await open((await srv.join('Bruno')).token);
    const chair = await open(await srv.link('chair', 'plenary'));
    // The attendance record is the live overview's (another feature): written here as it writes it, for the two
    // people who really connected, so that the report's reading of the contract is exercised on both stores without
    // waiting for its writes (test/socket/after-event.test.ts reads the figures the overview itself wrote).
    const ids = [(await snapshotOf(ada)).me.id, (await snapshotOf(bruno)).me.id];
    const committed = await writeStored(srv.store, {
      sets: [
        { key: 'att:seen', add: ids },
        { key: 'att:seen:plenary', add: ids },
      ],
    });
    expect(committed.kind).toBe('committed');

    // A question asked during d1-s1, approved, answered with a reply.
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' })).toMatchObject({ ok: true });
    const asked = await call(ada, 'qa:ask', { opId: opId(), roomId: 'plenary', text: QUESTION, target: null, anonymous: false });
    expect(asked).toMatchObject({ ok: true, status: 'pending' });
    const rev = () => snapshotOf(chair).then((s) => s.qa.questions.find((q) => q.id === asked.questionId)!.rev);
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: asked.questionId, rev: await rev(), action: 'approve' })).toMatchObject({ ok: true });
    expect(await call(chair, 'qa:reply', { opId: opId(), questionId: asked.questionId, rev: await rev(), text: ANSWER })).toMatchObject({ ok: true });
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: asked.questionId, rev: await rev(), action: 'answered' })).toMatchObject({ ok: true });
    expect(await call(bruno, 'qa:upvote', { opId: opId(), questionId: asked.questionId, up: true })).toMatchObject({ ok: true });
    // A question dismissed: counted as asked, never shown.
    const dismissed = await call(bruno, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'Dismissed question text here', target: null, anonymous: true });
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: dismissed.questionId, rev: 0, action: 'dismiss' })).toMatchObject({ ok: true });

    // A poll launched and voted on by both.
    expect(await call(chair, 'poll:control', { opId: opId(), pollId: 'd2-s2-issuing', action: 'launch' })).toMatchObject({ ok: true });
    expect(await call(ada, 'poll:vote', { opId: opId(), pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'issue' } })).toMatchObject({ ok: true });
    expect(await call(bruno, 'poll:vote', { opId: opId(), pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'both' } })).toMatchObject({ ok: true });
    // A word cloud too.
    expect(await call(chair, 'poll:control', { opId: opId(), pollId: 'd1-welcome-word', action: 'launch' })).toMatchObject({ ok: true });
    expect(await call(ada, 'poll:vote', { opId: opId(), pollId: 'd1-welcome-word', choice: { type: 'wordcloud', words: ['portable'] } })).toMatchObject({
      ok: true,
    });
    expect(
      await call(bruno, 'poll:vote', { opId: opId(), pollId: 'd1-welcome-word', choice: { type: 'wordcloud', words: ['portable', 'small'] } }),
    ).toMatchObject({
      ok: true,
    });

    // A chat message.
    expect(await call(bruno, 'chat:post', { opId: opId(), roomId: 'plenary', text: 'Hello from the back row' })).toMatchObject({ ok: true });

    // A breakout summary written, published by the breakout's chair, marked during the report-back.
    const rapporteur = await open(await srv.link('rapporteur', ROOM));
    const bchair = await open(await srv.link('chair', ROOM));
    expect(await call(rapporteur, 'summary:save', { opId: opId(), roomId: ROOM, baseVersion: 0, sections: written })).toMatchObject({ ok: true });
    const summary = async () => (await snapshotOf(bchair)).summaries!.summaries.find((s) => s.roomId === ROOM) as Summary;
    expect(await call(rapporteur, 'summary:review', { opId: opId(), roomId: ROOM, action: 'submit', rev: (await summary()).rev })).toMatchObject({ ok: true });
    expect(await call(bchair, 'summary:review', { opId: opId(), roomId: ROOM, action: 'publish', rev: (await summary()).rev })).toMatchObject({ ok: true });
    expect(await call(chair, 'summary:reportBack', { opId: opId(), live: true, current: ROOM })).toMatchObject({ ok: true });
    const point = keyPoints(written).find((p) => p.text === SUMMARY_POINT)!.id;
    expect(await call(ada, 'summary:mark', { opId: opId(), roomId: ROOM, pointId: point, mark: 'agree' })).toMatchObject({ ok: true });
    expect(await call(bruno, 'summary:mark', { opId: opId(), roomId: ROOM, pointId: point, mark: 'unsure' })).toMatchObject({ ok: true });
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await srv?.close();
    await redis?.stop();
  });

  it('R1-R9 the organiser’s report holds the question, its answer, the poll’s figures, the summary, and the counts', async () => {
    const res = await page({ authorization: `Bearer ${organiser}` }, '?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(QUESTION);
    expect(html).toContain(ANSWER);
    expect(html).toContain('Asked by Ada Lovelace');
    expect(html).toContain('1 upvote');
    expect(html).not.toContain('Dismissed question text here');
    // The poll: its options with their votes and percentages, as text.
    expect(html).toContain('Does your organisation issue or recognise digital credentials today?');
    expect(html).toMatch(/<th scope="row">Yes, we issue them<\/th><td class="num">1<\/td><td class="num">50%<\/td>/);
    expect(html).toMatch(/<th scope="row">Both<\/th><td class="num">1<\/td><td class="num">50%<\/td>/);
    expect(html).toMatch(/<li class="w5">portable: 2<\/li>/);
    // The summary, sanitised, with its report-back marks.
    expect(html).toContain(SUMMARY_POINT);
    expect(html).not.toContain('<script>');
    expect(html).toMatch(/Employers want transparent learning outcomes(<\/p>)?<\/th><td class="num">1<\/td><td class="num">0<\/td><td class="num">1<\/td>/);
    expect(html).toContain('Rapporteur: Hanne Shapiro');
    // The event's figures: two attendees (the attendance sets), two questions asked, one taken up and answered,
    // four votes (two polls, two voters each), one chat message.
    const glance = html.slice(html.indexOf('id="glance"'), html.indexOf('class="contents"'));
    const figure = (label: string) => new RegExp(`<dt>${label}</dt><dd>(\\d+)</dd>`).exec(glance)?.[1];
    expect(figure('Attendees')).toBe('2');
    expect(figure('Questions asked')).toBe('2');
    expect(figure('Questions taken up')).toBe('1');
    expect(figure('Questions answered')).toBe('1');
    expect(figure('Poll votes')).toBe('4');
    expect(figure('Chat messages')).toBe('1');
    // Nothing that identifies an attendee but the name they chose.
    const ids = await Promise.all(sockets.slice(0, 2).map(async (s) => (await snapshotOf(s)).me.id));
    for (const id of ids) expect(html).not.toContain(id);
  });

  it('R9 the words follow ?lang=, then Accept-Language', async () => {
    const fr = await (await page({ authorization: `Bearer ${organiser}` }, '?lang=fr')).text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Posée par Ada Lovelace');
    const de = await (await page({ authorization: `Bearer ${organiser}`, 'accept-language': 'de-DE,de;q=0.9' })).text();
    expect(de).toContain('Gestellt von Ada Lovelace');
  });

  it('R10 the public page: 404 before publishing, 200 after, 404 again once taken down; an attendee cannot publish', async () => {
    expect((await page()).status).toBe(404);
    expect((await fetch(`${srv.url}/report/${DEMO_EVENT.code}/report.pdf`)).status).toBe(404);
    const attendee = await open((await srv.join('Carla')).token);
    expect(await call(attendee, 'report:publish', { opId: opId(), published: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(attendee, 'report:status', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // An attendee's token is no organiser's link on the page either.
    const theirs = (await srv.join('Dora')).token;
    expect((await page({ authorization: `Bearer ${theirs}` })).status).toBe(403);
    expect((await page()).status).toBe(404);

    const org = await open(organiser);
    const op = opId();
    const published = await call(org, 'report:publish', { opId: op, published: true });
    expect(published).toMatchObject({ ok: true, publication: { published: true, rev: 1 } });
    // A retry of the same operation is the same answer, nothing more.
    expect(await call(org, 'report:publish', { opId: op, published: true })).toMatchObject({ ok: true, publication: { published: true, rev: 1 } });
    expect(await call(org, 'report:status', {})).toMatchObject({ ok: true, publication: { published: true, rev: 1 } });
    const pub = await page();
    expect(pub.status).toBe(200);
    const html = await pub.text();
    expect(html).toContain(QUESTION);
    expect(html).toContain(SUMMARY_POINT);

    expect(await call(org, 'report:publish', { opId: opId(), published: false })).toMatchObject({ ok: true, publication: { published: false, rev: 2 } });
    expect((await page()).status).toBe(404);
    expect((await fetch(`${srv.url}/report/NOPE99`)).status).toBe(404);
  });

  it('the organiser’s preview is a form post with their link, never an address', async () => {
    const res = await fetch(`${srv.url}/report/${DEMO_EVENT.code}?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: organiser }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(QUESTION);
    const bad = await fetch(`${srv.url}/report/${DEMO_EVENT.code}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: (await srv.join('Eve')).token }).toString(),
    });
    expect(bad.status).toBe(403);
  });

  it.runIf(kind === 'embedded')(
    'the PDF, printed by Chromium: the question and the summary on its pages, a page per session',
    async () => {
      const res = await fetch(`${srv.url}/report/${DEMO_EVENT.code}/report.pdf?lang=en`, { headers: { authorization: `Bearer ${organiser}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
      const { totalPages, text } = await extractText(pdf, { mergePages: true });
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain(QUESTION);
      expect(flat).toContain(ANSWER);
      expect(flat).toContain(SUMMARY_POINT);
      // The demo programme has more than a dozen sessions, each from a new page.
      const sessions = loadDemoProgramme().items.filter((i) => i.kind !== 'break' && i.kind !== 'registration').length;
      expect(totalPages).toBeGreaterThan(sessions);
    },
    60_000,
  );
});

describe('the report’s PDF without a Chromium', () => {
  let srv: TestServer;
  beforeAll(async () => {
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      srv = await startServer();
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });
  afterAll(() => srv?.close());

  it('answers 503 with its reason, and the page still works', async () => {
    const organiser = await srv.link('organiser');
    const res = await fetch(`${srv.url}/report/${DEMO_EVENT.code}/report.pdf`, { headers: { authorization: `Bearer ${organiser}` } });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, code: 'UNAVAILABLE', reason: 'report.pdfUnavailable' });
    expect((await fetch(`${srv.url}/report/${DEMO_EVENT.code}`, { headers: { authorization: `Bearer ${organiser}` } })).status).toBe(200);
  });
});
