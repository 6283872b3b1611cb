import { DomainError } from '../protocol/errors';
import type { AgendaState } from '../protocol/agenda';
import type { AgendaItem, Programme, Room } from '../protocol/programme';
import type {
  BreakoutsEvent,
  ChoiceOutcome,
  Contribution,
  ContributionAction,
  MyChoice,
  RoomSeats,
  Signup,
  SlotChoices,
  SlotSeats,
} from '../protocol/breakouts';
import { instantOf } from '../time';
import { canRunRoom, type Actor, type Context } from './actor';
import type { BreakoutsState } from './breakoutsState';

export type { BreakoutsEvent, Contribution, MyChoice, SlotChoices, SlotSeats };

/**
 * Breakout rules (SPEC.md, B). A slot is the breakout items of breakout rooms that start on the same date at the same
 * time: the parallel sessions an attendee chooses among. Its choices are one document, so that a move, the place it
 * frees and the promotions that follow are decided together and committed atomically (the capacity holds on every
 * process because the commit expects the document's version).
 */

export interface Breakout {
  room: Room;
  item: AgendaItem;
}

export interface BreakoutSlot {
  id: string;
  date: string;
  start: string;
  /** The latest end among its breakouts (wall clock) and as an instant. */
  end: string;
  endsAt: number;
  breakouts: Breakout[];
}

/** "2023-06-22" "11:45" → "2023-06-22-1145". */
export const slotIdOf = (date: string, start: string) => `${date}-${start.replace(':', '')}`;

/** The programme's breakout slots in time order, each with its breakouts in the programme's room order. */
export function breakoutSlots(programme: Programme): BreakoutSlot[] {
  const rooms = new Map(programme.rooms.filter((r) => r.kind === 'breakout').map((r) => [r.id, r]));
  const order = programme.rooms.map((r) => r.id);
  const slots = new Map<string, BreakoutSlot>();
  for (const item of programme.items) {
    const room = rooms.get(item.roomId);
    if (item.kind !== 'breakout' || !room) continue;
    const id = slotIdOf(item.date, item.start);
    const slot = slots.get(id) ?? { id, date: item.date, start: item.start, end: item.end, endsAt: 0, breakouts: [] };
    if (item.end > slot.end) slot.end = item.end;
    slot.breakouts.push({ room, item });
    slots.set(id, slot);
  }
  const list = [...slots.values()];
  for (const slot of list) {
    slot.endsAt = instantOf(slot.date, slot.end, programme.timeZone);
    slot.breakouts.sort((a, b) => order.indexOf(a.room.id) - order.indexOf(b.room.id));
  }
  return list.sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
}

/**
 * B4: a slot takes choices until it ends; while one of its breakouts is live in its room (a session running late, or
 * a programme replayed on another day) it still does.
 */
export function isOpen(slot: BreakoutSlot, live: AgendaState['live'], now: number): boolean {
  return now < slot.endsAt || slot.breakouts.some((b) => live[b.room.id]?.itemId === b.item.id);
}

/** The slot an attendee's choice is for: the first one that is open, else the last one that ended, else the first. */
export function currentSlot(slots: BreakoutSlot[], live: AgendaState['live'], now: number): BreakoutSlot | null {
  return slots.find((s) => isOpen(s, live, now)) ?? slots[slots.length - 1] ?? null;
}

/** The breakout item contributions in a room are for: its live breakout item, else its first that has not ended, else its last. */
export function breakoutItemOf(programme: Programme, live: AgendaState['live'], roomId: string, now: number): AgendaItem | null {
  const items = breakoutSlots(programme).flatMap((s) => s.breakouts.filter((b) => b.room.id === roomId).map((b) => ({ item: b.item, slot: s })));
  const liveId = live[roomId]?.itemId;
  return (items.find((x) => x.item.id === liveId) ?? items.find((x) => now < x.slot.endsAt) ?? items[items.length - 1])?.item ?? null;
}

// ---- choices --------------------------------------------------------------------------------------------------

export function emptySlot(slotId: string): SlotChoices {
  return { slotId, capacity: {}, places: {}, waiting: {}, rev: 0 };
}

/** Where one attendee is in a slot: the breakout they hold a place in, and the one they wait for. */
export function locate(slot: SlotChoices, attendeeId: string): { roomId: string | null; waitingFor: string | null } {
  const find = (lists: Record<string, Signup[]>) => Object.keys(lists).find((r) => lists[r]!.some((s) => s.attendeeId === attendeeId)) ?? null;
  return { roomId: find(slot.places), waitingFor: find(slot.waiting) };
}

export function seatsOf(slot: SlotChoices): SlotSeats {
  const rooms: Record<string, RoomSeats> = {};
  for (const r of new Set([...Object.keys(slot.capacity), ...Object.keys(slot.places), ...Object.keys(slot.waiting)]))
    rooms[r] = { capacity: slot.capacity[r] ?? null, taken: slot.places[r]?.length ?? 0, waiting: slot.waiting[r]?.length ?? 0 };
  return { slotId: slot.slotId, rooms, rev: slot.rev };
}

/** Places left in a breakout: null without a capacity, never below 0 (a lowered capacity keeps who is in). */
export function placesLeft(seats: RoomSeats | undefined): number | null {
  if (!seats || seats.capacity === null) return null;
  return Math.max(0, seats.capacity - seats.taken);
}

function copy(slot: SlotChoices): SlotChoices {
  const lists = (r: Record<string, Signup[]>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...v]]));
  return { slotId: slot.slotId, capacity: { ...slot.capacity }, places: lists(slot.places), waiting: lists(slot.waiting), rev: slot.rev };
}

const hasSpace = (slot: SlotChoices, roomId: string) => {
  const cap = slot.capacity[roomId] ?? null;
  return cap === null || (slot.places[roomId]?.length ?? 0) < cap;
};

function without(lists: Record<string, Signup[]>, attendeeId: string): string | null {
  for (const [roomId, list] of Object.entries(lists)) {
    const i = list.findIndex((s) => s.attendeeId === attendeeId);
    if (i >= 0) {
      list.splice(i, 1);
      if (!list.length) delete lists[roomId];
      return roomId;
    }
  }
  return null;
}

/**
 * B3: freed places go to the first in line, in order. A promoted attendee leaves the place they held, which goes to
 * that breakout's first in line in turn; every promotion takes someone off a waiting list, so it ends.
 */
function fill(slot: SlotChoices, roomIds: string[], now: number, promoted: Set<string>): void {
  const queue = [...roomIds];
  while (queue.length) {
    const roomId = queue.shift()!;
    while (hasSpace(slot, roomId) && slot.waiting[roomId]?.length) {
      const next = slot.waiting[roomId].shift()!;
      if (!slot.waiting[roomId].length) delete slot.waiting[roomId];
      const left = without(slot.places, next.attendeeId);
      (slot.places[roomId] ??= []).push({ ...next, at: now });
      promoted.add(next.attendeeId);
      if (left) queue.push(left);
    }
  }
}

/** The changes from `before` to `after`: the seats for everybody, and each attendee's own choice for them. */
function eventsOf(before: SlotChoices, after: SlotChoices, promoted: Set<string>): BreakoutsEvent[] {
  const people = new Set<string>();
  for (const s of [before, after])
    for (const lists of [s.places, s.waiting]) for (const list of Object.values(lists)) for (const p of list) people.add(p.attendeeId);
  const events: BreakoutsEvent[] = [];
  for (const id of people) {
    const was = locate(before, id);
    const now = locate(after, id);
    if (was.roomId === now.roomId && was.waitingFor === now.waitingFor) continue;
    events.push({
      type: 'breakouts.mine',
      mine: { slotId: after.slotId, attendeeId: id, ...now, rev: after.rev },
      promoted: promoted.has(id) && now.roomId !== was.roomId,
    });
  }
  if (!events.length && JSON.stringify(before.capacity) === JSON.stringify(after.capacity)) return [];
  return [{ type: 'breakouts.seats', seats: seatsOf(after) }, ...events];
}

export interface Decided {
  next: SlotChoices;
  events: BreakoutsEvent[];
}

function mustBeOpen(slot: BreakoutSlot, live: AgendaState['live'], now: number): void {
  if (!isOpen(slot, live, now))
    throw new DomainError('BAD_REQUEST', 'The breakout sessions have ended: the choice can no longer change.', { reason: 'breakouts.closed' });
}

function breakoutIn(slot: BreakoutSlot, roomId: string): Breakout {
  const b = slot.breakouts.find((x) => x.room.id === roomId);
  if (!b) throw new DomainError('NOT_FOUND', `There is no breakout "${roomId}" in this slot.`, { reason: 'breakouts.notFound', params: { room: roomId } });
  return b;
}

/**
 * B1, B2, B5: an attendee chooses a breakout of an open slot. With a place free (or no capacity) they get it and leave
 * their other place and waiting list, which frees a place for someone else (B3). When it is full they join the end
 * of its waiting list and keep the place they hold (one waiting list at a time). Choosing again what one already
 * has, or waits for, changes nothing.
 */
export function choose(
  choices: SlotChoices,
  slot: BreakoutSlot,
  cmd: { roomId: string; name: string | null },
  live: AgendaState['live'],
  ctx: Context,
): Decided & { outcome: ChoiceOutcome } {
  if (ctx.actor.role !== 'attendee') throw new DomainError('FORBIDDEN', 'Only attendees choose a breakout.', { reason: 'breakouts.attendeesOnly' });
  breakoutIn(slot, cmd.roomId);
  mustBeOpen(slot, live, ctx.now);
  const me = ctx.actor.id;
  const where = locate(choices, me);
  if (where.roomId === cmd.roomId) return { next: choices, events: [], outcome: 'placed' };
  if (where.waitingFor === cmd.roomId) return { next: choices, events: [], outcome: 'waiting' };
  const next = copy(choices);
  next.rev += 1;
  const promoted = new Set<string>();
  const signup: Signup = { attendeeId: me, name: cmd.name, at: ctx.now };
  without(next.waiting, me);
  let outcome: ChoiceOutcome;
  if (hasSpace(next, cmd.roomId)) {
    const left = without(next.places, me);
    (next.places[cmd.roomId] ??= []).push(signup);
    // The waiting list this attendee left may have been behind a place that was free for them only in turn: fill it.
    fill(next, [...(left ? [left] : []), ...(where.waitingFor ? [where.waitingFor] : [])], ctx.now, promoted);
    outcome = 'placed';
  } else {
    (next.waiting[cmd.roomId] ??= []).push(signup);
    if (where.waitingFor) fill(next, [where.waitingFor], ctx.now, promoted);
    outcome = 'waiting';
  }
  return { next, events: eventsOf(choices, next, promoted), outcome };
}

/** B7: an attendee gives up their place and waiting list; the freed place goes to the first in line. */
export function leave(choices: SlotChoices, slot: BreakoutSlot, live: AgendaState['live'], ctx: Context): Decided {
  mustBeOpen(slot, live, ctx.now);
  const where = locate(choices, ctx.actor.id);
  if (!where.roomId && !where.waitingFor) return { next: choices, events: [] };
  const next = copy(choices);
  next.rev += 1;
  const promoted = new Set<string>();
  without(next.waiting, ctx.actor.id);
  const left = without(next.places, ctx.actor.id);
  fill(next, left ? [left] : [], ctx.now, promoted);
  return { next, events: eventsOf(choices, next, promoted) };
}

/**
 * B6: the organiser sets a breakout's capacity (null: no limit). A higher one gives the new places to the first in
 * line; a lower one takes no place back from who holds it: the breakout is full until enough have left.
 */
export function setCapacity(choices: SlotChoices, slot: BreakoutSlot, cmd: { roomId: string; capacity: number | null }, ctx: Context): Decided {
  if (ctx.actor.role !== 'organiser') throw new DomainError('FORBIDDEN', 'Only the organiser sets a breakout capacity.', { reason: 'breakouts.organiserOnly' });
  breakoutIn(slot, cmd.roomId);
  if ((choices.capacity[cmd.roomId] ?? null) === cmd.capacity) return { next: choices, events: [] };
  const next = copy(choices);
  next.rev += 1;
  next.capacity[cmd.roomId] = cmd.capacity;
  const promoted = new Set<string>();
  fill(next, [cmd.roomId], ctx.now, promoted);
  return { next, events: eventsOf(choices, next, promoted) };
}

// ---- key-topic contributions ------------------------------------------------------------------------------------

const isStaff = (actor: Actor) => actor.role !== 'attendee';

/** B12: a live contribution is seen by everybody; a held or hidden one by staff (the chair, the rapporteur) and its author. */
export function canSeeContribution(actor: Actor, c: Contribution): boolean {
  return c.status === 'live' || isStaff(actor) || c.authorId === actor.id;
}

/** Who may see a change to a contribution: everybody when it was or becomes live, else staff and its author. */
export function contributionAudience(before: Contribution | null, after: Contribution): 'all' | `user:${string}` {
  return before?.status === 'live' || after.status === 'live' ? 'all' : `user:${after.authorId}`;
}

export interface ContributeInput {
  id: string;
  roomId: string;
  item: AgendaItem | null;
  topic: number;
  text: string;
  name: string | null;
  /** The room's pre-moderation setting (the Q&A's), and whether the profanity filter matched. */
  premoderation: boolean;
  flagged: boolean;
}

/**
 * B9: a short answer to one key-topic question of the room's breakout. Held for a chair when the room's
 * pre-moderation is on (staff excepted) or the profanity filter matched; else live at once.
 */
export function contribute(input: ContributeInput, ctx: Context): BreakoutsEvent[] {
  const topicText = input.item?.keyTopics[input.topic];
  if (!input.item || topicText === undefined)
    throw new DomainError('NOT_FOUND', 'This breakout has no such key topic.', { reason: 'breakouts.topicNotFound', params: { topic: input.topic + 1 } });
  const held = input.flagged || (input.premoderation && !isStaff(ctx.actor));
  const contribution: Contribution = {
    id: input.id,
    roomId: input.roomId,
    itemId: input.item.id,
    topic: input.topic,
    topicText,
    authorId: ctx.actor.id,
    authorName: input.name,
    text: input.text,
    status: held ? 'pending' : 'live',
    flagged: input.flagged,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    rev: 0,
  };
  return [{ type: 'breakouts.contributed', contribution }];
}

const MOVES: Record<ContributionAction, { from: Contribution['status'][]; to: Contribution['status'] }> = {
  approve: { from: ['pending'], to: 'live' },
  hide: { from: ['pending', 'live'], to: 'hidden' },
  restore: { from: ['hidden'], to: 'live' },
};

/** B10: a chair of the breakout's room (or the organiser) approves, hides or restores, on the revision they saw. */
export function moderateContribution(c: Contribution, cmd: { action: ContributionAction; rev: number }, ctx: Context): BreakoutsEvent[] {
  if (!canRunRoom(ctx.actor, c.roomId))
    throw new DomainError('FORBIDDEN', 'Only a chair of this breakout can moderate its contributions.', { reason: 'breakouts.chairOnly' });
  if (c.rev !== cmd.rev)
    throw new DomainError('VERSION_CONFLICT', 'Another chair changed this contribution a moment ago; here is its current state.', {
      reason: 'breakouts.contributionChanged',
    });
  const move = MOVES[cmd.action];
  if (!move.from.includes(c.status))
    throw new DomainError('BAD_REQUEST', `A contribution that is ${c.status} cannot be changed that way.`, {
      reason: 'breakouts.badTransition',
      params: { status: c.status, action: cmd.action },
    });
  const next: Contribution = { ...c, status: move.to, flagged: cmd.action === 'approve' ? false : c.flagged, updatedAt: ctx.now, rev: c.rev + 1 };
  return [{ type: 'breakouts.contributionChanged', contribution: next }];
}

/** B11: only a live contribution can be upvoted, and not by its author; one upvote per attendee is a set membership. */
export function checkContributionUpvote(c: Contribution, actor: Actor): void {
  if (c.status !== 'live') throw new DomainError('BAD_REQUEST', 'Only published contributions can be upvoted.', { reason: 'breakouts.upvoteUnpublished' });
  if (c.authorId === actor.id) throw new DomainError('BAD_REQUEST', 'You cannot upvote your own contribution.', { reason: 'breakouts.upvoteOwn' });
}

// The client's view (reducers of the store's breakouts part) lives in breakoutsState.ts, off the rules' module.
export { applyBreakouts, applyContributionCounts, type BreakoutsState } from './breakoutsState';
/** A room's contributions as a person sees them: by key topic, most upvoted first, then oldest first. */
export function contributionsByTopic(state: BreakoutsState, roomId: string): Map<number, Contribution[]> {
  const byTopic = new Map<number, Contribution[]>();
  const list = Object.values(state.contributions).filter((c) => c.roomId === roomId);
  const n = (c: Contribution) => state.counts[c.id]?.n ?? 0;
  list.sort((a, b) => n(b) - n(a) || a.createdAt - b.createdAt);
  for (const c of list) byTopic.set(c.topic, [...(byTopic.get(c.topic) ?? []), c]);
  return byTopic;
}
