import type { Server } from 'socket.io';
import type { Logger } from 'pino';
import { DomainError } from '../shared/protocol/errors';
import type { Actor } from '../shared/domain/actor';
import type { AccessState, AgendaState, Change, ClientToServer, EventMeta, ServerToClient, Snapshot } from '../shared/protocol/messages';
import type { Audience, Store, StoredChange } from './store/store';

/** Document keys inside an event's scope, and the global scope's code index. */
export const KEYS = { meta: 'meta', agenda: 'agenda', access: 'access' } as const;
export const GLOBAL_SCOPE = '_global';
export const codeKey = (code: string) => `code:${code.toUpperCase()}`;

/** Socket.IO rooms: staff get every change in full; everyone else gets staff-only changes as `event: null`. */
export const rooms = {
  staff: (eventId: string) => `ev:${eventId}:staff`,
  public: (eventId: string) => `ev:${eventId}:public`,
  link: (jti: string) => `link:${jti}`,
};

export type IO = Server<ClientToServer, ServerToClient>;

export interface CommandSpec<S, E extends { type: string }> {
  eventId: string;
  key: string;
  actor: Actor;
  opId: string | null;
  decide: (state: S) => E[];
  apply: (state: S, event: E) => S;
  audience?: (event: E) => Audience;
}

export interface Applied {
  seq: number;
  /** The state after the command, when this call applied it (absent on a retried operation). */
  state?: unknown;
}

/**
 * Runs a command: read the document, let the pure domain decide, write through the store with the version read
 * (optimistic concurrency: on a conflict, read again and decide again), then broadcast the numbered changes.
 * A retried operation id returns the first result and changes nothing.
 */
export function createService(deps: { store: Store; io: IO; now: () => number; log: Logger }) {
  const { store, io, now, log } = deps;

  function broadcast(eventId: string, changes: StoredChange[]): void {
    for (const c of changes) {
      const full = { seq: c.seq, event: c.event } as Change;
      io.to(rooms.staff(eventId)).emit('change', full);
      io.to(rooms.public(eventId)).emit('change', c.audience === 'all' ? full : { seq: c.seq, event: null });
    }
  }

  async function execute<S, E extends { type: string }>(spec: CommandSpec<S, E>): Promise<Applied> {
    const opKey = spec.opId ? `${spec.actor.id}:${spec.opId}` : null;
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc = (await store.read(spec.eventId, [spec.key]))[spec.key];
      if (!doc) throw new DomainError('NOT_FOUND', 'There is no such event.');
      const state = doc.value as S;
      const events = spec.decide(state);
      const next = events.reduce(spec.apply, state);
      const outcome = await store.commit({
        scope: spec.eventId,
        opKey,
        expect: { [spec.key]: doc.version },
        put: events.length ? { [spec.key]: next } : {},
        changes: events.map((event) => ({ event, audience: spec.audience?.(event) ?? 'all' })),
        reply: null,
      });
      if (outcome.kind === 'conflict') continue;
      if (outcome.kind === 'duplicate') return { seq: outcome.seq };
      broadcast(spec.eventId, outcome.changes);
      return { seq: outcome.seq, state: next };
    }
    log.warn({ eventId: spec.eventId, key: spec.key }, 'command gave up after repeated write conflicts');
    throw new DomainError('UNAVAILABLE', 'Too many changes at once; please try again.');
  }

  async function readEvent(eventId: string): Promise<{ meta: EventMeta; agenda: AgendaState; access: AccessState } | null> {
    const docs = await store.read(eventId, [KEYS.meta, KEYS.agenda, KEYS.access]);
    if (!docs.meta || !docs.agenda || !docs.access) return null;
    return { meta: docs.meta.value as EventMeta, agenda: docs.agenda.value as AgendaState, access: docs.access.value as AccessState };
  }

  async function findEventByCode(code: string): Promise<string | null> {
    const doc = (await store.read(GLOBAL_SCOPE, [codeKey(code)]))[codeKey(code)];
    return doc ? (doc.value as { eventId: string }).eventId : null;
  }

  /** The documents and their sequence number are read atomically: applying changes after `seq` is exact. */
  async function snapshot(eventId: string, me: Snapshot['me']): Promise<Snapshot | null> {
    const { seq, docs } = await store.readAt(eventId, [KEYS.meta, KEYS.agenda]);
    if (!docs.meta || !docs.agenda) return null;
    return { epoch: store.epoch(), seq, serverTime: now(), event: docs.meta.value as EventMeta, agenda: docs.agenda.value as AgendaState, me };
  }

  async function accessOf(eventId: string): Promise<AccessState | null> {
    const doc = (await store.read(eventId, [KEYS.access]))[KEYS.access];
    return doc ? (doc.value as AccessState) : null;
  }

  return { execute, broadcast, readEvent, findEventByCode, snapshot, accessOf };
}
export type Service = ReturnType<typeof createService>;
