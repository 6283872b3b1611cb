import { performance } from 'node:perf_hooks';
import { newModeration, type ModerationState } from '../../../shared/domain/moderation';
import type { Store } from '../../store/store';
import type { IO } from '../../realtime/channels';
import { MODERATION } from './keys';

/**
 * How long a process answers from its copy of an event's moderation document before reading it again.
 *
 * Why a short-lived copy rather than following the live stream's changes: the live stream is read only for events
 * with clients on this process, and by the outbox, which no feature hooks into; a copy read again after 500 ms
 * costs at most two small reads a second per event and process, whatever the number of attendees, and holds
 * across restarts (the document is in the store). A write on this process drops its copy at once, and tells the
 * other processes to drop theirs (through the Socket.IO adapter: a few milliseconds); if that message is lost
 * (Redis reconnecting), the copy's age still bounds the delay: every process follows a pause within a second.
 */
export const MODERATION_COPY_MS = 500;

/** The cross-process message: "the moderation of this event changed, read it again". */
const CHANGED = 'moderation:changed' as const;

export type ModerationCopies = ReturnType<typeof createCopies>;

function createCopies(store: Store, io: IO, crossProcess: boolean) {
  const copies = new Map<string, { state: ModerationState; readAt: number; epoch: string }>();
  const reading = new Map<string, Promise<ModerationState>>();
  // Each change on another process drops this process's copy.
  if (crossProcess) io.on(CHANGED, (eventId: unknown) => typeof eventId === 'string' && forget(eventId));

  function forget(eventId: string): void {
    copies.delete(eventId);
    reading.delete(eventId);
  }

  /** The event's moderation as this process knows it: at most MODERATION_COPY_MS old (one read shared by concurrent callers). */
  function get(eventId: string): Promise<ModerationState> | ModerationState {
    const copy = copies.get(eventId);
    if (copy && copy.epoch === store.epoch() && performance.now() - copy.readAt < MODERATION_COPY_MS) return copy.state;
    let pending = reading.get(eventId);
    if (!pending) {
      const startedAt = performance.now();
      pending = store
        .read(eventId, [MODERATION.doc])
        .then((docs) => {
          const state = (docs[MODERATION.doc]?.value as ModerationState | undefined) ?? newModeration();
          // A copy read before a `forget` is not kept (it may predate the change).
          if (reading.get(eventId) === pending) copies.set(eventId, { state, readAt: startedAt, epoch: store.epoch() });
          return state;
        })
        .finally(() => {
          if (reading.get(eventId) === pending) reading.delete(eventId);
        });
      reading.set(eventId, pending);
    }
    return pending;
  }

  /** After a write: this process and every other one read the document again. */
  function changed(eventId: string): void {
    forget(eventId);
    if (crossProcess) io.serverSideEmit(CHANGED, eventId);
  }

  return { get, changed };
}

/** One set of copies per app (the gate and the handlers share it). */
const perApp = new WeakMap<IO, ModerationCopies>();
export function copiesFor(deps: { store: Store; io: IO; crossProcess: boolean }): ModerationCopies {
  let copies = perApp.get(deps.io);
  if (!copies) perApp.set(deps.io, (copies = createCopies(deps.store, deps.io, deps.crossProcess)));
  return copies;
}
