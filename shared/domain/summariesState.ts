import type { Mark, MarkTally, PublishedSummary, ReportBack, Summary, SummaryEvent } from '../protocol/summaries';

/**
 * The summaries as a client holds them, and how changes and live totals apply (SPEC S12). Apart from the rules in
 * `summaries.ts` so that the attendee's first load, which carries the store's every part, carries only this.
 */
export const emptyReportBack = (): ReportBack => ({ live: false, current: null, since: 0, rev: 0 });

export interface SummariesState {
  summaries: Record<string, Summary>;
  published: Record<string, PublishedSummary>;
  reportBack: ReportBack;
  marks: Record<string, MarkTally>;
  myMarks: Record<string, Record<string, Mark>>;
}

export function applySummaryEvent(state: SummariesState, event: SummaryEvent): SummariesState {
  switch (event.type) {
    case 'summary.changed': {
      const known = state.summaries[event.summary.roomId];
      if (known && known.rev > event.summary.rev) return state;
      return { ...state, summaries: { ...state.summaries, [event.summary.roomId]: event.summary } };
    }
    case 'summary.published': {
      const known = state.published[event.published.roomId];
      if (known && known.edition > event.published.edition) return state;
      return { ...state, published: { ...state.published, [event.published.roomId]: event.published } };
    }
    case 'reportBack.changed':
      return state.reportBack.rev > event.reportBack.rev ? state : { ...state, reportBack: event.reportBack };
  }
}

/** A tally replaces the one shown unless that one is newer (a higher tick). */
export function applyMarkTally(state: SummariesState, tally: MarkTally): SummariesState {
  const known = state.marks[tally.roomId];
  if (known && known.tick > tally.tick) return state;
  return { ...state, marks: { ...state.marks, [tally.roomId]: tally } };
}
