import { useCallback, useRef, useState } from 'react';
import type { Question } from '../../../../../shared/domain/qa';
import type { Reply } from '../../../../../shared/protocol/errors';
import type { ModerationAction } from '../../../../../shared/protocol/qa';
import { request, type EventName, type InputOf } from '../../../net/connection';
import { describeFailure } from '../../../lib/failures';

export interface Notice {
  /** The question it is about (shown with it), or null (the queue, the settings). */
  questionId: string | null;
  kind: 'conflict' | 'error';
  text: string;
}

/**
 * The console's calls. One at a time per key (a double click sends once); a refusal becomes the one notice on
 * screen, a VERSION_CONFLICT worded as such.
 */
export function useModeration() {
  const [notice, setNotice] = useState<Notice | null>(null);
  const busy = useRef(new Set<string>());

  const run = useCallback(async <E extends EventName>(key: string, questionId: string | null, event: E, input: InputOf<E>): Promise<boolean> => {
    if (busy.current.has(key)) return false;
    busy.current.add(key);
    setNotice(null);
    const reply = (await request(event, input)) as Reply<object>;
    busy.current.delete(key);
    if (reply.ok) return true;
    if (reply.code === 'VERSION_CONFLICT')
      setNotice({ questionId, kind: 'conflict', text: describeFailure(questionId ? { ...reply, reason: 'question.changed' } : reply) });
    else setNotice({ questionId, kind: 'error', text: describeFailure(reply) });
    return false;
  }, []);

  const moderate = useCallback(
    (q: Question, action: ModerationAction) => run(`${q.id}/${action}`, q.id, 'qa:moderate', { questionId: q.id, rev: q.rev, action }),
    [run],
  );

  return { notice, setNotice, run, moderate };
}
export type Moderation = ReturnType<typeof useModeration>;
