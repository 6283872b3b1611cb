import type { Mark, MarkTally, PublishedSummary, ReportBack, SummariesSnapshot, Summary } from '../../../shared/protocol/summaries';
import { emptyReportBack } from '../../../shared/domain/summaries';
import type { Actor } from '../../../shared/domain/actor';
import type { Store } from '../../store/store';
import { SUMMARIES, TICK } from './keys';

/** The documents every person's view is made from: each room's working copy and published copy, the report-back. */
export interface SummaryDocs {
  summaries: Summary[];
  published: PublishedSummary[];
  reportBack: ReportBack;
}

export async function readSummaryDocs(store: Store, eventId: string, roomIds: string[]): Promise<SummaryDocs> {
  const docs = await store.read(eventId, [...roomIds.flatMap((r) => [SUMMARIES.summary(r), SUMMARIES.published(r)]), SUMMARIES.reportBack]);
  const present = <T>(key: string) => docs[key]?.value as T | undefined;
  return {
    summaries: roomIds.map((r) => present<Summary>(SUMMARIES.summary(r))).filter((s): s is Summary => !!s),
    published: roomIds.map((r) => present<PublishedSummary>(SUMMARIES.published(r))).filter((p): p is PublishedSummary => !!p),
    reportBack: present<ReportBack>(SUMMARIES.reportBack) ?? emptyReportBack(),
  };
}

export const isStaff = (actor: Actor) => actor.role !== 'attendee';

export async function readTally(store: Store, eventId: string, roomId: string): Promise<MarkTally> {
  const counters = await store.counters(eventId, SUMMARIES.tally(roomId));
  return { roomId, counters, tick: counters[TICK] ?? 0 };
}

/** The mark counts (staff only) and this person's own marks, for every published summary. */
export async function markState(store: Store, eventId: string, roomIds: string[], actor: Actor): Promise<Pick<SummariesSnapshot, 'marks' | 'myMarks'>> {
  if (!roomIds.length) return { marks: {}, myMarks: {} };
  const [tallies, mine] = await Promise.all([
    isStaff(actor) ? Promise.all(roomIds.map((r) => readTally(store, eventId, r))) : Promise.resolve([]),
    store.read(
      eventId,
      roomIds.map((r) => SUMMARIES.marks(r, actor.id)),
    ),
  ]);
  const myMarks: Record<string, Record<string, Mark>> = {};
  for (const r of roomIds) {
    const m = mine[SUMMARIES.marks(r, actor.id)]?.value as Record<string, Mark> | undefined;
    if (m && Object.keys(m).length) myMarks[r] = m;
  }
  return { marks: Object.fromEntries(tallies.map((t) => [t.roomId, t])), myMarks };
}

/** A person's part: staff see the working copies and the counts; everybody sees what is published and their marks. */
export async function summariesSnapshot(store: Store, eventId: string, docs: SummaryDocs, actor: Actor): Promise<SummariesSnapshot> {
  const marks = await markState(
    store,
    eventId,
    docs.published.map((p) => p.roomId),
    actor,
  );
  return { summaries: isStaff(actor) ? docs.summaries : [], published: docs.published, reportBack: docs.reportBack, ...marks };
}
