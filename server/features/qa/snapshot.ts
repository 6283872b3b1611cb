import type { QaSnapshot, UpvoteCount } from '../../../shared/protocol/qa';
import { canSee, isStaff, newRoomQa, pagedForStaff, type Question, type RoomQa } from '../../../shared/domain/qa';
import { LIMITS } from '../../../shared/limits';
import type { Actor } from '../../../shared/domain/actor';
import type { Store } from '../../store/store';
import { QA } from './keys';
import { origins } from '../../core/origins';

/**
 * Upvote counts of every question that was ever upvoted, and which of them this person upvoted. A count of a
 * question the person cannot see says nothing about it (the client has no such question to show).
 */
export async function upvoteState(store: Store, eventId: string, actor: Actor): Promise<{ counts: Record<string, UpvoteCount>; myUpvotes: string[] }> {
  // Ticks before sizes: a size is never older than the tick sent with it.
  const ticks = await store.counters(eventId, QA.ticks);
  const ids = Object.keys(ticks);
  const sizes = await store.sets(eventId, ids.map(QA.upvoters), actor.id);
  const counts: Record<string, UpvoteCount> = {};
  const myUpvotes: string[] = [];
  ids.forEach((id, i) => {
    counts[id] = { n: sizes[i]!.size, tick: ticks[id] ?? 0 };
    if (sizes[i]!.has) myUpvotes.push(id);
  });
  return { counts, myUpvotes };
}

/** The Q&A documents every person's view is made from: each room's settings and every question, in asking order. */
export interface QaDocs {
  rooms: Record<string, RoomQa>;
  questions: Question[];
}

export async function readQaDocs(store: Store, eventId: string, roomIds: string[]): Promise<QaDocs> {
  // Independent reads at once: on Redis they leave in one write and come back in one.
  const [roomDocs, idsByRoom] = await Promise.all([
    store.read(eventId, roomIds.map(QA.room)),
    Promise.all(roomIds.map((r) => store.members(eventId, QA.ids(r)))),
  ]);
  const ids = idsByRoom.flat();
  const docs = ids.length ? await store.read(eventId, ids.map(QA.question)) : {};
  const questions = ids.map((id) => docs[QA.question(id)]?.value as Question | undefined).filter((q): q is Question => !!q);
  const rooms: Record<string, RoomQa> = {};
  for (const r of roomIds) rooms[r] = (roomDocs[QA.room(r)]?.value as RoomQa | undefined) ?? newRoomQa(r);
  return { rooms, questions: questions.sort((a, b) => a.createdAt - b.createdAt) };
}

/** What one person sees of the Q&A: every room's settings, the questions they may see, counts, their upvotes. */
export async function qaSnapshot(store: Store, eventId: string, docs: QaDocs, actor: Actor): Promise<QaSnapshot> {
  const upvotes = await upvoteState(store, eventId, actor);
  // Staff get each room's Incoming list a page at a time (Q24); the rest with `qa:pending`.
  const paged = isStaff(actor) ? pagedForStaff(docs.questions, LIMITS.pendingPage) : null;
  const questions = paged ? paged.questions : docs.questions.filter((q) => canSee(actor, q));
  const visible = new Set(questions.map((q) => q.id));
  const visibleCounts = Object.fromEntries(Object.entries(upvotes.counts).filter(([id]) => visible.has(id)));
  const counts = isStaff(actor) ? await withNetworkMarkers(store, eventId, visibleCounts) : visibleCounts;
  const myUpvotes = upvotes.myUpvotes.filter((id) => visible.has(id));
  return { rooms: docs.rooms, questions, counts, myUpvotes, ...(paged && Object.keys(paged.pendingMore).length ? { pendingMore: paged.pendingMore } : {}) };
}

/** The upvote counts of the given questions; the tick (read before the sizes) lets clients drop an older count. */
export async function upvoteCountsOf(store: Store, eventId: string, ids: string[]): Promise<Record<string, UpvoteCount>> {
  const ticks = await store.counters(eventId, QA.ticks);
  const sizes = await store.sets(eventId, ids.map(QA.upvoters));
  const counts: Record<string, UpvoteCount> = {};
  ids.forEach((id, i) => (counts[id] = { n: sizes[i]!.size, tick: ticks[id] ?? 0 }));
  return counts;
}

/**
 * What staff see besides a count (Q25): the marker of one network behind an unusual share of the upvotes (from this
 * process's record of addresses, see `server/core/origins.ts`), and how many upvotes the chair discounted.
 */
export async function withNetworkMarkers(store: Store, eventId: string, counts: Record<string, UpvoteCount>): Promise<Record<string, UpvoteCount>> {
  const ids = Object.keys(counts);
  if (!ids.length) return counts;
  const discounted = await store.sets(eventId, ids.map(QA.discounted));
  const out: Record<string, UpvoteCount> = {};
  ids.forEach((id, i) => {
    const count = counts[id]!;
    const marker = origins.concentration(QA.origin(store.epoch(), eventId, id), count.n);
    const aside = discounted[i]!.size;
    out[id] = {
      ...count,
      ...(marker ? { network: { percent: Math.round(marker.share * 100), n: marker.n } } : {}),
      ...(aside ? { discounted: aside } : {}),
    };
  });
  return out;
}
