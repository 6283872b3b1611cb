import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { client, call, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { DEMO_EVENT, loadDemoProgramme } from '../../server/setup';
import { breakoutItem, keyPoints, templateSections } from '../../shared/domain/summaries';
import { findChromium } from '../../server/features/report/pdf';
import { SLOT } from '../helpers/breakouts';
import type { Section, Summary } from '../../shared/protocol/summaries';

/**
 * The organiser's whole path after the demo event, end to end against one real server: the event runs (two
 * attendees over real connections, counted by the attendance figures themselves; a question asked, approved and
 * answered; a poll voted on; a chat message; a key-topic answer; a breakout summary published and marked in the
 * report-back), then the organiser downloads the workbook, a CSV and the PDF report, publishes the report and opens
 * its public page, and erases the people's data: the names and texts are gone from all of them, the figures stay.
 * Each piece has its own detailed tests (exports, report, privacy, overview); this one checks they hold together.
 */
const NAME = 'Zelda Quasimodo';
const QUESTION = 'Which employers already accept stackable microcredentials?';
const ANSWER = 'Several in the Nordic pilot, as the next session shows.';
const CHAT = 'Greetings from the Lisbon hub';
const CONTRIBUTION = 'Managers who learn alongside their teams.';
const POINT = 'Employers want transparent learning outcomes';
const ROOM = 'breakout-1';
const POLL = 'd2-s2-issuing';

const hasChromium = findChromium() !== null;

describe('after the event: the workbook, the CSV, the PDF and the public report, then the erase', () => {
  let srv: TestServer;
  let organiser: string;
  let org: ClientSocket;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(srv.url, token);
    sockets.push(s);
    return s;
  };
  const download = (path: string, token: string | null = organiser) =>
    fetch(`${srv.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const workbookRows = async () => {
    const res = await download(`/api/events/${DEMO_EVENT.id}/export/workbook.xlsx?lang=en`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    return Object.fromEntries(
      book.worksheets.map((sheet) => [
        sheet.name,
        sheet
          .getSheetValues()
          .slice(2)
          .map((row) => (row as unknown[]).slice(1)),
      ]),
    );
  };
  const reportHtml = async (token: string | null = organiser) => {
    const res = await download(`/report/${DEMO_EVENT.code}?lang=en`, token);
    return { status: res.status, html: res.status === 200 ? await res.text() : '' };
  };
  const glance = (html: string, label: string) =>
    new RegExp(`<dt>${label}</dt><dd>(\\d+)</dd>`).exec(html.slice(html.indexOf('id="glance"'), html.indexOf('class="contents"')))?.[1];

  beforeAll(async () => {
    // Attendance written every 100 ms, so the figures of the two real connections are there within the test.
    srv = await startServer({ env: { ATTENDANCE_FLUSH_MS: '100' } });
    organiser = await srv.link('organiser');
    org = await open(organiser);
    const zelda = await open((await srv.join(NAME)).token);
    const ada = await open((await srv.join('Ada Lovelace')).token);
    const chair = await open(await srv.link('chair', 'plenary'));
    const bchair = await open(await srv.link('chair', ROOM));
    const rapporteur = await open(await srv.link('rapporteur', ROOM));
    const ok = { ok: true };

    const asked = await call(zelda, 'qa:ask', { opId: opId(), roomId: 'plenary', text: QUESTION, target: null, anonymous: false });
    expect(asked).toMatchObject(ok);
    const qid = asked.questionId as string;
    const rev = async () => (await snapshotOf(chair)).qa.questions.find((q) => q.id === qid)!.rev;
    if (asked.status === 'pending')
      expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: qid, rev: await rev(), action: 'approve' })).toMatchObject(ok);
    expect(await call(ada, 'qa:upvote', { opId: opId(), questionId: qid, up: true })).toMatchObject(ok);
    expect(await call(chair, 'qa:reply', { opId: opId(), questionId: qid, rev: await rev(), text: ANSWER })).toMatchObject(ok);
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: qid, rev: await rev(), action: 'answered' })).toMatchObject(ok);

    expect(await call(chair, 'poll:control', { opId: opId(), pollId: POLL, action: 'launch' })).toMatchObject(ok);
    for (const s of [zelda, ada])
      expect(await call(s, 'poll:vote', { opId: opId(), pollId: POLL, choice: { type: 'single', option: 'both' } })).toMatchObject(ok);
    expect(await call(chair, 'poll:control', { opId: opId(), pollId: POLL, action: 'close' })).toMatchObject(ok);

    expect(await call(zelda, 'chat:post', { opId: opId(), roomId: 'plenary', text: CHAT })).toMatchObject(ok);

    expect(await call(bchair, 'agenda:setLive', { opId: opId(), roomId: ROOM, itemId: 'd1-breakout-1' })).toMatchObject(ok);
    expect(await call(zelda, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: ROOM })).toMatchObject(ok);
    const sent = await call(zelda, 'breakouts:contribute', { opId: opId(), roomId: ROOM, topic: 0, text: CONTRIBUTION });
    expect(sent).toMatchObject(ok);
    if (sent.status === 'pending')
      expect(await call(bchair, 'breakouts:moderate', { opId: opId(), contributionId: sent.contributionId, rev: 0, action: 'approve' })).toMatchObject(ok);

    const sections: Section[] = templateSections(breakoutItem(loadDemoProgramme(), ROOM)).map((s, i) => (i === 0 ? { ...s, body: `- ${POINT}` } : s));
    expect(await call(rapporteur, 'summary:save', { opId: opId(), roomId: ROOM, baseVersion: 0, sections })).toMatchObject(ok);
    const summary = async () => (await snapshotOf(bchair)).summaries!.summaries.find((s) => s.roomId === ROOM) as Summary;
    expect(await call(rapporteur, 'summary:review', { opId: opId(), roomId: ROOM, action: 'submit', rev: (await summary()).rev })).toMatchObject(ok);
    expect(await call(bchair, 'summary:review', { opId: opId(), roomId: ROOM, action: 'publish', rev: (await summary()).rev })).toMatchObject(ok);
    expect(await call(chair, 'summary:reportBack', { opId: opId(), live: true, current: ROOM })).toMatchObject(ok);
    const point = keyPoints(sections).find((p) => p.text === POINT)!.id;
    expect(await call(ada, 'summary:mark', { opId: opId(), roomId: ROOM, pointId: point, mark: 'agree' })).toMatchObject(ok);

    // The attendance figures count the two attendees (their real connections), never the staff.
    for (let tries = 0; glance((await reportHtml()).html, 'Attendees') !== '2' && tries < 100; tries++) await new Promise((r) => setTimeout(r, 100));
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await srv?.close();
  });

  it('the workbook and a CSV hold what happened, under the names people chose', async () => {
    const sheets = await workbookRows();
    expect(Object.keys(sheets)).toEqual([
      'Programme',
      'Questions',
      'Polls',
      'Chat',
      'Key-topic contributions',
      'Breakout summaries',
      'Sign-ups',
      'Attendance',
      'Attendance per minute',
    ]);
    expect(sheets['Questions']!.map((r) => r.slice(2, 7))).toEqual([[QUESTION, NAME, 'answered', 1, ANSWER]]);
    expect(sheets['Polls']!.find((r) => r[6] === 'Both')).toEqual(expect.arrayContaining(['closed', 2, 'Both', 2, 100]));
    expect(sheets['Chat']!.map((r) => r.slice(2))).toEqual([[NAME, CHAT]]);
    expect(sheets['Key-topic contributions']!.map((r) => [r[2], r[3]])).toEqual([[CONTRIBUTION, NAME]]);
    expect(String(sheets['Breakout summaries']![0]![2])).toContain(POINT);
    expect(sheets['Sign-ups']!.some((r) => r.includes(NAME))).toBe(true);
    expect(sheets['Attendance']![0]!.slice(0, 2)).toEqual(['All rooms', 2]);

    const bytes = Buffer.from(await (await download(`/api/events/${DEMO_EVENT.id}/export/questions.csv?lang=en`)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain(QUESTION);
    expect(csv).toContain(NAME);
  });

  it('the PDF report holds the question, its answer and the summary', { timeout: 60_000 }, async () => {
    const res = await download(`/report/${DEMO_EVENT.code}/report.pdf?lang=en`);
    // `.ci/run` installs Chromium; a machine without it is told so plainly, and nothing else changes.
    if (!hasChromium) return expect(await res.json()).toMatchObject({ code: 'UNAVAILABLE', reason: 'report.pdfUnavailable' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.arrayBuffer())), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const needle of [QUESTION, ANSWER, POINT]) expect(flat).toContain(needle);
  });

  it('the public report appears at its address once published, without any link', async () => {
    expect((await reportHtml(null)).status).toBe(404);
    expect(await call(org, 'report:publish', { opId: opId(), published: true })).toMatchObject({ ok: true });
    const { status, html } = await reportHtml(null);
    expect(status).toBe(200);
    expect(html).toContain(QUESTION);
    expect(html).toContain(POINT);
    expect(glance(html, 'Attendees')).toBe('2');
  });

  it('after the erase, no name or text of the attendees is in the workbook, the CSV or the report; the figures stay', async () => {
    expect(await call(org, 'privacy:erase', { opId: opId() })).toMatchObject({ ok: true });

    const sheets = await workbookRows();
    const everything = JSON.stringify(sheets);
    for (const gone of [NAME, 'Ada Lovelace', QUESTION, CHAT, CONTRIBUTION]) expect(everything).not.toContain(gone);
    // The figures: the poll's result, the attendance, the number of questions.
    expect(sheets['Polls']!.find((r) => r[6] === 'Both')).toEqual(expect.arrayContaining(['closed', 2, 'Both', 2, 100]));
    expect(sheets['Attendance']![0]!.slice(0, 2)).toEqual(['All rooms', 2]);
    const csv = await (await download(`/api/events/${DEMO_EVENT.id}/export/questions.csv?lang=en`)).text();
    expect(csv).not.toContain(QUESTION);
    expect(csv).not.toContain(NAME);

    const { status, html } = await reportHtml(null);
    expect(status).toBe(200);
    for (const gone of [NAME, QUESTION, CHAT]) expect(html, html.slice(Math.max(0, html.indexOf(gone) - 300), html.indexOf(gone) + 100)).not.toContain(gone);
    expect(glance(html, 'Attendees')).toBe('2');
    expect(glance(html, 'Questions asked')).toBe('1');
  });
});
