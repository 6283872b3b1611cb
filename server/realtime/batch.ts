import type { Change, LiveBatch, LiveTotals } from '../../shared/protocol/messages';
import type { ServerFeature } from '../core/feature';
import type { Store, StoredChange } from '../store/store';

/** What one send of the live stream carries, before it is cut into each audience's message. */
export interface EventBatch {
  staff: Change[];
  /** Changes for attendees: in full when meant for everybody, else only their number. */
  public: Change[];
  /** A change meant for one attendee (their own pending question), in full, by person and number. */
  persons: Map<string, Map<number, Change>>;
  /** The totals that moved (counts, tallies), as staff and as attendees may see them. */
  totals: { staff: LiveTotals; attendees: LiveTotals };
}

export type TotalsPart = NonNullable<ServerFeature['totals']>;

/** Numbered changes cut to each audience: staff see all; attendees see in full what is meant for them. */
export function cut(changes: StoredChange[]): Pick<EventBatch, 'staff' | 'public' | 'persons'> {
  const out: Pick<EventBatch, 'staff' | 'public' | 'persons'> = { staff: [], public: [], persons: new Map() };
  for (const c of changes) {
    const full = { seq: c.seq, event: c.event } as Change;
    out.staff.push(full);
    if (c.audience === 'all') out.public.push(full);
    else {
      out.public.push({ seq: c.seq, event: null });
      if (c.audience.startsWith('user:')) {
        const person = c.audience.slice('user:'.length);
        if (!out.persons.has(person)) out.persons.set(person, new Map());
        out.persons.get(person)!.set(c.seq, full);
      }
    }
  }
  return out;
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

/** The attendees' message with one person's own changes in full. */
export function withOwn(pub: LiveBatch, own: Map<number, Change>): LiveBatch {
  return { ...pub, changes: pub.changes?.map((c) => own.get(c.seq) ?? c) };
}

export function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : !value || Object.keys(value).length === 0;
}
