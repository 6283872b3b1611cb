import { LIMITS } from '../shared/limits';
import type { Change, LiveBatch } from '../shared/protocol/messages';
import type { Tally } from '../shared/protocol/polls';
import type { UpvoteCount } from '../shared/protocol/qa';
import { rooms, type IO } from './service';

/** The public room is split into this many shard rooms, sent to one after another with a pause between. */
export const PUBLIC_SHARDS = 8;

interface Batch {
  changes: Change[];
  tallies: Map<string, Tally>;
  counts: Record<string, UpvoteCount>;
}
interface EventBatch {
  staff: Batch;
  /** Changes for attendees: in full when meant for everybody, else only their number. */
  public: Batch;
  /** A change meant for one attendee (their own pending question), in full, by person and number. */
  persons: Map<string, Map<number, Change>>;
}
const emptyBatch = (): Batch => ({ changes: [], tallies: new Map(), counts: {} });

/**
 * The live stream's one sender. Numbered changes, poll tallies and upvote counts accepted during a tick leave
 * together: every client gets at most one `live` message per tick (`LIMITS.flushIntervalMs`), however many
 * questions, highlights, votes and upvotes there were. One frame per client per tick is what lets one process
 * serve a plenary of thousands: every frame to every client is a system call.
 *
 * The public room goes out shard by shard, yielding to the event loop between shards, so that a tick's
 * thousands of writes do not hold up the acks waiting behind them.
 *
 * With `coalesce: false` (the benchmark's naive scenario) everything is sent the moment it is handed over.
 */
export class LiveOutbox {
  private pending = new Map<string, EventBatch>();
  private timer: NodeJS.Timeout | null = null;
  private flushing = false;
  private nextShard = 0;
  private stopped = false;
  private again = false;
  private lastTickAt = 0;
  /** Flushed at the start of every tick, so their tallies and counts join the tick's message. */
  private sources: { flush(): Promise<void> }[] = [];

  constructor(
    private readonly io: IO,
    private readonly opts: { coalesce?: boolean; intervalMs?: number } = {},
  ) {}

  flushFirst(...sources: { flush(): Promise<void> }[]): void {
    this.sources.push(...sources);
  }

  /** The public shard room a new attendee socket joins (round robin: the shards stay even). */
  shardRoom(eventId: string): string {
    this.nextShard = (this.nextShard + 1) % PUBLIC_SHARDS;
    return rooms.publicShard(eventId, this.nextShard);
  }

  change(eventId: string, change: Change, audience: 'all' | 'staff' | { person: string }): void {
    const b = this.of(eventId);
    b.staff.changes.push(change);
    if (audience === 'all') b.public.changes.push(change);
    else {
      b.public.changes.push({ seq: change.seq, event: null });
      if (audience !== 'staff') {
        let own = b.persons.get(audience.person);
        if (!own) b.persons.set(audience.person, (own = new Map()));
        own.set(change.seq, change);
      }
    }
    this.wake();
  }

  tallies(eventId: string, room: 'staff' | 'public', tallies: Tally[]): void {
    const b = this.of(eventId)[room];
    for (const t of tallies) b.tallies.set(t.pollId, t);
    this.wake();
  }

  counts(eventId: string, counts: Record<string, UpvoteCount>): void {
    const b = this.of(eventId);
    Object.assign(b.staff.counts, counts);
    Object.assign(b.public.counts, counts);
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.opts.coalesce === false) {
      if (!this.flushing) void this.send();
      return;
    }
    if (this.flushing) this.again = true;
    if (this.timer || this.flushing) return;
    // A tick starts one interval after the previous one started, or as soon as it ends if it ran longer.
    const wait = Math.max(0, this.lastTickAt + (this.opts.intervalMs ?? LIMITS.flushIntervalMs) - Date.now());
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  /** One tick: the sources first, then one message per room of every event with something to say. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    this.again = false;
    this.lastTickAt = Date.now();
    try {
      await Promise.all(this.sources.map((s) => s.flush()));
      await this.send();
    } finally {
      this.flushing = false;
      if (this.again || this.pending.size) this.wake();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private of(eventId: string): EventBatch {
    let b = this.pending.get(eventId);
    if (!b) this.pending.set(eventId, (b = { staff: emptyBatch(), public: emptyBatch(), persons: new Map() }));
    return b;
  }

  private async send(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const naive = this.opts.coalesce === false;
    for (const [eventId, b] of batch) {
      const staff = message(b.staff);
      if (staff) this.io.to(rooms.staff(eventId)).emit('live', staff);
      const pub = message(b.public);
      if (!pub) continue;
      const personRooms: string[] = [];
      for (const [person, own] of b.persons) {
        const room = rooms.person(eventId, person);
        personRooms.push(room);
        // The same message, with this person's own changes in full.
        this.io.to(room).except(rooms.staff(eventId)).emit('live', { ...pub, changes: pub.changes?.map((c) => own.get(c.seq) ?? c) });
      }
      const shards = Array.from({ length: PUBLIC_SHARDS }, (_, k) => rooms.publicShard(eventId, k));
      if (naive) {
        this.io.to(shards).except(personRooms).emit('live', pub);
        continue;
      }
      for (const shard of shards) {
        this.io.to(shard).except(personRooms).emit('live', pub);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
}

function message(b: Batch): LiveBatch | null {
  const out: LiveBatch = {};
  // Commits may finish out of order; clients apply by number, and in order is cheaper for them.
  if (b.changes.length) out.changes = b.changes.sort((x, y) => x.seq - y.seq);
  if (b.tallies.size) out.tallies = [...b.tallies.values()];
  for (const _ in b.counts) {
    out.counts = b.counts;
    break;
  }
  return out.changes || out.tallies || out.counts ? out : null;
}
