import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../shared/limits';
import {
  StoreUnavailableError,
  byKey,
  type ChangesSince,
  type CommitInput,
  type CommitOutcome,
  type Doc,
  type RestoreClaim,
  type RestoreOutcome,
  type ScopeDump,
  type Store,
  type StoredChange,
} from './store';

/**
 * The embedded default: everything in memory, every commit appended to a journal file before it is acknowledged.
 * A restart (or a SIGKILL) replays the journal; a torn last line from a crash mid-write is ignored, since its
 * commit was never acknowledged. At open the journal is compacted into one snapshot line per scope.
 *
 * Group commit: the commits of one turn of the event loop are written with one system call, at the end of the
 * turn, and each commit resolves only once its line is written. Until then only commands see them
 * (`readForCommand`: a command deciding on one commits after it, so its own line comes later); every other read
 * writes the lines first, so nothing a client can be told, nor a tick or a snapshot, is ever ahead of the journal.
 */
interface Scope {
  docs: Map<string, Doc>;
  sets: Map<string, Set<string>>;
  counters: Map<string, Map<string, number>>;
  seq: number;
  log: StoredChange[];
  ops: OpReplies;
}

type OpReply = { seq: number; reply: unknown };

/**
 * Operation replies by key, forgotten by age in two generations: a reply is kept for at least half of
 * `LIMITS.opIdTtlSeconds` and at most all of it. No entry carries a time of its own, and an empty reply (a vote's)
 * keeps only its sequence number: at thousands of votes a second these records are much of a plenary's memory.
 */
class OpReplies {
  private current = new Map<string, number | OpReply>();
  private previous = new Map<string, number | OpReply>();
  private currentSince = -Infinity;
  private previousSince = -Infinity;

  constructor(private readonly ttlMs: number) {}

  get(key: string): OpReply | undefined {
    const op = this.current.get(key) ?? this.previous.get(key);
    return typeof op === 'number' ? { seq: op, reply: null } : op;
  }

  set(key: string, seq: number, reply: unknown, at: number): void {
    if (at - this.currentSince >= this.ttlMs / 2) {
      // The previous generation is now at least half the time to live old: let it go.
      const recent = at - this.currentSince < this.ttlMs;
      [this.previous, this.previousSince] = recent ? [this.current, this.currentSince] : [new Map(), -Infinity];
      [this.current, this.currentSince] = [new Map(), at];
    }
    this.current.set(key, reply === null ? seq : { seq, reply });
  }

  /** Oldest first, each with the start of its generation as its time (never later than its commit). */
  *entries(): Generator<[string, OpReply & { at: number }]> {
    for (const [map, at] of [
      [this.previous, this.previousSince],
      [this.current, this.currentSince],
    ] as const) {
      for (const [key, op] of map) yield [key, { ...(typeof op === 'number' ? { seq: op, reply: null } : op), at }];
    }
  }
}

type JournalLine =
  | { t: 'epoch'; epoch: string }
  | {
      t: 'commit';
      scope: string;
      at: number;
      /** [key, document] pairs (journals written before kept an object keyed by document key: read too). */
      put: [string, Doc][] | Record<string, Doc>;
      changes: StoredChange[];
      opKey: string | null;
      seq: number;
      reply: unknown;
      sets?: CommitInput['sets'];
      unions?: CommitInput['unions'];
      incr?: CommitInput['incr'];
      forget?: CommitInput['forget'];
    }
  | {
      t: 'scope';
      scope: string;
      seq: number;
      docs: Record<string, Doc>;
      sets?: Record<string, string[]>;
      counters?: Record<string, Record<string, number>>;
      log: StoredChange[];
      ops: Record<string, { seq: number; reply: unknown; at: number }>;
    }
  | RestoreLine;

/** A restored scope (see `restore`) and its claimed document, in one line: replayed whole or, torn, not at all. */
interface RestoreLine {
  t: 'restore';
  scope: string;
  seq: number;
  docs: [string, Doc][];
  sets: [string, string[]][];
  counters: [string, Record<string, number>][];
  claim?: { scope: string; key: string; doc: Doc };
}

export interface EmbeddedStoreOptions {
  dir: string;
  now?: () => number;
  /** fsync after every commit: survives a power cut, not only a process crash. Off by default (page cache). */
  fsync?: boolean;
  changeLogKeep?: number;
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private scopes = new Map<string, Scope>();
  private fd: number | null = null;
  private epochValue = '';
  private readonly file: string;
  private readonly now: () => number;
  private readonly keep: number;
  /** The journal lines of commits applied in memory but not written yet, and their commits' common promise. */
  private batch: { text: string; done: Promise<void>; settle: (error?: Error) => void } | null = null;
  /** A journal write failed: memory is ahead of the journal, so the store refuses everything until a restart. */
  private broken: Error | null = null;

  constructor(private readonly options: EmbeddedStoreOptions) {
    this.file = path.join(options.dir, 'journal.jsonl');
    this.now = options.now ?? Date.now;
    this.keep = options.changeLogKeep ?? LIMITS.changeLogKeep;
  }

  async open(): Promise<void> {
    fs.mkdirSync(this.options.dir, { recursive: true });
    if (fs.existsSync(this.file)) this.replay(fs.readFileSync(this.file, 'utf8'));
    if (!this.epochValue) this.epochValue = randomUUID();
    this.compact();
    this.fd = fs.openSync(this.file, 'a');
  }

  async close(): Promise<void> {
    this.write();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  epoch(): string {
    return this.epochValue;
  }

  async ping(): Promise<void> {
    if (this.fd === null) throw new Error('the store is closed');
    if (this.broken) throw this.broken;
  }

  async read(scope: string, keys: string[]): Promise<Record<string, Doc | undefined>> {
    this.written();
    return this.docs(scope, keys);
  }

  /** Memory is the store here: always current, including the commits whose lines are being written. */
  async readForCommand(scope: string, keys: string[]): Promise<Record<string, Doc | undefined>> {
    if (this.broken) throw this.broken;
    return this.docs(scope, keys);
  }

  async reply(scope: string, opKey: string): Promise<{ seq: number; reply: unknown } | null> {
    this.written();
    return this.scopes.get(scope)?.ops.get(opKey) ?? null;
  }

  async readAt(scope: string, keys: string[]): Promise<{ seq: number; docs: Record<string, Doc | undefined> }> {
    this.written();
    return { seq: this.scopes.get(scope)?.seq ?? 0, docs: this.docs(scope, keys) };
  }

  async head(scope: string): Promise<number> {
    this.written();
    return this.scopes.get(scope)?.seq ?? 0;
  }

  async changesSince(scope: string, seq: number): Promise<ChangesSince> {
    this.written();
    const s = this.scopes.get(scope);
    if (!s || seq >= s.seq) return { kind: 'changes', changes: [] };
    const first = s.log[0]?.seq ?? s.seq + 1;
    if (seq + 1 < first) return { kind: 'gone' };
    return { kind: 'changes', changes: s.log.slice(seq + 1 - first) };
  }

  async sets(scope: string, keys: string[], member?: string): Promise<{ size: number; has: boolean }[]> {
    this.written();
    const s = this.scopes.get(scope);
    return keys.map((k) => {
      const set = s?.sets.get(k);
      return { size: set?.size ?? 0, has: member !== undefined && !!set?.has(member) };
    });
  }

  async members(scope: string, key: string): Promise<string[]> {
    this.written();
    return [...(this.scopes.get(scope)?.sets.get(key) ?? [])];
  }

  async counters(scope: string, key: string): Promise<Record<string, number>> {
    this.written();
    return Object.fromEntries(this.scopes.get(scope)?.counters.get(key) ?? []);
  }

  async commit(input: CommitInput): Promise<CommitOutcome> {
    if (this.fd === null) throw new Error('the store is closed');
    if (this.broken) throw this.broken;
    const s = this.scope(input.scope);
    // Everything up to the journal's promise runs without an await: no other commit can interleave.
    if (input.opKey) {
      const prev = s.ops.get(input.opKey);
      if (prev) {
        // Its first commit may still be in the batch: on disk before its reply is given again.
        this.written();
        return { kind: 'duplicate', seq: prev.seq, reply: prev.reply };
      }
    }
    for (const key in input.expect) {
      if ((s.docs.get(key)?.version ?? 0) !== input.expect[key]) return { kind: 'conflict', key, current: true };
    }
    const put: [string, Doc][] = [];
    for (const key in input.put) put.push([key, { version: (s.docs.get(key)?.version ?? 0) + 1, value: input.put[key] ?? null }]);
    const changes = input.changes.map((c, i) => ({ seq: s.seq + 1 + i, audience: c.audience, event: c.event }));
    const seq = s.seq + changes.length;
    const line: Extract<JournalLine, { t: 'commit' }> = {
      t: 'commit',
      scope: input.scope,
      at: this.now(),
      put,
      changes,
      opKey: input.opKey,
      seq,
      reply: input.reply ?? null,
      ...(input.sets?.length ? { sets: input.sets } : {}),
      ...(input.unions?.length ? { unions: input.unions } : {}),
      ...(input.incr?.length ? { incr: input.incr } : {}),
      ...(input.forget?.sets?.length || input.forget?.counters?.length ? { forget: input.forget } : {}),
    };
    const text = JSON.stringify(line);
    // Memory keeps the caller's objects, frozen: what a read returns can never be changed behind the store's back
    // (a copy through JSON.parse, as Redis's, cost a tenth of the server's CPU at 2,500 votes a second).
    for (const [, doc] of put) deepFreeze(doc.value);
    for (const c of changes) deepFreeze(c.event);
    deepFreeze(line.reply);
    this.applyCommit(s, line);
    // Durable before acknowledged, and before anything but a command reads it (see `written`): a crash cannot take
    // back a commit that anybody was told of, so a client's numbers stay true across a restart.
    await this.journal(text);
    return { kind: 'committed', seq, changes: line.changes, reply: line.reply };
  }

  private docs(scope: string, keys: string[]): Record<string, Doc | undefined> {
    const s = this.scopes.get(scope);
    const out = byKey<Doc | undefined>();
    for (const k of keys) out[k] = s?.docs.get(k);
    return out;
  }

  /** Adds a commit's line to this turn's batch; resolves once the batch is written. */
  private journal(text: string): Promise<void> {
    if (!this.batch) {
      let settle: (error?: Error) => void = () => undefined;
      const done = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
      this.batch = { text: '', done, settle };
      setImmediate(() => this.write());
    }
    this.batch.text += text + '\n';
    return this.batch.done;
  }

  /** Writes the batch (one system call, one fdatasync with `fsync`). A failure stops the store: see `broken`. */
  private write(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      if (this.fd === null) throw new Error('the store is closed');
      writeFully(this.fd, batch.text);
      if (this.options.fsync) fs.fdatasyncSync(this.fd);
      batch.settle();
    } catch (error) {
      this.broken = new StoreUnavailableError(`the journal could not be written (${(error as Error).message}); the process must restart`, { cause: error });
      batch.settle(this.broken);
    }
  }

  /** Before a read whose answer may leave the store: every commit made so far is in the journal. */
  private written(): void {
    this.write();
    if (this.broken) throw this.broken;
  }

  /** Operation replies of one scope, from a snapshot line's (oldest first, as written). */
  private newOps(from: [string, { seq: number; reply: unknown; at: number }][] = []): OpReplies {
    const ops = new OpReplies(LIMITS.opIdTtlSeconds * 1000);
    for (const [key, op] of from.sort((a, b) => a[1].at - b[1].at)) ops.set(key, op.seq, op.reply, op.at);
    return ops;
  }

  private scope(name: string): Scope {
    let s = this.scopes.get(name);
    if (!s) {
      s = { docs: new Map(), sets: new Map(), counters: new Map(), seq: 0, log: [], ops: this.newOps() };
      this.scopes.set(name, s);
    }
    return s;
  }

  private applyCommit(s: Scope, line: Extract<JournalLine, { t: 'commit' }>): void {
    for (const [k, doc] of Array.isArray(line.put) ? line.put : Object.entries(line.put)) s.docs.set(k, doc);
    for (const op of line.sets ?? []) {
      const set = s.sets.get(op.key) ?? new Set<string>();
      for (const m of op.add ?? []) set.add(m);
      for (const m of op.remove ?? []) set.delete(m);
      if (set.size) s.sets.set(op.key, set);
      else s.sets.delete(op.key);
    }
    for (const u of line.unions ?? []) {
      const from = s.sets.get(u.from);
      if (!from?.size) continue;
      const into = s.sets.get(u.into) ?? new Set<string>();
      for (const m of from) into.add(m);
      s.sets.set(u.into, into);
    }
    for (const c of line.incr ?? []) {
      const hash = s.counters.get(c.key) ?? new Map<string, number>();
      // A counter back at zero is the same as none: removed, so a tally holds only what counts (a word cloud's
      // words nobody has on a ballot any more would otherwise pile up).
      const value = (hash.get(c.field) ?? 0) + c.by;
      if (value === 0) hash.delete(c.field);
      else hash.set(c.field, value);
      if (hash.size) s.counters.set(c.key, hash);
      else s.counters.delete(c.key);
    }
    for (const key of line.forget?.sets ?? []) s.sets.delete(key);
    for (const { key, fields } of line.forget?.counters ?? []) {
      const hash = s.counters.get(key);
      if (!hash) continue;
      for (const f of fields) hash.delete(f);
      if (!hash.size) s.counters.delete(key);
    }
    if (line.changes.length) {
      s.log.push(...line.changes);
      if (s.log.length > this.keep) s.log.splice(0, s.log.length - this.keep);
    }
    s.seq = Math.max(s.seq, line.seq);
    if (line.opKey) s.ops.set(line.opKey, line.seq, line.reply, line.at);
  }

  private replay(text: string): void {
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      let line: JournalLine;
      try {
        line = JSON.parse(raw) as JournalLine;
      } catch {
        continue; // a torn write at a crash: never acknowledged
      }
      if (line.t === 'epoch') this.epochValue = line.epoch;
      else if (line.t === 'commit') this.applyCommit(this.scope(line.scope), line);
      else if (line.t === 'restore') this.applyRestore(line);
      else if (line.t === 'scope') {
        this.scopes.set(line.scope, {
          docs: new Map(Object.entries(line.docs)),
          sets: new Map(Object.entries(line.sets ?? {}).map(([k, v]) => [k, new Set(v)])),
          // Counters at zero (kept by older journals) are dropped as a commit drops them.
          counters: new Map(Object.entries(line.counters ?? {}).map(([k, v]) => [k, new Map(Object.entries(v).filter(([, n]) => n !== 0))])),
          seq: line.seq,
          log: line.log,
          ops: this.newOps(Object.entries(line.ops)),
        });
      }
    }
  }

  /** Rewrites the journal as one line per scope (expired operation replies dropped), atomically by rename. */
  private compact(): void {
    const cutoff = this.now() - LIMITS.opIdTtlSeconds * 1000;
    const lines: JournalLine[] = [{ t: 'epoch', epoch: this.epochValue }];
    for (const [name, s] of this.scopes) {
      const ops = byKey<{ seq: number; reply: unknown; at: number }>();
      for (const [k, v] of s.ops.entries()) if (v.at >= cutoff) ops[k] = v;
      s.ops = this.newOps(Object.entries(ops));
      lines.push({
        t: 'scope',
        scope: name,
        seq: s.seq,
        docs: Object.fromEntries(s.docs),
        log: s.log,
        ops,
        sets: Object.fromEntries([...s.sets].map(([k, v]) => [k, [...v]])),
        counters: Object.fromEntries([...s.counters].map(([k, v]) => [k, Object.fromEntries(v)])),
      });
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
  }

  async dump(scope: string): Promise<ScopeDump> {
    this.written();
    const s = this.scopes.get(scope);
    // Copied now, in one turn: what is sent afterwards is this instant's content whatever is committed meanwhile.
    // Document values are never changed in place (a write replaces them), so they are shared, not copied.
    return {
      head: s?.seq ?? 0,
      docs: [...(s?.docs ?? [])].map(([key, doc]) => ({ key, version: doc.version, value: doc.value })),
      sets: [...(s?.sets ?? [])].map(([key, set]) => ({ key, members: [...set] })),
      counters: [...(s?.counters ?? [])].map(([key, hash]) => ({ key, fields: Object.fromEntries(hash) })),
    };
  }

  async restore(scope: string, dump: ScopeDump, claim?: RestoreClaim): Promise<RestoreOutcome> {
    if (this.fd === null) throw new Error('the store is closed');
    if (this.broken) throw this.broken;
    // Checked and applied without an await, as a commit is: nothing can write the scope or the claim in between.
    const s = this.scopes.get(scope);
    if (s && (s.seq > 0 || s.docs.size || s.sets.size || s.counters.size)) return { kind: 'exists' };
    if (claim && this.scopes.get(claim.scope)?.docs.has(claim.key)) return { kind: 'taken', key: claim.key };
    const text = JSON.stringify({
      t: 'restore',
      scope,
      seq: dump.head,
      docs: dump.docs.map((d) => [d.key, { version: d.version, value: d.value ?? null }]),
      sets: dump.sets.filter((x) => x.members.length).map((x) => [x.key, x.members]),
      counters: dump.counters.map((c) => [c.key, c.fields]),
      ...(claim ? { claim: { scope: claim.scope, key: claim.key, doc: { version: 1, value: claim.value ?? null } } } : {}),
    } satisfies RestoreLine);
    // As a commit: memory holds the parsed line, and the caller is answered once it is in the journal.
    this.applyRestore(JSON.parse(text) as RestoreLine);
    await this.journal(text);
    return { kind: 'restored', head: dump.head };
  }

  private applyRestore(line: RestoreLine): void {
    this.scopes.set(line.scope, {
      docs: new Map(line.docs),
      sets: new Map(line.sets.map(([k, v]) => [k, new Set(v)])),
      counters: new Map(line.counters.map(([k, v]) => [k, new Map(Object.entries(v).filter(([, n]) => n !== 0))] as const).filter(([, h]) => h.size > 0)),
      seq: line.seq,
      log: [],
      ops: this.newOps(),
    });
    if (line.claim) this.scope(line.claim.scope).docs.set(line.claim.key, line.claim.doc);
  }

  /**
   * Drops the scope's change log and operation replies, keeping its head. The journal still holds every commit's
   * line, texts included: it is rewritten at once as at open (one line per scope, by rename), so nothing dropped
   * comes back at a restart. Nothing awaits in between, so no commit interleaves with the rewrite.
   */
  async forgetHistory(scope: string): Promise<void> {
    this.written();
    const s = this.scopes.get(scope);
    if (!s) return;
    s.log = [];
    s.ops = this.newOps();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    this.compact();
    this.fd = fs.openSync(this.file, 'a');
  }

  async scopeNames(): Promise<string[]> {
    this.written();
    return [...this.scopes].flatMap(([name, s]) => (s.docs.size ? [name] : []));
  }
}

/** Freezes a JSON value and everything in it (a value already frozen is taken as frozen throughout). */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
}

/** A write to a file may be short (a full disk): write the rest, or fail. */
function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(fd, bytes, offset);
}
