import type { Poll, Tally } from '../protocol/polls';
import type { Question } from '../protocol/qa';
import type { Programme, AgendaItem } from '../protocol/programme';
import type { PublishedSummary } from '../protocol/summaries';
import type {
  Participation,
  ReportData,
  ReportPoll,
  ReportPollResult,
  ReportPublication,
  ReportQuestion,
  ReportSession,
  ReportSummary,
} from '../protocol/report';
import { instantOf } from '../time';
import { results } from './polls';
import { keyPoints, pointCounts } from './summaries';

export type { ReportData, ReportSession, Participation };

/**
 * The end-of-event report's rules (SPEC R1-R9): what of the event's documents the report shows, and how it counts.
 * Pure: the server reads the documents (by key) into a `ReportInput`, and `buildReport` shapes it.
 */

/** One minute of the attendance record (the overview feature's `att:series`): people connected, in all and per room. */
export interface AttendanceSample {
  at: number;
  total: number;
  rooms: Record<string, number>;
}

export interface ReportInput {
  code: string;
  programme: Programme;
  now: number;
  questions: Question[];
  /** Upvotes per question id (the upvoter sets' sizes). */
  upvotes: Record<string, number>;
  polls: { poll: Poll; tally: Pick<Tally, 'counters' | 'answers'> }[];
  /** Per breakout room: what was published of its summary, and its mark counters (`<point>:<mark>`). */
  published: Record<string, PublishedSummary>;
  marks: Record<string, Record<string, number>>;
  /** When each chat message was posted, per room. */
  chat: Record<string, number[]>;
  /** Places held per breakout item (its slot's choices), and key-topic contributions per item (hidden ones left out). */
  signups: Record<string, number>;
  contributions: Record<string, number>;
  attendance: { seen: number; seenByRoom: Record<string, number>; samples: AttendanceSample[] };
}

/** R1: the questions a report lists: approved ones (live or answered); pending, dismissed and merged ones are left out. */
export function shownQuestion(q: Pick<Question, 'status' | 'mergedInto'>): boolean {
  return (q.status === 'live' || q.status === 'answered') && q.mergedInto === null;
}

/**
 * R1, R2: a session's questions, the answered first, then by upvotes, then in the order asked; each with the name its
 * asker chose to show (never an id) and the chair's reply.
 */
export function reportQuestions(questions: readonly Question[], upvotes: Readonly<Record<string, number>>): ReportQuestion[] {
  return questions
    .filter(shownQuestion)
    .map((q) => ({ q, n: upvotes[q.id] ?? 0 }))
    .sort((a, b) => Number(b.q.status === 'answered') - Number(a.q.status === 'answered') || b.n - a.n || a.q.createdAt - b.q.createdAt)
    .map(({ q, n }) => ({ text: q.text, author: q.authorName, upvotes: n, answered: q.status === 'answered', reply: q.reply?.text ?? null }));
}

/** R4: a word's size in the cloud, 1 to 5, by its count against the most counted word's. */
export function wordSize(count: number, max: number): 1 | 2 | 3 | 4 | 5 {
  if (max <= 0) return 1;
  return Math.min(5, Math.max(1, Math.ceil((count / max) * 5))) as 1 | 2 | 3 | 4 | 5;
}

/**
 * R3: a poll that was launched (a draft never ran), with its results: bars for choices and ratings (count and percent
 * of voters, the average of a rating), sized words for a word cloud, points for a ranking. R5: open-text answers are
 * listed only when the chair showed them to the room; otherwise only their number.
 */
export function reportPoll(poll: Poll, tally: Pick<Tally, 'counters' | 'answers'>): ReportPoll | null {
  if (poll.status === 'draft' || poll.openedAt === null) return null;
  const r = results(poll, tally);
  let result: ReportPollResult;
  switch (r.kind) {
    case 'choice':
      result = { kind: 'bars', bars: r.options.map((o) => ({ label: o.label, count: o.count, percent: o.percent })), average: null };
      break;
    case 'rating': {
      const { minLabel, maxLabel } = poll.scale ?? {};
      const label = (v: number, i: number, all: unknown[]) =>
        i === 0 && minLabel ? `${v} (${minLabel})` : i === all.length - 1 && maxLabel ? `${v} (${maxLabel})` : String(v);
      result = {
        kind: 'bars',
        bars: r.distribution.map((d, i, all) => ({ label: label(d.value, i, all), count: d.count, percent: d.percent })),
        average: r.average,
      };
      break;
    }
    case 'wordcloud': {
      const max = Math.max(0, ...r.words.map((w) => w.count));
      result = { kind: 'words', words: r.words.map((w) => ({ ...w, size: wordSize(w.count, max) })) };
      break;
    }
    case 'ranking':
      result = { kind: 'ranking', options: r.options.map((o) => ({ label: o.label, points: o.points, averagePosition: o.averagePosition })) };
      break;
    case 'open':
      result = { kind: 'answers', answers: poll.showAnswers ? r.answers : [], shown: poll.showAnswers };
      break;
  }
  return { question: poll.question, type: poll.type, voters: r.voters, result };
}

/**
 * R6: a breakout's summary as published (a working copy never is), its sections with text, and each key point's
 * agree / disagree / unsure counts from the report-back. The rapporteur named is the programme's.
 */
export function reportSummary(
  published: PublishedSummary | undefined,
  marks: Record<string, number> | undefined,
  item: AgendaItem | null,
): ReportSummary | null {
  if (!published) return null;
  const sections = published.sections.filter((s) => s.body.trim());
  return {
    rapporteur: item?.rapporteur?.name ?? null,
    edition: published.edition,
    publishedAt: published.at,
    sections: sections.map((s) => ({ kind: s.kind, title: s.kind === 'topic' ? s.title : null, body: s.body })),
    points: keyPoints(sections).map((p) => ({ text: p.text, ...pointCounts({ counters: marks ?? {} }, p.id) })),
  };
}

/**
 * R7: the people connected during a session, from the attendance record's minutes within its start and end: the
 * most at once and the average (rounded), in its room (the event's total for a room never sampled on its own).
 * Nothing recorded then: null, never a zero that was not measured.
 */
export function sessionAttendance(
  samples: readonly AttendanceSample[],
  roomId: string | null,
  from: number,
  to: number,
): { peak: number | null; average: number | null } {
  const counts = samples.filter((s) => s.at >= from && s.at < to).map((s) => (roomId === null ? s.total : (s.rooms[roomId] ?? 0)));
  if (!counts.length) return { peak: null, average: null };
  return { peak: Math.max(...counts), average: Math.round(counts.reduce((a, b) => a + b, 0) / counts.length) };
}

const NOT_REPORTED = new Set(['break', 'registration']);

/** R8: the counts of a set of questions and polls. Asked: every question sent (pending, dismissed, merged too). */
function counted(
  questions: readonly Question[],
  polls: readonly ReportPoll[],
): Pick<Participation, 'questionsAsked' | 'questionsApproved' | 'questionsAnswered' | 'votes'> {
  return {
    questionsAsked: questions.length,
    questionsApproved: questions.filter((q) => q.status === 'live' || q.status === 'answered').length,
    questionsAnswered: questions.filter((q) => q.status === 'answered').length,
    votes: polls.reduce((n, p) => n + p.voters, 0),
  };
}

/**
 * R9: the report, session by session in programme order (day, start, the programme's room order): every programme
 * item but breaks and registration, each with the questions and polls that name it and, for a breakout, its published
 * summary; what a room had outside any item (a question asked between sessions) follows as the room's own section
 * when there is any. The totals count the whole event.
 */
export function buildReport(input: ReportInput): ReportData {
  const { programme } = input;
  const zone = programme.timeZone;
  const roomOrder = new Map(programme.rooms.map((r, i) => [r.id, i]));
  const rooms = new Map(programme.rooms.map((r) => [r.id, r]));
  const items = new Map(programme.items.map((i) => [i.id, i]));
  const bucket = (roomId: string, itemId: string | null) => (itemId && items.get(itemId)?.roomId === roomId ? itemId : `room:${roomId}`);
  const questionsBy = new Map<string, Question[]>();
  for (const q of input.questions) {
    const k = bucket(q.roomId, q.itemId);
    questionsBy.set(k, [...(questionsBy.get(k) ?? []), q]);
  }
  const pollsBy = new Map<string, ReportPoll[]>();
  const allPolls: ReportPoll[] = [];
  for (const { poll, tally } of [...input.polls].sort((a, b) => (a.poll.openedAt ?? 0) - (b.poll.openedAt ?? 0))) {
    const shaped = reportPoll(poll, tally);
    if (!shaped) continue;
    allPolls.push(shaped);
    const k = bucket(poll.roomId, poll.itemId);
    pollsBy.set(k, [...(pollsBy.get(k) ?? []), shaped]);
  }
  const chatIn = (roomId: string, from: number, to: number) => (input.chat[roomId] ?? []).filter((at) => at >= from && at < to).length;

  const sessions: ReportSession[] = [];
  const ordered = programme.items
    .filter((i) => rooms.has(i.roomId) && !NOT_REPORTED.has(i.kind))
    .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start) || (roomOrder.get(a.roomId) ?? 0) - (roomOrder.get(b.roomId) ?? 0));
  for (const item of ordered) {
    const room = rooms.get(item.roomId)!;
    const from = instantOf(item.date, item.start, zone);
    const to = instantOf(item.date, item.end, zone);
    const questions = questionsBy.get(item.id) ?? [];
    const polls = pollsBy.get(item.id) ?? [];
    sessions.push({
      itemId: item.id,
      roomId: room.id,
      roomName: room.name,
      roomKind: room.kind,
      title: item.title,
      kind: item.kind,
      date: item.date,
      start: item.start,
      end: item.end,
      speakers: item.speakers.map((p) => p.name),
      chairs: item.chairs.map((p) => p.name),
      questions: reportQuestions(questions, input.upvotes),
      polls,
      summary: room.kind === 'breakout' ? reportSummary(input.published[room.id], input.marks[room.id], item) : null,
      figures: {
        attendees: input.attendance.seenByRoom[room.id] ?? 0,
        ...sessionAttendance(input.attendance.samples, room.id, from, to),
        ...counted(questions, polls),
        chatMessages: chatIn(room.id, from, to),
        signups: input.signups[item.id] ?? 0,
        contributions: input.contributions[item.id] ?? 0,
      },
    });
  }
  for (const room of programme.rooms) {
    const questions = questionsBy.get(`room:${room.id}`) ?? [];
    const polls = pollsBy.get(`room:${room.id}`) ?? [];
    const shown = reportQuestions(questions, input.upvotes);
    if (!shown.length && !polls.length) continue;
    sessions.push({
      itemId: null,
      roomId: room.id,
      roomName: room.name,
      roomKind: room.kind,
      title: null,
      kind: null,
      date: null,
      start: null,
      end: null,
      speakers: [],
      chairs: [],
      questions: shown,
      polls,
      summary: null,
      figures: {
        attendees: input.attendance.seenByRoom[room.id] ?? 0,
        peak: null,
        average: null,
        ...counted(questions, polls),
        chatMessages: 0,
        signups: 0,
        contributions: 0,
      },
    });
  }
  const days = programme.days.map((d) => d.date).sort();
  const everyMinute = sessionAttendance(input.attendance.samples, null, -Infinity, Infinity);
  return {
    title: programme.title,
    subtitle: programme.subtitle ?? null,
    venue: programme.venue ?? null,
    code: input.code,
    timeZone: zone,
    firstDay: days[0] ?? null,
    lastDay: days.at(-1) ?? null,
    madeAt: input.now,
    totals: {
      attendees: input.attendance.seen,
      ...everyMinute,
      ...counted(input.questions, allPolls),
      chatMessages: Object.values(input.chat).reduce((n, list) => n + list.length, 0),
      signups: Object.values(input.signups).reduce((a, b) => a + b, 0),
      contributions: Object.values(input.contributions).reduce((a, b) => a + b, 0),
    },
    rooms: programme.rooms.map((r) => ({ id: r.id, name: r.name, attendees: input.attendance.seenByRoom[r.id] ?? 0 })),
    sessions,
  };
}

/** The report's publication before the organiser ever chose. */
export const UNPUBLISHED: ReportPublication = { published: false, at: null, rev: 0 };

/**
 * R10: the organiser publishes the report at its public address or takes it down; asking for what already holds
 * changes nothing (null). `at` is when it was last published (kept when taken down, for the organiser's view).
 */
export function setPublished(current: ReportPublication | undefined, published: boolean, now: number): ReportPublication | null {
  const state = current ?? UNPUBLISHED;
  if (state.published === published) return null;
  return { published, at: published ? now : state.at, rev: state.rev + 1 };
}
