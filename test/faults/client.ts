import { io as connect } from 'socket.io-client';
import { applyAgenda } from '../../shared/domain/agenda';
import { applyCounts, applyQa, type QaState } from '../../shared/domain/qa';
import { applyPoll, applyTally, withCatchUpBallots, withMyBallot, type PollsState } from '../../shared/domain/polls';
import type { AgendaState, Change, LiveCounts, Notice, Snapshot, SyncResult } from '../../shared/protocol/messages';
import type { Reply } from '../../shared/protocol/errors';
import type { Choice } from '../../shared/protocol/polls';
import type { ClientSocket } from '../helpers/app';
import { LIMITS } from '../../shared/limits';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

let ops = 0;
const GAP_SYNC_DELAY_MS = 4 * LIMITS.flushIntervalMs;
const newOpId = () => `f-${process.pid}-${Date.now().toString(36)}-${++ops}`;

export interface Acked {
  event: string;
  opId: string;
  reply: { ok: boolean; code?: string; seq?: number; [k: string]: unknown };
  tries: number;
}

/**
 * A client that behaves like the browser app at the protocol level: catch-up by sequence number on every
 * (re)connect, gap detection, retries with the same operation id until acknowledged, and failover to the next
 * server address when its own is gone. It keeps what it applied, so a run can be checked against the store.
 */
type SyncReply = Reply<SyncResult>;

export class FaultClient {
  socket: ClientSocket | null = null;
  epoch: string | null = null;
  lastSeq = 0;
  agenda: AgendaState | null = null;
  qa: QaState = { rooms: {}, questions: {}, counts: {}, myUpvotes: [] };
  polls: PollsState = { polls: {}, tallies: {}, myBallots: {}, myBallotRevs: {} };
  /** Sequence numbers applied since the last snapshot, to prove there was no gap and nothing twice. */
  applied: number[] = [];
  gaps = 0;
  twice = 0;
  syncModes: ('changes' | 'snapshot')[] = [];
  notices: Notice[] = [];
  refusals: Record<string, number> = {};
  acked: Acked[] = [];
  /** Replies that took longer than this are counted as slow (a fault must give a quick error, not a hang). */
  slowest = 0;
  /** The app's socket.io client waits a random 0.5 to 3.5 s before reconnecting; so does this one. */
  reconnectJitterMs = 3000;
  private urlIndex = 0;
  private buffered = new Map<number, Change>();
  private gapTimer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private closed = false;
  private connecting = false;
  /** Resolves when connected and caught up; replaced by a pending one at every disconnect. */
  private online: Promise<void> = new Promise((r) => (this.markOnline = r));
  private markOnline!: () => void;

  constructor(
    readonly token: string,
    private readonly urls: string[],
  ) {}

  get connected(): boolean {
    return !!this.socket?.connected;
  }

  async start(): Promise<this> {
    await this.connectLoop();
    return this;
  }

  /** Connects to its address, or the next one, until one answers; then catches up. */
  private async connectLoop(): Promise<void> {
    // One connection at a time: a second would apply the same changes again.
    if (this.connecting) return;
    this.connecting = true;
    try {
      for (let attempt = 0; !this.closed && !this.socket?.connected; attempt++) {
        const url = this.urls[this.urlIndex % this.urls.length]!;
        const ok = await this.tryConnect(url);
        if (ok) return;
        this.urlIndex++;
        await sleep(Math.min(100 * 2 ** Math.min(attempt, 4), 1500) * (0.5 + Math.random()));
      }
    } finally {
      this.connecting = false;
    }
  }

  private tryConnect(url: string): Promise<boolean> {
    return new Promise((resolve) => {
      const s: ClientSocket = connect(url, {
        // What it holds, as the app says in its handshake: a reconnect's welcome is then a catch-up, not a whole
        // snapshot, and the welcome's answer is this client's catch-up, as the app's.
        auth: { v: PROTOCOL_VERSION, token: this.token, sync: { epoch: this.epoch, lastSeq: this.lastSeq } },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        // As the app (client/src/net/connection.ts): a shorter handshake timeout turns a storm into a collapse, each
        // attempt given up while the server is still answering it and started again.
        timeout: 8000,
      });
      s.once('connect_error', () => {
        s.close();
        resolve(false);
      });
      // The welcome comes first on every connection; changes that arrive while it is read wait in the buffer.
      let answered!: (reply: SyncReply) => void;
      const answer = new Promise<SyncReply>((r) => (answered = r));
      s.once('welcome', (w: { sync: SyncReply }) => answered(w.sync));
      const failed = (message: string) => answered({ ok: false, code: 'UNAVAILABLE', message });
      const timer = setTimeout(() => failed('no welcome within 10 s'), 10_000);
      // Caught up on this connection: only then does its loss start a new reconnection (the loop that made it
      // goes on by itself while it is not).
      let established = false;
      s.once('connect', async () => {
        this.socket = s;
        s.on('live', (batch) => {
          for (const c of batch.changes ?? []) this.onChange(c);
          for (const t of batch.tallies ?? []) this.polls = applyTally(this.polls, t);
          if (batch.counts) this.qa = applyCounts(this.qa, batch.counts);
        });
        // Another tab of the same person voted; this tab's own votes come back in their replies.
        s.on('poll:myBallot', (m) => (this.polls = withMyBallot(this.polls, m.pollId, m.choice, m.rev)));
        s.on('notice', (n) => this.notices.push(n));
        s.on('disconnect', () => {
          const current = this.socket === s;
          if (current) this.socket = null;
          if (!established) return failed('disconnected before the welcome');
          if (!current) return;
          this.online = new Promise((r) => (this.markOnline = r));
          // Like the app: a random pause first, so thousands of clients cut at once come back spread out.
          if (!this.closed)
            void sleep(500 + Math.random() * this.reconnectJitterMs).then(() => {
              if (!this.closed) void this.connectLoop();
            });
        });
        try {
          await this.catchUp(answer);
          clearTimeout(timer);
          if (!s.connected) throw new Error('disconnected');
          established = true;
          this.markOnline();
          resolve(true);
        } catch {
          clearTimeout(timer);
          s.close();
          resolve(false);
        }
      });
    });
  }

  /** Asks for what it missed (a gap that did not fill); a snapshot replaces everything. */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    const s = this.socket;
    if (!s) return Promise.reject(new Error('offline'));
    return this.catchUp(s.timeout(3000).emitWithAck('sync', { epoch: this.epoch, lastSeq: this.lastSeq }) as Promise<SyncReply>);
  }

  /**
   * Applies a catch-up's answer (a sync's, or the welcome's), after the one being applied if any; changes that
   * arrive meanwhile are buffered.
   */
  private catchUp(answer: Promise<SyncReply>): Promise<void> {
    const apply = async () => {
      const reply = (await answer) as any;
      if (!reply.ok) throw new Error(reply.message);
      this.syncModes.push(reply.mode);
      if (reply.mode === 'snapshot') this.load(reply.snapshot as Snapshot);
      else {
        const changes = reply.changes as Change[];
        if (changes.length && changes[0]!.seq > this.lastSeq + 1) this.gaps++;
        for (const c of changes) this.apply(c);
        const live = reply.live as LiveCounts;
        this.qa = applyCounts({ ...this.qa, myUpvotes: live.myUpvotes }, live.counts);
        for (const t of Object.values(live.tallies)) this.polls = applyTally(this.polls, t);
        this.polls = withCatchUpBallots(this.polls, live.myBallots, live.myBallotRevs);
      }
      this.drainBuffered();
    };
    const before = this.syncing;
    const mine: Promise<void> = (before ? before.catch(() => undefined).then(apply) : apply()).finally(() => {
      if (this.syncing === mine) this.syncing = null;
    });
    this.syncing = mine;
    return mine;
  }

  private load(snap: Snapshot): void {
    this.epoch = snap.epoch;
    this.lastSeq = snap.seq;
    // This client never names a programme revision, so every snapshot carries the programme.
    if (!snap.agenda.programme) throw new Error('a snapshot without the programme');
    this.agenda = { ...snap.agenda, programme: snap.agenda.programme };
    this.qa = {
      rooms: snap.qa.rooms,
      questions: Object.fromEntries(snap.qa.questions.map((q) => [q.id, q])),
      counts: snap.qa.counts,
      myUpvotes: snap.qa.myUpvotes,
    };
    this.polls = {
      polls: Object.fromEntries(snap.polls.polls.map((p) => [p.id, p])),
      tallies: snap.polls.tallies,
      myBallots: snap.polls.myBallots,
      myBallotRevs: snap.polls.myBallotRevs,
    };
    this.applied = [];
  }

  private onChange(c: Change): void {
    if ((c.through ?? c.seq) <= this.lastSeq) return; // already applied (it came with a catch-up too)
    if (this.syncing || c.seq > this.lastSeq + 1) {
      this.buffered.set(c.seq, c);
      this.scheduleGapSync();
      return;
    }
    this.apply(c);
    this.drainBuffered();
  }

  /** Applies the buffered changes that now follow on; a gap still open afterwards gets a catch-up later. */
  private drainBuffered(): void {
    // The next is the one holding lastSeq + 1: a change of that number, or a run that reaches past it.
    const nextOne = () => [...this.buffered.values()].find((c) => c.seq <= this.lastSeq + 1 && (c.through ?? c.seq) > this.lastSeq);
    for (let next = nextOne(); next; next = nextOne()) {
      this.buffered.delete(next.seq);
      this.apply(next);
    }
    for (const [seq, c] of this.buffered) if ((c.through ?? c.seq) <= this.lastSeq) this.buffered.delete(seq);
    if (this.buffered.size) this.scheduleGapSync();
  }

  /** Like the app: a gap waits a few ticks for a late change before a catch-up. */
  private scheduleGapSync(): void {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.buffered.size && this.socket && !this.closed) void this.sync().catch(() => undefined);
    }, GAP_SYNC_DELAY_MS);
  }

  private apply(c: Change): void {
    // A run of changes not meant for this client (`through`) covers all its numbers; one partly applied already (a
    // catch-up's run, then the live one) goes on from the next number.
    const last = c.through ?? c.seq;
    if (last <= this.lastSeq) {
      this.twice++;
      return;
    }
    const from = c.through === undefined ? c.seq : Math.max(c.seq, this.lastSeq + 1);
    if (from !== this.lastSeq + 1) this.gaps++;
    this.lastSeq = last;
    for (let seq = from; seq <= last; seq++) this.applied.push(seq);
    const e = c.event;
    if (!e) return;
    if (e.type.startsWith('agenda.') && this.agenda) this.agenda = applyAgenda(this.agenda, e as never);
    else if (e.type.startsWith('qa.')) this.qa = applyQa(this.qa, e as never);
    else if (e.type.startsWith('poll.')) this.polls = applyPoll(this.polls, e as never);
  }

  /** Sends a mutation until it is answered: on a timeout, a lost connection or UNAVAILABLE, again with the same id. */
  async mutate(event: string, payload: Record<string, unknown>, { deadlineMs = 30_000, opId = newOpId() } = {}): Promise<Acked> {
    const started = Date.now();
    for (let tries = 1; ; tries++) {
      if (Date.now() - started > deadlineMs) throw new Error(`${event} ${opId} not acknowledged within ${deadlineMs} ms`);
      await Promise.race([this.online, sleep(2000)]);
      const s = this.socket;
      if (!s?.connected) {
        await sleep(50);
        continue;
      }
      const sent = Date.now();
      let reply: Acked['reply'];
      try {
        reply = (await (s.timeout(2500) as any).emitWithAck(event, { ...payload, opId })) as Acked['reply'];
      } catch {
        continue; // no answer: the ack may be lost; the retry with the same id tells
      }
      this.slowest = Math.max(this.slowest, Date.now() - sent);
      if (!reply.ok) this.refusals[reply.code!] = (this.refusals[reply.code!] ?? 0) + 1;
      if (!reply.ok && (reply.code === 'UNAVAILABLE' || reply.code === 'RATE_LIMITED')) {
        await sleep(Number(reply.retryAfterMs ?? 200) * (0.5 + Math.random()));
        continue;
      }
      const acked = { event, opId, reply, tries };
      this.acked.push(acked);
      return acked;
    }
  }

  /** The last acknowledged vote per poll: what the store must hold for this voter (the last vote counts). */
  lastVotes = new Map<string, Choice>();

  /** The last acknowledged upvote state per question (true: upvoted). */
  lastUpvotes = new Map<string, boolean>();

  async upvote(questionId: string, up: boolean, opts?: { deadlineMs?: number }): Promise<Acked> {
    const acked = await this.mutate('qa:upvote', { questionId, up }, opts);
    if (acked.reply.ok) this.lastUpvotes.set(questionId, up);
    return acked;
  }

  /** Votes one after the other (as a person does), so the last acknowledged is the last sent. */
  async vote(pollId: string, choice: Choice, opts?: { deadlineMs?: number; opId?: string }): Promise<Acked> {
    const acked = await this.mutate('poll:vote', { pollId, choice }, opts);
    if (acked.reply.ok) {
      this.lastVotes.set(pollId, choice);
      this.polls = withMyBallot(this.polls, pollId, choice, acked.reply.rev as number | undefined);
    }
    return acked;
  }

  /** Drops the connection as a closed laptop lid would, without reconnecting until `wake`. */
  sleep(): void {
    this.closed = true;
    this.socket?.disconnect();
    this.socket = null;
    this.online = new Promise((r) => (this.markOnline = r));
  }

  async wake(): Promise<void> {
    this.closed = false;
    await this.connectLoop();
    await this.online; // a loop already under way (started before the sleep) connects it
  }

  close(): void {
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.socket?.close();
    this.socket = null;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
