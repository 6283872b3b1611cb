import { DomainError } from '../../../shared/protocol/errors';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { FeatureDeps, ServerFeature } from '../../core/feature';
import type { Handlers } from '../../realtime/router';
import { createAttendance, DEFAULT_FLUSH_MS, type Attendance } from './attendance';
import { readFigures } from './figures';
import { READ } from './keys';

/** How long a process trusts its copy of an event's room ids (a follow names one): the programme seldom changes. */
const ROOMS_TTL_MS = 30_000;

/** One attendance counter per app: the connection watcher and the handlers share it. */
const counters = new WeakMap<FeatureDeps, Attendance>();
function attendanceOf(deps: FeatureDeps): Attendance {
  let attendance = counters.get(deps);
  if (!attendance) {
    attendance = createAttendance({ store: deps.store, log: deps.log, now: deps.now, flushMs: deps.attendanceFlushMs ?? DEFAULT_FLUSH_MS });
    counters.set(deps, attendance);
  }
  return attendance;
}

function overviewHandlers(deps: FeatureDeps): Pick<Handlers, 'overview:follow' | 'overview:figures'> {
  const attendance = attendanceOf(deps);
  const rooms = new Map<string, { ids: Set<string>; at: number }>();
  async function roomIdsOf(eventId: string): Promise<Set<string>> {
    const held = rooms.get(eventId);
    if (held && deps.now() - held.at < ROOMS_TTL_MS) return held.ids;
    const agenda = (await deps.store.read(eventId, [READ.agenda]))[READ.agenda]?.value as AgendaState | undefined;
    const ids = new Set(agenda?.programme.rooms.map((r) => r.id) ?? []);
    rooms.set(eventId, { ids, at: deps.now() });
    return ids;
  }
  return {
    // A state, not an act: saying the same room again changes nothing, so it needs no operation id. The router's
    // per-session rate limit applies; the count is in memory, written with the next flush.
    'overview:follow': {
      roles: ['attendee'],
      run: async ({ roomId }, socket) => {
        if (!(await roomIdsOf(socket.data.eventId)).has(roomId))
          throw new DomainError('NOT_FOUND', 'There is no such room.', { reason: 'room.notFound', params: { room: roomId } });
        attendance.follow(socket, roomId);
        return { roomId };
      },
    },
    'overview:figures': {
      roles: ['organiser'],
      run: async (_input, socket) => {
        const figures = await readFigures(deps.store, attendance, socket.data.eventId, deps.now());
        if (!figures) throw new DomainError('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' });
        return { figures };
      },
    },
  };
}

/**
 * Attendance and the organiser's live overview: every process counts its own attendee connections (never staff),
 * writes its counts every few seconds, and the minute samples and the peak are committed once across processes.
 */
export const overviewFeature: ServerFeature = {
  name: 'overview',
  handlers: overviewHandlers,
  connections: (deps) => {
    const attendance = attendanceOf(deps);
    return { connected: attendance.connected, disconnected: attendance.disconnected, stop: attendance.stop };
  },
};
