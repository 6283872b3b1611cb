import type { AgendaItem, Programme } from '../protocol/programme';
import type { AttendancePeak, AttendanceSample, AttendanceSeries, ConnectedNow, SessionFigures } from '../protocol/overview';
import { instantOf } from '../time';

/**
 * Attendance and participation figures (SPEC O1-O8). Pure: the server counts its own sockets and reads the store,
 * these rules sum, sample and divide. Attendance is counted per attendee session (the token's attendee id), never
 * by address or fingerprint, and only totals leave a process.
 */

export const ATTENDANCE = {
  /** `att:series` keeps two days of minute samples; the oldest are dropped beyond. */
  samplesKept: 2_880,
  /** The organiser's chart shows the last three hours. */
  samplesShown: 180,
  minuteMs: 60_000,
} as const;

/** One process's counts of its own connections, as it last wrote them (`att:proc:<process>`). */
export interface ProcessCounts extends ConnectedNow {
  at: number;
}

/** One open connection of an attendee, and the room its app said it shows (null: not said yet). */
export interface Tab {
  attendeeId: string;
  roomId: string | null;
}

/**
 * O1: a process's counts of its own connections: distinct attendees (two tabs of one session are one person), and
 * per room the distinct attendees with a tab following it. Staff connections are never given to it.
 */
export function countTabs(tabs: Iterable<Tab>): ConnectedNow {
  const people = new Set<string>();
  const perRoom = new Map<string, Set<string>>();
  for (const tab of tabs) {
    people.add(tab.attendeeId);
    if (tab.roomId === null) continue;
    let room = perRoom.get(tab.roomId);
    if (!room) perRoom.set(tab.roomId, (room = new Set()));
    room.add(tab.attendeeId);
  }
  const rooms: Record<string, number> = {};
  for (const [roomId, ids] of perRoom) rooms[roomId] = ids.size;
  return { total: people.size, rooms };
}

/**
 * O2: people connected now are the sum of every process's counts written within `freshMs`; an older entry (a process
 * that stopped or lost its store) is ignored.
 */
export function sumProcesses(entries: Iterable<ProcessCounts | undefined>, now: number, freshMs: number): ConnectedNow {
  const sum: ConnectedNow = { total: 0, rooms: {} };
  for (const entry of entries) {
    if (!entry || now - entry.at > freshMs) continue;
    sum.total += entry.total;
    for (const [roomId, n] of Object.entries(entry.rooms)) sum.rooms[roomId] = (sum.rooms[roomId] ?? 0) + n;
  }
  return sum;
}

export const minuteOf = (now: number) => now - (now % ATTENDANCE.minuteMs);

/**
 * O3: one sample a minute, at the start of the minute, while anyone is connected: a minute already sampled is not
 * sampled again, and a minute with nobody connected is recorded only when the one before had somebody (the fall to
 * zero shows). Beyond `samplesKept` the oldest go. Null: nothing to add.
 */
export function addSample(series: AttendanceSeries | undefined, counts: ConnectedNow, now: number): AttendanceSeries | null {
  const samples = series?.samples ?? [];
  const at = minuteOf(now);
  const last = samples[samples.length - 1];
  if (last && last.at >= at) return null;
  if (counts.total === 0 && (!last || last.total === 0)) return null;
  const next = [...samples, { at, total: counts.total, rooms: nonZero(counts.rooms) }];
  return { samples: next.length > ATTENDANCE.samplesKept ? next.slice(next.length - ATTENDANCE.samplesKept) : next };
}

/** O4: the peak rises when more people are connected than ever before, overall or in a room; it never falls. Null: unchanged. */
export function raisePeak(peak: AttendancePeak | undefined, counts: ConnectedNow, now: number): AttendancePeak | null {
  const current: AttendancePeak = peak ?? { total: { n: 0, at: 0 }, rooms: {} };
  let changed = false;
  const next: AttendancePeak = { total: current.total, rooms: { ...current.rooms } };
  if (counts.total > current.total.n) {
    next.total = { n: counts.total, at: now };
    changed = true;
  }
  for (const [roomId, n] of Object.entries(counts.rooms)) {
    if (n > (current.rooms[roomId]?.n ?? 0)) {
      next.rooms[roomId] = { n, at: now };
      changed = true;
    }
  }
  return changed ? next : null;
}

function nonZero(rooms: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [roomId, n] of Object.entries(rooms)) if (n > 0) out[roomId] = n;
  return out;
}

/**
 * O5: an item's attendance is read from the samples whose minute falls within its start..end (end excluded), in its
 * room: the most people and the average, to one decimal. No sample in its time: null (nothing recorded, not zero).
 */
export function attendanceDuring(
  samples: readonly AttendanceSample[],
  start: number,
  end: number,
  roomId: string,
): { peak: number | null; average: number | null } {
  let peak: number | null = null;
  let sum = 0;
  let count = 0;
  for (const sample of samples) {
    if (sample.at < start || sample.at >= end) continue;
    const n = sample.rooms[roomId] ?? 0;
    peak = peak === null ? n : Math.max(peak, n);
    sum += n;
    count++;
  }
  return { peak, average: count ? Math.round((sum / count) * 10) / 10 : null };
}

/** What the store holds about participation, as counted per item (questions, polls, contributions) and per room (chat). */
export interface ParticipationInput {
  programme: Programme;
  now: number;
  samples: readonly AttendanceSample[];
  questions: readonly { itemId: string | null; status: 'pending' | 'live' | 'answered' | 'dismissed' }[];
  /** Each poll's item and its voters (the tally's `_voters`). */
  polls: readonly { itemId: string | null; voters: number }[];
  /** Every chat message posted, by room and time (held ones included: they were written). */
  chat: readonly { roomId: string; at: number }[];
  /** Breakout places taken, per breakout item. */
  signups: Readonly<Record<string, number>>;
  contributions: readonly { itemId: string; status: 'pending' | 'live' | 'hidden' }[];
}

/** Items that are not sessions people take part in. */
const NOT_SESSIONS = new Set<AgendaItem['kind']>(['break', 'registration']);

/**
 * O6: the sessions counted are the programme's items that have started (breaks and registration left out), in time
 * order then the programme's room order.
 * O7: per session: its attendance (O5); questions asked (every question naming the item, whatever became of it),
 * approved (those that went live, answered included) and answered; votes (the voters of its polls); chat messages
 * posted in its room during its time; for a breakout, its sign-ups and the key-topic answers written (hidden ones left
 * out). Other items have no sign-ups or contributions (null).
 */
export function sessionFigures(input: ParticipationInput): SessionFigures[] {
  const { programme, now } = input;
  const zone = programme.timeZone;
  const roomOrder = new Map(programme.rooms.map((r, i) => [r.id, i]));
  const items = programme.items
    .filter((item) => !NOT_SESSIONS.has(item.kind) && roomOrder.has(item.roomId))
    .map((item) => ({ item, start: instantOf(item.date, item.start, zone), end: instantOf(item.date, item.end, zone) }))
    .filter(({ start }) => start <= now)
    .sort((a, b) => a.start - b.start || roomOrder.get(a.item.roomId)! - roomOrder.get(b.item.roomId)!);

  const questions = countBy(input.questions, (q) => q.itemId);
  const approved = countBy(
    input.questions.filter((q) => q.status === 'live' || q.status === 'answered'),
    (q) => q.itemId,
  );
  const answered = countBy(
    input.questions.filter((q) => q.status === 'answered'),
    (q) => q.itemId,
  );
  const contributions = countBy(
    input.contributions.filter((c) => c.status !== 'hidden'),
    (c) => c.itemId,
  );
  const votes = new Map<string, number>();
  for (const poll of input.polls) if (poll.itemId) votes.set(poll.itemId, (votes.get(poll.itemId) ?? 0) + poll.voters);

  return items.map(({ item, start, end }) => {
    const breakout = item.kind === 'breakout';
    return {
      itemId: item.id,
      roomId: item.roomId,
      ...attendanceDuring(input.samples, start, end, item.roomId),
      asked: questions.get(item.id) ?? 0,
      approved: approved.get(item.id) ?? 0,
      answered: answered.get(item.id) ?? 0,
      votes: votes.get(item.id) ?? 0,
      chat: input.chat.filter((m) => m.roomId === item.roomId && m.at >= start && m.at < end).length,
      signups: breakout ? (input.signups[item.id] ?? 0) : null,
      contributions: breakout ? (contributions.get(item.id) ?? 0) : null,
    };
  });
}

function countBy<T>(list: readonly T[], key: (x: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const x of list) {
    const k = key(x);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** O8: the chart's samples: the last `samplesShown`, oldest first. */
export function recentSamples(series: AttendanceSeries | undefined): AttendanceSample[] {
  const samples = series?.samples ?? [];
  return samples.slice(Math.max(0, samples.length - ATTENDANCE.samplesShown));
}
