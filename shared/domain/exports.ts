import type { Programme } from '../protocol/programme';
import type { Question } from '../protocol/qa';
import type { Poll, Tally } from '../protocol/polls';
import type { ChatMessage } from '../protocol/chat';
import type { Contribution, SlotSignups } from '../protocol/breakouts';
import type { PublishedSummary, Summary } from '../protocol/summaries';
import type { MessageKey, MessageValues } from '../locales/catalogue';
import { POLL_TYPE_KEYS } from '../locales/catalogue';
import { instantOf, offsetMinutes } from '../time';
import { results } from './polls';
import { breakoutSlots } from './breakouts';

/**
 * The organiser's exports after the event: one table per kind of record, the same tables as CSV files and as the
 * sheets of one workbook (SPEC X1-X9). Pure shaping: the server reads the documents, these functions make rows.
 * Every time is an ISO 8601 string in the programme's zone, with its offset, and the headers name the zone. No row
 * holds an attendee id or a network address: people appear only by the display name they chose (else "anonymous").
 */

export const EXPORT_TABLES = ['programme', 'questions', 'polls', 'chat', 'contributions', 'summaries', 'signups', 'attendance', 'attendance-minutes'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export const isExportTable = (name: string): name is ExportTable => (EXPORT_TABLES as readonly string[]).includes(name);

/** A cell: text, a number, or empty. */
export type Cell = string | number | null;
export type Row = Cell[];

/** A table's column: its header's words (a placeholder `{zone}` gets the programme's zone) and its width in characters. */
export interface Column {
  header: MessageKey;
  width: number;
}

/** The table's name, for the workbook's sheet and the download buttons (the card's catalogue, one set of words). */
export const TABLE_NAMES: Record<ExportTable, MessageKey> = {
  programme: 'exportsCard.tableProgramme',
  questions: 'exportsCard.tableQuestions',
  polls: 'exportsCard.tablePolls',
  chat: 'exportsCard.tableChat',
  contributions: 'exportsCard.tableContributions',
  summaries: 'exportsCard.tableSummaries',
  signups: 'exportsCard.tableSignups',
  attendance: 'exportsCard.tableAttendance',
  'attendance-minutes': 'exportsCard.tableAttendanceMinutes',
};

const col = (header: MessageKey, width: number): Column => ({ header, width });

export const TABLE_COLUMNS: Record<ExportTable, readonly Column[]> = {
  programme: [
    col('exports.colRoom', 18),
    col('exports.colStart', 28),
    col('exports.colEnd', 28),
    col('exports.colKind', 12),
    col('exports.colTitle', 48),
    col('exports.colSpeakers', 48),
    col('exports.colChairs', 32),
  ],
  questions: [
    col('exports.colRoom', 18),
    col('exports.colSession', 36),
    col('exports.colQuestion', 60),
    col('exports.colAuthor', 22),
    col('exports.colStatus', 14),
    col('exports.colUpvotes', 10),
    col('exports.colReply', 48),
    col('exports.colAskedAt', 28),
    col('exports.colRepliedAt', 28),
  ],
  polls: [
    col('exports.colRoom', 18),
    col('exports.colSession', 36),
    col('exports.csvPoll', 48),
    col('exports.csvType', 16),
    col('exports.colStatus', 12),
    col('exports.csvVoters', 10),
    col('exports.colResult', 36),
    col('exports.csvVotes', 10),
    col('exports.csvPercentOfVoters', 12),
    col('exports.csvBordaPoints', 12),
    col('exports.csvAverage', 12),
    col('exports.colOpenedAt', 28),
  ],
  chat: [col('exports.colRoom', 18), col('exports.colTime', 28), col('exports.colAuthor', 22), col('exports.colMessage', 80)],
  contributions: [
    col('exports.colBreakout', 22),
    col('exports.colTopic', 40),
    col('exports.colContribution', 60),
    col('exports.colAuthor', 22),
    col('exports.colUpvotes', 10),
    col('exports.colStatus', 12),
    col('exports.colTime', 28),
  ],
  summaries: [
    col('exports.colBreakout', 22),
    col('exports.colStatus', 14),
    col('exports.colPublishedText', 80),
    col('exports.colPublishedAt', 28),
    col('exports.colAgree', 10),
    col('exports.colDisagree', 10),
    col('exports.colUnsure', 10),
  ],
  signups: [
    col('exports.colSlot', 28),
    col('exports.colBreakout', 22),
    col('exports.colSession', 36),
    col('exports.colName', 22),
    col('exports.colStatus', 12),
  ],
  attendance: [col('exports.colRoom', 22), col('exports.colSeen', 12), col('exports.colPeak', 10), col('exports.colPeakAt', 28)],
  'attendance-minutes': [col('exports.colTime', 28), col('exports.colRoom', 22), col('exports.colConnected', 12)],
};

/** A language's words, as the server's downloads take them (`server/http/language.ts`). */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** X1 The header row of a table, in the organiser's language, naming the programme's zone where times are. */
export function headerRow(table: ExportTable, t: Translate, zone: string): string[] {
  return TABLE_COLUMNS[table].map((c) => t(c.header, { zone }));
}

/** X1 A sheet's name: the table's name, without the characters a workbook refuses, at most 31 characters. */
export function sheetName(table: ExportTable, t: Translate): string {
  return t(TABLE_NAMES[table])
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 31);
}

/** X1 A CSV's file name: the event's code and the table (`MC2023-questions.csv`), safe in a header. */
export function fileName(eventCode: string, table: ExportTable | 'workbook', extension: 'csv' | 'xlsx'): string {
  return `${eventCode.replace(/[^A-Za-z0-9-]/g, '')}-${table}.${extension}`;
}

// ---- rows -------------------------------------------------------------------------------------------------------

/** Where things happened: room names and item titles by id. */
interface Places {
  room: (id: string) => string;
  item: (id: string | null) => string;
}
function placesOf(programme: Programme): Places {
  const rooms = new Map(programme.rooms.map((r) => [r.id, r.name]));
  const items = new Map(programme.items.map((i) => [i.id, i.title]));
  return { room: (id) => rooms.get(id) ?? id, item: (id) => (id === null ? '' : (items.get(id) ?? '')) };
}

/** The zone's offset per minute already seen: `Intl`'s formatting costs ~0.1 ms a call, too much for 100,000 chat lines. */
const offsets = new Map<string, number>();
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * X1 An instant as `isoIn` (shared/time.ts) writes it, to the character, with the zone's offset looked up once per
 * minute (zones change offset on whole minutes) rather than formatted per cell.
 */
export function isoAt(instant: number, zone: string): string {
  const key = `${zone}|${Math.floor(instant / 60_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 20_000) offsets.clear();
    offset = offsetMinutes(instant, zone);
    offsets.set(key, offset);
  }
  const d = new Date(instant + offset * 60_000);
  const abs = Math.abs(offset);
  const suffix = /^(utc|gmt)$/i.test(zone) ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${suffix}`
  );
}

const when = (instant: number | null | undefined, zone: string): Cell => (instant === null || instant === undefined ? null : isoAt(instant, zone));
const nameOr = (name: string | null | undefined, t: Translate) => name ?? t('exports.anonymous');

/** X2 The programme: one row per item in time order, its times in the programme's zone, its speakers and chairs by name. */
export function programmeRows(programme: Programme): Row[] {
  const { room } = placesOf(programme);
  const order = new Map(programme.rooms.map((r, i) => [r.id, i]));
  const person = (p: { name: string; affiliation?: string }) => (p.affiliation ? `${p.name} (${p.affiliation})` : p.name);
  return [...programme.items]
    .sort((a, b) => `${a.date} ${a.start}`.localeCompare(`${b.date} ${b.start}`) || (order.get(a.roomId) ?? 0) - (order.get(b.roomId) ?? 0))
    .map((item) => [
      room(item.roomId),
      isoAt(instantOf(item.date, item.start, programme.timeZone), programme.timeZone),
      isoAt(instantOf(item.date, item.end, programme.timeZone), programme.timeZone),
      item.kind,
      item.title,
      item.speakers.map(person).join('; '),
      item.chairs.map(person).join('; '),
    ]);
}

const QUESTION_STATUS: Record<Question['status'], MessageKey> = {
  pending: 'exports.statusPending',
  live: 'exports.statusLive',
  answered: 'exports.statusAnswered',
  dismissed: 'exports.statusDismissed',
};

/**
 * X3 The questions, oldest first: room, session, text, the author's display name (else "anonymous"), status, upvotes,
 * the chair's written reply, and when it was asked and replied to.
 */
export function questionRows(programme: Programme, questions: readonly Question[], upvotes: (id: string) => number, t: Translate): Row[] {
  const { room, item } = placesOf(programme);
  const zone = programme.timeZone;
  return [...questions]
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((q) => [
      room(q.roomId),
      item(q.itemId),
      q.text,
      nameOr(q.authorName, t),
      t(QUESTION_STATUS[q.status]),
      upvotes(q.id),
      q.reply?.text ?? null,
      when(q.createdAt, zone),
      when(q.reply?.at, zone),
    ]);
}

const POLL_STATUS: Record<Poll['status'], MessageKey> = { draft: 'exports.statusDraft', open: 'exports.statusOpen', closed: 'exports.statusClosed' };

/**
 * X4 A poll's results: one row per option (single, multiple choice, ranking with its Borda points and average
 * position), per rating value (with the average), per word of a word cloud (every word, with its count), per
 * open-text answer; a poll nobody answered still has one row. The tally's counters are the poll's whole counters.
 */
export function pollRows(programme: Programme, poll: Poll, tally: Pick<Tally, 'counters' | 'answers'>, t: Translate): Row[] {
  const { room, item } = placesOf(programme);
  const r = results(poll, tally);
  const head: Row = [room(poll.roomId), item(poll.itemId), poll.question, t(POLL_TYPE_KEYS[poll.type]), t(POLL_STATUS[poll.status]), r.voters];
  const opened = when(poll.openedAt, programme.timeZone);
  const row = (result: Cell, votes: Cell, percent: Cell, points: Cell, average: Cell): Row => [...head, result, votes, percent, points, average, opened];
  let rows: Row[];
  switch (r.kind) {
    case 'choice':
      rows = r.options.map((o) => row(o.label, o.count, o.percent, null, null));
      break;
    case 'rating':
      rows = r.distribution.map((d) => row(String(d.value), d.count, d.percent, null, r.average));
      break;
    case 'wordcloud':
      // Every word counted, not only the top words the live views show.
      rows = Object.entries(tally.counters)
        .filter(([k, v]) => k.startsWith('w:') && v > 0)
        .map(([k, count]) => ({ word: k.slice(2), count }))
        .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
        .map((w) => row(w.word, w.count, null, null, null));
      break;
    case 'ranking':
      rows = r.options.map((o) => row(o.label, null, null, o.points, o.averagePosition));
      break;
    case 'open':
      rows = r.answers.map((a) => row(a, null, null, null, null));
      break;
  }
  return rows.length ? rows : [row(null, null, null, null, null)];
}

/** One line of a room's chat record (`chat:record:<room>`), as the chat writes it. */
export type ChatRecordLine =
  | { at: number; kind: 'posted'; message: ChatMessage }
  | { at: number; kind: 'deleted'; messageId: string }
  | { at: number; kind: 'approved'; messageId: string };

/**
 * X5 A room's chat from its record: the messages posted and not deleted, oldest first (a held message only once a
 * chair approved it), with the sender's display name. Lines that do not parse are skipped, never fatal.
 */
export function chatRows(roomName: string, record: readonly string[], zone: string, t: Translate): Row[] {
  const posted = new Map<string, ChatMessage>();
  const deleted = new Set<string>();
  const approved = new Set<string>();
  for (const raw of record) {
    let line: ChatRecordLine;
    try {
      line = JSON.parse(raw) as ChatRecordLine;
    } catch {
      continue;
    }
    if (line.kind === 'posted' && line.message?.id) posted.set(line.message.id, line.message);
    else if (line.kind === 'deleted') deleted.add(line.messageId);
    else if (line.kind === 'approved') approved.add(line.messageId);
  }
  return [...posted.values()]
    .filter((m) => !deleted.has(m.id) && (m.status === 'published' || approved.has(m.id)))
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .map((m) => [roomName, when(m.createdAt, zone), nameOr(m.authorName, t), m.text]);
}

const CONTRIBUTION_STATUS: Record<Contribution['status'], MessageKey> = {
  pending: 'exports.statusPending',
  live: 'exports.statusLive',
  hidden: 'exports.statusHidden',
};

/** X6 The key-topic contributions, by breakout then oldest first: topic, text, author's display name, upvotes, status. */
export function contributionRows(programme: Programme, contributions: readonly Contribution[], upvotes: (id: string) => number, t: Translate): Row[] {
  const { room } = placesOf(programme);
  const order = new Map(programme.rooms.map((r, i) => [r.id, i]));
  return [...contributions]
    .sort((a, b) => (order.get(a.roomId) ?? 0) - (order.get(b.roomId) ?? 0) || a.createdAt - b.createdAt)
    .map((c) => [
      room(c.roomId),
      c.topicText,
      c.text,
      nameOr(c.authorName, t),
      upvotes(c.id),
      t(CONTRIBUTION_STATUS[c.status]),
      when(c.createdAt, programme.timeZone),
    ]);
}

const SUMMARY_STATUS: Record<Summary['status'], MessageKey> = {
  empty: 'exports.statusEmpty',
  drafting: 'exports.statusDrafting',
  review: 'exports.statusReview',
  published: 'exports.statusPublished',
};

/** The text of a published summary: each non-empty section under its title, as Markdown. */
export function publishedText(published: PublishedSummary, t: Translate): string {
  return published.sections
    .filter((s) => s.body.trim())
    .map((s) => {
      const title = s.kind === 'topic' ? s.title : s.kind === 'other' ? t('exports.sectionOther') : t('exports.sectionRecommendations');
      return `## ${title}\n${s.body.trim()}`;
    })
    .join('\n\n');
}

/** The report-back's marks of one summary, summed over its points: `<point>:<mark>` counters. */
export function markTotals(counters: Record<string, number>): { agree: number; disagree: number; unsure: number } {
  const totals = { agree: 0, disagree: 0, unsure: 0 };
  for (const [field, n] of Object.entries(counters)) {
    const mark = field.slice(field.lastIndexOf(':') + 1);
    if (field.includes(':') && (mark === 'agree' || mark === 'disagree' || mark === 'unsure')) totals[mark] += n;
  }
  return totals;
}

/**
 * X7 One row per breakout room: its summary's status (none written: "empty"), the published text (what attendees
 * saw, never the working copy), when it was published, and the report-back's agree/disagree/unsure marks.
 */
export function summaryRows(
  programme: Programme,
  of: (roomId: string) => { summary?: Summary; published?: PublishedSummary; marks?: Record<string, number> },
  t: Translate,
): Row[] {
  return programme.rooms
    .filter((r) => r.kind === 'breakout')
    .map((r) => {
      const { summary, published, marks } = of(r.id);
      const totals = markTotals(marks ?? {});
      return [
        r.name,
        t(SUMMARY_STATUS[summary?.status ?? 'empty']),
        published ? publishedText(published, t) : null,
        when(published?.at, programme.timeZone),
        totals.agree,
        totals.disagree,
        totals.unsure,
      ];
    });
}

/** X8 The breakout sign-ups: per slot and breakout (programme order), the people placed, then those waiting in line order. */
export function signupRows(programme: Programme, choices: readonly SlotSignups[], t: Translate): Row[] {
  const bySlot = new Map(choices.map((c) => [c.slotId, c]));
  const zone = programme.timeZone;
  const rows: Row[] = [];
  for (const slot of breakoutSlots(programme)) {
    const c = bySlot.get(slot.id);
    const start = isoAt(instantOf(slot.date, slot.start, zone), zone);
    for (const b of slot.breakouts) {
      for (const s of c?.places[b.room.id] ?? []) rows.push([start, b.room.name, b.item.title, nameOr(s.name, t), t('exports.statusPlaced')]);
      for (const s of c?.waiting[b.room.id] ?? []) rows.push([start, b.room.name, b.item.title, nameOr(s.name, t), t('exports.statusWaiting')]);
    }
  }
  return rows;
}

/** The attendance documents (`docs/ARCHITECTURE.md`, the overview's): absent ones count as nothing recorded. */
export interface AttendanceSample {
  at: number;
  total: number;
  rooms: Record<string, number>;
}
export interface AttendancePeak {
  total: { n: number; at: number };
  rooms: Record<string, { n: number; at: number }>;
}

/**
 * X9 Attendance per room: the people who followed it at least once, its peak and when; first the whole event (every
 * attendee who connected). Missing documents are zeros and empty times, never an error.
 */
export function attendanceRows(
  programme: Programme,
  seen: { total: number; rooms: Record<string, number> },
  peak: AttendancePeak | undefined,
  t: Translate,
): Row[] {
  const zone = programme.timeZone;
  const rows: Row[] = [[t('exports.allRooms'), seen.total, peak?.total?.n ?? 0, when(peak?.total?.at, zone)]];
  for (const r of programme.rooms) {
    const p = peak?.rooms?.[r.id];
    rows.push([r.name, seen.rooms[r.id] ?? 0, p?.n ?? 0, when(p?.at, zone)]);
  }
  return rows;
}

/** X9 The per-minute samples, oldest first: one row for the whole event, then one per room of the programme. */
export function attendanceMinuteRows(programme: Programme, samples: readonly AttendanceSample[], t: Translate): Row[] {
  const zone = programme.timeZone;
  const rows: Row[] = [];
  for (const s of [...samples].sort((a, b) => a.at - b.at)) {
    const at = isoAt(s.at, zone);
    rows.push([at, t('exports.allRooms'), s.total ?? 0]);
    for (const r of programme.rooms) rows.push([at, r.name, s.rooms?.[r.id] ?? 0]);
  }
  return rows;
}

/** X1 A cell as CSV text: empty for nothing, numbers as written; `csv.ts` then quotes it and makes a formula start inert. */
export const cellText = (cell: Cell): string => (cell === null ? '' : String(cell));
