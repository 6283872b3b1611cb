import { sortQuestions, type Question } from '../../../../../shared/domain/qa';
import type { UpvoteCount } from '../../../../../shared/protocol/qa';
import type { MessageKey } from '../../../../../shared/locales/catalogue';

/** The console's lists, one per question status. */
export type Tab = 'incoming' | 'live' | 'answered' | 'dismissed';

export const TABS: { id: Tab; label: MessageKey; status: Question['status']; empty: MessageKey }[] = [
  { id: 'incoming', label: 'qaConsole.tabIncoming', status: 'pending', empty: 'qaConsole.emptyIncoming' },
  { id: 'live', label: 'qaConsole.tabLive', status: 'live', empty: 'qaConsole.emptyLive' },
  { id: 'answered', label: 'qaConsole.tabAnswered', status: 'answered', empty: 'qaConsole.emptyAnswered' },
  { id: 'dismissed', label: 'qaConsole.tabDismissed', status: 'dismissed', empty: 'qaConsole.emptyDismissed' },
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

/** "Ada", "Anonymous", with "(you)" on the viewer's own question: the console's own words for an author. */
export function authorWords(t: (key: MessageKey, values?: Record<string, string>) => string, q: Question, meId: string | undefined): string {
  const name = q.authorName ?? t('qaConsole.anonymous');
  return q.authorId === meId ? t('qaConsole.authorYou', { name }) : name;
}

export const formId = (which: QuestionForm, questionId: string) => `qa-form-${which}-${questionId}`;
