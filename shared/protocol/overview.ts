import { z } from 'zod';
import { Id, request } from './common';

/**
 * Attendance and participation figures for the organiser. Attendance is counted per attendee session (the token's
 * attendee id, as votes are), never by address or fingerprint, and only totals are kept. The documents are listed in
 * docs/ARCHITECTURE.md ("Attendance figures"); the report and the exports read them by key.
 */

/** One minute's sample: people connected at the start of the minute, all processes summed (`att:series`). */
export interface AttendanceSample {
  /** Epoch ms, the start of the minute. */
  at: number;
  total: number;
  /** Per room id; a room nobody follows may be absent (zero). */
  rooms: Record<string, number>;
}
export interface AttendanceSeries {
  samples: AttendanceSample[];
}
export interface PeakFigure {
  n: number;
  at: number;
}
/** The most people connected at once, overall and per room (`att:peak`). */
export interface AttendancePeak {
  total: PeakFigure;
  rooms: Record<string, PeakFigure>;
}
/** People connected now: the sum of every process's fresh counts. */
export interface ConnectedNow {
  total: number;
  rooms: Record<string, number>;
}

/** One programme item's participation. `signups` and `contributions` are for breakouts only (null otherwise). */
export interface SessionFigures {
  itemId: string;
  roomId: string;
  /** Most people connected in the item's room during it (from the minute samples); null: no sample in its time. */
  peak: number | null;
  average: number | null;
  asked: number;
  approved: number;
  answered: number;
  votes: number;
  chat: number;
  signups: number | null;
  contributions: number | null;
}

export interface OverviewFigures {
  /** When the figures were read (server time). */
  at: number;
  now: ConnectedNow;
  peak: AttendancePeak;
  /** Distinct attendees that connected at least once, overall and per room followed. */
  seen: { total: number; rooms: Record<string, number> };
  /** The recent minute samples, oldest first (`LIMITS` in shared/domain/overview.ts: at most a chart's worth). */
  samples: AttendanceSample[];
  /** The items that have started, in time order. */
  sessions: SessionFigures[];
}

/** An attendee's app says which room it shows, on every connection and on every change. Idempotent: a state, not an act. */
export const FollowRoom = z.object({ roomId: Id });
export type FollowRoom = z.infer<typeof FollowRoom>;

export const FiguresRequest = z.object({});
export type FiguresRequest = z.infer<typeof FiguresRequest>;

export const OVERVIEW_REQUESTS = {
  'overview:follow': request(FollowRoom).returns<{ roomId: string }>(),
  'overview:figures': request(FiguresRequest).returns<{ figures: OverviewFigures }>(),
};
