import type { ChatSnapshot, EventChat, ReactionCount, RoomChat, RoomHistory } from '../../../shared/protocol/chat';
import { activeMute, newAttendeeChat, newEventChat, newRoomChat, oldestKept, pageView, type AttendeeChat, type ChatPage } from '../../../shared/domain/chat';
import { shownTo, type Actor } from '../../../shared/domain/actor';
import type { Store } from '../../store/store';
import { CHAT, type ChatHead } from './keys';

/** The chat documents every person's view is made from: the settings, and each room's two newest pages. */
export interface ChatDocs {
  event: EventChat;
  rooms: Record<string, RoomChat>;
  pages: Record<string, { head: number; pages: ChatPage[] }>;
}

export async function readChatDocs(store: Store, eventId: string, roomIds: string[]): Promise<ChatDocs> {
  const docs = await store.read(eventId, [CHAT.event, ...roomIds.map(CHAT.room), ...roomIds.map(CHAT.head)]);
  const heads = roomIds.map((r) => (docs[CHAT.head(r)]?.value as ChatHead | undefined)?.page ?? 0);
  const pageKeys = roomIds.flatMap((r, i) => [CHAT.page(r, heads[i]! - 1), CHAT.page(r, heads[i]!)]);
  const pageDocs = await store.read(eventId, pageKeys);
  const rooms: Record<string, RoomChat> = {};
  const pages: ChatDocs['pages'] = {};
  roomIds.forEach((r, i) => {
    rooms[r] = (docs[CHAT.room(r)]?.value as RoomChat | undefined) ?? newRoomChat(r);
    const head = heads[i]!;
    const wanted = head > 0 ? [head - 1, head] : [head];
    pages[r] = {
      head,
      pages: wanted.map((n) => pageDocs[CHAT.page(r, n)]?.value as ChatPage | undefined).filter((p, j): p is ChatPage => !!p && p.page === wanted[j]),
    };
  });
  return { event: (docs[CHAT.event]?.value as EventChat | undefined) ?? newEventChat(), rooms, pages };
}

/** Reaction counts of the given messages (only kinds ever given), and which of them this person gave. */
export async function reactionState(
  store: Store,
  eventId: string,
  messageIds: string[],
  actor: Actor | null,
): Promise<{ reactions: Record<string, ReactionCount>; myReactions: string[] }> {
  // Ticks before sizes: a size is never older than the tick sent with it.
  const ticks = await store.counters(eventId, CHAT.ticks);
  const wanted = new Set(messageIds);
  const keys = Object.keys(ticks).filter((k) => wanted.has(k.slice(0, k.lastIndexOf(':'))));
  return countsOf(store, eventId, keys, ticks, actor);
}

async function countsOf(store: Store, eventId: string, keys: string[], ticks: Record<string, number>, actor: Actor | null) {
  const sizes = keys.length ? await store.sets(eventId, keys.map(CHAT.reactors), actor?.id) : [];
  const reactions: Record<string, ReactionCount> = {};
  const myReactions: string[] = [];
  keys.forEach((k, i) => {
    reactions[k] = { n: sizes[i]!.size, tick: ticks[k] ?? 0 };
    if (sizes[i]!.has) myReactions.push(k);
  });
  return { reactions, myReactions };
}

/** Every reaction count there is, with this person's own (a catch-up's). */
export async function allReactions(store: Store, eventId: string, actor: Actor) {
  const ticks = await store.counters(eventId, CHAT.ticks);
  return countsOf(store, eventId, Object.keys(ticks), ticks, actor);
}

/** The counts of the given reaction keys (the live stream's totals that moved). */
export async function reactionCounts(store: Store, eventId: string, keys: string[]): Promise<Record<string, ReactionCount>> {
  const ticks = await store.counters(eventId, CHAT.ticks);
  return (await countsOf(store, eventId, keys, ticks, null)).reactions;
}

/** What one person sees of the chat: the settings, each room's newest messages they may see, reactions, their mute. */
export async function chatSnapshot(store: Store, eventId: string, docs: ChatDocs, actor: Actor): Promise<ChatSnapshot> {
  const history: Record<string, RoomHistory> = {};
  for (const [roomId, { head, pages }] of Object.entries(docs.pages)) {
    const views = pages.map((p) => pageView(p, p.page, head, actor));
    const first = pages[0]?.page ?? head;
    history[roomId] = { messages: views.flatMap((v) => v.messages), older: first > oldestKept(head) ? first - 1 : null };
  }
  const ids = Object.values(history).flatMap((h) => h.messages.map((m) => m.id));
  const [counts, mine] = await Promise.all([
    reactionState(store, eventId, ids, actor),
    actor.role === 'attendee' ? store.read(eventId, [CHAT.attendee(actor.id)]) : Promise.resolve({}),
  ]);
  const me = ((mine as Record<string, { value: unknown } | undefined>)[CHAT.attendee(actor.id)]?.value as AttendeeChat | undefined) ?? newAttendeeChat();
  return {
    event: docs.event,
    rooms: docs.rooms,
    history,
    reactions: counts.reactions,
    myReactions: counts.myReactions,
    mute: activeMute(me.mute, Date.now()),
    lastPostAt: me.lastPostAt,
  };
}

/** One older page of a room's history, by cursor (C11: only the pages still kept). */
export async function historyPage(store: Store, eventId: string, roomId: string, page: number, actor: Actor) {
  const head = ((await store.read(eventId, [CHAT.head(roomId)]))[CHAT.head(roomId)]?.value as ChatHead | undefined)?.page ?? 0;
  const empty = { messages: [], older: null, reactions: {}, myReactions: [] };
  if (page > head || page < oldestKept(head)) return empty;
  const doc = (await store.read(eventId, [CHAT.page(roomId, page)]))[CHAT.page(roomId, page)]?.value as ChatPage | undefined;
  const view = pageView(doc, page, head, actor);
  const counts = await reactionState(
    store,
    eventId,
    view.messages.map((m) => m.id),
    actor,
  );
  return shownTo(actor, { ...view, ...counts });
}
