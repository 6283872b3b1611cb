import { useCallback, useRef, useState, type ReactNode } from 'react';
import { LIMITS } from '../../../../shared/limits';
import type { Failure } from '../../../../shared/protocol/errors';
import type { Question, UpvoteCount } from '../../../../shared/protocol/qa';
import { request } from '../../net/connection';
import { useApp } from '../../state/store';
import { describeFailure } from '../../lib/failures';
import { localClock } from '../../lib/time';
import { t } from '../../i18n/i18n';
import { useLanguage } from '../../i18n/useT';
import { useMyUpvotes, useUpvoteCounts } from './selectors';

/** "3 upvotes", "1 new question" in the active language (a component re-rendered by `useT()` shows the new words). */
export const upvotesText = (n: number) => t('qa.upvotes', { count: n });
export const questionsText = (n: number) => t('qa.questions', { count: n });
export const newQuestionsText = (n: number) => t('qa.newQuestions', { count: n });

/** "Ada" or "Anonymous", with "(you)" on the viewer's own question. */
export function authorText(q: Question, meId: string | undefined): string {
  const name = q.authorName ?? t('qa.anonymous');
  return q.authorId === meId ? t('qa.authorYou', { name }) : name;
}

/** How long to wait, in words: "12 seconds", "1 minute". */
export function waitText(ms: number | undefined): string {
  const s = Math.max(1, Math.ceil((ms ?? 1000) / 1000));
  if (s < 90) return t('qa.waitSeconds', { count: s });
  return t('qa.waitMinutes', { count: Math.ceil(s / 60) });
}

/** A refused ask, in words for the asker. */
export function askFailureText(f: Failure): string {
  switch (f.code) {
    case 'RATE_LIMITED':
      return t('qa.askRateLimited', { limit: LIMITS.questionsPerAttendeePerMinute, wait: waitText(f.retryAfterMs) });
    case 'TOO_LARGE':
      return t('qa.askTooLong', { max: LIMITS.questionMax });
    case 'UNAVAILABLE':
      return t('qa.askNotSent', { reason: describeFailure(f) });
    default:
      return describeFailure(f);
  }
}

/** Any other refused action. */
export function failureText(f: Failure): string {
  if (f.code === 'RATE_LIMITED') return t('qa.rateLimited', { wait: waitText(f.retryAfterMs) });
  return describeFailure(f);
}

/** Said when another moderator's change won over the viewer's. */
export const conflictText = () => t('qa.conflict');

/**
 * Upvote counts as shown, and the toggle. The viewer's own upvote shows at once: until a count newer than the
 * one on screen when they clicked arrives from the server (the coalesced push), the count is adjusted by
 * their change; from then on the server's number stands alone.
 */
export function useUpvotes() {
  const counts = useUpvoteCounts();
  const mine = useMyUpvotes();
  const setMyUpvote = useApp((s) => s.setMyUpvote);
  const toast = useApp((s) => s.toast);
  /** Per question: the count's tick when the viewer first toggled, and whether their upvote was in it then. */
  const [overlay, setOverlay] = useState<Record<string, { tick: number; was: boolean }>>({});
  const inFlight = useRef(new Set<string>());

  const count = useCallback(
    (id: string) => {
      const c: UpvoteCount | undefined = counts[id];
      const n = c?.n ?? 0;
      const o = overlay[id];
      if (!o || (c?.tick ?? 0) !== o.tick) return n;
      const now = mine.includes(id);
      return Math.max(0, n + (now === o.was ? 0 : now ? 1 : -1));
    },
    [counts, overlay, mine],
  );

  const toggle = useCallback(
    async (id: string) => {
      if (inFlight.current.has(id)) return;
      const up = !mine.includes(id);
      const tick = counts[id]?.tick ?? 0;
      setOverlay((o) => (o[id]?.tick === tick ? o : { ...o, [id]: { tick, was: !up } }));
      setMyUpvote(id, up);
      inFlight.current.add(id);
      const reply = await request('qa:upvote', { questionId: id, up });
      inFlight.current.delete(id);
      if (!reply.ok) {
        setMyUpvote(id, !up);
        toast('error', failureText(reply));
      }
    },
    [mine, counts, setMyUpvote, toast],
  );

  return { count, mine, toggle };
}

export function UpvoteIcon() {
  return (
    <svg className="qa-upvote-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M8 2.5 14 10H10.5V13.5H5.5V10H2Z" fill="currentColor" />
    </svg>
  );
}

/** The time a question was asked, in the viewer's clock. */
export function AskedAt({ q }: { q: Question }) {
  const language = useLanguage();
  return <time dateTime={new Date(q.createdAt).toISOString()}>{localClock(q.createdAt, language)}</time>;
}

export function Badge({ kind, children }: { kind: 'now' | 'answered' | 'waiting' | 'off' | 'flagged' | 'star' | 'queue' | 'info'; children: ReactNode }) {
  return <span className={`qa-badge qa-badge-${kind}`}>{children}</span>;
}
