import { z } from 'zod';
import { LIMITS } from '../limits';
import { Id, OpId, request, type Applied } from './common';

/**
 * Breakout summaries: a rapporteur's working copy per breakout room (sections in Markdown, numbered versions, a
 * status), what was published of it, the plenary's report-back, and the attendees' agree / disagree / unsure marks
 * on each published key point.
 */

/** A section per key topic of the breakout (from the programme), then the free ones. */
export const SectionKind = z.enum(['topic', 'other', 'recommendations']);
export type SectionKind = z.infer<typeof SectionKind>;

export const Section = z.object({
  id: z.string().min(1).max(32),
  kind: SectionKind,
  /** The key topic's words for a topic section; empty for a free one (its name is the client's, by kind). */
  title: z.string().max(LIMITS.textMax),
  body: z.string().max(LIMITS.summarySectionMax),
});
export type Section = z.infer<typeof Section>;

export const SummaryStatus = z.enum(['empty', 'drafting', 'review', 'published']);
export type SummaryStatus = z.infer<typeof SummaryStatus>;

/** Who saved a version and when (the text of the last versions is kept beside the summary, see `SummaryVersion`). */
export const VersionInfo = z.object({
  version: z.number().int(),
  by: z.string(),
  byLabel: z.string(),
  at: z.number(),
  /** This version brought back an older one's text. */
  restoredFrom: z.number().int().optional(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

/** One saved version's text, kept in one of the summary's `LIMITS.summaryVersionsKept` slots. */
export const SummaryVersion = VersionInfo.extend({ roomId: z.string(), sections: z.array(Section) });
export type SummaryVersion = z.infer<typeof SummaryVersion>;

/** What attendees see of a summary once published: its text at the published version, and who published it when. */
export const PublishedSummary = z.object({
  roomId: z.string(),
  version: z.number().int(),
  sections: z.array(Section),
  byLabel: z.string(),
  at: z.number(),
  /** How many times it has been published (2 and more: corrected). */
  edition: z.number().int(),
});
export type PublishedSummary = z.infer<typeof PublishedSummary>;

/** The working copy, for the event's staff: the rapporteur, the chairs, the organiser. */
export const Summary = z.object({
  roomId: z.string(),
  status: SummaryStatus,
  /** The version of `sections` (0: never saved). A save names the version it was written on. */
  version: z.number().int(),
  sections: z.array(Section),
  /** The last versions, oldest first (at most `LIMITS.summaryVersionsKept`). */
  history: z.array(VersionInfo),
  /** The last review: sent back with a comment, or published. */
  review: z.object({ outcome: z.enum(['sentBack', 'published']), byLabel: z.string(), at: z.number(), comment: z.string() }).nullable(),
  /** Bumped by every change (a save, a status change): what a reviewer's action expects. */
  rev: z.number().int(),
});
export type Summary = z.infer<typeof Summary>;

/** The plenary's report-back: whether it is on, and which breakout's summary the chair shows on the big screen. */
export const ReportBack = z.object({ live: z.boolean(), current: z.string().nullable(), since: z.number(), rev: z.number().int() });
export type ReportBack = z.infer<typeof ReportBack>;

export const Mark = z.enum(['agree', 'disagree', 'unsure']);
export type Mark = z.infer<typeof Mark>;

/** A summary's mark counters (`<pointId>:<mark>` → count) with their tick (the newest figure wins). */
export const MarkTally = z.object({ roomId: z.string(), counters: z.record(z.string(), z.number()), tick: z.number() });
export type MarkTally = z.infer<typeof MarkTally>;

export const SummariesSnapshot = z.object({
  /** The working copies (staff only; attendees get none). */
  summaries: z.array(Summary),
  published: z.array(PublishedSummary),
  reportBack: ReportBack,
  /** Mark counts per breakout (staff only). */
  marks: z.record(z.string(), MarkTally),
  /** This person's marks, per breakout, per point. */
  myMarks: z.record(z.string(), z.record(z.string(), Mark)),
});
export type SummariesSnapshot = z.infer<typeof SummariesSnapshot>;

export const SummaryEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('summary.changed'), summary: Summary }),
  z.object({ type: z.literal('summary.published'), published: PublishedSummary }),
  z.object({ type: z.literal('reportBack.changed'), reportBack: ReportBack }),
]);
export type SummaryEvent = z.infer<typeof SummaryEvent>;

// ---- client to server -------------------------------------------------------------------------------------------

export const SaveSummary = z.object({
  opId: OpId,
  roomId: Id,
  /** The version the text was written on: a save on an older one is refused (VERSION_CONFLICT). */
  baseVersion: z.number().int().nonnegative(),
  sections: z
    .array(Section)
    .min(1)
    .max(LIMITS.keyTopicsPerItem + 2),
});
export type SaveSummary = z.infer<typeof SaveSummary>;
export const RestoreSummary = z.object({ opId: OpId, roomId: Id, baseVersion: z.number().int().nonnegative(), version: z.number().int().positive() });
export type RestoreSummary = z.infer<typeof RestoreSummary>;
export const ReviewAction = z.enum(['submit', 'publish', 'sendBack']);
export type ReviewAction = z.infer<typeof ReviewAction>;
export const ReviewSummary = z.object({
  opId: OpId,
  roomId: Id,
  action: ReviewAction,
  /** The summary's `rev` the person saw: a review on a text that changed since is refused (VERSION_CONFLICT). */
  rev: z.number().int().nonnegative(),
  comment: z.string().max(LIMITS.summaryCommentMax).default(''),
});
export type ReviewSummary = z.infer<typeof ReviewSummary>;
export const VersionText = z.object({ roomId: Id, version: z.number().int().positive() });
export type VersionText = z.infer<typeof VersionText>;
export const SetReportBack = z.object({ opId: OpId, live: z.boolean(), current: Id.nullable() });
export type SetReportBack = z.infer<typeof SetReportBack>;
export const MarkPoint = z.object({ opId: OpId, roomId: Id, pointId: z.string().min(1).max(64), mark: Mark.nullable() });
export type MarkPoint = z.infer<typeof MarkPoint>;

export const SUMMARY_REQUESTS = {
  'summary:save': request(SaveSummary).returns<Applied & { version: number }>(),
  'summary:restore': request(RestoreSummary).returns<Applied & { version: number }>(),
  'summary:review': request(ReviewSummary).returns(),
  'summary:version': request(VersionText).returns<{ version: SummaryVersion }>(),
  'summary:reportBack': request(SetReportBack).returns(),
  'summary:mark': request(MarkPoint).returns(),
};
