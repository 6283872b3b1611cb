import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { DomainError } from '../../shared/protocol/errors';
import type { Actor } from '../../shared/domain/actor';
import type { DomainEvent, EventMeta } from '../../shared/protocol/messages';
import type { AgendaState } from '../../shared/protocol/agenda';
import type { AccessState } from '../../shared/protocol/links';
import { byKey, type Audience, type CommitInput, type Doc, type Store, type StoredChange } from '../store/store';
import { GLOBAL_SCOPE, KEYS, codeKey } from './keys';

/** Told of every commit as it is made (the benchmark's naive outbox sends it at once; the live stream reads the store). */
export type CommitListener = (eventId: string, changes: StoredChange[], incr: NonNullable<CommitInput['incr']>) => void;

/** What a command writes, decided from the documents it read. */
export interface Plan {
  changes: { event: DomainEvent; audience: Audience }[];
  put?: Record<string, unknown>;
  sets?: CommitInput['sets'];
  unions?: CommitInput['unions'];
  incr?: CommitInput['incr'];
  forget?: CommitInput['forget'];
  /** Extra reply fields, stored with the operation so that a retry gets them too. */
  reply?: Record<string, unknown>;
}

export interface Command {
  eventId: string;
  actor: Actor;
  opId: string | null;
  /** Documents to read; the commit expects each at the version read (absent: must still be absent). */
  keys: string[];
  plan: (docs: Record<string, unknown | undefined>) => Plan | Promise<Plan>;
}

export type Applied = { seq: number } & Record<string, unknown>;

/**
 * The programme as clients get it: its JSON, encoded once per version of the agenda document, and its revision (a
 * hash of that JSON). A client that holds the programme sends the revision back and its snapshot leaves it out:
 * the programme is most of a snapshot's bytes and changes only by an import.
 */
export interface ProgrammeText {
  rev: string;
  json: Buffer;
  /** The same JSON as a string (a welcome splices it in: `RawJson`). */
  text: string;
}

/**
 * Runs commands: read the documents, let the pure domain decide (inside `plan`), write through the store with the
 * versions read (optimistic concurrency: on a conflict, read again and decide again). The live stream reads the
 * numbered changes from the store at its next tick. A retried operation id returns the first result and changes nothing.
 */
export function createService(deps: { store: Store; log: Logger; onCommit?: CommitListener }) {
  const { store, log, onCommit } = deps;

  /** What a retried operation gets: the reply stored with its first commit. */
  const firstReply = (stored: { seq: number; reply: unknown }): Applied => ({ ...(stored.reply as object | null), seq: stored.seq });

  async function execute(cmd: Command): Promise<Applied> {
    const opKey = cmd.opId ? `${cmd.actor.id}:${cmd.opId}` : null;
    // First on what this process has seen (on Redis: no round trip), and again after a conflict that brought the
    // current documents back; when that would refuse the command, on a read of what the store holds now: only a
    // decision on current documents may refuse.
    let onSeen = true;
    for (let attempt = 0; attempt < 8; attempt++) {
      const seen = onSeen;
      const docs = seen ? await store.readForCommand(cmd.eventId, cmd.keys) : await store.read(cmd.eventId, cmd.keys);
      const values = byKey<unknown>();
      const expect = byKey<number>();
      for (const k of cmd.keys) {
        values[k] = docs[k]?.value;
        expect[k] = docs[k]?.version ?? 0;
      }
      let plan: Plan;
      try {
        plan = await cmd.plan(values);
      } catch (error) {
        if (seen) {
          onSeen = false;
          continue;
        }
        // A retry of an operation that was committed before (its acknowledgement lost) gets the first reply, even
        // when the same request would now be refused (the poll has closed since): it was accepted, and counted.
        const first = opKey && error instanceof DomainError ? await store.reply(cmd.eventId, opKey) : null;
        if (first) return firstReply(first);
        throw error;
      }
      const outcome = await store.commit({
        scope: cmd.eventId,
        opKey,
        expect,
        put: plan.put ?? {},
        changes: plan.changes,
        sets: plan.sets,
        unions: plan.unions,
        incr: plan.incr,
        forget: plan.forget,
        reply: plan.reply ?? null,
      });
      if (outcome.kind === 'conflict') {
        onSeen = outcome.current;
        continue;
      }
      if (outcome.kind === 'duplicate') return firstReply(outcome);
      onCommit?.(cmd.eventId, outcome.changes, plan.incr ?? []);
      return { ...plan.reply, seq: outcome.seq };
    }
    log.warn({ eventId: cmd.eventId, keys: cmd.keys }, 'command gave up after repeated write conflicts');
    throw new DomainError('UNAVAILABLE', 'Too many changes at once; please try again.', { reason: 'server.busy' });
  }

  /** A command on one document whose new value is its events applied in order (the agenda, the links). */
  function executeOn<S, E extends DomainEvent>(spec: {
    eventId: string;
    actor: Actor;
    opId: string | null;
    key: string;
    decide: (state: S) => E[];
    apply: (state: S, event: E) => S;
    audience?: (event: E) => Audience;
  }): Promise<Applied> {
    return execute({
      eventId: spec.eventId,
      actor: spec.actor,
      opId: spec.opId,
      keys: [spec.key],
      plan: (docs) => {
        const state = docs[spec.key] as S | undefined;
        if (state === undefined) throw new DomainError('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' });
        const events = spec.decide(state);
        return {
          changes: events.map((event) => ({ event, audience: spec.audience?.(event) ?? 'all' })),
          put: events.length ? { [spec.key]: events.reduce(spec.apply, state) } : {},
        };
      },
    });
  }

  const programmes = new Map<string, { epoch: string; version: number; text: ProgrammeText }>();
  function programmeText(eventId: string, agenda: Doc): ProgrammeText {
    const hit = programmes.get(eventId);
    if (hit && hit.epoch === store.epoch() && hit.version === agenda.version) return hit.text;
    const string = JSON.stringify((agenda.value as AgendaState).programme);
    const json = Buffer.from(string);
    const text = { rev: createHash('sha256').update(json).digest('base64url').slice(0, 22), json, text: string };
    programmes.set(eventId, { epoch: store.epoch(), version: agenda.version, text });
    return text;
  }

  async function readEvent(eventId: string): Promise<{ meta: EventMeta; agenda: AgendaState; access: AccessState } | null> {
    const docs = await store.read(eventId, [KEYS.meta, KEYS.agenda, KEYS.access]);
    if (!docs.meta || !docs.agenda || !docs.access) return null;
    return { meta: docs.meta.value as EventMeta, agenda: docs.agenda.value as AgendaState, access: docs.access.value as AccessState };
  }

  /** What a joining attendee gets besides its token: the event's title and its programme. */
  async function joinInfo(eventId: string): Promise<{ meta: EventMeta; programme: ProgrammeText } | null> {
    const docs = await store.read(eventId, [KEYS.meta, KEYS.agenda]);
    if (!docs.meta || !docs.agenda) return null;
    return { meta: docs.meta.value as EventMeta, programme: programmeText(eventId, docs.agenda) };
  }

  // An event's code and the event itself are written once, at its creation, and never changed or removed: what was
  // found stays true until the store's epoch changes. A burst of joins then skips two store reads each.
  // A fact read under one epoch is not kept once another began meanwhile (hence a new object per epoch).
  let known = { epoch: '', codes: new Map<string, string>(), events: new Set<string>() };
  function knownFacts(): typeof known {
    if (known.epoch !== store.epoch()) known = { epoch: store.epoch(), codes: new Map(), events: new Set() };
    return known;
  }

  async function findEventByCode(code: string): Promise<string | null> {
    const facts = knownFacts();
    const key = codeKey(code);
    const hit = facts.codes.get(key);
    if (hit) return hit;
    const doc = (await store.read(GLOBAL_SCOPE, [key]))[key];
    if (!doc) return null;
    const eventId = (doc.value as { eventId: string }).eventId;
    if (facts === knownFacts()) facts.codes.set(key, eventId);
    return eventId;
  }

  /** Whether the event exists (an attendee's token names it; a link's holder needs `accessOf` to see revocations). */
  async function eventExists(eventId: string): Promise<boolean> {
    const facts = knownFacts();
    if (facts.events.has(eventId)) return true;
    const exists = !!(await store.read(eventId, [KEYS.meta]))[KEYS.meta];
    if (exists && facts === knownFacts()) facts.events.add(eventId);
    return exists;
  }

  /**
   * The event's core documents and their sequence number, read atomically. Documents a feature reads after this
   * may be newer than `seq`; the changes after `seq` then reach the client again, and since every change carries
   * a whole document with its revision, applying them in order ends in the store's state.
   */
  async function core(eventId: string): Promise<{ seq: number; meta: EventMeta; agenda: AgendaState; programme: ProgrammeText } | null> {
    const { seq, docs } = await store.readAt(eventId, [KEYS.meta, KEYS.agenda]);
    if (!docs.meta || !docs.agenda) return null;
    return { seq, meta: docs.meta.value as EventMeta, agenda: docs.agenda.value as AgendaState, programme: programmeText(eventId, docs.agenda) };
  }

  async function accessOf(eventId: string): Promise<AccessState | null> {
    const doc = (await store.read(eventId, [KEYS.access]))[KEYS.access];
    return doc ? (doc.value as AccessState) : null;
  }

  return { execute, executeOn, readEvent, joinInfo, findEventByCode, eventExists, core, accessOf };
}
export type Service = ReturnType<typeof createService>;
