/**
 * The one storage interface. Two implementations pass one contract suite (test/store/contract.ts):
 * the embedded default (memory + an append-only journal on disk) and Redis.
 *
 * A store holds, per scope (one conference event, plus a `_global` scope for the event-code index):
 * - documents: JSON values under keys, each with a version that every write bumps (optimistic concurrency);
 * - a change log: every accepted change numbered 1, 2, 3... in its scope; the last LIMITS.changeLogKeep are kept;
 * - operation replies: the reply of each committed mutation under its operation key, so that a retry with the
 *   same key gets the first reply and changes nothing.
 * A commit is atomic: either all of it happens (documents, changes, reply) or none.
 */
export interface Doc<T = unknown> {
  version: number;
  value: T;
}

export interface StoredChange {
  seq: number;
  /** The domain event, as JSON. */
  event: unknown;
  /** Who may see it: everybody, only the event's staff (chairs, rapporteurs, organisers), or staff and one person. */
  audience: Audience;
}
export type Audience = 'all' | 'staff' | `user:${string}`;

export interface CommitInput {
  scope: string;
  /** Idempotency key: the actor and the client's operation id. */
  opKey: string | null;
  /** Each key's version as read (0: the document must not exist yet). Any mismatch: a conflict, nothing written. */
  expect: Record<string, number>;
  put: Record<string, unknown>;
  changes: { event: unknown; audience: Audience }[];
  /** Stored under opKey and returned to a retry. */
  reply: unknown;
  /** Set members to add or remove (e.g. the upvoters of a question: one membership per attendee). */
  sets?: { key: string; add?: string[]; remove?: string[] }[];
  /** Sets merged: every member of `from` becomes a member of `into` (a member of both stays one). */
  unions?: { into: string; from: string }[];
  /** Integer counters in a hash (e.g. a poll's tally per option), changed by `by`. */
  incr?: { key: string; field: string; by: number }[];
  /**
   * Removed whole, after everything else: sets, and fields of counter hashes (what a bounded history no longer
   * holds, e.g. the reactions of chat messages that aged out).
   */
  forget?: { sets?: string[]; counters?: { key: string; fields: string[] }[] };
}

export type CommitOutcome =
  /** seq: the last change written, or the scope's head when the commit wrote no change. */
  | { kind: 'committed'; seq: number; changes: StoredChange[]; reply: unknown }
  | { kind: 'duplicate'; seq: number; reply: unknown }
  /**
   * key: the first stale document. current: `readForCommand` now gives the store's current version of every
   * document the commit expected (embedded: always; Redis: the conflict brought the stale ones back, unless large).
   */
  | { kind: 'conflict'; key: string; current: boolean };

export type ChangesSince = { kind: 'changes'; changes: StoredChange[] } | { kind: 'gone' };

export interface Store {
  readonly kind: 'embedded' | 'redis';
  open(): Promise<void>;
  close(): Promise<void>;
  /** Changes when the store's data was lost or wiped; clients compare it to know that their sequence is void. */
  epoch(): string;
  ping(): Promise<void>;
  read(scope: string, keys: string[]): Promise<Record<string, Doc | undefined>>;
  /**
   * Documents for a command to decide on, which may be older than the store's (a process may answer from what it
   * last read or wrote, without asking the store; a document it has not seen comes back absent) but never newer.
   * Sound only for a command that commits expecting every version it read: a stale document makes the commit
   * conflict, and the command then reads afresh (`read`) and decides again. Nothing may be refused on it alone.
   */
  readForCommand(scope: string, keys: string[]): Promise<Record<string, Doc | undefined>>;
  /** The documents and the head sequence number read atomically: the documents hold exactly changes 1..seq. */
  readAt(scope: string, keys: string[]): Promise<{ seq: number; docs: Record<string, Doc | undefined> }>;
  commit(input: CommitInput): Promise<CommitOutcome>;
  /** The reply stored for an operation key (its first commit), while it is kept; null when there is none. */
  reply(scope: string, opKey: string): Promise<{ seq: number; reply: unknown } | null>;
  /** The last sequence number of a scope (0 when nothing happened yet). */
  head(scope: string): Promise<number>;
  /** The changes after `seq`, in order; `gone` when some of them are no longer kept. */
  changesSince(scope: string, seq: number): Promise<ChangesSince>;
  /** Sizes of sets, and whether `member` is in each. */
  sets(scope: string, keys: string[], member?: string): Promise<{ size: number; has: boolean }[]>;
  /** The members of one set. */
  members(scope: string, key: string): Promise<string[]>;
  /** All counters of a hash (absent: {}). */
  counters(scope: string, key: string): Promise<Record<string, number>>;
  /**
   * A scope's whole content at one instant (the documents, sets and counters consistent with `head`), for a backup.
   * Neither the change log nor the operation replies: they mean nothing in another store.
   */
  dump(scope: string): Promise<ScopeDump>;
  /**
   * Writes a scope's whole content at once into a store that does not have that scope (`exists` otherwise: nothing
   * written). The head and the document versions are the dump's, the change log is empty (a client asking for
   * changes before the head gets a snapshot) and there are no operation replies. `claim`, when given, is a document
   * of another scope (the event-code index) written with the scope in the same atomic step, only if it does not
   * exist yet (`taken` otherwise: nothing written). Either all of it is served, or none.
   */
  restore(scope: string, dump: ScopeDump, claim?: RestoreClaim): Promise<RestoreOutcome>;
  /**
   * Drops a scope's change log and its stored operation replies (both carry what people wrote), keeping its head
   * sequence number: a client behind it then gets `gone` and takes a fresh snapshot, and later changes are numbered
   * on. Used when an event's personal data is erased (docs/PRIVACY.md); nothing of the dropped history may come back
   * after a restart.
   */
  forgetHistory(scope: string): Promise<void>;
  /** The scopes that hold documents (every event, and the `_global` index): what an upgrade at start goes through. */
  scopeNames(): Promise<string[]>;
}

/**
 * An empty object for values keyed by document keys. Many keys name one attendee each (`ballot:<poll>:<attendee>`):
 * V8 gives an ordinary object a new hidden class for every new key it is given, kept for the process's life, while an
 * object without a prototype is a plain hash table from the start (measured: ~2 µs against ~0.3 µs per object with
 * tens of thousands of such keys).
 */
export function byKey<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The store cannot be reached or answered too late: the request fails with UNAVAILABLE, nothing is assumed. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** A scope's content as `dump` gives it and `restore` takes it. */
export interface ScopeDump {
  /** The last sequence number: the documents hold exactly changes 1..head. */
  head: number;
  docs: { key: string; version: number; value: unknown }[];
  sets: { key: string; members: string[] }[];
  /** Hashes of integer counters; a counter at zero is absent, as in the store. */
  counters: { key: string; fields: Record<string, number> }[];
}

/** A document of another scope written with a restored scope, only if it does not exist yet (version 1). */
export interface RestoreClaim {
  scope: string;
  key: string;
  value: unknown;
}

export type RestoreOutcome = { kind: 'restored'; head: number } | { kind: 'exists' } | { kind: 'taken'; key: string };
