import { sortQuestions, type Question } from '../../../../../shared/domain/qa';
import type { UpvoteCount } from '../../../../../shared/protocol/qa';

/** The console's lists, one per question status. */
export type Tab = 'incoming' | 'live' | 'answered' | 'dismissed';

export const TABS: { id: Tab; label: string; status: Question['status']; empty: string }[] = [
  { id: 'incoming', label: 'Incoming', status: 'pending', empty: 'No question is waiting for approval.' },
  { id: 'live', label: 'Live', status: 'live', empty: 'No published question yet.' },
  { id: 'answered', label: 'Answered', status: 'answered', empty: 'No question was marked answered yet.' },
  { id: 'dismissed', label: 'Dismissed', status: 'dismissed', empty: 'No question was dismissed.' },
];

export function tabOf(q: Question): Tab {
  return TABS.find((t) => t.status === q.status)?.id ?? 'incoming';
}

/** Live ones by popularity, incoming ones oldest first (in the order they came), the rest latest change first. */
export function sortFor(tab: Tab, list: Question[], counts: Record<string, UpvoteCount>): Question[] {
  if (tab === 'live') return sortQuestions(list, 'popular', counts);
  if (tab === 'incoming') return [...list].sort((a, b) => a.createdAt - b.createdAt);
  return [...list].sort((a, b) => b.updatedAt - a.updatedAt);
}

/** "What a long question…" for a list option or a short mention. */
export function excerpt(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The forms a question opens inline, one at a time. */
export type QuestionForm = 'reply' | 'edit' | 'merge';

export const formId = (which: QuestionForm, questionId: string) => `qa-form-${which}-${questionId}`;
