import { applyCounts, applyQa, type QaState } from '../../../../shared/domain/qa';
import type { PendingMore, Question, QaEvent, UpvoteCount } from '../../../../shared/protocol/qa';
import { clientFeature } from '../../state/feature';

/** The questions this person may see, every room's Q&A settings, upvote counts (latest tick wins), their own upvotes. */
export const qaFeature = clientFeature({
  key: 'qa',
  fromSnapshot: ({ qa }) => ({
    rooms: qa.rooms,
    questions: Object.fromEntries(qa.questions.map((q) => [q.id, q])),
    counts: qa.counts,
    myUpvotes: qa.myUpvotes,
    pendingMore: qa.pendingMore ?? {},
  }),
  owns: (event) => event.type.startsWith('qa.'),
  applyEvent: (state, event) => applyQa(state, event as QaEvent),
  applyTotals: (state, { counts }) => (counts ? applyCounts(state, counts) : state),
  applyCatchUp: (state, live) => applyCounts({ ...state, myUpvotes: live.myUpvotes }, live.counts),
});

/** A page of a room's Incoming list that staff asked for (Q24): its questions and counts added, what is left noted. */
export function withPendingPage(
  state: QaState,
  roomId: string,
  page: { questions: Question[]; counts: Record<string, UpvoteCount>; more: PendingMore | null },
): QaState {
  const withQuestions = page.questions.reduce((s, question) => applyQa(s, { type: 'qa.changed', question }), state);
  const { [roomId]: _loaded, ...rest } = state.pendingMore ?? {};
  return { ...applyCounts(withQuestions, page.counts), pendingMore: page.more ? { ...rest, [roomId]: page.more } : rest };
}
