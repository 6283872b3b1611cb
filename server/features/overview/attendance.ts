import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AttendancePeak, AttendanceSeries, ConnectedNow } from '../../../shared/protocol/overview';
import { addSample, countTabs, minuteOf, raisePeak, sumProcesses, type ProcessCounts, type Tab } from '../../../shared/domain/overview';
import type { AppSocket } from '../../realtime/router';
import type { Store } from '../../store/store';
import { ATT } from './keys';

/** How often a process writes its counts by default (ms); `ATTENDANCE_FLUSH_MS` changes it. */
export const DEFAULT_FLUSH_MS = 5_000;
/** A process's counts older than this many flush intervals are ignored (the process stopped). */
const FRESH_FLUSHES = 3;
/** An event this process has had no attendee of for this long is forgotten (after its counts fell to zero). */
const FORGET_AFTER_MS = 2 * 60_000;
/** A process entry this old is taken off the event's list of processes. */
const PRUNE_AFTER_MS = 10 * 60_000;

/** This process's attendees of one event: their open connections, and what is still to be written. */
interface EventPresence {
  tabs: Map<string, Tab>;
  /** Attendee ids (and room followers) not yet added to `att:seen` (`att:seen:<room>`) by this process. */
  unseen: Set<string>;
  unseenRooms: Map<string, Set<string>>;
  /** When the last attendee left (null while someone is connected). */
  emptySince: number | null;
}

export interface AttendanceDeps {
  store: Store;
  log: Logger;
  now: () => number;
  flushMs: number;
}

/**
 * Counts this process's attendee connections in memory (connect, disconnect, the room an app says it follows: no
 * store call) and, every `flushMs`, per event: writes its own counts with the time (one unconditional document, no
 * contention with other processes), adds the new ids to the "seen" sets, then sums every process's fresh counts; the
 * minute's sample and a higher peak are committed expecting the versions read, so two processes never both write one.
 */
export function createAttendance(deps: AttendanceDeps) {
  const { store, log, now, flushMs } = deps;
  const processId = randomUUID();
  const freshMs = flushMs * FRESH_FLUSHES;
  const events = new Map<string, EventPresence>();
  let flushing: Promise<void> | null = null;
  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();

  function presenceOf(eventId: string): EventPresence {
    let presence = events.get(eventId);
    if (!presence) events.set(eventId, (presence = { tabs: new Map(), unseen: new Set(), unseenRooms: new Map(), emptySince: null }));
    return presence;
  }

  const isCounted = (socket: AppSocket) => socket.data.actor.role === 'attendee';

  function connected(socket: AppSocket): void {
    if (!isCounted(socket)) return;
    const presence = presenceOf(socket.data.eventId);
    presence.tabs.set(socket.id, { attendeeId: socket.data.actor.id, roomId: null });
    presence.unseen.add(socket.data.actor.id);
    presence.emptySince = null;
  }

  function disconnected(socket: AppSocket): void {
    const presence = events.get(socket.data.eventId);
    if (!presence?.tabs.delete(socket.id)) return;
    if (presence.tabs.size === 0) presence.emptySince = now();
  }

  /** The room this connection's app shows. False: the connection is not counted here (staff, or already gone). */
  function follow(socket: AppSocket, roomId: string): boolean {
    const tab = events.get(socket.data.eventId)?.tabs.get(socket.id);
    if (!tab) return false;
    if (tab.roomId === roomId) return true;
    tab.roomId = roomId;
    const presence = presenceOf(socket.data.eventId);
    let unseen = presence.unseenRooms.get(roomId);
    if (!unseen) presence.unseenRooms.set(roomId, (unseen = new Set()));
    unseen.add(tab.attendeeId);
    return true;
  }

  /** Every event this process counts, written and sampled; one flush at a time. */
  function flush(): Promise<void> {
    flushing ??= (async () => {
      for (const [eventId, presence] of [...events]) {
        try {
          await flushEvent(eventId, presence);
        } catch (error) {
          log.warn({ err: error instanceof Error ? error.message : error, eventId }, 'attendance not written');
        }
      }
    })().finally(() => (flushing = null));
    return flushing;
  }

  async function flushEvent(eventId: string, presence: EventPresence): Promise<void> {
    const at = now();
    const own: ProcessCounts = { ...countTabs(presence.tabs.values()), at };
    const unseen = [...presence.unseen];
    const unseenRooms = [...presence.unseenRooms];
    presence.unseen = new Set();
    presence.unseenRooms = new Map();
    // On the list of processes at every write (a set: no growth), so a store that lost its data learns of it again.
    const sets = [
      { key: ATT.processes, add: [processId] },
      ...(unseen.length ? [{ key: ATT.seen, add: unseen }] : []),
      ...unseenRooms.map(([roomId, ids]) => ({ key: ATT.seenRoom(roomId), add: [...ids] })),
    ];
    try {
      await store.commit({ scope: eventId, opKey: null, expect: {}, put: { [ATT.process(processId)]: own }, changes: [], reply: null, sets });
    } catch (error) {
      // Not written: the ids are kept for the next flush.
      for (const id of unseen) presence.unseen.add(id);
      for (const [roomId, ids] of unseenRooms) {
        const pending = presence.unseenRooms.get(roomId);
        if (pending) for (const id of ids) pending.add(id);
        else presence.unseenRooms.set(roomId, ids);
      }
      throw error;
    }
    await sample(eventId, at);
    if (presence.tabs.size === 0 && presence.emptySince !== null && at - presence.emptySince > FORGET_AFTER_MS) events.delete(eventId);
  }

  /** Sums the processes' fresh counts; commits the minute's sample (once per minute, whichever process is first) and a higher peak. */
  async function sample(eventId: string, at: number): Promise<void> {
    const { counts, stale, docs } = await readNow(eventId, at, [ATT.peak, ATT.minute]);
    const minute = docs[ATT.minute];
    const peakDoc = docs[ATT.peak];
    const sampled = (minute?.value as { at: number } | undefined)?.at ?? -1;
    const due = sampled < minuteOf(at);
    const peak = raisePeak(peakDoc?.value as AttendancePeak | undefined, counts, at);
    const prune = stale.length ? [{ key: ATT.processes, remove: stale }] : [];
    if (!due && !peak && !prune.length) return;
    const put: Record<string, unknown> = {};
    const expect: Record<string, number> = { [ATT.peak]: peakDoc?.version ?? 0 };
    if (peak) put[ATT.peak] = peak;
    if (due) {
      const seriesDoc = (await store.read(eventId, [ATT.series]))[ATT.series];
      const series = addSample(seriesDoc?.value as AttendanceSeries | undefined, counts, at);
      expect[ATT.minute] = minute?.version ?? 0;
      expect[ATT.series] = seriesDoc?.version ?? 0;
      put[ATT.minute] = { at: minuteOf(at) };
      if (series) put[ATT.series] = series;
    }
    // A conflict means another process wrote the minute or the peak meanwhile: the next flush decides again.
    await store.commit({ scope: eventId, opKey: null, expect, put, changes: [], reply: null, sets: prune });
  }

  /** People connected now (all processes), with the listed processes whose entries are long stale, and the extra documents asked for. */
  async function readNow(eventId: string, at: number, extra: string[]) {
    const ids = await store.members(eventId, ATT.processes);
    const docs = await store.read(eventId, [...ids.map(ATT.process), ...extra]);
    const entries = ids.map((id) => docs[ATT.process(id)]?.value as ProcessCounts | undefined);
    const counts: ConnectedNow = sumProcesses(entries, at, freshMs);
    const stale = ids.filter((_, i) => at - (entries[i]?.at ?? 0) > PRUNE_AFTER_MS);
    return { counts, stale, docs };
  }

  return {
    connected,
    disconnected,
    follow,
    flush,
    readNow,
    stop: () => clearInterval(timer),
  };
}
export type Attendance = ReturnType<typeof createAttendance>;
