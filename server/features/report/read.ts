import type { Store } from '../../store/store';
import type { AgendaState, EventMeta } from '../../../shared/protocol/messages';
import type { Question } from '../../../shared/protocol/qa';
import type { Ballot, Poll } from '../../../shared/protocol/polls';
import type { PublishedSummary } from '../../../shared/protocol/summaries';
import type { Contribution } from '../../../shared/protocol/breakouts';
import type { ReportData } from '../../../shared/protocol/report';
import { breakoutSlots } from '../../../shared/domain/breakouts';
import { buildReport, type AttendanceSample, type ReportInput } from '../../../shared/domain/report';
import { KEYS } from '../../core/keys';
import { READS } from './keys';

/** Open-text answers listed per poll at most (the chair showed them to the room): a report page, not an export. */
const ANSWERS_SHOWN = 200;

const valueOf = <T>(docs: Record<string, { value: unknown } | undefined>, key: string) => docs[key]?.value as T | undefined;

/**
 * The report's data, from the event's documents read by key: the programme, each room's questions with their upvote
 * counts, the polls with their counters, the published summaries and their marks, the chat records' posted times,
 * the breakouts' places and contributions, and the attendance record (absent: zeros). Null: no such event.
 */
export async function readReport(store: Store, eventId: string, now: number): Promise<ReportData | null> {
  const core = await store.read(eventId, [KEYS.meta, KEYS.agenda]);
  const meta = valueOf<EventMeta>(core, KEYS.meta);
  const agenda = valueOf<AgendaState>(core, KEYS.agenda);
  if (!meta || !agenda) return null;
  const { programme } = agenda;
  const roomIds = programme.rooms.map((r) => r.id);
  const breakoutRooms = programme.rooms.filter((r) => r.kind === 'breakout').map((r) => r.id);
  const [questions, polls, summaries, chat, breakouts, attendance] = await Promise.all([
    readQuestions(store, eventId, roomIds),
    readPolls(store, eventId),
    readSummaries(store, eventId, breakoutRooms),
    readChat(store, eventId, roomIds),
    readBreakouts(store, eventId, agenda, breakoutRooms),
    readAttendance(store, eventId, roomIds),
  ]);
  const input: ReportInput = { code: meta.code, programme, now, ...questions, polls, ...summaries, chat, ...breakouts, attendance };
  return buildReport(input);
}

async function readQuestions(store: Store, eventId: string, roomIds: string[]): Promise<Pick<ReportInput, 'questions' | 'upvotes'>> {
  const ids = (await Promise.all(roomIds.map((r) => store.members(eventId, READS.qaIds(r))))).flat();
  if (!ids.length) return { questions: [], upvotes: {} };
  const [docs, sizes] = await Promise.all([store.read(eventId, ids.map(READS.question)), store.sets(eventId, ids.map(READS.upvoters))]);
  const questions = ids.map((id) => valueOf<Question>(docs, READS.question(id))).filter((q): q is Question => !!q);
  return { questions, upvotes: Object.fromEntries(ids.map((id, i) => [id, sizes[i]?.size ?? 0])) };
}

async function readPolls(store: Store, eventId: string): Promise<ReportInput['polls']> {
  const ids = await store.members(eventId, READS.pollIds);
  if (!ids.length) return [];
  const docs = await store.read(eventId, ids.map(READS.poll));
  const polls = ids.map((id) => valueOf<Poll>(docs, READS.poll(id))).filter((p): p is Poll => !!p && p.status !== 'draft');
  return Promise.all(
    polls.map(async (poll) => {
      const counters = await store.counters(eventId, READS.tally(poll.id));
      if (poll.type !== 'open' || !poll.showAnswers) return { poll, tally: { counters } };
      const voters = (await store.members(eventId, READS.answerers(poll.id))).slice(0, ANSWERS_SHOWN);
      const ballots = voters.length
        ? await store.read(
            eventId,
            voters.map((v) => READS.ballot(poll.id, v)),
          )
        : {};
      const answers = voters
        .map((v) => valueOf<Ballot>(ballots, READS.ballot(poll.id, v)))
        .flatMap((b) => (b && b.choice.type === 'open' && b.choice.text.trim() ? [{ text: b.choice.text, at: b.at }] : []))
        .sort((a, b) => a.at - b.at)
        .map((a) => a.text);
      return { poll, tally: { counters, answers } };
    }),
  );
}

async function readSummaries(store: Store, eventId: string, rooms: string[]): Promise<Pick<ReportInput, 'published' | 'marks'>> {
  const docs = rooms.length ? await store.read(eventId, rooms.map(READS.published)) : {};
  const published: ReportInput['published'] = {};
  const marks: ReportInput['marks'] = {};
  await Promise.all(
    rooms.map(async (roomId) => {
      const summary = valueOf<PublishedSummary>(docs, READS.published(roomId));
      if (!summary) return;
      published[roomId] = summary;
      marks[roomId] = await store.counters(eventId, READS.markTally(roomId));
    }),
  );
  return { published, marks };
}

/** Each room's messages as posted (the chat's record, a JSON line per posting, deletion, approval), less the deleted. */
async function readChat(store: Store, eventId: string, roomIds: string[]): Promise<ReportInput['chat']> {
  const records = await Promise.all(roomIds.map((r) => store.members(eventId, READS.chatRecord(r))));
  const chat: ReportInput['chat'] = {};
  roomIds.forEach((roomId, i) => {
    const posted = new Map<string, number>();
    const deleted = new Set<string>();
    for (const line of records[i] ?? []) {
      try {
        const entry = JSON.parse(line) as { at?: number; kind?: string; messageId?: string; message?: { id?: string; createdAt?: number } };
        if (entry.kind === 'posted' && entry.message?.id) posted.set(entry.message.id, entry.message.createdAt ?? entry.at ?? 0);
        if (entry.kind === 'deleted' && entry.messageId) deleted.add(entry.messageId);
      } catch {
        // A line that does not parse is not a message.
      }
    }
    chat[roomId] = [...posted].filter(([id]) => !deleted.has(id)).map(([, at]) => at);
  });
  return chat;
}

/** Places held per breakout item (its holders' set) and contributions per item, hidden ones left out. */
async function readBreakouts(store: Store, eventId: string, agenda: AgendaState, rooms: string[]): Promise<Pick<ReportInput, 'signups' | 'contributions'>> {
  const slots = breakoutSlots(agenda.programme);
  const breakouts = slots.flatMap((slot) => slot.breakouts.map((b) => ({ key: READS.holders(slot.id, b.room.id), itemId: b.item.id })));
  const [sizes, contributionIds] = await Promise.all([
    breakouts.length
      ? store.sets(
          eventId,
          breakouts.map((b) => b.key),
        )
      : Promise.resolve([]),
    Promise.all(rooms.map((r) => store.members(eventId, READS.contributionIds(r)))),
  ]);
  const signups: Record<string, number> = {};
  breakouts.forEach((b, i) => (signups[b.itemId] = sizes[i]?.size ?? 0));
  const ids = contributionIds.flat();
  const docs = ids.length ? await store.read(eventId, ids.map(READS.contribution)) : {};
  const contributions: Record<string, number> = {};
  for (const id of ids) {
    const c = valueOf<Contribution>(docs, READS.contribution(id));
    if (c && c.status !== 'hidden') contributions[c.itemId] = (contributions[c.itemId] ?? 0) + 1;
  }
  return { signups, contributions };
}

async function readAttendance(store: Store, eventId: string, roomIds: string[]): Promise<ReportInput['attendance']> {
  const [sizes, docs] = await Promise.all([store.sets(eventId, [READS.seen, ...roomIds.map(READS.seenIn)]), store.read(eventId, [READS.series])]);
  const series = valueOf<{ samples?: AttendanceSample[] }>(docs, READS.series);
  return {
    seen: sizes[0]?.size ?? 0,
    seenByRoom: Object.fromEntries(roomIds.map((r, i) => [r, sizes[i + 1]?.size ?? 0])),
    samples: Array.isArray(series?.samples) ? series.samples : [],
  };
}
