import type { BreakoutsSnapshot, ChoiceRecord, Contribution, MyChoice, SlotSeats, SlotState } from '../../../shared/protocol/breakouts';
import type { UpvoteCount } from '../../../shared/protocol/qa';
import { canSeeContribution, myChoiceOf, noChoice, seatsOf } from '../../../shared/domain/breakouts';
import type { Actor } from '../../../shared/domain/actor';
import type { Store } from '../../store/store';
import { BREAKOUTS } from './keys';

/** The documents every person's part is made from: every slot's state (small: counts and waiting lists) and every contribution. */
export interface BreakoutsDocs {
  slots: SlotState[];
  contributions: Contribution[];
}

export async function readBreakoutsDocs(store: Store, eventId: string, roomIds: string[]): Promise<BreakoutsDocs> {
  const [slotIds, ...idsByRoom] = await Promise.all([
    store.members(eventId, BREAKOUTS.slotIds),
    ...roomIds.map((r) => store.members(eventId, BREAKOUTS.ids(r))),
  ]);
  const ids = idsByRoom.flat();
  const keys = [...slotIds!.map(BREAKOUTS.slot), ...ids.map(BREAKOUTS.contribution)];
  const docs = keys.length ? await store.read(eventId, keys) : {};
  const slots = slotIds!.map((id) => docs[BREAKOUTS.slot(id)]?.value as SlotState | undefined).filter((s): s is SlotState => !!s);
  const contributions = ids
    .map((id) => docs[BREAKOUTS.contribution(id)]?.value as Contribution | undefined)
    .filter((c): c is Contribution => !!c)
    .sort((a, b) => a.createdAt - b.createdAt);
  return { slots, contributions };
}

/** Upvote counts of every contribution ever upvoted, and which of them this person upvoted. */
export async function contributionUpvotes(
  store: Store,
  eventId: string,
  actor: Actor,
): Promise<{ contributionCounts: Record<string, UpvoteCount>; myContributionUpvotes: string[] }> {
  // Ticks before sizes: a size is never older than the tick sent with it.
  const ticks = await store.counters(eventId, BREAKOUTS.ticks);
  const ids = Object.keys(ticks);
  const sizes = ids.length ? await store.sets(eventId, ids.map(BREAKOUTS.upvoters), actor.id) : [];
  const contributionCounts: Record<string, UpvoteCount> = {};
  const myContributionUpvotes: string[] = [];
  ids.forEach((id, i) => {
    contributionCounts[id] = { n: sizes[i]!.size, tick: ticks[id] ?? 0 };
    if (sizes[i]!.has) myContributionUpvotes.push(id);
  });
  return { contributionCounts, myContributionUpvotes };
}

export async function contributionCountsOf(store: Store, eventId: string, ids: string[]): Promise<Record<string, UpvoteCount>> {
  const ticks = await store.counters(eventId, BREAKOUTS.ticks);
  const sizes = await store.sets(eventId, ids.map(BREAKOUTS.upvoters));
  const counts: Record<string, UpvoteCount> = {};
  ids.forEach((id, i) => (counts[id] = { n: sizes[i]!.size, tick: ticks[id] ?? 0 }));
  return counts;
}

/**
 * One person's part: every slot's seats, their own choice per slot (an attendee's records: one small read), the
 * contributions they may see, counts. Staff get the seats only; the lists of people are the sign-ups CSV's.
 */
export async function breakoutsSnapshot(store: Store, eventId: string, docs: BreakoutsDocs, actor: Actor): Promise<BreakoutsSnapshot> {
  const seats: Record<string, SlotSeats> = {};
  const mine: Record<string, MyChoice> = {};
  for (const slot of docs.slots) seats[slot.slotId] = seatsOf(slot);
  if (actor.role === 'attendee' && docs.slots.length) {
    const keys = docs.slots.map((s) => BREAKOUTS.mine(s.slotId, actor.id));
    const records = await store.read(eventId, keys);
    docs.slots.forEach((s, i) => {
      const c = (records[keys[i]!]?.value as ChoiceRecord | undefined) ?? noChoice(s.slotId, actor.id);
      mine[s.slotId] = myChoiceOf(c);
    });
  }
  const contributions = docs.contributions.filter((c) => canSeeContribution(actor, c));
  const visible = new Set(contributions.map((c) => c.id));
  const upvotes = await contributionUpvotes(store, eventId, actor);
  return {
    seats,
    mine,
    contributions,
    contributionCounts: Object.fromEntries(Object.entries(upvotes.contributionCounts).filter(([id]) => visible.has(id))),
    myContributionUpvotes: upvotes.myContributionUpvotes.filter((id) => visible.has(id)),
  };
}
