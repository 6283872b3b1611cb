import type { AgendaItem, Programme } from '../protocol/programme';
import type { AgendaEvent, AgendaState } from '../protocol/agenda';
import { DomainError } from '../protocol/errors';
import { canRunRoom, type Context } from './actor';

export type { AgendaEvent, AgendaState };
type LiveItem = AgendaState['live'][string];

export function createAgenda(programme: Programme): AgendaState {
  return { programme, live: {} };
}

/** A chair of the room (or the organiser) marks an item live, or clears the room with null. */
export function setLive(state: AgendaState, cmd: { roomId: string; itemId: string | null }, ctx: Context): AgendaEvent[] {
  const room = state.programme.rooms.find((r) => r.id === cmd.roomId);
  if (!room) throw new DomainError('NOT_FOUND', `There is no room "${cmd.roomId}".`, { reason: 'room.notFound', params: { room: cmd.roomId } });
  if (!canRunRoom(ctx.actor, room.id))
    throw new DomainError('FORBIDDEN', `Only a chair of ${room.name} can change what is live there.`, {
      reason: 'agenda.chairOnly',
      params: { room: room.name },
    });
  if (cmd.itemId !== null) {
    const item = state.programme.items.find((i) => i.id === cmd.itemId);
    if (!item) throw new DomainError('NOT_FOUND', `There is no programme item "${cmd.itemId}".`, { reason: 'item.notFound', params: { item: cmd.itemId } });
    if (item.roomId !== room.id)
      throw new DomainError('BAD_REQUEST', `"${item.title}" is not in ${room.name}.`, {
        reason: 'agenda.itemOtherRoom',
        params: { item: item.title, room: room.name },
      });
  }
  if ((state.live[room.id]?.itemId ?? null) === cmd.itemId) return [];
  return [{ type: 'agenda.liveSet', roomId: room.id, itemId: cmd.itemId, at: ctx.now }];
}

/**
 * The organiser replaces the programme (already validated). A new programme starts with nothing live (A6): every room
 * of it gets a fresh empty live entry, which also ends every "answering now" highlight (Q20) without a Q&A write.
 */
export function replaceProgramme(_state: AgendaState, cmd: { programme: Programme }, ctx: Context): AgendaEvent[] {
  if (ctx.actor.role !== 'organiser')
    throw new DomainError('FORBIDDEN', 'Only the organiser of this event can import a programme.', { reason: 'programme.organiserOnly' });
  return [{ type: 'agenda.programmeReplaced', programme: cmd.programme, at: ctx.now }];
}

export function applyAgenda(state: AgendaState, event: AgendaEvent): AgendaState {
  switch (event.type) {
    case 'agenda.liveSet':
      return { ...state, live: { ...state.live, [event.roomId]: { itemId: event.itemId, since: event.at } } };
    case 'agenda.programmeReplaced': {
      const live: Record<string, LiveItem> = {};
      for (const room of event.programme.rooms) live[room.id] = { itemId: null, since: event.at };
      return { programme: event.programme, live };
    }
  }
}

/** The rooms that have an item live now (what an import clears). */
export function liveRooms(state: AgendaState): string[] {
  return Object.entries(state.live)
    .filter(([, li]) => li.itemId !== null)
    .map(([roomId]) => roomId);
}

/** Items of a room in programme order (date, then start time). */
export function itemsOfRoom(programme: Programme, roomId: string): AgendaItem[] {
  return programme.items.filter((i) => i.roomId === roomId).sort(compareItems);
}

export function compareItems(a: AgendaItem, b: AgendaItem): number {
  return a.date.localeCompare(b.date) || a.start.localeCompare(b.start) || a.end.localeCompare(b.end);
}

/** The live item of a room, and the one after it in the programme (what is "next up"). */
export function liveAndNext(state: AgendaState, roomId: string): { live: AgendaItem | null; next: AgendaItem | null } {
  const items = itemsOfRoom(state.programme, roomId);
  const liveId = state.live[roomId]?.itemId ?? null;
  const idx = liveId ? items.findIndex((i) => i.id === liveId) : -1;
  if (idx < 0) return { live: null, next: null };
  return { live: items[idx] ?? null, next: items[idx + 1] ?? null };
}
