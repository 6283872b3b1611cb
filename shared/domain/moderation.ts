import { DomainError } from '../protocol/errors';
import type { Because } from '../protocol/reasons';
import type { Ban, ModerationEvent, ModerationState, Pause, Pauses } from '../protocol/moderation';
import { canRunRoom, type Actor, type Context } from './actor';

export type { Ban, ModerationEvent, ModerationState, Pause, Pauses };

/**
 * Moderation against disruption (M rules in docs/SPEC.md): staff pause attendee input for the whole event or one
 * room, and ban an attendee from the event. Pure rules: the server decides every attendee request with
 * `refusalOf`, in one place, before any feature sees it.
 */

export function newModeration(): ModerationState {
  return { pauses: { event: null, rooms: {} }, bans: {}, rev: 0 };
}

/** The rooms as the rules need them: ids with names, and which one is the plenary. */
export interface RoomsInfo {
  plenaryId: string | null;
  names: Record<string, string>;
}

/** M1: a room's chair or the organiser pauses a room; the organiser or a chair of the plenary pauses the whole event. */
export function mayPause(actor: Actor, roomId: string | null, rooms: RoomsInfo): boolean {
  if (actor.role === 'organiser') return true;
  if (roomId === null) return rooms.plenaryId !== null && canRunRoom(actor, rooms.plenaryId);
  return canRunRoom(actor, roomId);
}

function checkPause(actor: Actor, roomId: string | null, rooms: RoomsInfo): void {
  if (roomId !== null && !(roomId in rooms.names))
    throw new DomainError('NOT_FOUND', `There is no room "${roomId}".`, { reason: 'room.notFound', params: { room: roomId } });
  if (mayPause(actor, roomId, rooms)) return;
  if (roomId === null)
    throw new DomainError('FORBIDDEN', 'Only the organiser or the plenary chair can pause the whole event.', { reason: 'moderation.pauseEventForbidden' });
  throw new DomainError('FORBIDDEN', 'Only a chair of this room or the organiser can pause it.', {
    reason: 'moderation.pauseRoomForbidden',
    params: { room: rooms.names[roomId] ?? roomId },
  });
}

/** M2: pausing again replaces the message; the pause is recorded with its author and time. */
export function pause(state: ModerationState, cmd: { roomId: string | null; message: string }, rooms: RoomsInfo, ctx: Context): ModerationEvent[] {
  checkPause(ctx.actor, cmd.roomId, rooms);
  const entry: Pause = {
    room: cmd.roomId === null ? null : (rooms.names[cmd.roomId] ?? cmd.roomId),
    message: cmd.message.trim() || null,
    at: ctx.now,
    by: ctx.actor.id,
  };
  const pauses: Pauses = cmd.roomId === null ? { ...state.pauses, event: entry } : { ...state.pauses, rooms: { ...state.pauses.rooms, [cmd.roomId]: entry } };
  return [{ type: 'moderation.paused', pauses }];
}

/** M3: resuming what is not paused changes nothing (no change, no number). Resuming the event leaves room pauses as they are. */
export function resume(state: ModerationState, cmd: { roomId: string | null }, rooms: RoomsInfo, ctx: Context): ModerationEvent[] {
  checkPause(ctx.actor, cmd.roomId, rooms);
  if (cmd.roomId === null) return state.pauses.event ? [{ type: 'moderation.paused', pauses: { ...state.pauses, event: null } }] : [];
  if (!state.pauses.rooms[cmd.roomId]) return [];
  const { [cmd.roomId]: _resumed, ...rest } = state.pauses.rooms;
  return [{ type: 'moderation.paused', pauses: { ...state.pauses, rooms: rest } }];
}

function checkBanRole(actor: Actor): void {
  if (actor.role !== 'chair' && actor.role !== 'organiser')
    throw new DomainError('FORBIDDEN', 'Only a chair or the organiser can ban an attendee.', { reason: 'moderation.banForbidden' });
}

/**
 * M4: a chair (of any room: a ban is for the whole event) or the organiser bans an attendee, with a reason they are
 * shown. Staff are not banned (their links are revoked instead). Banning again updates the reason and adds devices.
 */
export function ban(
  state: ModerationState,
  cmd: { attendeeId: string; name: string | null; reason: string; devices: string[]; removeMessages: boolean },
  ctx: Context,
): ModerationEvent[] {
  checkBanRole(ctx.actor);
  if (cmd.attendeeId.startsWith('link:')) throw new DomainError('BAD_REQUEST', 'Staff are not banned: revoke their link.', { reason: 'moderation.banStaff' });
  const before = state.bans[cmd.attendeeId];
  const devices = [...new Set([...(before?.devices ?? []), ...cmd.devices])];
  const entry: Ban = {
    attendeeId: cmd.attendeeId,
    name: cmd.name ?? before?.name ?? null,
    reason: cmd.reason.trim(),
    at: ctx.now,
    by: ctx.actor.id,
    devices,
    removedMessages: cmd.removeMessages || (before?.removedMessages ?? false),
  };
  return [{ type: 'moderation.banned', ban: entry }];
}

/** M5: an unban lets the person (and their devices) in again; unbanning someone not banned changes nothing. */
export function unban(state: ModerationState, cmd: { attendeeId: string }, ctx: Context): ModerationEvent[] {
  checkBanRole(ctx.actor);
  return state.bans[cmd.attendeeId] ? [{ type: 'moderation.unbanned', attendeeId: cmd.attendeeId }] : [];
}

export function applyModeration(state: ModerationState, event: ModerationEvent): ModerationState {
  switch (event.type) {
    case 'moderation.paused':
      return { ...state, pauses: event.pauses, rev: state.rev + 1 };
    case 'moderation.banned':
      return { ...state, bans: { ...state.bans, [event.ban.attendeeId]: event.ban }, rev: state.rev + 1 };
    case 'moderation.unbanned': {
      const { [event.attendeeId]: _gone, ...bans } = state.bans;
      return { ...state, bans, rev: state.rev + 1 };
    }
  }
}

/** M6: the ban that keeps this person out: by their attendee id, or by the device their browser sent. */
export function banOf(state: ModerationState, attendeeId: string, device: string | null): Ban | null {
  const direct = state.bans[attendeeId];
  if (direct) return direct;
  if (!device) return null;
  for (const b of Object.values(state.bans)) if (b.devices.includes(device)) return b;
  return null;
}

/** The refusal of a banned person. */
export function bannedBecause(b: Ban): Because {
  return { reason: 'moderation.banned', params: { message: b.reason } };
}

/**
 * M7: whether an attendee's action is refused by a pause: the event's pause refuses everything, a room's pause the
 * actions in that room (`roomId` null: the request names no room, and only the event's pause applies). Staff are
 * never paused.
 */
export function suspension(pauses: Pauses, actor: Actor, roomId: string | null): Because | null {
  if (actor.role !== 'attendee') return null;
  if (pauses.event) return { reason: 'moderation.eventPaused', params: { message: pauses.event.message ?? '' } };
  const room = roomId === null ? undefined : pauses.rooms[roomId];
  if (room) return { reason: 'moderation.roomPaused', params: { room: room.room ?? roomId!, message: room.message ?? '' } };
  return null;
}

/** Whether any room is paused: only then does a request naming an item (a question, a poll) need its room looked up. */
export function anyRoomPaused(pauses: Pauses): boolean {
  for (const _ in pauses.rooms) return true;
  return false;
}
