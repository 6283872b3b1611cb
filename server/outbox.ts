import type { Logger } from 'pino';
import { LIMITS } from '../shared/limits';
import type { Change, LiveBatch } from '../shared/protocol/messages';
import type { Tally } from '../shared/protocol/polls';
import type { UpvoteCount } from '../shared/protocol/qa';
import { rooms, type IO } from './service';
import { fanOut, framed } from './fanout';
import { QA, upvoteCountsOf } from './qa';
import { POLLS, talliesOf } from './polls';
import type { CommitInput, Store, StoredChange } from './store/store';

/** The public room is split into this many shard rooms, sent to one after another with a pause between. */
export const PUBLIC_SHARDS = 8;

/** What this process has sent of one event so far. */
interface Feed {
  sockets: number;
  /** Resolves once the starting point is read; ticks wait for it. */
  ready: Promise<void>;
  /** The store's epoch the starting point was read in (null: not read yet); a new epoch starts the feed again. */
  epoch: string | null;
  lastSeq: number;
  /** Per question and per poll, the tick of the last count or tally sent. */
  countTicks: Record<string, number>;
  pollTicks: Record<string, number>;
}

/**
 * The live stream. Every tick (`LIMITS.flushIntervalMs`) this process reads, for each event it has connections
 * for, what changed in the store since its last tick, and sends each of its own clients one `live` message:
 * the numbered changes in order, the tally of every poll voted on and the count of every question upvoted.
 *
 * - One frame per client per tick, however many questions, highlights, votes and upvotes there were: every
 *   frame to every client is a system call, and that, not the votes, is what limits a plenary of thousands.
 * - Read from the store, not pushed by the commands: with several processes each one sends everything, including
 *   the other processes' writes, to its own clients only. Nothing crosses between processes, and a client never
 *   sees a gap that another process's tick would fill later.
 * - Tallies and counts carry the tick that every vote and upvote raises in its own commit, so "changed since the
 *   last tick" is exact and a client can drop a figure older than one it has.
 * - The public room goes out shard by shard, yielding to the event loop between shards, so that a tick's
 *   thousands of writes do not hold up the acks waiting behind them.
 *
 * With `coalesce: false` (the benchmark's naive scenario) every commit sends at once: one broadcast per change.
 */
export class LiveOutbox {
  private feeds = new Map<string, Feed>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private nextShard = 0;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(
    private readonly deps: { io: IO; store: Store; log: Logger; coalesce?: boolean; intervalMs?: number },
  ) {
    this.intervalMs = deps.intervalMs ?? LIMITS.flushIntervalMs;
  }

  /** A connection of this event arrived: it joins a public shard (attendees) and the event's feed starts if new. */
  attach(eventId: string, staff: boolean): string[] {
    let feed = this.feeds.get(eventId);
    if (!feed) {
      const created: Feed = { sockets: 0, ready: Promise.resolve(), epoch: null, lastSeq: 0, countTicks: {}, pollTicks: {} };
      // Read before the first client's snapshot can be: whatever the snapshot misses, the first tick sends.
      created.ready = this.start(eventId, created);
      this.feeds.set(eventId, (feed = created));
    }
    feed.sockets++;
    this.schedule();
    if (staff) return [rooms.staff(eventId)];
    this.nextShard = (this.nextShard + 1) % PUBLIC_SHARDS;
    return [rooms.publicShard(eventId, this.nextShard)];
  }

  detach(eventId: string): void {
    const feed = this.feeds.get(eventId);
    if (feed && --feed.sockets <= 0) this.feeds.delete(eventId);
  }

  /**
   * A commit went through. Coalesced, the next tick reads and sends it. Naive (the benchmark's baseline), this
   * commit alone goes out at once: its numbered changes, and the tally or count its counters moved.
   */
  changed(eventId: string, changes: StoredChange[], incr: NonNullable<CommitInput['incr']>): void {
    if (this.deps.coalesce !== false) return;
    const questions = incr.filter((c) => c.key === QA.ticks).map((c) => c.field);
    const polls = incr.filter((c) => c.key === POLLS.ticks).map((c) => c.field);
    void Promise.all([
      questions.length ? upvoteCountsOf(this.deps.store, eventId, questions) : {},
      polls.length ? talliesOf(this.deps.store, eventId, polls) : { staff: [], attendees: [] },
    ])
      .then(([counts, tallies]) => this.send(eventId, { ...cut(changes), counts, tallies }))
      .catch((error: Error) => this.deps.log.warn({ err: error.message, eventId }, 'live stream could not send a change'));
  }

  /** Runs a tick now (or right after the one running), e.g. before a shutdown. */
  async flush(): Promise<void> {
    if (this.deps.coalesce === false) return; // naive: every commit went out on its own already
    if (this.ticking) {
      this.again = true;
      // The tick running may have read before the latest commits: wait for the one after it too.
      return this.ticking.then(() => this.ticking ?? undefined);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const started = Date.now();
    this.ticking = this.tick().finally(() => {
      this.ticking = null;
      if (this.again) {
        this.again = false;
        void this.flush();
      } else this.schedule(started);
    });
    return this.ticking;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The next tick one interval after the last one started, or at once if it ran longer. */
  private schedule(lastStart = Date.now()): void {
    if (this.stopped || this.timer || this.ticking || !this.feeds.size || this.deps.coalesce === false) return;
    this.timer = setTimeout(() => void this.flush(), Math.max(0, lastStart + this.intervalMs - Date.now()));
    this.timer.unref();
  }

  private async start(eventId: string, feed: Feed): Promise<void> {
    const { store } = this.deps;
    const epoch = store.epoch();
    try {
      [feed.lastSeq, feed.countTicks, feed.pollTicks] = await Promise.all([
        store.head(eventId),
        store.counters(eventId, QA.ticks),
        store.counters(eventId, POLLS.ticks),
      ]);
      feed.epoch = epoch;
    } catch (error) {
      // The store is away: the next tick tries again (clients catch up by number when it is back).
      feed.epoch = null;
      this.deps.log.warn({ err: (error as Error).message, eventId }, 'live stream could not read its starting point');
    }
  }

  private async tick(): Promise<void> {
    for (const [eventId, feed] of this.feeds) {
      try {
        await feed.ready;
        if (feed.epoch !== this.deps.store.epoch()) {
          // Not started, or the store lost its data (everyone was told, and takes a snapshot): start afresh.
          await (feed.ready = this.start(eventId, feed));
          continue;
        }
        const batch = await this.read(eventId, feed);
        if (batch) await this.send(eventId, batch);
      } catch (error) {
        this.deps.log.warn({ err: (error as Error).message, eventId }, 'live stream tick failed; the next one tries again');
      }
    }
  }

  /** Everything changed since the last tick, cut to each audience; the feed moves on only once all is read. */
  private async read(eventId: string, feed: Feed): Promise<EventBatch | null> {
    const { store } = this.deps;
    const [since, countTicks, pollTicks] = await Promise.all([
      store.changesSince(eventId, feed.lastSeq),
      store.counters(eventId, QA.ticks),
      store.counters(eventId, POLLS.ticks),
    ]);
    const questions = Object.keys(countTicks).filter((id) => countTicks[id]! > (feed.countTicks[id] ?? 0));
    const polls = Object.keys(pollTicks).filter((id) => pollTicks[id]! > (feed.pollTicks[id] ?? 0));
    const [counts, tallies, head] = await Promise.all([
      questions.length ? upvoteCountsOf(store, eventId, questions) : {},
      polls.length ? talliesOf(store, eventId, polls) : { staff: [], attendees: [] },
      since.kind === 'gone' ? store.head(eventId) : null,
    ]);
    // Everything is read: only now does the feed move on (a failed read is tried again at the next tick).
    feed.countTicks = countTicks;
    feed.pollTicks = pollTicks;
    let changes: StoredChange[] = [];
    // Further behind than the change log keeps (thousands of changes in one tick): clients see the next change's
    // gap and take a snapshot.
    if (head !== null) feed.lastSeq = head;
    else if (since.kind === 'changes') {
      changes = since.changes;
      for (const c of changes) feed.lastSeq = Math.max(feed.lastSeq, c.seq);
    }
    const empty = !changes.length && !questions.length && !tallies.staff.length;
    return empty ? null : { ...cut(changes), counts, tallies };
  }

  private async send(eventId: string, b: EventBatch): Promise<void> {
    // Each process sends what it read to its own clients; naive sends each commit from the process that made it,
    // so it goes to every process's clients.
    const local = this.deps.coalesce === false ? this.deps.io : this.deps.io.local;
    const staff = message(b.staff, b.tallies.staff, b.counts);
    if (staff) local.to(rooms.staff(eventId)).emit('live', staff);
    const pub = message(b.public, b.tallies.attendees, b.counts);
    if (!pub) return;
    const personRooms: string[] = [];
    for (const [person, own] of b.persons) {
      const room = rooms.person(eventId, person);
      personRooms.push(room);
      // The same message, with this person's own changes in full.
      local.to(room).except(rooms.staff(eventId)).emit('live', { ...pub, changes: pub.changes?.map((c) => own.get(c.seq) ?? c) });
    }
    const shards = Array.from({ length: PUBLIC_SHARDS }, (_, k) => rooms.publicShard(eventId, k));
    // Naive broadcasts through the adapter to every process; the coalesced stream writes to this process's sockets.
    if (this.deps.coalesce === false) return void local.to(shards).except(personRooms).emit('live', pub);
    const live = framed(this.deps.io, 'live', pub);
    for (const shard of shards) {
      fanOut(this.deps.io, live, [shard], personRooms);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

interface EventBatch {
  staff: Change[];
  /** Changes for attendees: in full when meant for everybody, else only their number. */
  public: Change[];
  /** A change meant for one attendee (their own pending question), in full, by person and number. */
  persons: Map<string, Map<number, Change>>;
  counts: Record<string, UpvoteCount>;
  tallies: { staff: Tally[]; attendees: Tally[] };
}

/** Numbered changes cut to each audience: staff see all; attendees see in full what is meant for them. */
function cut(changes: StoredChange[]): Pick<EventBatch, 'staff' | 'public' | 'persons'> {
  const out: Pick<EventBatch, 'staff' | 'public' | 'persons'> = { staff: [], public: [], persons: new Map() };
  for (const c of changes) {
    const full = { seq: c.seq, event: c.event } as Change;
    out.staff.push(full);
    if (c.audience === 'all') out.public.push(full);
    else {
      out.public.push({ seq: c.seq, event: null });
      if (c.audience.startsWith('user:')) {
        const person = c.audience.slice('user:'.length);
        if (!out.persons.has(person)) out.persons.set(person, new Map());
        out.persons.get(person)!.set(c.seq, full);
      }
    }
  }
  return out;
}

function message(changes: Change[], tallies: Tally[], counts: Record<string, UpvoteCount>): LiveBatch | null {
  const out: LiveBatch = {};
  if (changes.length) out.changes = changes;
  if (tallies.length) out.tallies = tallies;
  if (Object.keys(counts).length) out.counts = counts;
  return out.changes || out.tallies || out.counts ? out : null;
}
