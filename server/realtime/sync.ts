import type { Logger } from 'pino';
import { DomainError, type Reply } from '../../shared/protocol/errors';
import { shownTo, type Actor } from '../../shared/domain/actor';
import type { Change, FeatureSnapshots, LiveCounts, Sync, SyncResult } from '../../shared/protocol/messages';
import { replaceKeyOf, type ServerFeature } from '../core/feature';
import { compactChanges } from '../../shared/protocol/changes';
import type { Service } from '../core/service';
import type { Store } from '../store/store';
import { toFailure, type AppSocket } from './router';
import { RawJson } from './encoder';
import type { Programme } from '../../shared/protocol/programme';

/**
 * A person's way back to the present: the `welcome` every connection gets first, and the catch-up (`sync`) a
 * client asks for when it sees a gap. Both answer "what I hold" (epoch, last change, programme revision) with the
 * changes since, or a snapshot made of the core documents and each feature's part.
 */
export function createSync(deps: { store: Store; service: Service; features: readonly ServerFeature[]; now: () => number; log: Logger }) {
  const replaceKey = replaceKeyOf(deps.features);
  const { store, service, now, log } = deps;
  const parts = deps.features.flatMap((f) => (f.snapshot ? [f.snapshot] : []));
  const totals = deps.features.flatMap((f) => (f.totals ? [f.totals] : []));
  // The documents every snapshot is made from, by event (see sharedDocs).
  const sharedByEvent = new Map<string, { epoch: string; seq: number; docs: Promise<unknown[]> }>();

  /**
   * The documents every snapshot of an event is made from (each feature's `readShared`: the rooms' Q&A settings,
   * the questions, the polls), read once per sequence number and shared by the snapshots at it: the burst of joins
   * at the start of a session reads them once instead of once per person. Sound because every write to these
   * documents is a numbered change; votes and upvotes change counters and sets only, which each snapshot reads
   * for itself. Read after the sequence number, the documents may be newer than it, as a snapshot's always could
   * (see `service.core`).
   */
  function sharedDocs(eventId: string, seq: number, roomIds: string[]): Promise<unknown[]> {
    const epoch = store.epoch();
    const hit = sharedByEvent.get(eventId);
    if (hit && hit.epoch === epoch && hit.seq === seq) return hit.docs;
    const docs = Promise.all(parts.map((part) => part.readShared(store, eventId, roomIds)));
    sharedByEvent.set(eventId, { epoch, seq, docs });
    // A failed read (the store away) is not kept: the next snapshot reads again.
    docs.catch(() => sharedByEvent.get(eventId)?.docs === docs && sharedByEvent.delete(eventId));
    return docs;
  }

  /** Catch-up: the changes after lastSeq when the store still has them and the epoch matches, else a snapshot. */
  /** `raw`: the programme as `RawJson` (the welcome's encoder splices it in), else as an object. */
  async function sync(socket: AppSocket, { epoch, lastSeq, programmeRev }: Sync, raw = false): Promise<SyncResult> {
    const { eventId, actor, name } = socket.data;
    if (epoch === store.epoch() && lastSeq > 0) {
      const since = await store.changesSince(eventId, lastSeq);
      if (since.kind === 'changes') {
        const staff = isStaff(actor);
        const visible = (audience: string) => staff || audience === 'all' || audience === `user:${actor.id}`;
        const changes = compactChanges(
          since.changes.map((c): Change => ({ seq: c.seq, event: visible(c.audience) ? shownTo(actor, c.event as Change['event']) : null })),
          replaceKey,
        );
        const live = Object.assign({}, ...(await Promise.all(totals.map((t) => t.catchUp(store, eventId, actor))))) as LiveCounts;
        return { mode: 'changes', epoch, changes, live, serverTime: now() };
      }
    }
    const core = await service.core(eventId);
    if (!core) throw new DomainError('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' });
    const shared = await sharedDocs(
      eventId,
      core.seq,
      core.agenda.programme.rooms.map((r) => r.id),
    );
    const features = Object.fromEntries(
      await Promise.all(parts.map(async (part, i) => [part.key, shownTo(actor, await part.forPerson(store, eventId, shared[i], actor))] as const)),
    ) as FeatureSnapshots;
    const me = { role: actor.role, id: actor.id, name, roomScope: actor.roomScope };
    const programme = raw ? (new RawJson(core.programme.text) as unknown as Programme) : core.agenda.programme;
    // The programme first, as the agenda document has it (the benchmark's client skips it by its place).
    const agenda = programmeRev === core.programme.rev ? { live: core.agenda.live } : { programme, live: core.agenda.live };
    return {
      mode: 'snapshot',
      snapshot: { ...features, epoch: store.epoch(), seq: core.seq, serverTime: now(), event: core.meta, agenda, programmeRev: core.programme.rev, me },
    };
  }

  /**
   * The first message of every connection: the session its handshake made, if it joined, and the answer to the
   * handshake's `sync` (a whole snapshot when it has none). One push instead of a request and its answer.
   */
  async function welcome(socket: AppSocket): Promise<void> {
    const pending = socket.data.welcome;
    if (!pending) return;
    // Not kept for the connection's life (a token, per connection, on the path where memory per connection counts).
    socket.data.welcome = null;
    let reply: Reply<SyncResult>;
    try {
      reply = { ok: true, ...(await sync(socket, pending.sync, true)) };
    } catch (error) {
      reply = toFailure(error, log, { event: 'welcome' });
    }
    if (socket.connected) socket.emit('welcome', { joined: pending.joined, sync: reply });
  }

  return { sync, welcome };
}

export function isStaff(actor: Actor): boolean {
  return actor.role !== 'attendee';
}
