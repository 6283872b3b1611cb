import type { Logger } from 'pino';
import type { CommitInput, Store, StoredChange } from '../store/store';
import { channels, type IO } from './channels';
import { PUBLIC_SHARDS, type Outbox } from './outbox';
import { cut, message, readTotals, withOwn, type EventBatch, type TotalsPart } from './batch';

/**
 * The benchmark's baseline ("naive" scenario, `COALESCE=off`): every commit goes out at once, to every client of
 * every process through the adapter, with the totals its counters moved. One broadcast per change, vote and
 * upvote: what the live stream (`LiveOutbox`) exists to avoid. Not for production.
 */
export class NaiveOutbox implements Outbox {
  private nextShard = 0;

  constructor(private readonly deps: { io: IO; store: Store; log: Logger; parts: readonly TotalsPart[] }) {}

  attach(eventId: string, staff: boolean): string[] {
    if (staff) return [channels.staff(eventId)];
    this.nextShard = (this.nextShard + 1) % PUBLIC_SHARDS;
    return [channels.publicShard(eventId, this.nextShard)];
  }

  detach(): void {}

  /** Every commit went out on its own already. */
  async flush(): Promise<void> {}

  stop(): void {}

  /** Told of each commit by the service (its `onCommit`). */
  readonly changed = (eventId: string, changes: StoredChange[], incr: NonNullable<CommitInput['incr']>): void => {
    const { store, parts } = this.deps;
    const moved = parts.map((part) => incr.filter((c) => c.key === part.ticks).map((c) => c.field));
    void readTotals(store, eventId, parts, moved)
      .then((totals) => this.sendToAll(eventId, { ...cut(changes), totals }))
      .catch((error: Error) => this.deps.log.warn({ err: error.message, eventId }, 'live stream could not send a change'));
  };

  private sendToAll(eventId: string, b: EventBatch): void {
    const { io } = this.deps;
    const staff = message(b.staff, b.totals.staff);
    if (staff) io.to(channels.staff(eventId)).emit('live', staff);
    const pub = message(b.public, b.totals.attendees);
    if (!pub) return;
    const personChannels: string[] = [];
    for (const [person, own] of b.persons) {
      const channel = channels.person(eventId, person);
      personChannels.push(channel);
      io.to(channel).except(channels.staff(eventId)).emit('live', withOwn(pub, own));
    }
    const shards = Array.from({ length: PUBLIC_SHARDS }, (_, k) => channels.publicShard(eventId, k));
    io.to(shards).except(personChannels).emit('live', pub);
  }
}
