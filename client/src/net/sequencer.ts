import { LIMITS } from '../../../shared/limits';
import type { Failure, Reply } from '../../../shared/protocol/errors';
import type { AgendaState, Change, LiveCounts, Snapshot, Sync, SyncResult } from '../../../shared/protocol/messages';
import { lastOf } from '../../../shared/protocol/changes';
import type { HeldProgramme } from './programme';

/**
 * The sequencing of numbered changes, apart from the socket that carries them and the store that shows them.
 *
 * Changes are numbered per event. What is applied is an epoch and the last change's number (`lastSeq`): a change
 * numbered lastSeq + 1 is applied, an older one ignored, a later one buffered while a `sync` fills the gap (asked
 * when the gap is still open after GAP_SYNC_DELAY_MS). A sync's answer is the missing changes, or a snapshot; a
 * snapshot that left out the programme (the sync named a revision) and finds it no longer held is asked again.
 *
 * Everything outside is passed in (the store's position and its updates, the sync request, the held programme,
 * the clock and the timers), so this runs and is tested without socket.io, zustand or a window.
 */

/**
 * How long a gap may stay open before a catch-up: a change that went missing on the way (a dropped frame, a
 * reconnect mid-tick) shows as a gap at the next change; waiting a few ticks lets a late one arrive first.
 */
export const GAP_SYNC_DELAY_MS = 4 * LIMITS.flushIntervalMs;
/** Sync requests in one go, while each answer leaves a gap or must be asked again. */
export const SYNC_ROUNDS = 3;
/** The pause before asking again after a failed sync that did not say when (`retryAfterMs`). */
export const SYNC_RETRY_MS = 2_000;

/** What is applied: the epoch the numbers belong to (null before the first snapshot) and the last change applied. */
export interface Position {
  epoch: string | null;
  lastSeq: number;
}

type Timer = ReturnType<typeof setTimeout>;

export interface SequencerDeps {
  /** The store's position now (read again after every update). */
  position(): Position;
  /** Applies the next change (or run of changes: `through`); called only with `change.seq === position().lastSeq + 1`. */
  applyChange(change: Change): void;
  /** Replaces everything with a snapshot, its programme filled in. */
  loadSnapshot(snapshot: Snapshot & { agenda: AgendaState }): void;
  /** A catch-up's current counts and tallies. */
  applyLiveCounts(live: LiveCounts): void;
  /** Server time minus local time, estimated from the middle of the round trip. */
  setClockOffset(ms: number): void;
  /** A sync's answer was applied while connected: the state is current. */
  synced(): void;
  /** A sync failed for a while (unavailable, rate limited): tell the person (in words: `describeFailure`); it is asked again. */
  failed(failure: Failure): void;
  /** The session is refused (UNAUTHORIZED, NOT_FOUND): the sequencer's timers are already stopped. */
  refuse(failure: Failure): void;
  /** Sends a `sync` and resolves with its reply (a timeout resolves with a failure, it never rejects). */
  requestSync(sync: Sync): Promise<Reply<SyncResult>>;
  /** Whether the connection is up (a retry is only scheduled then). */
  isConnected(): boolean;
  /** The programme this browser holds, by revision (kept across reloads). */
  programme: { held(): HeldProgramme | null; hold(next: HeldProgramme | null): void };
  /** Defaults: Date.now, setTimeout, clearTimeout and GAP_SYNC_DELAY_MS. */
  now?: () => number;
  setTimeout?: (run: () => void, ms: number) => Timer;
  clearTimeout?: (timer: Timer | undefined) => void;
  gapDelayMs?: number;
}

export interface Sequencer {
  /** What this browser holds, as a sync (in a handshake or a request) names it: the epoch, the last change, the programme. */
  holding(): Sync;
  /** A change from the live stream: applied, ignored, or buffered behind a gap (which starts the gap timer). */
  accept(change: Change): void;
  /** The welcome's answer to the handshake's sync; `sentAt`: when the handshake went (for the clock offset). */
  welcome(reply: Reply<SyncResult>, sentAt: number): void;
  /**
   * Asks for what is missing, in up to SYNC_ROUNDS requests; a call during a sync makes it go one round more.
   * `fresh`: asks for a whole snapshot whatever is held (the event's names and texts were erased).
   */
  sync(fresh?: boolean): Promise<void>;
  /** Cancels a scheduled sync retry (the connection was closed by the server: its welcome will catch up). */
  cancelRetry(): void;
  /** Stops the gap timer and a scheduled retry (the session was refused). */
  stop(): void;
  /** Stops everything for good: a sync under way applies nothing when its answer comes. */
  dispose(): void;
}

type Outcome = 'done' | 'again' | 'stopped';

export function createSequencer(deps: SequencerDeps): Sequencer {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimeout ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = deps.clearTimeout ?? ((timer: Timer | undefined) => clearTimeout(timer));
  const gapDelayMs = deps.gapDelayMs ?? GAP_SYNC_DELAY_MS;

  /** Changes that arrived ahead of a gap, by number. */
  const pending = new Map<number, Change>();
  let syncing = false;
  let syncAgain = false;
  let disposed = false;
  let gapTimer: Timer | undefined;
  let retryTimer: Timer | undefined;

  function holding(): Sync {
    const { epoch, lastSeq } = deps.position();
    const held = deps.programme.held();
    return { epoch, lastSeq, ...(held ? { programmeRev: held.rev } : {}) };
  }

  /** Applies buffered changes that now follow on, and drops the ones already covered. */
  function drain() {
    for (;;) {
      const { lastSeq } = deps.position();
      let next: Change | undefined;
      for (const [seq, change] of pending) {
        if (lastOf(change) <= lastSeq) pending.delete(seq);
        else if (seq <= lastSeq + 1) next = next && lastOf(next) >= lastOf(change) ? next : change;
      }
      if (!next) return;
      pending.delete(next.seq);
      deps.applyChange(next.seq <= lastSeq ? { ...next, seq: lastSeq + 1 } : next);
    }
  }

  const hasGap = () => pending.size > 0 && deps.position().epoch !== null;

  function accept(received: Change, fromSync = false) {
    const { epoch, lastSeq } = deps.position();
    if (epoch === null) {
      // No snapshot yet: keep it for after the first sync.
      pending.set(received.seq, received);
      return;
    }
    if (lastOf(received) <= lastSeq) return;
    // A run of changes not meant for this client, partly applied already (a catch-up's run, then the live one):
    // its rest follows on.
    const change = received.seq <= lastSeq ? { ...received, seq: lastSeq + 1 } : received;
    if (change.seq === lastSeq + 1) {
      deps.applyChange(change);
      drain();
      return;
    }
    pending.set(change.seq, change);
    if (!fromSync) scheduleGapSync();
  }

  function scheduleGapSync() {
    if (gapTimer !== undefined) return;
    gapTimer = setTimer(() => {
      gapTimer = undefined;
      if (hasGap()) void sync();
    }, gapDelayMs);
  }

  let fresh = false;
  async function sync(snapshot = false): Promise<void> {
    if (snapshot) fresh = true;
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    try {
      for (let round = 0; round < SYNC_ROUNDS; round++) {
        syncAgain = false;
        const sentAt = now();
        // From nothing: the server answers with a snapshot (the history before it was forgotten).
        const asked = fresh ? { ...holding(), lastSeq: 0 } : holding();
        fresh = false;
        const reply = await deps.requestSync(asked);
        if (disposed) return;
        const outcome = settle(reply, (sentAt + now()) / 2);
        if (outcome === 'stopped') return;
        if (outcome === 'again') {
          // The snapshot left out a programme this browser no longer holds: ask again for all of it (in the next
          // round, or shortly when this was the last).
          if (round === SYNC_ROUNDS - 1 && deps.isConnected()) scheduleRetry(0);
          continue;
        }
        if (!syncAgain && !hasGap()) return;
      }
    } finally {
      syncing = false;
    }
  }

  /** Applies the answer to a sync (asked, or the welcome's): 'again' when it must be asked again in full. */
  function settle(reply: Reply<SyncResult>, midpoint: number): Outcome {
    if (!reply.ok) {
      if (reply.code === 'UNAUTHORIZED' || reply.code === 'NOT_FOUND') {
        stop();
        deps.refuse(reply);
        return 'stopped';
      }
      // Unavailable or rate limited: the socket stays up; try again shortly.
      deps.failed(reply);
      if (deps.isConnected()) scheduleRetry(reply.retryAfterMs ?? SYNC_RETRY_MS);
      return 'stopped';
    }
    if (!applySync(reply, midpoint)) return 'again';
    if (deps.isConnected()) deps.synced();
    return 'done';
  }

  /** False when a snapshot could not be applied (it left out a programme that is not held any more). */
  function applySync(result: SyncResult, midpoint: number): boolean {
    if (result.mode === 'snapshot') {
      const { snapshot } = result;
      // An answer older than what is applied (a sync sent before a reconnection, answered after its welcome).
      const { epoch, lastSeq } = deps.position();
      if (snapshot.epoch === epoch && snapshot.seq < lastSeq) return true;
      const held = deps.programme.held();
      const programme = snapshot.agenda.programme ?? (held?.rev === snapshot.programmeRev ? held.programme : null);
      if (!programme) {
        deps.programme.hold(null);
        return false;
      }
      if (snapshot.agenda.programme) deps.programme.hold({ rev: snapshot.programmeRev, programme });
      deps.loadSnapshot({ ...snapshot, agenda: { ...snapshot.agenda, programme } });
      deps.setClockOffset(snapshot.serverTime - midpoint);
    } else {
      for (const change of result.changes) accept(change, true);
      deps.applyLiveCounts(result.live);
      deps.setClockOffset(result.serverTime - midpoint);
    }
    drain();
    return true;
  }

  function scheduleRetry(ms: number) {
    clearTimer(retryTimer);
    retryTimer = setTimer(() => void sync(), ms);
  }

  function cancelRetry() {
    clearTimer(retryTimer);
    retryTimer = undefined;
  }

  function stop() {
    clearTimer(gapTimer);
    gapTimer = undefined;
    cancelRetry();
  }

  return {
    holding,
    accept: (change) => accept(change),
    welcome(reply, sentAt) {
      const outcome = settle(reply, (sentAt + now()) / 2);
      if (outcome === 'again' || (outcome === 'done' && hasGap())) void sync();
    },
    sync,
    cancelRetry,
    stop,
    dispose() {
      disposed = true;
      stop();
    },
  };
}
