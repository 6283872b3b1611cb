import { DomainError } from '../protocol/errors';
import type { AgendaState } from '../protocol/agenda';
import type { AgendaItem, Programme, Room } from '../protocol/programme';
import type {
  BreakoutsEvent,
  ChoiceOutcome,
  ChoiceRecord,
  Contribution,
  ContributionAction,
  MyChoice,
  RoomSeats,
  Signup,
  SlotSeats,
  SlotSignups,
  SlotState,
  Waiter,
} from '../protocol/breakouts';
import { LIMITS } from '../limits';
import { instantOf } from '../time';
import { canRunRoom, type Actor, type Context } from './actor';
import type { BreakoutsState } from './breakoutsState';

export type { BreakoutsEvent, ChoiceRecord, Contribution, MyChoice, SlotSeats, SlotSignups, SlotState };

/**
 * Breakout rules (SPEC.md, B). A slot is the breakout items of breakout rooms that start on the same date at the same
 * time: the parallel sessions an attendee chooses among. Its state (capacities, places taken, waiting lists) is one
 * small document that every choice commits expecting the version read, with the records of the attendees it moves:
 * a move, the place it frees and the promotions that follow are decided together and committed atomically, and a
 * capacity holds on every process.
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

// Per programme object (a programme is never changed in place: an import makes a new one). Every choice asks for its
// slot, and the slots' end instants take a time-zone conversion each.
const slotsOf = new WeakMap<Programme, readonly BreakoutSlot[]>();

/** The programme's breakout slots in time order, each with its breakouts in the programme's room order. */
export function breakoutSlots(programme: Programme): readonly BreakoutSlot[] {
  let slots = slotsOf.get(programme);
  if (!slots) slotsOf.set(programme, (slots = slotsIn(programme)));
  return slots;
}

function slotsIn(programme: Programme): BreakoutSlot[] {
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

export function emptySlot(slotId: string): SlotState {
  return { slotId, capacity: {}, taken: {}, waiting: {}, rev: 0 };
}

/** An attendee's choice before they made one. */
export function noChoice(slotId: string, attendeeId: string): ChoiceRecord {
  return { slotId, attendeeId, roomId: null, waitingFor: null, name: null, at: 0, rev: 0 };
}

/** What the attendee (and staff) see of a stored choice: without the name and time kept for the sign-up lists. */
export function myChoiceOf(c: ChoiceRecord): MyChoice {
  return { slotId: c.slotId, attendeeId: c.attendeeId, roomId: c.roomId, waitingFor: c.waitingFor, rev: c.rev };
}

export function seatsOf(state: SlotState): SlotSeats {
  const rooms: Record<string, RoomSeats> = {};
  for (const r of new Set([...Object.keys(state.capacity), ...Object.keys(state.taken), ...Object.keys(state.waiting)]))
    rooms[r] = { capacity: state.capacity[r] ?? null, taken: state.taken[r] ?? 0, waiting: state.waiting[r]?.length ?? 0 };
  return { slotId: state.slotId, rooms, rev: state.rev };
}

/** Places left in a breakout: null without a capacity, never below 0 (a lowered capacity keeps who is in). */
export function placesLeft(seats: RoomSeats | undefined): number | null {
  if (!seats || seats.capacity === null) return null;
  return Math.max(0, seats.capacity - seats.taken);
}

/**
 * A slot's sign-up lists (the CSV, the exports, a person's data) from its state, the members of its `bo:in` sets
 * and their choice records: places in the order they were got, waiting lists in line order.
 */
export function signupsOf(
  state: SlotState,
  members: Record<string, readonly string[]>,
  records: (attendeeId: string) => ChoiceRecord | undefined,
): SlotSignups {
  const places: Record<string, Signup[]> = {};
  for (const [roomId, ids] of Object.entries(members)) {
    const list = ids.map((id) => {
      const c = records(id);
      return { attendeeId: id, name: c?.name ?? null, at: c?.at ?? 0 };
    });
    if (list.length) places[roomId] = list.sort((x, y) => x.at - y.at || x.attendeeId.localeCompare(y.attendeeId));
  }
  const waiting = Object.fromEntries(
    Object.entries(state.waiting).map(([roomId, list]) => [roomId, list.map(({ attendeeId, name, at }) => ({ attendeeId, name, at }))]),
  );
  return { slotId: state.slotId, places, waiting };
}

/** A decision on a slot: its new state, the choice records that changed, who enters and leaves each breakout's set. */
export interface Decided {
  next: SlotState;
  /** The actor's record and those of the attendees promoted, as they are now. */
  mine: ChoiceRecord[];
  /** Per breakout room, the attendees who now hold a place there (`add`) and who no longer do (`remove`). */
  places: Record<string, { add: string[]; remove: string[] }>;
  events: BreakoutsEvent[];
}

/**
 * One decision in the making: a copy of the state, and every record it changes with the record as it was (the
 * actor's as read; a promoted waiter's as their waiting entry says: the place they `holds`, the breakout waited for).
 */
class Change {
  readonly next: SlotState;
  private readonly records = new Map<string, { was: ChoiceRecord; now: ChoiceRecord; promoted: boolean }>();
  constructor(
    state: SlotState,
    private readonly now: number,
  ) {
    this.next = {
      slotId: state.slotId,
      capacity: { ...state.capacity },
      taken: { ...state.taken },
      waiting: Object.fromEntries(Object.entries(state.waiting).map(([k, v]) => [k, [...v]])),
      rev: state.rev + 1,
    };
  }

  hasSpace(roomId: string): boolean {
    const cap = this.next.capacity[roomId] ?? null;
    return cap === null || (this.next.taken[roomId] ?? 0) < cap;
  }

  take(roomId: string): void {
    this.next.taken[roomId] = (this.next.taken[roomId] ?? 0) + 1;
  }

  free(roomId: string): void {
    const n = (this.next.taken[roomId] ?? 0) - 1;
    if (n > 0) this.next.taken[roomId] = n;
    else delete this.next.taken[roomId];
  }

  /** Takes an attendee off the waiting list of `roomId`. */
  unwait(roomId: string, attendeeId: string): void {
    const list = this.next.waiting[roomId];
    if (!list) return;
    const i = list.findIndex((w) => w.attendeeId === attendeeId);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) delete this.next.waiting[roomId];
  }

  wait(roomId: string, waiter: Waiter): void {
    (this.next.waiting[roomId] ??= []).push(waiter);
  }

  record(was: ChoiceRecord, now: Omit<ChoiceRecord, 'slotId' | 'attendeeId' | 'rev'>, promoted = false): void {
    const first = this.records.get(was.attendeeId)?.was ?? was;
    this.records.set(was.attendeeId, { was: first, now: { ...now, slotId: this.next.slotId, attendeeId: was.attendeeId, rev: this.next.rev }, promoted });
  }

  /**
   * B3: freed places go to the first in line, in order. A promoted attendee leaves the place they held, which goes
   * to that breakout's first in line in turn; every promotion takes someone off a waiting list, so it ends.
   */
  fill(roomIds: (string | null)[]): void {
    const queue = roomIds.filter((r): r is string => r !== null);
    while (queue.length) {
      const roomId = queue.shift()!;
      while (this.hasSpace(roomId) && this.next.waiting[roomId]?.length) {
        const w = this.next.waiting[roomId].shift()!;
        if (!this.next.waiting[roomId].length) delete this.next.waiting[roomId];
        this.take(roomId);
        if (w.holds) {
          this.free(w.holds);
          queue.push(w.holds);
        }
        const was = { ...noChoice(this.next.slotId, w.attendeeId), roomId: w.holds, waitingFor: roomId, name: w.name };
        this.record(was, { roomId, waitingFor: null, name: w.name, at: this.now }, true);
      }
    }
  }

  /** Nothing changed: the state as it was. Else the new state, its records, its set changes and its events. */
  done(before: SlotState): Decided {
    const changed = [...this.records.values()].filter((r) => r.was.roomId !== r.now.roomId || r.was.waitingFor !== r.now.waitingFor);
    const capacityChanged = JSON.stringify(before.capacity) !== JSON.stringify(this.next.capacity);
    if (!changed.length && !capacityChanged) return { next: before, mine: [], places: {}, events: [] };
    const places: Decided['places'] = {};
    const at = (roomId: string) => (places[roomId] ??= { add: [], remove: [] });
    for (const { was, now } of changed) {
      if (was.roomId === now.roomId) continue;
      if (was.roomId) at(was.roomId).remove.push(was.attendeeId);
      if (now.roomId) at(now.roomId).add.push(now.attendeeId);
    }
    const events: BreakoutsEvent[] = [{ type: 'breakouts.seats', seats: seatsOf(this.next) }];
    for (const { was, now, promoted } of changed)
      events.push({ type: 'breakouts.mine', mine: myChoiceOf(now), promoted: promoted && now.roomId !== was.roomId });
    return { next: this.next, mine: changed.map((r) => r.now), places, events };
  }
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
 * B1, B2, B5, B13: an attendee chooses a breakout of an open slot. With a place free (or no capacity) they get it
 * and leave their other place and waiting list, which frees a place for someone else (B3). When it is full they join
 * the end of its waiting list (unless that list is full: B13) and keep the place they hold (one waiting list at a
 * time). Choosing again what one already has, or waits for, changes nothing. `mine` is the actor's record as read.
 */
export function choose(
  state: SlotState,
  mine: ChoiceRecord,
  slot: BreakoutSlot,
  cmd: { roomId: string; name: string | null },
  live: AgendaState['live'],
  ctx: Context,
): Decided & { outcome: ChoiceOutcome } {
  if (ctx.actor.role !== 'attendee') throw new DomainError('FORBIDDEN', 'Only attendees choose a breakout.', { reason: 'breakouts.attendeesOnly' });
  breakoutIn(slot, cmd.roomId);
  mustBeOpen(slot, live, ctx.now);
  const unchanged = { next: state, mine: [], places: {}, events: [] };
  if (mine.roomId === cmd.roomId) return { ...unchanged, outcome: 'placed' };
  if (mine.waitingFor === cmd.roomId) return { ...unchanged, outcome: 'waiting' };
  const change = new Change(state, ctx.now);
  if (mine.waitingFor) change.unwait(mine.waitingFor, mine.attendeeId);
  if (change.hasSpace(cmd.roomId)) {
    change.take(cmd.roomId);
    if (mine.roomId) change.free(mine.roomId);
    change.record(mine, { roomId: cmd.roomId, waitingFor: null, name: cmd.name, at: ctx.now });
    change.fill([mine.roomId, mine.waitingFor]);
    return { ...change.done(state), outcome: 'placed' };
  }
  if ((state.waiting[cmd.roomId]?.length ?? 0) >= LIMITS.breakoutWaitingMax)
    throw new DomainError('TOO_MANY', `The waiting list of this breakout is full (${LIMITS.breakoutWaitingMax} people).`, {
      reason: 'breakouts.waitingFull',
      params: { max: LIMITS.breakoutWaitingMax },
    });
  change.wait(cmd.roomId, { attendeeId: mine.attendeeId, name: cmd.name, at: ctx.now, holds: mine.roomId });
  change.record(mine, { roomId: mine.roomId, waitingFor: cmd.roomId, name: cmd.name, at: mine.roomId ? mine.at : ctx.now });
  change.fill([mine.waitingFor]);
  return { ...change.done(state), outcome: 'waiting' };
}

/**
 * B7: an attendee gives up their place and waiting list; the freed place goes to the first in line. Their record
 * keeps no name: only a place or a waiting list needs one (the sign-up lists).
 */
export function leave(state: SlotState, mine: ChoiceRecord, slot: BreakoutSlot, live: AgendaState['live'], ctx: Context): Decided {
  mustBeOpen(slot, live, ctx.now);
  if (!mine.roomId && !mine.waitingFor) return { next: state, mine: [], places: {}, events: [] };
  const change = new Change(state, ctx.now);
  if (mine.waitingFor) change.unwait(mine.waitingFor, mine.attendeeId);
  if (mine.roomId) change.free(mine.roomId);
  change.record(mine, { roomId: null, waitingFor: null, name: null, at: ctx.now });
  change.fill([mine.roomId]);
  return change.done(state);
}

/**
 * B6: the organiser sets a breakout's capacity (null: no limit). A higher one gives the new places to the first in
 * line; a lower one takes no place back from who holds it: the breakout is full until enough have left.
 */
export function setCapacity(state: SlotState, slot: BreakoutSlot, cmd: { roomId: string; capacity: number | null }, ctx: Context): Decided {
  if (ctx.actor.role !== 'organiser') throw new DomainError('FORBIDDEN', 'Only the organiser sets a breakout capacity.', { reason: 'breakouts.organiserOnly' });
  breakoutIn(slot, cmd.roomId);
  if ((state.capacity[cmd.roomId] ?? null) === cmd.capacity) return { next: state, mine: [], places: {}, events: [] };
  const change = new Change(state, ctx.now);
  change.next.capacity[cmd.roomId] = cmd.capacity;
  change.fill([cmd.roomId]);
  return change.done(state);
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
