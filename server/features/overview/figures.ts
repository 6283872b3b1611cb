import type { AgendaState } from '../../../shared/protocol/agenda';
import type { AttendancePeak, AttendanceSeries, OverviewFigures } from '../../../shared/protocol/overview';
import { recentSamples, sessionFigures, type ParticipationInput } from '../../../shared/domain/overview';
import { breakoutSlots } from '../../../shared/domain/breakouts';
import type { Store } from '../../store/store';
import type { Attendance } from './attendance';
import { ATT, READ } from './keys';

type QuestionDoc = ParticipationInput['questions'][number];
type ContributionDoc = ParticipationInput['contributions'][number];
interface PollDoc {
  itemId: string | null;
}

/**
 * The organiser's figures, read from the store (any process answers with the same figures): people connected now
 * (every process's fresh counts), the peak, the seen sets' sizes, the recent samples, and each started session's
 * participation from the other features' documents, read by key. A missing document counts as nothing recorded.
 */
export async function readFigures(store: Store, attendance: Attendance, eventId: string, now: number): Promise<OverviewFigures | null> {
  const { counts, docs } = await attendance.readNow(eventId, now, [ATT.peak, ATT.series, READ.agenda]);
  const agenda = docs[READ.agenda]?.value as AgendaState | undefined;
  if (!agenda) return null;
  const { programme } = agenda;
  const roomIds = programme.rooms.map((r) => r.id);
  const series = docs[ATT.series]?.value as AttendanceSeries | undefined;
  const seen = await store.sets(eventId, [ATT.seen, ...roomIds.map(ATT.seenRoom)]);
  const [questions, polls, chat, signups, contributions] = await Promise.all([
    readQuestions(store, eventId, roomIds),
    readPolls(store, eventId),
    readChat(store, eventId, roomIds),
    readSignups(store, eventId, agenda),
    readContributions(store, eventId, roomIds),
  ]);
  return {
    at: now,
    now: counts,
    peak: (docs[ATT.peak]?.value as AttendancePeak | undefined) ?? { total: { n: 0, at: 0 }, rooms: {} },
    seen: { total: seen[0]!.size, rooms: Object.fromEntries(roomIds.map((id, i) => [id, seen[i + 1]!.size])) },
    samples: recentSamples(series),
    sessions: sessionFigures({ programme, now, samples: series?.samples ?? [], questions, polls, chat, signups, contributions }),
  };
}

/** The documents of the ids in some sets, in one read. */
async function docsOf<T>(store: Store, eventId: string, idSets: string[], key: (id: string) => string): Promise<T[]> {
  const ids = (await Promise.all(idSets.map((set) => store.members(eventId, set)))).flat();
  if (!ids.length) return [];
  const docs = await store.read(eventId, ids.map(key));
  return ids.flatMap((id) => {
    const doc = docs[key(id)];
    return doc ? [doc.value as T] : [];
  });
}

async function readQuestions(store: Store, eventId: string, roomIds: string[]): Promise<QuestionDoc[]> {
  return docsOf<QuestionDoc>(store, eventId, roomIds.map(READ.qaIds), READ.question);
}

async function readPolls(store: Store, eventId: string): Promise<ParticipationInput['polls']> {
  const ids = await store.members(eventId, READ.pollIds);
  if (!ids.length) return [];
  const [docs, tallies] = await Promise.all([store.read(eventId, ids.map(READ.poll)), Promise.all(ids.map((id) => store.counters(eventId, READ.tally(id))))]);
  return ids.flatMap((id, i) => {
    const poll = docs[READ.poll(id)]?.value as PollDoc | undefined;
    return poll ? [{ itemId: poll.itemId, voters: tallies[i]!._voters ?? 0 }] : [];
  });
}

/** Messages posted, from each room's record (a JSON line per message, deletion and approval). */
async function readChat(store: Store, eventId: string, roomIds: string[]): Promise<ParticipationInput['chat']> {
  const records = await Promise.all(roomIds.map((roomId) => store.members(eventId, READ.chatRecord(roomId))));
  return roomIds.flatMap((roomId, i) =>
    records[i]!.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { at?: unknown; kind?: unknown };
        return entry.kind === 'posted' && typeof entry.at === 'number' ? [{ roomId, at: entry.at }] : [];
      } catch {
        return [];
      }
    }),
  );
}

/** Places taken per breakout item: the size of its holders' set. */
async function readSignups(store: Store, eventId: string, agenda: AgendaState): Promise<Record<string, number>> {
  const breakouts = breakoutSlots(agenda.programme).flatMap((slot) =>
    slot.breakouts.map((b) => ({ key: READ.holders(slot.id, b.room.id), itemId: b.item.id })),
  );
  if (!breakouts.length) return {};
  const sizes = await store.sets(
    eventId,
    breakouts.map((b) => b.key),
  );
  const signups: Record<string, number> = {};
  breakouts.forEach((b, i) => (signups[b.itemId] = sizes[i]?.size ?? 0));
  return signups;
}

async function readContributions(store: Store, eventId: string, roomIds: string[]): Promise<ContributionDoc[]> {
  return docsOf<ContributionDoc>(store, eventId, roomIds.map(READ.contributionIds), READ.contribution);
}
