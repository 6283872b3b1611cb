import type { Programme } from '../../../shared/protocol/programme';
import type { Question } from '../../../shared/protocol/qa';
import type { Ballot, Poll } from '../../../shared/protocol/polls';
import type { ChoiceRecord, Contribution, SlotSignups, SlotState } from '../../../shared/protocol/breakouts';
import type { PublishedSummary, Summary } from '../../../shared/protocol/summaries';
import {
  attendanceMinuteRows,
  attendanceRows,
  chatRows,
  contributionRows,
  pollRows,
  programmeRows,
  questionRows,
  signupRows,
  summaryRows,
  type AttendancePeak,
  type AttendanceSample,
  type ExportTable,
  type Row,
  type Translate,
} from '../../../shared/domain/exports';
import { breakoutSlots, signupsOf } from '../../../shared/domain/breakouts';
import type { Doc, Store } from '../../store/store';
import { ATTENDANCE_DOCS, BREAKOUT_DOCS, CHAT_DOCS, POLL_DOCS, QA_DOCS, SUMMARY_DOCS } from './keys';

/** What a table is read from. */
export interface TableSource {
  store: Store;
  eventId: string;
  programme: Programme;
  t: Translate;
}

/** Documents are read and rows handed on this many at a time, so a large event is never one huge read or write. */
export const BATCH = 500;

function* slices<T>(items: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The documents under `keys`, read a batch at a time; absent ones are left out. */
async function readAll<T>(store: Store, eventId: string, keys: string[]): Promise<T[]> {
  const found: T[] = [];
  for (const part of slices(keys)) {
    const docs: Record<string, Doc | undefined> = await store.read(eventId, part);
    for (const key of part) if (docs[key]) found.push(docs[key].value as T);
  }
  return found;
}

/** The sizes of sets, by id, read a batch at a time (upvoters: one membership per person, so the size is the count). */
async function setSizes(store: Store, eventId: string, ids: string[], key: (id: string) => string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const part of slices(ids)) {
    const found = await store.sets(eventId, part.map(key));
    part.forEach((id, i) => sizes.set(id, found[i]?.size ?? 0));
  }
  return sizes;
}

/**
 * A table's rows in batches, read room by room (and poll by poll), so the writer sends each batch before the next is
 * read: the chat's record of a room is read whole (a set has no cursor in the store), then written a batch at a time.
 */
export async function* tableRows(table: ExportTable, src: TableSource): AsyncGenerator<Row[]> {
  const { store, eventId, programme, t } = src;
  const rooms = programme.rooms;
  switch (table) {
    case 'programme':
      yield* slices(programmeRows(programme));
      return;
    case 'questions':
      for (const room of rooms) {
        const ids = await store.members(eventId, QA_DOCS.ids(room.id));
        if (!ids.length) continue;
        const questions = await readAll<Question>(store, eventId, ids.map(QA_DOCS.question));
        const upvotes = await setSizes(store, eventId, ids, QA_DOCS.upvoters);
        yield* slices(questionRows(programme, questions, (id) => upvotes.get(id) ?? 0, t));
      }
      return;
    case 'polls': {
      const ids = await store.members(eventId, POLL_DOCS.ids);
      const polls = (await readAll<Poll>(store, eventId, ids.map(POLL_DOCS.poll))).sort((a, b) => a.createdAt - b.createdAt);
      for (const poll of polls) {
        const counters = await store.counters(eventId, POLL_DOCS.tally(poll.id));
        const answers = poll.type === 'open' ? await openAnswers(store, eventId, poll.id) : undefined;
        yield* slices(pollRows(programme, poll, { counters, answers }, t));
      }
      return;
    }
    case 'chat':
      for (const room of rooms) {
        const record = await store.members(eventId, CHAT_DOCS.record(room.id));
        if (record.length) yield* slices(chatRows(room.name, record, programme.timeZone, t));
      }
      return;
    case 'contributions':
      for (const room of rooms.filter((r) => r.kind === 'breakout')) {
        const ids = await store.members(eventId, BREAKOUT_DOCS.ids(room.id));
        if (!ids.length) continue;
        const contributions = await readAll<Contribution>(store, eventId, ids.map(BREAKOUT_DOCS.contribution));
        const upvotes = await setSizes(store, eventId, ids, BREAKOUT_DOCS.upvoters);
        yield* slices(contributionRows(programme, contributions, (id) => upvotes.get(id) ?? 0, t));
      }
      return;
    case 'summaries': {
      const breakouts = rooms.filter((r) => r.kind === 'breakout');
      const docs = await store.read(
        eventId,
        breakouts.flatMap((r) => [SUMMARY_DOCS.summary(r.id), SUMMARY_DOCS.published(r.id)]),
      );
      const marks = new Map<string, Record<string, number>>();
      for (const r of breakouts) marks.set(r.id, await store.counters(eventId, SUMMARY_DOCS.marks(r.id)));
      yield summaryRows(
        programme,
        (roomId) => ({
          summary: docs[SUMMARY_DOCS.summary(roomId)]?.value as Summary | undefined,
          published: docs[SUMMARY_DOCS.published(roomId)]?.value as PublishedSummary | undefined,
          marks: marks.get(roomId),
        }),
        t,
      );
      return;
    }
    case 'signups': {
      const choices: SlotSignups[] = [];
      for (const slot of breakoutSlots(programme)) {
        const state = (await store.read(eventId, [BREAKOUT_DOCS.slot(slot.id)]))[BREAKOUT_DOCS.slot(slot.id)]?.value as SlotState | undefined;
        if (!state) continue;
        // Who holds a place (the holders' sets), then their choice records (the name, since when).
        const members: Record<string, string[]> = {};
        for (const b of slot.breakouts) members[b.room.id] = await store.members(eventId, BREAKOUT_DOCS.holders(slot.id, b.room.id));
        const records = new Map<string, ChoiceRecord>();
        for (const c of await readAll<ChoiceRecord>(
          store,
          eventId,
          [...new Set(Object.values(members).flat())].map((id) => BREAKOUT_DOCS.mine(slot.id, id)),
        ))
          records.set(c.attendeeId, c);
        choices.push(signupsOf(state, members, (id) => records.get(id)));
      }
      yield* slices(signupRows(programme, choices, t));
      return;
    }
    case 'attendance': {
      const sizes = await store.sets(eventId, [ATTENDANCE_DOCS.seen, ...rooms.map((r) => ATTENDANCE_DOCS.seenIn(r.id))]);
      const peak = (await store.read(eventId, [ATTENDANCE_DOCS.peak]))[ATTENDANCE_DOCS.peak]?.value as AttendancePeak | undefined;
      const seen = { total: sizes[0]?.size ?? 0, rooms: Object.fromEntries(rooms.map((r, i) => [r.id, sizes[i + 1]?.size ?? 0])) };
      yield attendanceRows(programme, seen, peak, t);
      return;
    }
    case 'attendance-minutes': {
      const series = (await store.read(eventId, [ATTENDANCE_DOCS.series]))[ATTENDANCE_DOCS.series]?.value as { samples?: AttendanceSample[] } | undefined;
      yield* slices(attendanceMinuteRows(programme, series?.samples ?? [], t));
      return;
    }
  }
}

/** An open-text poll's answers, oldest first (the ballots of its answerers, read by key). */
async function openAnswers(store: Store, eventId: string, pollId: string): Promise<string[]> {
  const voters = await store.members(eventId, POLL_DOCS.answerers(pollId));
  const ballots = await readAll<Ballot>(
    store,
    eventId,
    voters.map((v) => POLL_DOCS.ballot(pollId, v)),
  );
  return ballots
    .filter((b) => b.choice.type === 'open')
    .sort((a, b) => a.at - b.at)
    .map((b) => (b.choice.type === 'open' ? b.choice.text : ''));
}
