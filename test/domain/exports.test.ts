import { describe, it, expect } from 'vitest';
import {
  EXPORT_TABLES,
  TABLE_COLUMNS,
  attendanceMinuteRows,
  attendanceRows,
  cellText,
  chatRows,
  contributionRows,
  fileName,
  isoAt,
  headerRow,
  isExportTable,
  markTotals,
  pollRows,
  programmeRows,
  questionRows,
  sheetName,
  signupRows,
  summaryRows,
  type Translate,
} from '../../shared/domain/exports';
import { csvText } from '../../shared/domain/csv';
import { isoIn } from '../../shared/time';
import { loadDemoProgramme } from '../../server/setup';
import { wordsIn } from '../../server/http/language';
import type { Question } from '../../shared/protocol/qa';
import type { Poll } from '../../shared/protocol/polls';
import type { ChatMessage } from '../../shared/protocol/chat';
import type { Contribution, SlotSignups } from '../../shared/protocol/breakouts';
import type { PublishedSummary, Summary } from '../../shared/protocol/summaries';

const programme = loadDemoProgramme();
const { t } = wordsIn('en');
const fr: Translate = wordsIn('fr').t;
/** 22 June 2023, 10:00 in Brussels (CEST). */
const AT = Date.UTC(2023, 5, 22, 8, 0);

const question = (over: Partial<Question>): Question => ({
  id: 'q1',
  roomId: 'plenary',
  itemId: null,
  authorId: 'att-secret-id',
  authorName: 'Ada',
  text: 'What about recognition?',
  originalText: null,
  target: null,
  status: 'live',
  flagged: false,
  starred: false,
  reply: null,
  mergedInto: null,
  mergedFrom: [],
  createdAt: AT,
  updatedAt: AT,
  rev: 0,
  ...over,
});

const poll = (over: Partial<Poll>): Poll => ({
  id: 'p1',
  roomId: 'plenary',
  itemId: null,
  type: 'single',
  question: 'Which?',
  options: [
    { id: 'a', label: 'Apples' },
    { id: 'b', label: 'Pears' },
  ],
  maxPicks: null,
  scale: null,
  visibility: 'live',
  status: 'closed',
  revealed: false,
  showAnswers: false,
  openedAt: AT,
  closedAt: AT + 60_000,
  createdAt: AT,
  rev: 1,
  ...over,
});

const message = (id: string, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  roomId: 'plenary',
  authorId: 'att-secret-id',
  authorName: 'Ada',
  badge: null,
  text: `message ${id}`,
  status: 'published',
  flagged: false,
  questionId: null,
  createdAt: AT,
  rev: 0,
  ...over,
});

describe('export tables', () => {
  it('X1 every table has its columns; headers are worded per language and name the programme zone', () => {
    expect(EXPORT_TABLES.every((table) => TABLE_COLUMNS[table].length > 0)).toBe(true);
    expect(headerRow('questions', t, programme.timeZone)).toEqual([
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
    expect(headerRow('chat', fr, programme.timeZone)).toEqual(['Salle', 'Heure (Europe/Brussels)', 'Nom affiché', 'Message']);
    expect(headerRow('polls', wordsIn('de').t, 'UTC')[2]).toBe('Umfrage');
  });

  it('X1 table names: known ones only, sheet names a workbook accepts, safe file names', () => {
    expect(isExportTable('chat')).toBe(true);
    expect(isExportTable('votes')).toBe(false);
    expect(isExportTable('__proto__')).toBe(false);
    expect(sheetName('contributions', fr)).toBe('Contributions aux thèmes clés');
    const fake: Translate = () => 'A/B: [c]? and a very long name past thirty-one';
    expect(sheetName('chat', fake)).toBe('A B   c   and a very long name ');
    expect(sheetName('chat', fake).length).toBeLessThanOrEqual(31);
    expect(fileName('MC2023', 'questions', 'csv')).toBe('MC2023-questions.csv');
    expect(fileName('a"b\r\nc', 'workbook', 'xlsx')).toBe('abc-workbook.xlsx');
  });

  it('X1 a formula-looking cell is made inert by the one CSV writer; empty cells are empty, numbers plain', () => {
    const row = ['=HYPERLINK("http://x","y")', 3, null, '-2'].map(cellText);
    expect(csvText([row])).toBe(`"'=HYPERLINK(""http://x"",""y"")",3,,-2\n`);
  });

  it('X1 times are written as isoIn writes them, across summer-time changes and in zones off the hour', () => {
    const zones = ['Europe/Brussels', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC', 'America/Los_Angeles'];
    const around = [
      Date.UTC(2023, 2, 26, 0, 30),
      Date.UTC(2023, 9, 29, 0, 30),
      Date.UTC(2023, 3, 2, 14, 30),
      Date.UTC(2023, 10, 5, 8, 30),
      Date.UTC(1999, 11, 31, 23, 0),
    ];
    const instants = around.flatMap((start) => Array.from({ length: 200 }, (_, i) => start + i * 61_237));
    const mismatches = zones.flatMap((zone) => instants.filter((ms) => isoAt(ms, zone) !== isoIn(ms, zone)).map((ms) => `${zone} ${ms}`));
    expect(mismatches).toEqual([]);
    expect(isoAt(AT + 1, 'Europe/Brussels')).toBe('2023-06-22T10:00:00.001+02:00');
  });

  it('X2 the programme in time order, times in the zone with their offset, speakers and chairs by name', () => {
    const rows = programmeRows(programme);
    expect(rows).toHaveLength(programme.items.length);
    expect(rows[0]).toEqual([
      'Plenary',
      '2023-06-22T09:00:00.000+02:00',
      '2023-06-22T09:30:00.000+02:00',
      'registration',
      'Registration (technical checks)',
      '',
      '',
    ]);
    const starts = rows.map((r) => String(r[1]));
    expect([...starts].sort()).toEqual(starts);
    const breakout = rows.find((r) => r[0] === 'Breakout 1')!;
    expect(String(breakout[6])).not.toBe('');
  });

  it('X3 questions oldest first, by display name or "anonymous", with reply and times; never the attendee id', () => {
    const rows = questionRows(
      programme,
      [
        question({ id: 'q2', createdAt: AT + 1000, authorName: null, status: 'answered', reply: { text: 'Yes.', at: AT + 5000 }, itemId: 'd1-breakout-1' }),
        question({ id: 'q1' }),
      ],
      (id) => (id === 'q2' ? 4 : 0),
      t,
    );
    expect(rows).toEqual([
      ['Plenary', '', 'What about recognition?', 'Ada', 'live', 0, null, '2023-06-22T10:00:00.000+02:00', null],
      [
        'Plenary',
        programme.items.find((i) => i.id === 'd1-breakout-1')!.title,
        'What about recognition?',
        'anonymous',
        'answered',
        4,
        'Yes.',
        '2023-06-22T10:00:01.000+02:00',
        '2023-06-22T10:00:05.000+02:00',
      ],
    ]);
    expect(JSON.stringify(rows)).not.toContain('att-secret-id');
  });

  it('X4 one row per option, rating value, word (all of them) or answer; an unanswered poll still has a row', () => {
    const choice = pollRows(programme, poll({}), { counters: { _voters: 4, 'o:a': 3, 'o:b': 1 } }, t);
    expect(choice.map((r) => r.slice(2, 11))).toEqual([
      ['Which?', 'Single choice', 'closed', 4, 'Apples', 3, 75, null, null],
      ['Which?', 'Single choice', 'closed', 4, 'Pears', 1, 25, null, null],
    ]);
    const words = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`w:word${i}`, i + 1]));
    const cloud = pollRows(programme, poll({ type: 'wordcloud', options: [] }), { counters: { _voters: 60, ...words } }, t);
    expect(cloud).toHaveLength(60);
    expect(cloud[0]!.slice(6, 8)).toEqual(['word59', 60]);
    const rating = pollRows(
      programme,
      poll({ type: 'rating', options: [], scale: { min: 1, max: 3 } }),
      { counters: { _voters: 2, _sum: 5, 'v:2': 1, 'v:3': 1 } },
      t,
    );
    expect(rating.map((r) => [r[6], r[7], r[10]])).toEqual([
      ['1', 0, 2.5],
      ['2', 1, 2.5],
      ['3', 1, 2.5],
    ]);
    const open = pollRows(programme, poll({ type: 'open', options: [] }), { counters: { _voters: 2 }, answers: ['one', 'two'] }, t);
    expect(open.map((r) => r[6])).toEqual(['one', 'two']);
    const none = pollRows(programme, poll({ type: 'wordcloud', options: [], status: 'draft' }), { counters: {} }, t);
    expect(none).toEqual([['Plenary', '', 'Which?', 'Word cloud', 'draft', 0, null, null, null, null, null, '2023-06-22T10:00:00.000+02:00']]);
  });

  it('X5 chat from the record: deleted and never-approved messages left out, approved ones in, bad lines skipped', () => {
    const line = (o: object) => JSON.stringify(o);
    const record = [
      line({ at: AT + 2, kind: 'posted', message: message('1.b', { createdAt: AT + 2 }) }),
      line({ at: AT + 1, kind: 'posted', message: message('1.a', { createdAt: AT + 1, authorName: null }) }),
      line({ at: AT + 3, kind: 'posted', message: message('1.c', { createdAt: AT + 3 }) }),
      line({ at: AT + 4, kind: 'deleted', messageId: '1.c', by: 'link:x' }),
      line({ at: AT + 5, kind: 'posted', message: message('1.d', { status: 'held', createdAt: AT + 5 }) }),
      line({ at: AT + 6, kind: 'posted', message: message('1.e', { status: 'held', createdAt: AT + 6 }) }),
      line({ at: AT + 7, kind: 'approved', messageId: '1.e', by: 'link:x' }),
      'not json',
    ];
    expect(chatRows('Plenary', record, programme.timeZone, t)).toEqual([
      ['Plenary', '2023-06-22T10:00:00.001+02:00', 'anonymous', 'message 1.a'],
      ['Plenary', '2023-06-22T10:00:00.002+02:00', 'Ada', 'message 1.b'],
      ['Plenary', '2023-06-22T10:00:00.006+02:00', 'Ada', 'message 1.e'],
    ]);
  });

  it('X6 contributions by breakout in programme order, with topic, name, upvotes and status', () => {
    const c = (id: string, roomId: string, over: Partial<Contribution> = {}): Contribution => ({
      id,
      roomId,
      itemId: 'x',
      topic: 0,
      topicText: 'Topic',
      authorId: 'att-secret-id',
      authorName: 'Ada',
      text: `text ${id}`,
      status: 'live',
      flagged: false,
      createdAt: AT,
      updatedAt: AT,
      rev: 0,
      ...over,
    });
    const rows = contributionRows(
      programme,
      [c('c2', 'breakout-2'), c('c1', 'breakout-1', { status: 'hidden', authorName: null })],
      (id) => (id === 'c2' ? 2 : 0),
      fr,
    );
    expect(rows).toEqual([
      ['Breakout 1', 'Topic', 'text c1', 'anonyme', 0, 'masquée', '2023-06-22T10:00:00.000+02:00'],
      ['Breakout 2', 'Topic', 'text c2', 'Ada', 2, 'publiée', '2023-06-22T10:00:00.000+02:00'],
    ]);
  });

  it('X7 one row per breakout: status, the published text only, and the marks summed over points', () => {
    expect(markTotals({ _tick: 9, 'p1:agree': 2, 'p2:agree': 1, 'p1:disagree': 1, 'p2:unsure': 3, 'p3:other': 5 })).toEqual({
      agree: 3,
      disagree: 1,
      unsure: 3,
    });
    const summary = { roomId: 'breakout-1', status: 'published' } as Summary;
    const published: PublishedSummary = {
      roomId: 'breakout-1',
      version: 2,
      byLabel: 'Chair',
      at: AT,
      edition: 1,
      sections: [
        { id: 't0', kind: 'topic', title: 'Recognition', body: '- Employers need to trust them' },
        { id: 't1', kind: 'topic', title: 'Empty', body: '  ' },
        { id: 'other', kind: 'other', title: '', body: 'More.' },
      ],
    };
    const rows = summaryRows(
      programme,
      (roomId) =>
        roomId === 'breakout-1' ? { summary, published, marks: { 'p:agree': 2, 'p:unsure': 1 } } : { summary: { ...summary, status: 'drafting' } as Summary },
      t,
    );
    expect(rows).toEqual([
      ['Breakout 1', 'published', '## Recognition\n- Employers need to trust them\n\n## Other points\nMore.', '2023-06-22T10:00:00.000+02:00', 2, 0, 1],
      ['Breakout 2', 'drafting', null, null, 0, 0, 0],
      ['Breakout 3', 'drafting', null, null, 0, 0, 0],
    ]);
    expect(summaryRows(programme, () => ({}), t)[0]!.slice(0, 2)).toEqual(['Breakout 1', 'not started']);
  });

  it('X8 sign-ups: placed, then waiting in line order, by display name', () => {
    const choices: SlotSignups = {
      slotId: '2023-06-22-1145',
      places: { 'breakout-1': [{ attendeeId: 'att-1', name: 'Ada', at: AT }] },
      waiting: { 'breakout-1': [{ attendeeId: 'att-2', name: null, at: AT }] },
    };
    const rows = signupRows(programme, [choices], t);
    expect(rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ['2023-06-22T11:45:00.000+02:00', 'Breakout 1', 'Ada', 'placed'],
      ['2023-06-22T11:45:00.000+02:00', 'Breakout 1', 'anonymous', 'waiting'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('att-');
  });

  it('X9 attendance: missing documents are zeros; the peak and its time; per-minute rows for the event and each room', () => {
    expect(attendanceRows(programme, { total: 0, rooms: {} }, undefined, t)).toEqual([
      ['All rooms', 0, 0, null],
      ['Plenary', 0, 0, null],
      ['Breakout 1', 0, 0, null],
      ['Breakout 2', 0, 0, null],
      ['Breakout 3', 0, 0, null],
    ]);
    const rows = attendanceRows(programme, { total: 7, rooms: { plenary: 6 } }, { total: { n: 5, at: AT }, rooms: { plenary: { n: 4, at: AT } } }, t);
    expect(rows.slice(0, 2)).toEqual([
      ['All rooms', 7, 5, '2023-06-22T10:00:00.000+02:00'],
      ['Plenary', 6, 4, '2023-06-22T10:00:00.000+02:00'],
    ]);
    expect(attendanceMinuteRows(programme, [], t)).toEqual([]);
    const minutes = attendanceMinuteRows(
      programme,
      [
        { at: AT + 60_000, total: 3, rooms: { plenary: 3 } },
        { at: AT, total: 2, rooms: { plenary: 1, 'breakout-1': 1 } },
      ],
      t,
    );
    expect(minutes).toHaveLength(2 * (1 + programme.rooms.length));
    expect(minutes.slice(0, 3)).toEqual([
      ['2023-06-22T10:00:00.000+02:00', 'All rooms', 2],
      ['2023-06-22T10:00:00.000+02:00', 'Plenary', 1],
      ['2023-06-22T10:00:00.000+02:00', 'Breakout 1', 1],
    ]);
  });
});
