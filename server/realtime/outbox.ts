import type { Logger } from 'pino';
import { LIMITS } from '../../shared/limits';
import type { Store, StoredChange } from '../store/store';
import { channels, type IO } from './channels';
import { fanOut, framed } from './fanout';
import type { ReplaceKey } from '../../shared/protocol/changes';
import { cut, isEmpty, message, readTotals, withOwn, type EventBatch, type TotalsPart } from './batch';

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
  /** Per feature with live totals (in the order of `parts`), per item, the tick of the last total sent. */
  ticks: Record<string, number>[];
}

type StartingPoint = Pick<Feed, 'epoch' | 'lastSeq' | 'ticks'>;

/** How connections meet the live stream: the socket layer attaches each connection and detaches it at the end. */
export interface Outbox {
  /** A connection of this event arrived: the channels it joins to receive the stream. */
  attach(eventId: string, staff: boolean): string[];
  detach(eventId: string): void;
  /** Sends what is pending now (before a shutdown). */
  flush(): Promise<void>;
  stop(): void;
}

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
 *   last message" is exact and a client can drop a figure older than one it has. Which totals there are, and how
 *   they are read, each feature says (`ServerFeature.totals`).
 *
 * The benchmark's naive scenario sends every commit at once instead (`NaiveOutbox`).
 */
export class LiveOutbox implements Outbox {
  private events = new Map<string, EventFeeds>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private nextShard = 0;
  private nextSlot = 0;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(private readonly deps: { io: IO; store: Store; log: Logger; parts: readonly TotalsPart[]; replaceKey?: ReplaceKey; intervalMs?: number }) {
    this.intervalMs = deps.intervalMs ?? LIMITS.flushIntervalMs;
  }

  /** A connection of this event arrived: it joins a public shard (attendees) and the event's feeds start if new. */
  attach(eventId: string, staff: boolean): string[] {
    let event = this.events.get(eventId);
    if (!event) {
      // Read before the first client's snapshot can be: whatever the snapshot misses, each slot's next turn sends.
      const start = this.startingPoint(eventId);
      const slots = ALL_SLOTS.map(() => {
        const feed: Feed = { ready: Promise.resolve(), epoch: null, lastSeq: 0, ticks: this.deps.parts.map(() => ({})) };
        feed.ready = startFrom(feed, start);
        return feed;
      });
      this.events.set(eventId, (event = { sockets: 0, slots }));
    }
    event.sockets++;
    this.schedule();
    if (staff) return [channels.staff(eventId)];
    this.nextShard = (this.nextShard + 1) % PUBLIC_SHARDS;
    return [channels.publicShard(eventId, this.nextShard)];
  }

  detach(eventId: string): void {
    const event = this.events.get(eventId);
    if (event && --event.sockets <= 0) this.events.delete(eventId);
  }

  /** Serves every slot now (or right after the turn running), e.g. before a shutdown. */
  async flush(): Promise<void> {
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
    if (this.stopped || this.timer || this.ticking || !this.events.size) return;
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
      const [lastSeq, ...ticks] = await Promise.all([store.head(eventId), ...this.deps.parts.map((part) => store.counters(eventId, part.ticks))]);
      return { epoch, lastSeq, ticks };
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
    const { store, parts } = this.deps;
    const [since, ...ticks] = await Promise.all([store.changesSince(eventId, feed.lastSeq), ...parts.map((part) => store.counters(eventId, part.ticks))]);
    const moved = ticks.map((now, i) => Object.keys(now).filter((id) => now[id]! > (feed.ticks[i]![id] ?? 0)));
    const [totals, head] = await Promise.all([readTotals(store, eventId, parts, moved), since.kind === 'gone' ? store.head(eventId) : null]);
    // Everything is read: only now does the feed move on (a failed read is tried again at the next tick).
    feed.ticks = ticks;
    let changes: StoredChange[] = [];
    // Further behind than the change log keeps (thousands of changes in one tick): clients see the next change's
    // gap and take a snapshot.
    if (head !== null) feed.lastSeq = head;
    else if (since.kind === 'changes') {
      changes = since.changes;
      for (const c of changes) feed.lastSeq = Math.max(feed.lastSeq, c.seq);
    }
    const empty = !changes.length && Object.values(totals.staff).every(isEmpty);
    return empty ? null : { ...cut(changes, this.deps.replaceKey), totals };
  }

  /** One slot's clients get the batch: the staff room its staff message, a public shard its attendees' one. */
  private send(eventId: string, slot: number, b: EventBatch): void {
    const { io } = this.deps;
    if (slot === STAFF_SLOT) {
      const staff = message(b.staff, b.totals.staff);
      if (staff) io.local.to(channels.staff(eventId)).emit('live', staff);
      return;
    }
    const pub = message(b.public, b.totals.attendees);
    if (!pub) return;
    const shard = channels.publicShard(eventId, slot);
    const members = io.of('/').adapter.rooms.get(shard);
    if (!members?.size) return;
    // The same message, with a person's own changes in full, to that person's sockets in this shard.
    const personal: string[] = [];
    for (const [person, own] of b.persons) {
      const ids = [...(io.of('/').adapter.rooms.get(channels.person(eventId, person)) ?? [])].filter((id) => members.has(id));
      if (!ids.length) continue;
      personal.push(...ids);
      io.local.to(ids).emit('live', withOwn(pub, own));
    }
    // Every socket is in a room named by its id: those just served are left out of the shard's message.
    fanOut(io, framed(io, 'live', pub), [shard], personal);
  }
}

/** A feed takes its starting point once read (a failed read leaves it unstarted: the next turn reads again). */
function startFrom(feed: Feed, point: Promise<StartingPoint | null>): Promise<void> {
  return point.then((p) => void (p && Object.assign(feed, p)));
}
