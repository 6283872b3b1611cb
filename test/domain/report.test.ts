import { describe, expect, it } from 'vitest';
import {
  buildReport,
  reportPoll,
  reportQuestions,
  reportSummary,
  sessionAttendance,
  setPublished,
  shownQuestion,
  UNPUBLISHED,
  wordSize,
  type AttendanceSample,
  type ReportInput,
} from '../../shared/domain/report';
import { keyPoints } from '../../shared/domain/summaries';
import { instantOf } from '../../shared/time';
import { loadDemoProgramme } from '../../server/setup';
import type { Question } from '../../shared/protocol/qa';
import type { Poll } from '../../shared/protocol/polls';
import type { PublishedSummary } from '../../shared/protocol/summaries';

/** The report's rules (docs/SPEC.md R1-R10): what it shows of the event's documents, and how it counts. */
const programme = loadDemoProgramme();

let n = 0;
function question(over: Partial<Question> = {}): Question {
  n++;
  return {
    id: `q${n}`,
    roomId: 'plenary',
    itemId: 'd1-s1',
    authorId: `attendee-${n}`,
    authorName: null,
    text: `Question ${n}?`,
    originalText: null,
    target: null,
    status: 'live',
    flagged: false,
    starred: false,
    reply: null,
    mergedInto: null,
    mergedFrom: [],
    createdAt: n,
    updatedAt: n,
    rev: 1,
    ...over,
  };
}

function poll(over: Partial<Poll> = {}): Poll {
  return {
    id: 'p1',
    roomId: 'plenary',
    itemId: 'd1-s1',
    type: 'single',
    question: 'Which?',
    options: [
      { id: 'a', label: 'Alpha' },
      { id: 'b', label: 'Beta' },
    ],
    maxPicks: null,
    scale: null,
    visibility: 'live',
    status: 'closed',
    revealed: false,
    showAnswers: false,
    openedAt: 10,
    closedAt: 20,
    createdAt: 1,
    rev: 3,
    ...over,
  };
}

const emptyInput = (over: Partial<ReportInput> = {}): ReportInput => ({
  code: 'JUNE23',
  programme,
  now: 0,
  questions: [],
  upvotes: {},
  polls: [],
  published: {},
  marks: {},
  chat: {},
  signups: {},
  contributions: {},
  attendance: { seen: 0, seenByRoom: {}, samples: [] },
  ...over,
});

describe('questions', () => {
  it.each([
    ['live', null, true],
    ['answered', null, true],
    ['pending', null, false],
    ['dismissed', null, false],
    ['live', 'q-other', false],
  ] as const)('R1 a %s question (merged into %s) is shown: %s', (status, mergedInto, shown) => {
    expect(shownQuestion({ status, mergedInto })).toBe(shown);
  });

  it('R1 R2 answered first, then by upvotes, then as asked; the name the asker chose, the reply; no ids', () => {
    const a = question({ text: 'Few upvotes', authorName: 'Ada' });
    const b = question({ text: 'Many upvotes' });
    const c = question({ text: 'Answered', status: 'answered', reply: { text: 'Yes.', at: 5 } });
    const d = question({ text: 'Hidden', status: 'dismissed' });
    const e = question({ text: 'Same count, asked later' });
    const shown = reportQuestions([a, b, c, d, e], { [a.id]: 1, [b.id]: 5, [c.id]: 0, [d.id]: 9, [e.id]: 1 });
    expect(shown.map((q) => q.text)).toEqual(['Answered', 'Many upvotes', 'Few upvotes', 'Same count, asked later']);
    expect(shown[0]).toEqual({ text: 'Answered', author: null, upvotes: 0, answered: true, reply: 'Yes.' });
    expect(shown[2]).toMatchObject({ author: 'Ada', upvotes: 1, answered: false, reply: null });
    expect(JSON.stringify(shown)).not.toContain('attendee-');
  });
});

describe('polls', () => {
  it('R3 a draft never ran and is left out', () => {
    expect(reportPoll(poll({ status: 'draft', openedAt: null }), { counters: {} })).toBeNull();
  });

  it('R3 choices are bars with counts and percentages of voters', () => {
    const shaped = reportPoll(poll(), { counters: { _voters: 4, 'o:a': 3, 'o:b': 1 } })!;
    expect(shaped).toEqual({
      question: 'Which?',
      type: 'single',
      voters: 4,
      result: {
        kind: 'bars',
        average: null,
        bars: [
          { label: 'Alpha', count: 3, percent: 75 },
          { label: 'Beta', count: 1, percent: 25 },
        ],
      },
    });
  });

  it('R3 a rating is bars per value, its ends labelled, with the average', () => {
    const rating = poll({ type: 'rating', options: [], scale: { min: 1, max: 3, minLabel: 'Low', maxLabel: 'High' } });
    const shaped = reportPoll(rating, { counters: { _voters: 2, _sum: 5, 'v:2': 1, 'v:3': 1 } })!;
    expect(shaped.result).toEqual({
      kind: 'bars',
      average: 2.5,
      bars: [
        { label: '1 (Low)', count: 0, percent: 0 },
        { label: '2', count: 1, percent: 50 },
        { label: '3 (High)', count: 1, percent: 50 },
      ],
    });
  });

  it.each([
    [10, 10, 5],
    [1, 10, 1],
    [5, 10, 3],
    [0, 0, 1],
    [7, 7, 5],
  ] as const)('R4 a word counted %i times when the most counted has %i is size %i', (count, max, size) => {
    expect(wordSize(count, max)).toBe(size);
  });

  it('R4 a word cloud is its words, most counted first, sized', () => {
    const cloud = poll({ type: 'wordcloud', options: [] });
    expect(reportPoll(cloud, { counters: { _voters: 3, 'w:portable': 3, 'w:small': 1 } })!.result).toEqual({
      kind: 'words',
      words: [
        { word: 'portable', count: 3, size: 5 },
        { word: 'small', count: 1, size: 2 },
      ],
    });
  });

  it('R3 a ranking lists its options by points', () => {
    const ranking = poll({ type: 'ranking' });
    expect(reportPoll(ranking, { counters: { _voters: 2, 'pts:a': 2, 'pts:b': 4, 'pos:a': 4, 'pos:b': 2 } })!.result).toEqual({
      kind: 'ranking',
      options: [
        { label: 'Beta', points: 4, averagePosition: 1 },
        { label: 'Alpha', points: 2, averagePosition: 2 },
      ],
    });
  });

  it('R5 open answers are listed only when the chair showed them to the room', () => {
    const open = poll({ type: 'open', options: [] });
    expect(reportPoll(open, { counters: { _voters: 2 }, answers: ['one', 'two'] })!.result).toEqual({ kind: 'answers', answers: [], shown: false });
    expect(reportPoll({ ...open, showAnswers: true }, { counters: { _voters: 2 }, answers: ['one', 'two'] })!.result).toEqual({
      kind: 'answers',
      answers: ['one', 'two'],
      shown: true,
    });
  });
});

describe('summaries', () => {
  const published: PublishedSummary = {
    roomId: 'breakout-1',
    version: 3,
    sections: [
      { id: 't0', kind: 'topic', title: 'Trust', body: '- First point\n- Second point' },
      { id: 'other', kind: 'other', title: '', body: '' },
      { id: 'recommendations', kind: 'recommendations', title: '', body: 'Do it.' },
    ],
    byLabel: 'Chair · Breakout 1',
    at: 100,
    edition: 2,
  };
  const item = programme.items.find((i) => i.id === 'd1-breakout-1')!;

  it('R6 only a published summary; its sections with text; each point with its marks; the programme’s rapporteur', () => {
    expect(reportSummary(undefined, {}, item)).toBeNull();
    const [first] = keyPoints(published.sections);
    const shaped = reportSummary(published, { [`${first!.id}:agree`]: 3, [`${first!.id}:unsure`]: 1, _tick: 9 }, item)!;
    expect(shaped.rapporteur).toBe('Hanne Shapiro');
    expect(shaped.edition).toBe(2);
    expect(shaped.sections).toEqual([
      { kind: 'topic', title: 'Trust', body: '- First point\n- Second point' },
      { kind: 'recommendations', title: null, body: 'Do it.' },
    ]);
    expect(shaped.points).toEqual([
      { text: 'First point', agree: 3, disagree: 0, unsure: 1 },
      { text: 'Second point', agree: 0, disagree: 0, unsure: 0 },
      { text: 'Do it.', agree: 0, disagree: 0, unsure: 0 },
    ]);
  });
});

describe('attendance', () => {
  const samples: AttendanceSample[] = [
    { at: 0, total: 5, rooms: { plenary: 4 } },
    { at: 60_000, total: 9, rooms: { plenary: 8, 'breakout-1': 1 } },
    { at: 120_000, total: 3, rooms: {} },
  ];
  it('R7 a session’s peak and average from the minutes within its times, in its room', () => {
    expect(sessionAttendance(samples, 'plenary', 0, 120_000)).toEqual({ peak: 8, average: 6 });
    expect(sessionAttendance(samples, 'plenary', 0, 180_000)).toEqual({ peak: 8, average: 4 });
    expect(sessionAttendance(samples, null, 0, 180_000)).toEqual({ peak: 9, average: 6 });
  });
  it('R7 nothing recorded is null, not zero', () => {
    expect(sessionAttendance([], 'plenary', 0, 1)).toEqual({ peak: null, average: null });
    expect(sessionAttendance(samples, 'plenary', 500_000, 600_000)).toEqual({ peak: null, average: null });
  });
});

describe('the report', () => {
  it('R9 sessions in programme order, breaks and registration left out; an empty event counts zeros', () => {
    const report = buildReport(emptyInput());
    const ids = report.sessions.map((s) => s.itemId);
    expect(ids).not.toContain('d1-coffee');
    expect(ids).not.toContain('d1-registration');
    expect(ids.slice(0, 4)).toEqual(['d1-welcome', 'd1-s1', 'd1-s2', 'd1-guidelines']);
    // Parallel breakouts in the programme's room order.
    expect(ids.slice(ids.indexOf('d1-parallel'), ids.indexOf('d1-parallel') + 4)).toEqual(['d1-parallel', 'd1-breakout-1', 'd1-breakout-2', 'd1-breakout-3']);
    expect(report.totals).toEqual({
      attendees: 0,
      peak: null,
      average: null,
      questionsAsked: 0,
      questionsApproved: 0,
      questionsAnswered: 0,
      votes: 0,
      chatMessages: 0,
      signups: 0,
      contributions: 0,
    });
    expect(report.firstDay).toBe('2023-06-22');
    expect(report.lastDay).toBe('2023-06-23');
  });

  it('R8 R9 questions and polls go to the item they name; the rest to their room’s own section; the counts add up', () => {
    const start = instantOf('2023-06-22', '09:45', programme.timeZone);
    const report = buildReport(
      emptyInput({
        questions: [
          question({ itemId: 'd1-s1', status: 'answered' }),
          question({ itemId: 'd1-s1', status: 'pending' }),
          question({ itemId: 'd1-s1', status: 'dismissed' }),
          question({ itemId: null, text: 'Between sessions' }),
        ],
        polls: [{ poll: poll(), tally: { counters: { _voters: 3, 'o:a': 3 } } }],
        chat: { plenary: [start + 1000, start + 2000, start - 1000] },
        signups: { 'd1-breakout-1': 4 },
        contributions: { 'd1-breakout-1': 2 },
        attendance: { seen: 7, seenByRoom: { plenary: 6 }, samples: [{ at: start, total: 6, rooms: { plenary: 5 } }] },
      }),
    );
    const s1 = report.sessions.find((s) => s.itemId === 'd1-s1')!;
    expect(s1.questions).toHaveLength(1);
    expect(s1.polls).toHaveLength(1);
    expect(s1.figures).toEqual({
      attendees: 6,
      peak: 5,
      average: 5,
      questionsAsked: 3,
      questionsApproved: 1,
      questionsAnswered: 1,
      votes: 3,
      chatMessages: 2,
      signups: 0,
      contributions: 0,
    });
    expect(report.sessions.find((s) => s.itemId === 'd1-breakout-1')!.figures).toMatchObject({ signups: 4, contributions: 2 });
    const outside = report.sessions.at(-1)!;
    expect(outside).toMatchObject({ itemId: null, roomId: 'plenary', title: null });
    expect(outside.questions.map((q) => q.text)).toEqual(['Between sessions']);
    expect(report.totals).toMatchObject({
      attendees: 7,
      questionsAsked: 4,
      questionsApproved: 2,
      questionsAnswered: 1,
      votes: 3,
      chatMessages: 3,
      signups: 4,
      contributions: 2,
    });
  });
});

describe('publication', () => {
  it('R10 publish, take down; asking for what holds changes nothing', () => {
    const on = setPublished(undefined, true, 50)!;
    expect(on).toEqual({ published: true, at: 50, rev: 1 });
    expect(setPublished(on, true, 60)).toBeNull();
    expect(setPublished(undefined, false, 60)).toBeNull();
    expect(setPublished(on, false, 70)).toEqual({ published: false, at: 50, rev: 2 });
    expect(UNPUBLISHED).toEqual({ published: false, at: null, rev: 0 });
  });
});
