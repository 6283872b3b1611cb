import { z } from 'zod';
import { OpId, request, type Applied } from './common';

/**
 * The end-of-event report: whether the organiser published it (a public page at `/report/<event code>`), and the
 * shape of what it shows (`ReportData`, made on the server from the event's documents, rendered as one HTML page
 * for the organiser's preview, the public page and the PDF).
 */

/** The organiser's choice, in the event's `report` document. */
export const ReportPublication = z.object({ published: z.boolean(), at: z.number().nullable(), rev: z.number().int() });
export type ReportPublication = z.infer<typeof ReportPublication>;

export const PublishReport = z.object({ opId: OpId, published: z.boolean() });
export type PublishReport = z.infer<typeof PublishReport>;
export const ReportStatus = z.object({});
export type ReportStatus = z.infer<typeof ReportStatus>;

export const REPORT_REQUESTS = {
  /** Organiser: publish the report at its public address, or take it back. */
  'report:publish': request(PublishReport).returns<Applied & { publication: ReportPublication }>(),
  /** Organiser: whether the report is published now. */
  'report:status': request(ReportStatus).returns<{ publication: ReportPublication }>(),
};

// ---- the report's data (server-made, never sent over the socket) --------------------------------------------------

/** What people did, counted. Attendees are attendee sessions (two tabs are one person); staff are not counted. */
export interface Participation {
  /** People who connected (the whole event), or who followed the session's room at any time of the event: set sizes. */
  attendees: number;
  /** The most people connected at once during the session, and the average of the minutes sampled; null: nothing recorded. */
  peak: number | null;
  average: number | null;
  questionsAsked: number;
  questionsApproved: number;
  questionsAnswered: number;
  votes: number;
  chatMessages: number;
  signups: number;
  contributions: number;
}

export interface ReportQuestion {
  text: string;
  /** The display name the asker chose, or null when they asked anonymously. */
  author: string | null;
  upvotes: number;
  answered: boolean;
  reply: string | null;
}

export type ReportPollResult =
  | { kind: 'bars'; bars: { label: string; count: number; percent: number }[]; average: number | null }
  | { kind: 'words'; words: { word: string; count: number; size: 1 | 2 | 3 | 4 | 5 }[] }
  | { kind: 'ranking'; options: { label: string; points: number; averagePosition: number | null }[] }
  | { kind: 'answers'; answers: string[]; shown: boolean };

export interface ReportPoll {
  question: string;
  type: 'single' | 'multiple' | 'rating' | 'wordcloud' | 'open' | 'ranking';
  voters: number;
  result: ReportPollResult;
}

export interface ReportPoint {
  text: string;
  agree: number;
  disagree: number;
  unsure: number;
}

export interface ReportSummarySection {
  kind: 'topic' | 'other' | 'recommendations';
  /** The key topic's words; null for a free section (its name is the reader's language's). */
  title: string | null;
  /** Markdown, rendered sanitised. */
  body: string;
}

export interface ReportSummary {
  /** The rapporteur as the programme names them (public), or null. */
  rapporteur: string | null;
  edition: number;
  publishedAt: number;
  sections: ReportSummarySection[];
  points: ReportPoint[];
}

export interface ReportSession {
  /** Null: what happened in the room outside any programme item. */
  itemId: string | null;
  roomId: string;
  roomName: string;
  roomKind: 'plenary' | 'breakout';
  title: string | null;
  kind: string | null;
  date: string | null;
  start: string | null;
  end: string | null;
  speakers: string[];
  chairs: string[];
  questions: ReportQuestion[];
  polls: ReportPoll[];
  summary: ReportSummary | null;
  figures: Participation;
}

export interface ReportData {
  title: string;
  subtitle: string | null;
  venue: string | null;
  code: string;
  timeZone: string;
  /** The programme's first and last days. */
  firstDay: string | null;
  lastDay: string | null;
  madeAt: number;
  totals: Participation;
  /** Per room, the people who followed it at least once. */
  rooms: { id: string; name: string; attendees: number }[];
  sessions: ReportSession[];
}
