import { useEffect, useMemo, useRef } from 'react';
import type { Question, RoomQa } from '../../../../../shared/domain/qa';
import type { UpvoteCount } from '../../../../../shared/protocol/qa';
import { ModQuestion } from './ModQuestion';
import type { Moderation } from './useModeration';
import type { Queue } from './useQueue';

interface ModListProps {
  panelId: string;
  labelledBy: string;
  empty: string;
  list: Question[];
  room: RoomQa;
  /** The question highlighted as "answering now", while the highlight is current. */
  answering: string | null;
  counts: Record<string, UpvoteCount>;
  mod: Moderation;
  meId: string;
  mergeTargets: Question[];
  queue: Queue;
}

/** The questions of one tab, its tabpanel. A question leaving it (approved, dismissed…) hands the focus to its neighbour. */
export function ModList({ panelId, labelledBy, empty, list, room, answering, counts, mod, meId, mergeTargets, queue }: ModListProps) {
  const panel = useRef<HTMLDivElement>(null);
  const articles = useRef(new Map<string, HTMLElement>());
  /** Where the keyboard focus was in this list, so that it lands on the neighbour when that question leaves. */
  const lastFocus = useRef<{ id: string; index: number } | null>(null);
  const ids = useMemo(() => list.map((q) => q.id), [list]);

  useEffect(() => {
    const last = lastFocus.current;
    if (!last) return;
    const index = ids.indexOf(last.id);
    if (index >= 0) {
      last.index = index;
      return;
    }
    lastFocus.current = null;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const neighbour = ids[Math.min(last.index, ids.length - 1)];
    (neighbour ? articles.current.get(neighbour) : panel.current)?.focus();
  }, [ids]);

  return (
    <div
      ref={panel}
      role="tabpanel"
      id={panelId}
      aria-labelledby={labelledBy}
      tabIndex={-1}
      className="qa-panel"
      onFocus={(e) => {
        const article = (e.target as HTMLElement).closest<HTMLElement>('[data-question]');
        const qid = article?.dataset.question;
        if (qid) lastFocus.current = { id: qid, index: ids.indexOf(qid) };
      }}
    >
      {list.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="qa-mod-list">
          {list.map((q) => (
            <li key={q.id}>
              <ModQuestion
                q={q}
                room={room}
                answering={answering}
                count={counts[q.id]?.n ?? 0}
                upvotes={counts[q.id]}
                mod={mod}
                meId={meId}
                targets={mergeTargets}
                queue={queue}
                articleRef={(el) => {
                  if (el) articles.current.set(q.id, el);
                  else articles.current.delete(q.id);
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
