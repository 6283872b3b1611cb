import type { Context } from '../../shared/domain/actor';
import type { Store } from '../store/store';
import type { Plan } from './service';

/**
 * What a feature holds about people, and how it lets go of it (docs/PRIVACY.md). Each feature that keeps names or
 * texts gives its own (`ServerFeature.personalData`, in its `personal.ts`); the app hands the list to the privacy
 * feature (`FeatureDeps.personalData`), so neither side imports the other, as with the ban's removers.
 *
 * One attendee (`attendeeId`) or the whole event (`null`): `find` names what to read, the command reads it (the
 * documents with their versions, so a write that races the erase makes it decide again), and the rest decide on it.
 */
export interface PersonalData {
  /** Its part of an attendee's download ("questions", "chat"...). */
  part: string;
  find(store: Store, eventId: string, attendeeId: string | null): Promise<PersonalKeys>;
  /** The whole event: every name and text goes; the anonymous figures (counts, tallies, attendance) stay. */
  erase(found: Found, ctx: Context): Erasure;
  /** What this attendee wrote or chose here, as plain JSON for their download; null when nothing. */
  ofAttendee(found: Found, attendeeId: string): unknown;
  /** This attendee's writing removed for everybody, as numbered changes, their name replaced; figures stay. */
  eraseAttendee(found: Found, attendeeId: string, ctx: Context): Erasure;
}

/** Documents to read with the command; sets read in full before it; sets asked only whether the attendee is in them. */
export interface PersonalKeys {
  docs: string[];
  sets?: string[];
  memberOf?: string[];
}

/** What was read: documents by key (absent: undefined), members by set, the attendee's memberships. */
export interface Found {
  docs: Record<string, unknown>;
  sets: Record<string, string[]>;
  memberOf: Record<string, boolean>;
}

export type Erasure = Pick<Plan, 'changes' | 'put' | 'sets'>;

/** Reads what a list of features named (sets and memberships now; documents are the command's to read). */
export async function readPersonal(
  store: Store,
  eventId: string,
  attendeeId: string | null,
  list: readonly PersonalData[],
): Promise<{ keys: PersonalKeys[]; docs: string[]; sets: Record<string, string[]>; memberOf: Record<string, boolean> }> {
  const keys = await Promise.all(list.map((p) => p.find(store, eventId, attendeeId)));
  const setKeys = [...new Set(keys.flatMap((k) => k.sets ?? []))];
  const memberKeys = attendeeId ? [...new Set(keys.flatMap((k) => k.memberOf ?? []))] : [];
  const [members, memberships] = await Promise.all([
    Promise.all(setKeys.map((k) => store.members(eventId, k))),
    memberKeys.length ? store.sets(eventId, memberKeys, attendeeId!) : Promise.resolve([]),
  ]);
  const sets: Record<string, string[]> = {};
  setKeys.forEach((k, i) => (sets[k] = members[i]!));
  const memberOf: Record<string, boolean> = {};
  memberKeys.forEach((k, i) => (memberOf[k] = memberships[i]!.has));
  return { keys, docs: [...new Set(keys.flatMap((k) => k.docs))], sets, memberOf };
}

/** Several erasures as one plan's writes (a key written twice: the later one wins; the features' keys do not overlap). */
export function mergeErasures(into: Plan, erasures: Erasure[]): Plan {
  for (const e of erasures) {
    into.changes.push(...e.changes);
    into.put = { ...into.put, ...e.put };
    if (e.sets?.length) into.sets = [...(into.sets ?? []), ...e.sets];
  }
  return into;
}
