import type { Change, LiveBatch, LiveTotals } from '../../shared/protocol/messages';
import { compactChanges, lastOf, type ReplaceKey } from '../../shared/protocol/changes';
import type { ServerFeature } from '../core/feature';
import type { Store, StoredChange } from '../store/store';
import { authorsHidden, authorsIn } from '../../shared/domain/actor';

/** What one send of the live stream carries, before it is cut into each audience's message. */
export interface EventBatch {
  staff: Change[];
  /** Changes for attendees: in full when meant for everybody, else only their number (runs of them in one). */
  public: Change[];
  /** A change meant for one attendee (their pending question, their breakout choice), in full, by person and number. */
  persons: Map<string, Map<number, Change>>;
  /** The totals that moved (counts, tallies), as staff and as attendees may see them. */
  totals: { staff: LiveTotals; attendees: LiveTotals };
}

export type TotalsPart = NonNullable<ServerFeature['totals']>;

/**
 * Numbered changes cut to each audience: staff see all; attendees see in full what is meant for them, with the
 * authors' ids only of their own items. Each list is
 * made short (`compactChanges`): runs of changes not meant for the client are one entry, replaced ones are void.
 */
export function cut(changes: StoredChange[], replaceKey?: ReplaceKey): Pick<EventBatch, 'staff' | 'public' | 'persons'> {
  const staff: Change[] = [];
  const pub: Change[] = [];
  const persons = new Map<string, Map<number, Change>>();
  for (const c of changes) {
    const full = { seq: c.seq, event: c.event } as Change;
    staff.push(full);
    const own = (person: string, change: Change) => {
      if (!persons.has(person)) persons.set(person, new Map());
      persons.get(person)!.set(c.seq, change);
    };
    if (c.audience === 'all') {
      // Attendees see who wrote what only of their own items (`authorsHidden`): the authors get theirs in full.
      const shown = authorsHidden(c.event, null);
      pub.push(shown === c.event ? full : ({ seq: c.seq, event: shown } as Change));
      if (shown !== c.event) for (const author of authorsIn(c.event)) own(author, { seq: c.seq, event: authorsHidden(c.event, author) } as Change);
    } else {
      pub.push({ seq: c.seq, event: null });
      if (c.audience.startsWith('user:')) own(c.audience.slice('user:'.length), full);
    }
  }
  return { staff: compactChanges(staff, replaceKey), public: compactChanges(pub, replaceKey), persons };
}

/** Each feature's totals of the given items (by feature, the ids whose tick moved), read at once. */
export async function readTotals(store: Store, eventId: string, parts: readonly TotalsPart[], idsByPart: string[][]): Promise<EventBatch['totals']> {
  const totals: EventBatch['totals'] = { staff: {}, attendees: {} };
  const read = await Promise.all(parts.map((part, i) => (idsByPart[i]!.length ? part.read(store, eventId, idsByPart[i]!) : null)));
  parts.forEach((part, i) => {
    const value = read[i];
    if (!value) return;
    (totals.staff as Record<string, unknown>)[part.key] = value.staff;
    (totals.attendees as Record<string, unknown>)[part.key] = value.attendees;
  });
  return totals;
}

/** The message for one audience, or null when it would carry nothing. */
export function message(changes: Change[], totals: LiveTotals): LiveBatch | null {
  const out: LiveBatch = {};
  if (changes.length) out.changes = changes;
  for (const [key, value] of Object.entries(totals) as [keyof LiveTotals, unknown][]) {
    if (!isEmpty(value)) (out as Record<string, unknown>)[key] = value;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * The attendees' message with one person's own changes in full: each splits the run of the attendees' list that
 * holds its number (the list is short, the person's changes few: no pass over the tick's changes per person).
 */
export function withOwn(pub: LiveBatch, own: Map<number, Change>): LiveBatch {
  const seqs = [...own.keys()].sort((a, b) => a - b);
  const changes: Change[] = [];
  let k = 0;
  for (const c of pub.changes ?? []) {
    const last = lastOf(c);
    if (k >= seqs.length || seqs[k]! > last) {
      changes.push(c);
      continue;
    }
    let from = c.seq;
    for (; k < seqs.length && seqs[k]! <= last; k++) {
      const seq = seqs[k]!;
      if (seq > from) changes.push(seq - 1 > from ? { seq: from, event: null, through: seq - 1 } : { seq: from, event: null });
      changes.push(own.get(seq)!);
      from = seq + 1;
    }
    if (from <= last) changes.push(last > from ? { seq: from, event: null, through: last } : { seq: from, event: null });
  }
  return { ...pub, changes };
}

export function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : !value || Object.keys(value).length === 0;
}
