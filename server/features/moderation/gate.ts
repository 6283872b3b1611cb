import { fail, type Failure } from '../../../shared/protocol/errors';
import { MUTATIONS } from '../../../shared/protocol/messages';
import { anyRoomPaused, banOf, bannedBecause, suspension, type Ban } from '../../../shared/domain/moderation';
import type { FeatureDeps, Gate } from '../../core/feature';
import type { AppSocket } from '../../realtime/router';
import type { Store } from '../../store/store';
import { ITEM_ROOMS, PLENARY_REQUESTS } from './keys';
import { KEYS } from '../../core/keys';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { copiesFor } from './state';

/**
 * The one place where pauses and bans are decided, for every request of every feature: the router asks it before
 * any handler. Staff are never paused nor banned. A banned person is refused (and disconnected) on any request; a
 * paused attendee is refused any mutation, by the room the request is in.
 */
export function moderationGate(deps: FeatureDeps): Gate {
  const copies = copiesFor(deps);
  return {
    async connect(socket) {
      const { actor, eventId, device } = socket.data;
      if (actor.role !== 'attendee') return null;
      const found = banOf(await copies.get(eventId), actor.id, device);
      return found ? bannedFailure(found) : null;
    },

    async request(socket, event, input) {
      const { actor, eventId, device } = socket.data;
      if (actor.role !== 'attendee') return null;
      const state = await copies.get(eventId);
      const found = banOf(state, actor.id, device);
      if (found) return shutOut(socket, found);
      if (!MUTATIONS.has(event)) return null;
      const { pauses } = state;
      if (!pauses.event && !anyRoomPaused(pauses)) return null;
      const roomId = pauses.event ? null : await roomOfRequest(deps.store, eventId, event, input);
      const why = suspension(pauses, actor, roomId);
      return why ? fail('SUSPENDED', pauses.event ? 'Attendee input is paused for the event.' : 'Attendee input is paused in this room.', why) : null;
    },
  };
}

function bannedFailure(found: Ban): Failure {
  return fail('BANNED', 'You were removed from this event by its staff.', bannedBecause(found));
}

/** A banned person still connected here (their disconnection crossed with this request): told, and closed. */
function shutOut(socket: AppSocket, found: Ban): Failure {
  socket.emit('banned', { reason: found.reason });
  socket.disconnect(true);
  return bannedFailure(found);
}

/**
 * The room a request is in: the plenary for a report-back's request, else the room it names, or its item's (a
 * question's, a poll's, a contribution's); null when it has none. (A reaction names its message's room, and chat
 * refuses a message that is not in it, so the named room is the message's.)
 */
async function roomOfRequest(store: Store, eventId: string, event: string, input: object): Promise<string | null> {
  if (PLENARY_REQUESTS.has(event)) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    return agenda?.programme.rooms.find((r) => r.kind === 'plenary')?.id ?? null;
  }
  const fields = input as Record<string, unknown>;
  if (typeof fields.roomId === 'string') return fields.roomId;
  for (const [field, keyOf] of ITEM_ROOMS) {
    const id = fields[field];
    if (typeof id !== 'string') continue;
    const key = keyOf(id);
    const item = (await store.read(eventId, [key]))[key]?.value as { roomId?: unknown } | undefined;
    return typeof item?.roomId === 'string' ? item.roomId : null;
  }
  return null;
}
