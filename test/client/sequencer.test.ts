import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSequencer, GAP_SYNC_DELAY_MS, SYNC_RETRY_MS, type Sequencer } from '../../client/src/net/sequencer';
import type { HeldProgramme } from '../../client/src/net/programme';
import type { Failure, Reply } from '../../shared/protocol/errors';
import type { AgendaState, Change, LiveCounts, Snapshot, Sync, SyncResult } from '../../shared/protocol/messages';
import type { Programme } from '../../shared/protocol/programme';

/**
 * The sequencing of numbered changes, without a socket or a store: a fake store (its position and what was
 * applied, in order), a fake `sync` request answered from a queue, and vitest's fake timers and clock.
 */

const EPOCH = 'epoch-1';
const programmeA = { title: 'Programme A' } as unknown as Programme;
const programmeB = { title: 'Programme B' } as unknown as Programme;
const noCounts: LiveCounts = { counts: {}, myUpvotes: [], tallies: {}, myBallots: {}, myBallotRevs: {}, reactions: {}, myReactions: [] };

const change = (seq: number): Change => ({ seq, event: null });
/** Changes seq..through not meant for this client, in one (`compactChanges`). */
const run = (seq: number, through: number): Change => ({ seq, event: null, through });

function snapshot(seq: number, opts: { epoch?: string; programme?: Programme; rev?: string; serverTime?: number } = {}): Reply<SyncResult> {
  const snap = {
    epoch: opts.epoch ?? EPOCH,
    seq,
    serverTime: opts.serverTime ?? Date.now(),
    event: { id: 'ev', code: 'CODE', title: 'Event', createdAt: 0 },
    agenda: { live: {}, ...(opts.programme ? { programme: opts.programme } : {}) },
    programmeRev: opts.rev ?? 'rev-a',
    qa: {},
    polls: {},
    me: { role: 'attendee', id: 'a1', name: null, roomScope: '*' },
  } as unknown as Snapshot;
  return { ok: true, mode: 'snapshot', snapshot: snap };
}

function changes(seqs: number[], serverTime = Date.now(), live: LiveCounts = noCounts): Reply<SyncResult> {
  return { ok: true, mode: 'changes', epoch: EPOCH, changes: seqs.map(change), live, serverTime };
}

const failed = (code: Failure['code'], message: string, retryAfterMs?: number): Failure => ({
  ok: false,
  code,
  message,
  ...(retryAfterMs ? { retryAfterMs } : {}),
});

/** A deferred answer: the test decides when the server replies. */
function later() {
  let resolve!: (reply: Reply<SyncResult>) => void;
  const promise = new Promise<Reply<SyncResult>>((r) => (resolve = r));
  return { promise, resolve };
}

function harness(start: { epoch?: string | null; lastSeq?: number; held?: HeldProgramme | null } = {}) {
  const store = { epoch: start.epoch === undefined ? EPOCH : start.epoch, lastSeq: start.lastSeq ?? 0 };
  const applied: number[] = [];
  const snapshots: (Snapshot & { agenda: AgendaState })[] = [];
  const liveCounts: LiveCounts[] = [];
  const offsets: number[] = [];
  const toasts: string[] = [];
  const refusals: string[] = [];
  const holds: (HeldProgramme | null)[] = [];
  let held: HeldProgramme | null = start.held ?? null;
  let syncedCount = 0;
  let connected = true;
  /** What each sync request named, in order. */
  const asked: Sync[] = [];
  /** The answers to the next sync requests, in order; a request with none left fails the test. */
  const answers: (Reply<SyncResult> | Promise<Reply<SyncResult>>)[] = [];

  const sequencer: Sequencer = createSequencer({
    position: () => store,
    applyChange: (c) => {
      // The contract: only ever the next number.
      if (c.seq !== store.lastSeq + 1) throw new Error(`applied ${c.seq} after ${store.lastSeq}`);
      // A run of changes (`through`) applies each of its numbers.
      for (let seq = c.seq; seq <= (c.through ?? c.seq); seq++) applied.push(seq);
      store.lastSeq = c.through ?? c.seq;
    },
    loadSnapshot: (s) => {
      store.epoch = s.epoch;
      store.lastSeq = s.seq;
      snapshots.push(s);
    },
    applyLiveCounts: (live) => liveCounts.push(live),
    setClockOffset: (ms) => offsets.push(ms),
    synced: () => syncedCount++,
    // The failure as the sequencer hands it on (the connection puts it in words): its message stands for it here.
    failed: (failure) => toasts.push(failure.message),
    refuse: (failure) => refusals.push(failure.message),
    requestSync: (sync) => {
      asked.push(sync);
      const answer = answers.shift();
      if (!answer) return Promise.reject(new Error(`unexpected sync request ${JSON.stringify(sync)}`));
      return Promise.resolve(answer);
    },
    isConnected: () => connected,
    programme: {
      held: () => held,
      hold: (next) => {
        held = next;
        holds.push(next);
      },
    },
    now: () => Date.now(),
  });

  return {
    sequencer,
    store,
    applied,
    snapshots,
    liveCounts,
    offsets,
    toasts,
    refusals,
    holds,
    asked,
    answers,
    held: () => held,
    synced: () => syncedCount,
    setConnected: (up: boolean) => void (connected = up),
  };
}

/** Lets answered requests settle (their awaits), without moving the clock. */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sequencer: live changes', () => {
  it('applies changes numbered lastSeq + 1 in order, without asking the server', async () => {
    const h = harness({ lastSeq: 4 });
    for (const seq of [5, 6, 7]) h.sequencer.accept(change(seq));
    expect(h.applied).toEqual([5, 6, 7]);
    expect(h.store.lastSeq).toBe(7);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 2);
    expect(h.asked).toEqual([]);
  });

  it('ignores a change already applied (a duplicate, or an older one)', async () => {
    const h = harness({ lastSeq: 2 });
    h.sequencer.accept(change(3));
    h.sequencer.accept(change(3));
    h.sequencer.accept(change(1));
    h.sequencer.accept(change(2));
    h.sequencer.accept(change(4));
    h.sequencer.accept(change(4));
    expect(h.applied).toEqual([3, 4]);
    expect(h.store.lastSeq).toBe(4);
    // Nothing was taken for a gap.
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 2);
    expect(h.asked).toEqual([]);
  });

  it('buffers changes ahead of a gap and applies them once a late change fills it (no sync)', async () => {
    const h = harness();
    h.sequencer.accept(change(1));
    h.sequencer.accept(change(3));
    h.sequencer.accept(change(4));
    expect(h.applied).toEqual([1]);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS - 1);
    h.sequencer.accept(change(2));
    expect(h.applied).toEqual([1, 2, 3, 4]);
    // The gap timer still fires, but finds no gap.
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    expect(h.asked).toEqual([]);
  });

  it('keeps changes that come before the first snapshot, and applies those that follow it', async () => {
    const h = harness({ epoch: null });
    h.sequencer.accept(change(11));
    h.sequencer.accept(change(12));
    h.sequencer.accept(change(9));
    expect(h.applied).toEqual([]);
    // No epoch yet: not a gap, no timer.
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 2);
    expect(h.asked).toEqual([]);

    h.sequencer.welcome(snapshot(10, { programme: programmeA }), Date.now());
    expect(h.snapshots.map((s) => s.seq)).toEqual([10]);
    expect(h.applied).toEqual([11, 12]);
    expect(h.store).toEqual({ epoch: EPOCH, lastSeq: 12 });
  });
});

describe('sequencer: runs of changes not meant for this client', () => {
  it('applies a run as all of its numbers, and what follows it', async () => {
    const h = harness({ lastSeq: 4 });
    h.sequencer.accept(run(5, 9));
    h.sequencer.accept(change(10));
    expect(h.applied).toEqual([5, 6, 7, 8, 9, 10]);
    expect(h.store.lastSeq).toBe(10);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 2);
    expect(h.asked).toEqual([]);
  });

  it('applies only the rest of a run that is partly applied already, and ignores one wholly applied', () => {
    const h = harness({ lastSeq: 6 });
    h.sequencer.accept(run(3, 6));
    h.sequencer.accept(run(5, 9));
    expect(h.applied).toEqual([7, 8, 9]);
    expect(h.store.lastSeq).toBe(9);
  });

  it('buffers a run behind a gap, then applies it and what it leads to once the gap is filled', async () => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(run(3, 6));
    h.sequencer.accept(change(7));
    expect(h.applied).toEqual([]);
    h.sequencer.accept(change(2));
    expect(h.applied).toEqual([2, 3, 4, 5, 6, 7]);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 2);
    expect(h.asked).toEqual([]);
  });

  it('fills a gap with a catch-up whose run overlaps the buffered changes', async () => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(change(8));
    h.answers.push({ ok: true, mode: 'changes', epoch: EPOCH, changes: [run(2, 5), change(6), run(7, 7), change(8)], live: noCounts, serverTime: Date.now() });
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    await settle();
    expect(h.asked).toHaveLength(1);
    expect(h.applied).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('sequencer: gaps and catch-up', () => {
  it('fires one sync when a gap stays open for GAP_SYNC_DELAY_MS, naming what is held', async () => {
    const h = harness({ lastSeq: 1, held: { rev: 'rev-a', programme: programmeA } });
    h.sequencer.accept(change(3));
    h.sequencer.accept(change(5)); // a second gap does not start a second timer
    h.answers.push(changes([2, 3, 4]));
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS - 1);
    expect(h.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.asked).toEqual([{ epoch: EPOCH, lastSeq: 1, programmeRev: 'rev-a' }]);
    // The sync's changes fill the gap and the buffered 5 follows on.
    expect(h.applied).toEqual([2, 3, 4, 5]);
    expect(h.synced()).toBe(1);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 2);
    expect(h.asked).toHaveLength(1);
  });

  it('starts one gap timer at a time: a later gap while the first is open does not ask again', async () => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(change(3));
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS / 2);
    h.sequencer.accept(change(5));
    const answer = later();
    h.answers.push(answer.promise);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS / 2);
    expect(h.asked).toHaveLength(1);
    // Past when a timer started by change 5 would fire, with the first sync still unanswered.
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    answer.resolve(changes([2, 3, 4]));
    await settle();
    expect(h.applied).toEqual([2, 3, 4, 5]);
    expect(h.asked).toHaveLength(1);
  });

  it('fills a gap from a sync’s changes and takes its counts and the server’s clock', async () => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(change(4));
    const live: LiveCounts = { ...noCounts, myUpvotes: ['q1'] };
    const answer = later();
    h.answers.push(answer.promise);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    expect(h.asked).toHaveLength(1);
    const sentAt = Date.now();
    // The reply comes 400 ms later; the server's clock read 5 s ahead at the middle of the round trip.
    await vi.advanceTimersByTimeAsync(400);
    answer.resolve(changes([2, 3], sentAt + 200 + 5_000, live));
    await settle();
    expect(h.applied).toEqual([2, 3, 4]);
    expect(h.liveCounts).toEqual([live]);
    expect(h.offsets).toEqual([5_000]);
    expect(h.asked).toHaveLength(1);
  });

  it('asks again (up to three rounds) while the answers still leave a gap, then waits for the next change', async () => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(change(9));
    h.answers.push(changes([2]), changes([3]), changes([4]));
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    expect(h.asked.map((s) => s.lastSeq)).toEqual([1, 2, 3]);
    expect(h.applied).toEqual([2, 3, 4]);
    // A sync's changes ahead of a gap start no timer: the next live change does.
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 2);
    expect(h.asked).toHaveLength(3);
    h.sequencer.accept(change(10));
    h.answers.push(changes([5, 6, 7, 8]));
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    expect(h.asked.map((s) => s.lastSeq)).toEqual([1, 2, 3, 4]);
    expect(h.applied).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('an answer that itself leaves a gap starts no gap timer (the next live change does)', async () => {
    const h = harness({ lastSeq: 1 });
    h.answers.push(changes([3]), changes([3]), changes([3]));
    await h.sequencer.sync();
    expect(h.asked).toHaveLength(3);
    expect(h.applied).toEqual([]);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 2);
    expect(h.asked).toHaveLength(3);
  });

  it('a sync asked while one is under way makes it go one more round, not a second request at once', async () => {
    const h = harness({ lastSeq: 0 });
    const first = later();
    h.answers.push(first.promise, changes([]));
    const running = h.sequencer.sync();
    void h.sequencer.sync();
    await settle();
    expect(h.asked).toHaveLength(1);
    first.resolve(changes([1]));
    await running;
    expect(h.asked.map((s) => s.lastSeq)).toEqual([0, 1]);
    expect(h.applied).toEqual([1]);
  });

  it('syncs after a welcome whose changes leave a gap', async () => {
    const h = harness({ lastSeq: 3 });
    h.sequencer.accept(change(7));
    h.answers.push(changes([5, 6]));
    h.sequencer.welcome(changes([4]), Date.now());
    expect(h.applied).toEqual([4]);
    await settle();
    expect(h.asked).toEqual([{ epoch: EPOCH, lastSeq: 4 }]);
    expect(h.applied).toEqual([4, 5, 6, 7]);
  });
});

describe('sequencer: snapshots', () => {
  it('loads a snapshot answering a sync, holds its programme and sets the clock offset', async () => {
    const h = harness({ epoch: 'old-epoch', lastSeq: 40 });
    h.answers.push(snapshot(12, { programme: programmeA, rev: 'rev-a', serverTime: Date.now() + 3_000 }));
    await h.sequencer.sync();
    expect(h.asked).toEqual([{ epoch: 'old-epoch', lastSeq: 40 }]);
    expect(h.snapshots).toHaveLength(1);
    expect(h.snapshots[0]!.agenda.programme).toBe(programmeA);
    expect(h.store).toEqual({ epoch: EPOCH, lastSeq: 12 });
    expect(h.held()).toEqual({ rev: 'rev-a', programme: programmeA });
    expect(h.offsets).toEqual([3_000]);
    expect(h.synced()).toBe(1);
  });

  it('fills a snapshot that left out the programme with the one held, when the revision matches', async () => {
    const h = harness({ epoch: null, held: { rev: 'rev-a', programme: programmeA } });
    expect(h.sequencer.holding()).toEqual({ epoch: null, lastSeq: 0, programmeRev: 'rev-a' });
    h.sequencer.welcome(snapshot(3, { rev: 'rev-a' }), Date.now());
    expect(h.snapshots[0]!.agenda.programme).toBe(programmeA);
    expect(h.holds).toEqual([]);
    await settle();
    expect(h.asked).toEqual([]);
  });

  it('ignores an older snapshot of the same epoch (a sync answered after a newer welcome)', async () => {
    const h = harness({ lastSeq: 20 });
    h.answers.push(snapshot(18, { programme: programmeB }));
    await h.sequencer.sync();
    expect(h.snapshots).toEqual([]);
    expect(h.store).toEqual({ epoch: EPOCH, lastSeq: 20 });
    expect(h.holds).toEqual([]);
    // Still an answer: the state is current.
    expect(h.synced()).toBe(1);
    // A newer one of the same epoch is loaded.
    h.answers.push(snapshot(30, { programme: programmeB }));
    await h.sequencer.sync();
    expect(h.store).toEqual({ epoch: EPOCH, lastSeq: 30 });
    // A snapshot of another epoch replaces everything, even with a lower number.
    h.answers.push(snapshot(2, { epoch: 'epoch-2', programme: programmeB }));
    await h.sequencer.sync();
    expect(h.store).toEqual({ epoch: 'epoch-2', lastSeq: 2 });
  });

  it('asks again in full when a snapshot left out a programme this browser no longer holds', async () => {
    // The handshake named rev-a; the programme changed to rev-b, so the snapshot left it out... and the copy held
    // is of another revision.
    const h = harness({ epoch: null, held: { rev: 'rev-a', programme: programmeA } });
    h.answers.push(snapshot(5, { programme: programmeB, rev: 'rev-b' }));
    h.sequencer.welcome(snapshot(5, { rev: 'rev-b' }), Date.now());
    expect(h.snapshots).toEqual([]);
    expect(h.holds).toEqual([null]);
    expect(h.synced()).toBe(0);
    await settle();
    // Asked again without a revision: the answer carries the programme.
    expect(h.asked).toEqual([{ epoch: null, lastSeq: 0 }]);
    expect(h.snapshots.map((s) => s.agenda.programme)).toEqual([programmeB]);
    expect(h.held()).toEqual({ rev: 'rev-b', programme: programmeB });
    expect(h.synced()).toBe(1);
  });

  it('after three rounds of snapshots without the programme, tries again shortly', async () => {
    const h = harness({ epoch: null });
    h.answers.push(snapshot(5), snapshot(5), snapshot(5));
    await h.sequencer.sync();
    expect(h.asked).toHaveLength(3);
    expect(h.snapshots).toEqual([]);
    h.answers.push(snapshot(5, { programme: programmeA }));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.asked).toHaveLength(4);
    expect(h.store).toEqual({ epoch: EPOCH, lastSeq: 5 });
  });
});

describe('sequencer: failures', () => {
  it('a failed sync (UNAVAILABLE) is shown and tried again after the pause the server asked', async () => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(change(3));
    h.answers.push(failed('UNAVAILABLE', 'The server is busy.', 5_000));
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    expect(h.asked).toHaveLength(1);
    expect(h.toasts).toEqual(['The server is busy.']);
    expect(h.refusals).toEqual([]);
    h.answers.push(changes([2]));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(h.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.asked).toHaveLength(2);
    expect(h.applied).toEqual([2, 3]);
  });

  it('a failed sync without a pause is tried again after SYNC_RETRY_MS, and not at all while disconnected', async () => {
    const h = harness();
    h.answers.push(failed('RATE_LIMITED', 'Slow down.'));
    await h.sequencer.sync();
    h.answers.push(changes([]));
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_MS - 1);
    expect(h.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.asked).toHaveLength(2);

    expect(h.synced()).toBe(1);

    h.setConnected(false);
    h.answers.push(failed('UNAVAILABLE', 'No answer.'));
    await h.sequencer.sync();
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_MS * 5);
    expect(h.asked).toHaveLength(3);
    expect(h.toasts).toEqual(['Slow down.', 'No answer.']);
    // An answer applied while disconnected does not say the connection is live.
    h.answers.push(changes([1]));
    await h.sequencer.sync();
    expect(h.applied).toEqual([1]);
    expect(h.synced()).toBe(1);
  });

  it('a retry cancelled (the server closed the connection) does not fire', async () => {
    const h = harness();
    h.answers.push(failed('UNAVAILABLE', 'No answer.'));
    await h.sequencer.sync();
    h.sequencer.cancelRetry();
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_MS * 5);
    expect(h.asked).toHaveLength(1);
  });

  it.each(['UNAUTHORIZED', 'NOT_FOUND'] as const)('a sync answered %s refuses the session and is not tried again', async (code) => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(change(3));
    h.answers.push(failed(code, 'This link was revoked.'));
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    expect(h.asked).toHaveLength(1);
    expect(h.refusals).toEqual(['This link was revoked.']);
    expect(h.toasts).toEqual([]);
    expect(h.synced()).toBe(0);
    await vi.advanceTimersByTimeAsync(SYNC_RETRY_MS * 5);
    expect(h.asked).toHaveLength(1);
    expect(h.applied).toEqual([]);
  });

  it.each(['UNAUTHORIZED', 'NOT_FOUND'] as const)('a welcome answered %s refuses the session and stops the gap timer', async (code) => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(change(3));
    h.sequencer.welcome(failed(code, 'No such event.'), Date.now());
    expect(h.refusals).toEqual(['No such event.']);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS * 5);
    expect(h.asked).toEqual([]);
  });

  it('after dispose, an answer still on its way applies nothing', async () => {
    const h = harness({ lastSeq: 1 });
    h.sequencer.accept(change(3));
    const answer = later();
    h.answers.push(answer.promise);
    await vi.advanceTimersByTimeAsync(GAP_SYNC_DELAY_MS);
    h.sequencer.dispose();
    answer.resolve(changes([2]));
    await settle();
    expect(h.applied).toEqual([]);
    expect(h.synced()).toBe(0);
  });
});
