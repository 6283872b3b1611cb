import type { Logger } from 'pino';

/**
 * Coalesces high-rate changes (upvotes, votes): `mark` records which item of which event changed, and the live
 * outbox's tick calls `flush`, which calls `send` once per event with every item marked since the last flush,
 * however many changes there were. With `coalesce: false` (the benchmark's naive mode) every mark sends at once.
 * If sending fails (the store is away), the marks are kept for the next flush.
 */
export class Coalescer {
  private dirty = new Map<string, Set<string>>();
  private flushing = false;

  constructor(
    private readonly send: (eventId: string, ids: string[]) => Promise<void>,
    private readonly deps: { log: Logger; coalesce?: boolean; what: string; wake: () => void },
  ) {}

  mark(eventId: string, id: string): void {
    let set = this.dirty.get(eventId);
    if (!set) this.dirty.set(eventId, (set = new Set()));
    set.add(id);
    if (this.deps.coalesce === false) void this.flush();
    else this.deps.wake();
  }

  async flush(): Promise<void> {
    if (this.flushing) return this.deps.wake();
    this.flushing = true;
    const batch = this.dirty;
    this.dirty = new Map();
    try {
      for (const [eventId, ids] of batch) {
        try {
          await this.send(eventId, [...ids]);
        } catch (error) {
          for (const id of ids) this.mark(eventId, id);
          this.deps.log.warn({ err: (error as Error).message, eventId }, `could not send ${this.deps.what}; will retry`);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
