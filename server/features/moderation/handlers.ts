import { DomainError } from '../../../shared/protocol/errors';
import {
  applyModeration,
  ban,
  newModeration,
  pause,
  resume,
  unban,
  type ModerationEvent,
  type ModerationState,
  type RoomsInfo,
} from '../../../shared/domain/moderation';
import { cleanText } from '../../../shared/domain/names';
import type { Context } from '../../../shared/domain/actor';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { KEYS } from '../../core/keys';
import type { Plan } from '../../core/service';
import type { FeatureDeps } from '../../core/feature';
import { channels } from '../../realtime/channels';
import type { Handlers } from '../../realtime/router';
import { MODERATION } from './keys';
import { copiesFor } from './state';

const staffWhoModerate: ['chair', 'organiser'] = ['chair', 'organiser'];

function roomsOf(agenda: AgendaState | undefined): RoomsInfo {
  const rooms = agenda?.programme.rooms ?? [];
  return { plenaryId: rooms.find((r) => r.kind === 'plenary')?.id ?? null, names: Object.fromEntries(rooms.map((r) => [r.id, r.name])) };
}

/** The moderation document's new value and its changes: pauses for everybody, bans for staff only. */
function planOf(state: ModerationState, events: ModerationEvent[]): Plan {
  return {
    changes: events.map((event) => ({ event, audience: event.type === 'moderation.paused' ? 'all' : 'staff' })),
    put: events.length ? { [MODERATION.doc]: events.reduce(applyModeration, state) } : {},
  };
}

/** Pause and resume attendee input, ban and unban attendees. */
export function moderationHandlers(deps: FeatureDeps): Pick<Handlers, Extract<keyof Handlers, `moderation:${string}`>> {
  const { service, store, io, now } = deps;
  const copies = copiesFor(deps);
  const ctx = (actor: Context['actor']): Context => ({ actor, now: now() });
  /**
   * The person's open sockets on every process; when another process does not answer in time (it is going down),
   * this process's own: the ban does not wait on them, it only remembers fewer devices.
   */
  const openSockets = async (channel: string) => {
    try {
      return await io.in(channel).fetchSockets();
    } catch (error) {
      deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'ban: other processes did not list their sockets');
      return io.local.in(channel).fetchSockets();
    }
  };
  const stateOf = (docs: Record<string, unknown>) => (docs[MODERATION.doc] as ModerationState | undefined) ?? newModeration();

  /** Pause or resume: decided with the rooms of the agenda (who chairs the plenary, the room's name). */
  const onPauses = async (
    { eventId, actor }: { eventId: string; actor: Context['actor'] },
    opId: string,
    decide: (state: ModerationState, rooms: RoomsInfo) => ModerationEvent[],
  ) => {
    const applied = await service.execute({
      eventId,
      actor,
      opId,
      keys: [KEYS.agenda, MODERATION.doc],
      plan: (docs) => {
        const state = stateOf(docs);
        return planOf(state, decide(state, roomsOf(docs[KEYS.agenda] as AgendaState | undefined)));
      },
    });
    copies.changed(eventId);
    return applied;
  };

  return {
    'moderation:pause': {
      roles: staffWhoModerate,
      run: (input, socket) =>
        onPauses(socket.data, input.opId, (state, rooms) =>
          pause(state, { roomId: input.roomId, message: cleanText(input.message) }, rooms, ctx(socket.data.actor)),
        ),
    },

    'moderation:resume': {
      roles: staffWhoModerate,
      run: (input, socket) => onPauses(socket.data, input.opId, (state, rooms) => resume(state, input, rooms, ctx(socket.data.actor))),
    },

    'moderation:ban': {
      roles: staffWhoModerate,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const reason = cleanText(input.reason);
        if (!reason) throw new DomainError('BAD_REQUEST', 'A ban needs a reason.', { reason: 'input.invalid', params: { field: 'reason' } });
        const person = channels.person(eventId, input.attendeeId);
        // The devices of the person's open connections, on every process (the adapter asks the others): a new join
        // from one of those browsers is refused too.
        const devices = [...new Set((await openSockets(person)).flatMap((s) => (s.data.device ? [s.data.device] : [])))];
        const removers = input.removeMessages ? deps.pastMessageRemovers : [];
        const keys = (await Promise.all(removers.map((r) => r.keys(store, eventId, input.attendeeId)))).flat();
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [MODERATION.doc, ...keys],
          plan: (docs) => {
            const state = stateOf(docs);
            const c = ctx(actor);
            const plan = planOf(
              state,
              ban(state, { attendeeId: input.attendeeId, name: input.name, reason, devices, removeMessages: input.removeMessages }, c),
            );
            for (const remover of removers) {
              const removed = remover.remove(docs, input.attendeeId, c);
              plan.changes.push(...removed.changes);
              Object.assign(plan.put!, removed.put);
              if (removed.sets?.length) plan.sets = [...(plan.sets ?? []), ...removed.sets];
            }
            return plan;
          },
        });
        copies.changed(eventId);
        // Every process: tell the person's tabs why, and close them (as a revoked link's).
        io.to(person).emit('banned', { reason });
        io.in(person).disconnectSockets(true);
        return applied;
      },
    },

    'moderation:unban': {
      roles: staffWhoModerate,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [MODERATION.doc],
          plan: (docs) => planOf(stateOf(docs), unban(stateOf(docs), input, ctx(actor))),
        });
        copies.changed(eventId);
        return applied;
      },
    },
  };
}
