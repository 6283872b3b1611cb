import { applyMarkTally, applySummaryEvent, type SummariesState } from '../../../../shared/domain/summariesState';
import type { Mark, SummaryEvent } from '../../../../shared/protocol/summaries';
import { clientFeature } from '../../state/feature';
import { initialFeatureStates } from '../../state/initial';

/** The working copies (staff), the published summaries, the report-back, the mark counts (staff) and this person's marks. */
export const summariesFeature = clientFeature({
  key: 'summaries',
  fromSnapshot: ({ summaries }) =>
    summaries
      ? {
          summaries: Object.fromEntries(summaries.summaries.map((s) => [s.roomId, s])),
          published: Object.fromEntries(summaries.published.map((p) => [p.roomId, p])),
          reportBack: summaries.reportBack,
          marks: summaries.marks,
          myMarks: summaries.myMarks,
        }
      : initialFeatureStates().summaries,
  owns: (event) => event.type.startsWith('summary.') || event.type.startsWith('reportBack.'),
  applyEvent: (state, event) => applySummaryEvent(state, event as SummaryEvent),
  applyTotals: (state, { marks }) => (marks ? marks.reduce(applyMarkTally, state) : state),
  applyCatchUp: (state, live) => ({
    ...Object.values(live.marks ?? {}).reduce(applyMarkTally, state),
    myMarks: live.myMarks ?? state.myMarks,
  }),
});

/** This person's mark, shown at once; the ack or the next catch-up confirms it. */
export function withMyMark(state: SummariesState, roomId: string, pointId: string, mark: Mark | null): SummariesState {
  const mine = { ...state.myMarks[roomId] };
  if (mark) mine[pointId] = mark;
  else delete mine[pointId];
  return { ...state, myMarks: { ...state.myMarks, [roomId]: mine } };
}
