import { versionSlot } from '../../../shared/domain/summaries';

/** Store keys of the breakout summaries. */
export const SUMMARIES = {
  /** The working copy of a breakout's summary (staff). */
  summary: (roomId: string) => `summary:${roomId}`,
  /** The text of one of its last versions: version n in slot n mod `LIMITS.summaryVersionsKept`. */
  version: (roomId: string, version: number) => `summaryVersion:${roomId}:${versionSlot(version)}`,
  /** What attendees see: the last published text. */
  published: (roomId: string) => `published:${roomId}`,
  /** The plenary's report-back: on or off, and the summary on the big screen. */
  reportBack: 'reportBack',
  /** One person's marks on one summary's points. */
  marks: (roomId: string, personId: string) => `marks:${roomId}:${personId}`,
  /** A summary's mark counters (`<point>:<mark>`), with its tick. */
  tally: (roomId: string) => `markTally:${roomId}`,
  /** One counter per summary, raised by every mark: the live stream sends the tallies that moved. */
  ticks: 'summaries:ticks',
};
/** The field of a summary's mark counters that every mark raises. */
export const TICK = '_tick';
