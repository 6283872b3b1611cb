import type { ChoiceRecord, Signup, SlotState, Waiter } from '../protocol/breakouts';

/**
 * B14: a slot stored in the earlier one-document form is read as the same choices. Before a slot's choices were
 * split into small documents, `bo:slot:<slotId>` listed them all: per breakout room who held a place (in the order
 * they got it) and who waited (first first). Data written then (a data folder, a Redis, a backup file) is brought to
 * the current documents: the slot's state, each attendee's choice record and the holders of each breakout.
 */

/** A slot's choices in the earlier form: one document listing every place and every waiting entry. */
export interface EarlierSlot {
  slotId: string;
  capacity: Record<string, number | null>;
  places: Record<string, Signup[]>;
  waiting: Record<string, Signup[]>;
  rev: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored `bo:slot:` value in the earlier form: it lists places (and has no counts of them). */
export function isEarlierSlot(value: unknown): value is EarlierSlot {
  return isObject(value) && isObject(value.places) && !('taken' in value);
}

/** An earlier slot in the current documents. */
export interface UpgradedSlot {
  /** The slot's state, one revision on. */
  state: SlotState;
  /** The choice record of every attendee with a place or in a waiting list, at the state's revision. */
  records: ChoiceRecord[];
  /** Per breakout room, who holds a place there (the `bo:in` set), in the order they got it. */
  holders: Record<string, string[]>;
}

/**
 * The same choices in the current form: the places counted, the waiting lists in the same order with the place each
 * waiter holds meanwhile, and every attendee's record (their place and the breakout they wait for; the name and time
 * of their place, else of their waiting entry). The revision moves on, so that a client holding the earlier seats
 * takes the new ones.
 */
export function upgradeSlot(old: EarlierSlot): UpgradedSlot {
  const rev = old.rev + 1;
  const placed = new Map<string, { roomId: string; signup: Signup }>();
  const waits = new Map<string, { roomId: string; signup: Signup }>();
  const taken: Record<string, number> = {};
  const holders: Record<string, string[]> = {};
  for (const [roomId, list] of Object.entries(old.places)) {
    if (!list.length) continue;
    taken[roomId] = list.length;
    holders[roomId] = list.map((s) => s.attendeeId);
    for (const signup of list) placed.set(signup.attendeeId, { roomId, signup });
  }
  const waiting: Record<string, Waiter[]> = {};
  for (const [roomId, list] of Object.entries(old.waiting ?? {})) {
    if (!list.length) continue;
    waiting[roomId] = list.map(({ attendeeId, name, at }) => ({ attendeeId, name, at, holds: placed.get(attendeeId)?.roomId ?? null }));
    for (const signup of list) waits.set(signup.attendeeId, { roomId, signup });
  }
  const records: ChoiceRecord[] = [];
  for (const attendeeId of new Set([...placed.keys(), ...waits.keys()])) {
    const place = placed.get(attendeeId);
    const wait = waits.get(attendeeId);
    const { name, at } = (place ?? wait)!.signup;
    records.push({ slotId: old.slotId, attendeeId, roomId: place?.roomId ?? null, waitingFor: wait?.roomId ?? null, name, at, rev });
  }
  return { state: { slotId: old.slotId, capacity: { ...old.capacity }, taken, waiting, rev }, records, holders };
}

/**
 * The breakouts' documents by key, as `server/features/breakouts/keys.ts` names them: a backup's import (another
 * feature) upgrades a dump by them.
 */
export const SLOT_DOCS = {
  slotIds: 'bo:slots',
  slot: (slotId: string) => `bo:slot:${slotId}`,
  mine: (slotId: string, attendeeId: string) => `bo:mine:${slotId}:${attendeeId}`,
  holders: (slotId: string, roomId: string) => `bo:in:${slotId}:${roomId}`,
};

/** What a scope's content holds that an upgrade changes (a store's `ScopeDump` has this shape). */
export interface StoredContent {
  docs: { key: string; version: number; value: unknown }[];
  sets: { key: string; members: string[] }[];
}

/**
 * B14 for a scope's content (a backup's dump, before it is restored): every slot in the earlier form replaced by its
 * state one version on, its attendees' records written (each one version on) and added to the holders' sets. The
 * same object when nothing was in the earlier form.
 */
export function upgradeStoredSlots<C extends StoredContent>(content: C): C {
  const docs = new Map(content.docs.map((d) => [d.key, d]));
  const sets = new Map(content.sets.map((s) => [s.key, s.members]));
  const union = (key: string, members: string[]) => sets.set(key, [...new Set([...(sets.get(key) ?? []), ...members])]);
  let upgraded = 0;
  for (const doc of content.docs) {
    if (!doc.key.startsWith(SLOT_DOCS.slot('')) || !isEarlierSlot(doc.value)) continue;
    const { state, records, holders } = upgradeSlot(doc.value);
    docs.set(doc.key, { key: doc.key, version: doc.version + 1, value: state });
    for (const record of records) {
      const key = SLOT_DOCS.mine(state.slotId, record.attendeeId);
      docs.set(key, { key, version: (docs.get(key)?.version ?? 0) + 1, value: record });
    }
    for (const [roomId, ids] of Object.entries(holders)) union(SLOT_DOCS.holders(state.slotId, roomId), ids);
    union(SLOT_DOCS.slotIds, [state.slotId]);
    upgraded++;
  }
  if (!upgraded) return content;
  return { ...content, docs: [...docs.values()], sets: [...sets].map(([key, members]) => ({ key, members })) };
}
