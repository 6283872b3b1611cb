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

/** The public room is split into this many shard rooms; each is one slot of the live stream's turn. */
export const PUBLIC_SHARDS = 8;
/** The staff room is the last slot. */
const STAFF_SLOT = PUBLIC_SHARDS;
const SLOTS = PUBLIC_SHARDS + 1;
const ALL_SLOTS = Array.from({ length: SLOTS }, (_, slot) => slot);

/** What this process has sent to one slot's clients of one event so far. */
interface Feed {
  /** Resolves once the starting point is read; turns wait for it. */
  ready: Promise<void>;
  /** The store's epoch the starting point was read in (null: not read yet); a new epoch starts the feed again. */
  epoch: string | null;
  lastSeq: number;
  /** Per question and per poll, the tick of the last count or tally sent. */
  countTicks: Record<string, number>;
  pollTicks: Record<string, number>;
}

type StartingPoint = Pick<Feed, 'epoch' | 'lastSeq' | 'countTicks' | 'pollTicks'>;

/** One event's connections on this process, and a feed per slot. */
interface EventFeeds {
  sockets: number;
  slots: Feed[];
}

/**
 * The live stream. Every interval (`LIMITS.flushIntervalMs`, `LIVE_TICK_MS`) this process reads, for each event it
 * has connections for, what changed in the store since it last sent, and sends each of its own clients one `live`
 * message: the numbered changes in order, the tally of every poll voted on and the count of every question upvoted.
 *
 * - One frame per client per interval, however many questions, highlights, votes and upvotes there were: every
 *   frame to every client is a system call, and that, not the votes, is what limits a plenary of thousands.
 * - The clients are split into slots (eight public shards and the staff room), each with its own feed, served one
 *   after another, a ninth of the interval apart: each client still gets one message per interval, but the
 *   process writes a ninth of the audience at a time instead of all of it at once, so the acks never queue
 *   behind thousands of writes and every slot's message leaves as soon as it is read.
 * - Read from the store, not pushed by the commands: with several processes each one sends everything, including
 *   the other processes' writes, to its own clients only. Nothing crosses between processes, and a client never
 *   sees a gap that another process's turn would fill later.
 * - Tallies and counts carry the tick that every vote and upvote raises in its own commit, so "changed since the
 *   last message" is exact and a client can drop a figure older than one it has.
 *
 * With `coalesce: false` (the benchmark's naive scenario) every commit sends at once: one broadcast per change.
 */
export class LiveOutbox {
  private events = new Map<string, EventFeeds>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private nextShard = 0;
  private nextSlot = 0;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(
    private readonly deps: { io: IO; store: Store; log: Logger; coalesce?: boolean; intervalMs?: number },
  ) {
    this.intervalMs = deps.intervalMs ?? LIMITS.flushIntervalMs;
  }

  /** A connection of this event arrived: it joins a public shard (attendees) and the event's feeds start if new. */
  attach(eventId: string, staff: boolean): string[] {
    let event = this.events.get(eventId);
    if (!event) {
      // Read before the first client's snapshot can be: whatever the snapshot misses, each slot's next turn sends.
      const start = this.startingPoint(eventId);
      const slots = ALL_SLOTS.map(() => {
        const feed: Feed = { ready: Promise.resolve(), epoch: null, lastSeq: 0, countTicks: {}, pollTicks: {} };
        feed.ready = startFrom(feed, start);
        return feed;
      });
      this.events.set(eventId, (event = { sockets: 0, slots }));
    }
    event.sockets++;
    this.schedule();
    if (staff) return [rooms.staff(eventId)];
    this.nextShard = (this.nextShard + 1) % PUBLIC_SHARDS;
    return [rooms.publicShard(eventId, this.nextShard)];
  }

  detach(eventId: string): void {
    const event = this.events.get(eventId);
    if (event && --event.sockets <= 0) this.events.delete(eventId);
  }

  /**
   * A commit went through. Coalesced, each slot's next turn reads and sends it. Naive (the benchmark's baseline),
   * this commit alone goes out at once: its numbered changes, and the tally or count its counters moved.
   */
  changed(eventId: string, changes: StoredChange[], incr: NonNullable<CommitInput['incr']>): void {
    if (this.deps.coalesce !== false) return;
    const questions = incr.filter((c) => c.key === QA.ticks).map((c) => c.field);
    const polls = incr.filter((c) => c.key === POLLS.ticks).map((c) => c.field);
    void Promise.all([
      questions.length ? upvoteCountsOf(this.deps.store, eventId, questions) : {},
      polls.length ? talliesOf(this.deps.store, eventId, polls) : { staff: [], attendees: [] },
    ])
      .then(([counts, tallies]) => this.sendToAll(eventId, { ...cut(changes), counts, tallies }))
      .catch((error: Error) => this.deps.log.warn({ err: error.message, eventId }, 'live stream could not send a change'));
  }

  /** Serves every slot now (or right after the turn running), e.g. before a shutdown. */
  async flush(): Promise<void> {
    if (this.deps.coalesce === false) return; // naive: every commit went out on its own already
    if (this.ticking) {
      this.again = true;
      // The turn running may have read before the latest commits: wait for the one after it too.
      return this.ticking.then(() => this.ticking ?? undefined);
    }
    return this.turn(ALL_SLOTS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private turn(slots: number[]): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const started = Date.now();
    this.ticking = this.tick(slots).finally(() => {
      this.ticking = null;
      if (this.again) {
        this.again = false;
        void this.flush();
      } else this.schedule(started);
    });
    return this.ticking;
  }

  /** The next slot's turn a ninth of the interval after the last turn started, or at once if it ran longer. */
  private schedule(lastStart = Date.now()): void {
    if (this.stopped || this.timer || this.ticking || !this.events.size || this.deps.coalesce === false) return;
    const run = () => {
      const slot = this.nextSlot;
      this.nextSlot = (slot + 1) % SLOTS;
      void this.turn([slot]);
    };
    this.timer = setTimeout(run, Math.max(0, lastStart + this.intervalMs / SLOTS - Date.now()));
    this.timer.unref();
  }

  private async startingPoint(eventId: string): Promise<StartingPoint | null> {
    const { store } = this.deps;
    const epoch = store.epoch();
    try {
      const [lastSeq, countTicks, pollTicks] = await Promise.all([
        store.head(eventId),
        store.counters(eventId, QA.ticks),
        store.counters(eventId, POLLS.ticks),
      ]);
      return { epoch, lastSeq, countTicks, pollTicks };
    } catch (error) {
      // The store is away: the next turn tries again (clients catch up by number when it is back).
      this.deps.log.warn({ err: (error as Error).message, eventId }, 'live stream could not read its starting point');
      return null;
    }
  }

  private async tick(slots: number[]): Promise<void> {
    for (const [eventId, event] of this.events) {
      for (const slot of slots) {
        const feed = event.slots[slot]!;
        try {
          await feed.ready;
          if (feed.epoch !== this.deps.store.epoch()) {
            // Not started, or the store lost its data (everyone was told, and takes a snapshot): start afresh.
            await (feed.ready = startFrom(feed, this.startingPoint(eventId)));
            continue;
          }
          const batch = await this.read(eventId, feed);
          if (batch) this.send(eventId, slot, batch);
        } catch (error) {
          this.deps.log.warn({ err: (error as Error).message, eventId }, 'live stream turn failed; the next one tries again');
        }
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

  /** One slot's clients get the batch: the staff room its staff message, a public shard its attendees' one. */
  private send(eventId: string, slot: number, b: EventBatch): void {
    const { io } = this.deps;
    if (slot === STAFF_SLOT) {
      const staff = message(b.staff, b.tallies.staff, b.counts);
      if (staff) io.local.to(rooms.staff(eventId)).emit('live', staff);
      return;
    }
    const pub = message(b.public, b.tallies.attendees, b.counts);
    if (!pub) return;
    const shard = rooms.publicShard(eventId, slot);
    const members = io.of('/').adapter.rooms.get(shard);
    if (!members?.size) return;
    // The same message, with a person's own changes in full, to that person's sockets in this shard.
    const personal: string[] = [];
    for (const [person, own] of b.persons) {
      const ids = [...(io.of('/').adapter.rooms.get(rooms.person(eventId, person)) ?? [])].filter((id) => members.has(id));
      if (!ids.length) continue;
      personal.push(...ids);
      io.local.to(ids).emit('live', withOwn(pub, own));
    }
    // Every socket is in a room named by its id: those just served are left out of the shard's message.
    fanOut(io, framed(io, 'live', pub), [shard], personal);
  }

  /** Naive: one commit's batch to every client of every process at once, through the adapter. */
  private sendToAll(eventId: string, b: EventBatch): void {
    const { io } = this.deps;
    const staff = message(b.staff, b.tallies.staff, b.counts);
    if (staff) io.to(rooms.staff(eventId)).emit('live', staff);
    const pub = message(b.public, b.tallies.attendees, b.counts);
    if (!pub) return;
    const personRooms: string[] = [];
    for (const [person, own] of b.persons) {
      const room = rooms.person(eventId, person);
      personRooms.push(room);
      io.to(room).except(rooms.staff(eventId)).emit('live', withOwn(pub, own));
    }
    const shards = Array.from({ length: PUBLIC_SHARDS }, (_, k) => rooms.publicShard(eventId, k));
    io.to(shards).except(personRooms).emit('live', pub);
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

/** A feed takes its starting point once read (a failed read leaves it unstarted: the next turn reads again). */
function startFrom(feed: Feed, point: Promise<StartingPoint | null>): Promise<void> {
  return point.then((p) => void (p && Object.assign(feed, p)));
}

/** The attendees' message with one person's own changes in full. */
function withOwn(pub: LiveBatch, own: Map<number, Change>): LiveBatch {
  return { ...pub, changes: pub.changes?.map((c) => own.get(c.seq) ?? c) };
}

function message(changes: Change[], tallies: Tally[], counts: Record<string, UpvoteCount>): LiveBatch | null {
  const out: LiveBatch = {};
  if (changes.length) out.changes = changes;
  if (tallies.length) out.tallies = tallies;
  if (Object.keys(counts).length) out.counts = counts;
  return out.changes || out.tallies || out.counts ? out : null;
}
