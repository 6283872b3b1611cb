import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { client, call, opId, snapshotOf, startServer, writeStored, type ClientSocket, type TestServer } from '../helpers/app';
import { TestRedis } from '../helpers/redis';
import { RedisStore } from '../../server/store/redis';
import { DEMO_EVENT, loadDemoProgramme } from '../../server/setup';
import { breakoutItem, templateSections } from '../../shared/domain/summaries';
import { EXPORT_TABLES, TABLE_COLUMNS } from '../../shared/domain/exports';
import { SLOT } from '../helpers/breakouts';
import type { Section } from '../../shared/protocol/summaries';

/**
 * The organiser's exports over HTTP against a real server, on the embedded store and on a real redis-server: an event
 * scripted through the public protocol (two attendees, a question asked, approved, replied to and answered, polls
 * voted on, a chat message, a key-topic contribution, a sign-up, a published summary), then the workbook read back
 * with exceljs and every CSV; one attendee's display name looks like a formula and must stay text everywhere.
 */
const FORMULA = '=HYPERLINK("http://x","y")';
const QUESTION = 'How will employers recognise microcredentials?';
const REPLY = 'Through the European qualifications framework.';
const CHAT = 'Hello from the plenary chat';
const CONTRIBUTION = 'Managers who learn alongside their teams.';
const SUMMARY = '- Employers need to trust them';
const ROOM = 'breakout-1';

describe.each(['embedded', 'redis'] as const)('exports on the %s store', (kind) => {
  let srv: TestServer;
  let redis: TestRedis | null = null;
  let organiserToken: string;
  /** The scripted attendees' ids (their tokens' subject): no export may hold them. */
  const attendeeIds: string[] = [];
  const idOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(srv.url, token);
    sockets.push(s);
    return s;
  };
  const get = (file: string, token: string | null = organiserToken, query = '?lang=en', event: string = DEMO_EVENT.id) =>
    fetch(`${srv.url}/api/events/${event}/export/${file}${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    if (kind === 'redis') redis = await new TestRedis({ appendfsync: 'no-aof' }).start();
    srv = await startServer(redis ? { store: new RedisStore({ url: redis.url, prefix: `exp${Date.now()}:` }) } : {});
    organiserToken = await srv.link('organiser');
    const ok = { ok: true };

    const [formulaToken, adaToken] = [(await srv.join(FORMULA)).token, (await srv.join('Ada Lovelace')).token];
    attendeeIds.push(idOf(formulaToken), idOf(adaToken));
    expect(attendeeIds.every((id) => id.length > 8)).toBe(true);
    const formula = await open(formulaToken);
    const ada = await open(adaToken);
    const chair = await open(await srv.link('chair', 'plenary'));
    const breakoutChair = await open(await srv.link('chair', ROOM));
    const rapporteur = await open(await srv.link('rapporteur', ROOM));

    // Q&A: asked by the formula-named attendee, approved, replied to, marked answered; Ada upvotes it.
    const asked = await call(formula, 'qa:ask', { opId: opId(), roomId: 'plenary', text: QUESTION, target: null, anonymous: false });
    expect(asked).toMatchObject(ok);
    const qid = asked.questionId as string;
    const rev = async () => (await snapshotOf(chair)).qa.questions.find((q) => q.id === qid)!.rev;
    if (asked.status === 'pending')
      expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: qid, rev: await rev(), action: 'approve' })).toMatchObject(ok);
    expect(await call(ada, 'qa:upvote', { opId: opId(), questionId: qid, up: true })).toMatchObject(ok);
    expect(await call(chair, 'qa:reply', { opId: opId(), questionId: qid, rev: await rev(), text: REPLY })).toMatchObject(ok);
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: qid, rev: await rev(), action: 'answered' })).toMatchObject(ok);

    // Polls: a single choice (two votes) and a word cloud.
    for (const pollId of ['d2-s2-issuing', 'd1-welcome-word'])
      expect(await call(chair, 'poll:control', { opId: opId(), pollId, action: 'launch' })).toMatchObject(ok);
    expect(await call(formula, 'poll:vote', { opId: opId(), pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'both' } })).toMatchObject(ok);
    expect(await call(ada, 'poll:vote', { opId: opId(), pollId: 'd2-s2-issuing', choice: { type: 'single', option: 'both' } })).toMatchObject(ok);
    expect(await call(ada, 'poll:vote', { opId: opId(), pollId: 'd1-welcome-word', choice: { type: 'wordcloud', words: ['trust', 'skills'] } })).toMatchObject(
      ok,
    );
    expect(await call(formula, 'poll:vote', { opId: opId(), pollId: 'd1-welcome-word', choice: { type: 'wordcloud', words: ['trust'] } })).toMatchObject(ok);
    expect(await call(chair, 'poll:control', { opId: opId(), pollId: 'd2-s2-issuing', action: 'close' })).toMatchObject(ok);

    // Chat: one message kept, one deleted by the chair.
    expect(await call(formula, 'chat:post', { opId: opId(), roomId: 'plenary', text: CHAT })).toMatchObject(ok);
    const gone = await call(ada, 'chat:post', { opId: opId(), roomId: 'plenary', text: 'This one is deleted' });
    expect(gone).toMatchObject(ok);
    expect(await call(chair, 'chat:moderate', { opId: opId(), roomId: 'plenary', messageId: gone.message.id, action: 'delete' })).toMatchObject(ok);

    // Breakouts: the slot open (its breakout live), a sign-up, a contribution approved.
    expect(await call(breakoutChair, 'agenda:setLive', { opId: opId(), roomId: ROOM, itemId: 'd1-breakout-1' })).toMatchObject(ok);
    expect(await call(formula, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: ROOM })).toMatchObject(ok);
    const sent = await call(formula, 'breakouts:contribute', { opId: opId(), roomId: ROOM, topic: 0, text: CONTRIBUTION });
    expect(sent).toMatchObject(ok);
    if (sent.status === 'pending')
      expect(await call(breakoutChair, 'breakouts:moderate', { opId: opId(), contributionId: sent.contributionId, rev: 0, action: 'approve' })).toMatchObject(
        ok,
      );
    expect(await call(ada, 'breakouts:upvote', { opId: opId(), contributionId: sent.contributionId, up: true })).toMatchObject(ok);

    // Summary: written, submitted, published by the breakout's chair.
    const template = templateSections(breakoutItem(loadDemoProgramme(), ROOM));
    const sections: Section[] = template.map((s, i) => (i === 0 ? { ...s, body: SUMMARY } : s));
    expect(await call(rapporteur, 'summary:save', { opId: opId(), roomId: ROOM, baseVersion: 0, sections })).toMatchObject(ok);
    const summary = async () => (await snapshotOf(breakoutChair)).summaries!.summaries.find((x) => x.roomId === ROOM)!;
    expect(await call(rapporteur, 'summary:review', { opId: opId(), roomId: ROOM, action: 'submit', rev: (await summary()).rev })).toMatchObject(ok);
    expect(await call(breakoutChair, 'summary:review', { opId: opId(), roomId: ROOM, action: 'publish', rev: (await summary()).rev })).toMatchObject(ok);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await srv?.close();
    await redis?.stop();
  });

  it('X1-X8 the workbook: a sheet per table, bold frozen headers, the scripted rows, the formula-looking name as text', async () => {
    const res = await get('workbook.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=MC2023-workbook.xlsx');
    // Streamed: written as it is read, so its length is not known in advance.
    expect(res.headers.get('content-length')).toBeNull();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
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
    const sheet = (i: number) => workbook.worksheets[i]!;
    const rows = (i: number) =>
      sheet(i)
        .getSheetValues()
        .slice(2)
        .map((r) => (r as unknown[]).slice(1));
    EXPORT_TABLES.forEach((table, i) => {
      const header = sheet(i).getRow(1);
      expect((header.values as unknown[]).slice(1)).toHaveLength(TABLE_COLUMNS[table].length);
      expect(header.getCell(1).font?.bold, table).toBe(true);
      expect(sheet(i).views[0], table).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet(i).getColumn(1).width, table).toBe(TABLE_COLUMNS[table][0]!.width);
    });
    expect((sheet(1).getRow(1).values as unknown[]).slice(1)).toEqual([
      'Room',
      'Session',
      'Question',
      'Display name',
      'Status',
      'Upvotes',
      'Reply',
      'Asked at (Europe/Brussels)',
      'Replied at (Europe/Brussels)',
    ]);

    expect(rows(0)).toHaveLength(loadDemoProgramme().items.length);
    const [question] = rows(1);
    expect(question!.slice(0, 7)).toEqual(['Plenary', undefined, QUESTION, FORMULA, 'answered', 1, REPLY]);
    expect(String(question![7])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0[12]:00$/);
    // The name is a text cell holding the characters, not a formula.
    const nameCell = sheet(1).getRow(2).getCell(4);
    expect(nameCell.type).toBe(ExcelJS.ValueType.String);
    expect(nameCell.formula).toBeUndefined();
    expect(nameCell.value).toBe(FORMULA);

    const polls = rows(2);
    expect(polls.find((r) => r[6] === 'Both')).toEqual(
      expect.arrayContaining(['Does your organisation issue or recognise digital credentials today?', 'closed', 2, 'Both', 2, 100]),
    );
    expect(polls.filter((r) => r[3] === 'Word cloud' && r[6] !== undefined).map((r) => [r[6], r[7]])).toEqual([
      ['trust', 2],
      ['skills', 1],
    ]);
    expect(rows(3).map((r) => r.slice(2))).toEqual([[FORMULA, CHAT]]);
    expect(rows(4).map((r) => [r[0], r[2], r[3], r[4], r[5]])).toEqual([['Breakout 1', CONTRIBUTION, FORMULA, 1, 'live']]);
    const summaries = rows(5);
    expect(summaries).toHaveLength(3);
    expect(summaries[0]!.slice(0, 2)).toEqual(['Breakout 1', 'published']);
    expect(String(summaries[0]![2])).toContain(SUMMARY);
    expect(summaries[0]!.slice(4)).toEqual([0, 0, 0]);
    expect(rows(6).map((r) => r.slice(1))).toEqual([['Breakout 1', breakoutItem(loadDemoProgramme(), ROOM)!.title, FORMULA, 'placed']]);
    // Nothing recorded by the overview on this server: zeros, not an error.
    expect(rows(7)[0]).toEqual(['All rooms', 0, 0]);
    expect(rows(8)).toEqual([]);
    // No attendee id anywhere.
    const all = JSON.stringify(workbook.worksheets.map((w) => w.getSheetValues()));
    for (const id of attendeeIds) expect(all).not.toContain(id);
    // Nor any other id: questions, polls and messages appear by their words.
    expect(all).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i);
  });

  it('X1 each table as CSV: a BOM, the header in the asked language, the rows, the formula start made inert', async () => {
    const csvOf = async (table: string, query = '?lang=en') => {
      const res = await get(`${table}.csv`, organiserToken, query);
      expect(res.status, table).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename=MC2023-${table}.csv`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)], table).toEqual([0xef, 0xbb, 0xbf]);
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    };
    const inert = `"'=HYPERLINK(""http://x"",""y"")"`;
    for (const table of EXPORT_TABLES) {
      const text = await csvOf(table);
      expect(text.startsWith('\uFEFF')).toBe(true);
      for (const id of attendeeIds) expect(text, table).not.toContain(id);
    }

    const questions = await csvOf('questions');
    expect(questions.split('\n')[0]).toBe(
      '\uFEFFRoom,Session,Question,Display name,Status,Upvotes,Reply,Asked at (Europe/Brussels),Replied at (Europe/Brussels)',
    );
    expect(questions).toContain(`Plenary,,${QUESTION},${inert},answered,1,${REPLY},`);
    expect(questions).not.toContain(`,${FORMULA.replace(/"/g, '""')}`);
    const french = await csvOf('questions', '?lang=fr');
    expect(french.split('\n')[0]).toContain('Nom affiché');
    const german = await fetch(`${srv.url}/api/events/${DEMO_EVENT.id}/export/chat.csv`, {
      headers: { Authorization: `Bearer ${organiserToken}`, 'Accept-Language': 'de-DE,de;q=0.9' },
    });
    expect((await german.text()).split('\n')[0]).toBe('Raum,Zeit (Europe/Brussels),Anzeigename,Nachricht');

    expect(await csvOf('chat')).toMatch(new RegExp(`\\nPlenary,[^,]+,${inert.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},${CHAT}\\n$`));
    expect(await csvOf('chat')).not.toContain('This one is deleted');
    const polls = await csvOf('polls');
    expect(polls).toContain(',Both,2,100,,,');
    expect(polls).toMatch(/,trust,2,/);
    expect(await csvOf('contributions')).toContain(`Breakout 1,`);
    expect(await csvOf('contributions')).toContain(`${CONTRIBUTION},${inert},1,live,`);
    expect(await csvOf('summaries')).toContain(SUMMARY);
    expect(await csvOf('signups')).toContain(`Breakout 1,`);
    expect(await csvOf('signups')).toContain(`,${inert},placed\n`);
    expect((await csvOf('attendance')).split('\n')[1]).toBe('All rooms,0,0,');
    expect((await csvOf('programme')).split('\n').length).toBe(loadDemoProgramme().items.length + 2);
  });

  it('X1 refusals: an attendee, a chair, no token, a bad token; an unknown table or event; nothing is sent', async () => {
    const attendee = (await srv.join('Curious')).token;
    for (const [token, status, body] of [
      [attendee, 403, { code: 'FORBIDDEN', reason: 'exports.organiserOnly' }],
      [await srv.link('chair', 'plenary'), 403, { code: 'FORBIDDEN', reason: 'exports.organiserOnly' }],
      [null, 401, { code: 'UNAUTHORIZED' }],
      ['not-a-token', 401, { code: 'UNAUTHORIZED' }],
    ] as const) {
      for (const file of ['workbook.xlsx', 'questions.csv']) {
        const res = await get(file, token);
        expect(res.status, `${file} ${String(token).slice(0, 10)}`).toBe(status);
        expect(await res.json()).toMatchObject({ ok: false, ...body });
      }
    }
    const unknown = await get('votes.csv');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, code: 'NOT_FOUND', reason: 'exports.tableUnknown', params: { table: 'votes' } });
    expect((await get('questions.pdf')).status).toBe(404);
    const noEvent = await get('questions.csv', organiserToken, '', 'no-such-event');
    expect(noEvent.status).toBe(404);
    expect(await noEvent.json()).toMatchObject({ ok: false, code: 'NOT_FOUND', reason: 'event.notFound' });
  });

  it('X9 attendance read by key from the overview documents: seen, peak and its time, a row per minute and room', async () => {
    const minute = Date.UTC(2023, 5, 22, 8, 0);
    const outcome = await writeStored(srv.store, {
      expect: { 'att:series': 0, 'att:peak': 0 },
      put: {
        'att:series': {
          samples: [
            { at: minute, total: 2, rooms: { plenary: 2 } },
            { at: minute + 60_000, total: 1, rooms: { 'breakout-1': 1 } },
          ],
        },
        'att:peak': { total: { n: 2, at: minute }, rooms: { plenary: { n: 2, at: minute }, 'breakout-1': { n: 1, at: minute + 60_000 } } },
      },
      sets: [
        { key: 'att:seen', add: ['a1', 'a2', 'a3'] },
        { key: 'att:seen:plenary', add: ['a1', 'a2'] },
        { key: 'att:seen:breakout-1', add: ['a3'] },
      ],
    });
    expect(outcome.kind).toBe('committed');
    const text = async (table: string) => (await (await get(`${table}.csv`)).text()).trim().split('\n');
    expect(await text('attendance')).toEqual([
      'Room,Attendees seen,Peak,Peak at (Europe/Brussels)',
      'All rooms,3,2,2023-06-22T10:00:00.000+02:00',
      'Plenary,2,2,2023-06-22T10:00:00.000+02:00',
      'Breakout 1,1,1,2023-06-22T10:01:00.000+02:00',
      'Breakout 2,0,0,',
      'Breakout 3,0,0,',
    ]);
    const minutes = await text('attendance-minutes');
    expect(minutes).toHaveLength(1 + 2 * 5);
    expect(minutes.slice(1, 3)).toEqual(['2023-06-22T10:00:00.000+02:00,All rooms,2', '2023-06-22T10:00:00.000+02:00,Plenary,2']);
    expect(minutes).toContain('2023-06-22T10:01:00.000+02:00,Breakout 1,1');
    expect(JSON.stringify(minutes)).not.toContain('a1');
  });

  it.runIf(kind === 'embedded')(
    'X5 a large chat record (20,000 messages) streams out whole, as CSV and in the workbook',
    async () => {
      const lines = Array.from({ length: 20_000 }, (_, i) =>
        JSON.stringify({
          at: Date.UTC(2023, 5, 22, 9) + i,
          kind: 'posted',
          message: {
            id: `9.${i}`,
            roomId: 'breakout-2',
            authorId: `x${i}`,
            authorName: `Person ${i}`,
            badge: null,
            text: `Message number ${i}`,
            status: 'published',
            flagged: false,
            questionId: null,
            createdAt: Date.UTC(2023, 5, 22, 9) + i,
            rev: 0,
          },
        }),
      );
      await writeStored(srv.store, { sets: [{ key: 'chat:record:breakout-2', add: lines }] });
      const started = performance.now();
      const csv = await (await get('chat.csv')).text();
      const csvMs = performance.now() - started;
      const rows = csv.trim().split('\n');
      expect(rows.filter((r) => r.startsWith('Breakout 2,'))).toHaveLength(20_000);
      expect(rows.at(-1)).toMatch(/^Breakout 2,2023-06-22T11:00:19\.999\+02:00,Person 19999,Message number 19999$/);
      const again = performance.now();
      const bytes = await (await get('workbook.xlsx')).arrayBuffer();
      const xlsxMs = performance.now() - again;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes);
      expect(workbook.getWorksheet('Chat')!.rowCount).toBe(1 + 1 + 20_000);
      // A client that goes away halfway: the server stops writing, and answers the next request.
      const abort = new AbortController();
      const partial = await fetch(`${srv.url}/api/events/${DEMO_EVENT.id}/export/workbook.xlsx`, {
        headers: { Authorization: `Bearer ${organiserToken}` },
        signal: abort.signal,
      });
      await partial.body!.getReader().read();
      abort.abort();
      await new Promise((r) => setTimeout(r, 500));
      const csvAgain = await get('programme.csv');
      expect(csvAgain.status).toBe(200);
      expect((await csvAgain.text()).startsWith('Room,')).toBe(true);
      console.log(
        `exports: 20,000 chat messages: CSV ${Math.round(csvMs)} ms (${csv.length} characters), workbook ${Math.round(xlsxMs)} ms (${bytes.byteLength} bytes)`,
      );
    },
    60_000,
  );
});
