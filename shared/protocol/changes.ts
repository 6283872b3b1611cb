import type { Change, DomainEvent } from './messages';

/**
 * The key of a change that a later change with the same key makes void for a client that gets both at once (a
 * slot's seats: only the newest counts). Null: every change counts.
 */
export type ReplaceKey = (event: DomainEvent) => string | null;

/** The last number a change covers: its own, or the end of its run. */
export const lastOf = (change: Change): number => change.through ?? change.seq;

/**
 * Changes made short for one client, in order: a change that a later one in the list replaces (`replaceKey`)
 * becomes `event: null`, and consecutive `event: null` changes become one run (`through`). The client still sees
 * every number, and so still tells a gap from a change not meant for it; but a thousand attendees choosing a
 * breakout in one tick is a handful of bytes to each of the others instead of a thousand placeholders.
 */
export function compactChanges(changes: readonly Change[], replaceKey?: ReplaceKey): Change[] {
  let replaced: Set<number> | null = null;
  if (replaceKey) {
    const seen = new Set<string>();
    for (let i = changes.length - 1; i >= 0; i--) {
      const event = changes[i]!.event;
      const key = event && replaceKey(event);
      if (!key) continue;
      if (seen.has(key)) (replaced ??= new Set()).add(i);
      else seen.add(key);
    }
  }
  const out: Change[] = [];
  changes.forEach((change, i) => {
    const event = replaced?.has(i) ? null : change.event;
    const last = out[out.length - 1];
    if (event === null && last && last.event === null && lastOf(last) + 1 === change.seq) {
      out[out.length - 1] = { seq: last.seq, event: null, through: lastOf(change) };
      return;
    }
    out.push(event === change.event ? change : { seq: change.seq, event: null, ...(change.through ? { through: change.through } : {}) });
  });
  return out;
}
