/**
 * A load-generator process: real Socket.IO clients (the wire protocol over one WebSocket each, see bench/wire.ts;
 * socket.io-client with --client=socket.io) that join the demo event like attendees and then vote, upvote and ask
 * at the rates the parent gives it, recording ack times and the arrival of every update at every one of its
 * clients. Started by bench/scenario.ts with fork; it talks to the parent only through the IPC messages of
 * bench/protocol.ts.
 */
import type { Change, LiveBatch, Welcome } from '../shared/protocol/messages';
import type { Reply } from '../shared/protocol/errors';
import { isProfane } from '../shared/domain/profanity';
import { now, type ActionLog, type Arrivals, type FromWorker, type LoadSpec, type ToWorker, type WorkerConfig, type WorkerReport } from './protocol';
import { openConn, wireStats, type Conn } from './wire';

type AnyReply = Reply<Record<string, unknown>>;

interface Attendee {
  /** Global index (across workers) and index in this worker. */
  g: number;
  /** The room it takes part in: the plenary, or the breakout it got a place in (null: none yet, or waiting). */
  room: string | null;
  /** Chat reactions it has sent (`<messageId>:<reaction>`): each is sent once. */
  reacted: Set<string>;
  ci: number;
  url: string;
  token: string | null;
  socket: Conn | null;
  /** The open poll this client knows of (the latest launched), as its own broadcasts told it. */
  poll: string | null;
  pollOpenedAt: number;
  /** The option it last sent per poll. */
  choice: Map<string, number>;
  votePending: string | null;
  /** Questions it upvoted, and its own (an asker can't upvote their own question: Q19). */
  upvoted: Set<string>;
  /** What the server acknowledged: the last accepted option per poll, and accepted upvotes. */
  ackedChoice: Map<string, number>;
  /** Polls on which a vote got no answer after the last accepted one: the final ballot may be either. */
  unsure: Set<string>;
  ackedUpvotes: Set<string>;
}

const OPTIONS = ['a', 'b', 'c', 'd', 'e'];
const QUESTION_TEXTS = [
  'How will employers check that a microcredential is genuine?',
  'Can microcredentials from different countries be stacked into a degree?',
  'What quality assurance applies to short courses?',
  'How do learners keep their credentials when a platform closes?',
  'Which standards should universities adopt first?',
  'How are workload and credits expressed for short learning?',
];

let config: WorkerConfig;
let attendees: Attendee[] = [];
let closing = false;

// ---- records ------------------------------------------------------------------------------------------------

const seriesIndex = new Map<string, number>();
const seriesNames: string[] = [];
const seriesOf = (name: string): number => {
  let i = seriesIndex.get(name);
  if (i === undefined) {
    i = seriesNames.push(name) - 1;
    seriesIndex.set(name, i);
  }
  return i;
};
const codeIndex = new Map<string, number>([['', 0]]);
const codes: string[] = [''];
const codeOf = (code: string): number => {
  let i = codeIndex.get(code);
  if (i === undefined) {
    i = codes.push(code) - 1;
    codeIndex.set(code, i);
  }
  return i;
};

class Recorder {
  sendAt: number[] = [];
  ackAt: number[] = [];
  series: number[] = [];
  attendee: number[] = [];
  value: number[] = [];
  code: number[] = [];
  unknown: number[] = [];
  pending = 0;

  start(series: number, attendee: number, value: number): number {
    this.pending++;
    this.sendAt.push(now());
    this.ackAt.push(NaN);
    this.series.push(series);
    this.attendee.push(attendee);
    this.value.push(value);
    this.code.push(0);
    this.unknown.push(0);
    return this.sendAt.length - 1;
  }

  done(i: number, code: string, unknown = false): void {
    this.pending--;
    this.ackAt[i] = now();
    this.code[i] = codeOf(code);
    this.unknown[i] = unknown ? 1 : 0;
  }

  toLog(): ActionLog {
    return {
      sendAt: Float64Array.from(this.sendAt),
      ackAt: Float64Array.from(this.ackAt),
      series: Int32Array.from(this.series),
      attendee: Int32Array.from(this.attendee),
      value: Int32Array.from(this.value),
      code: Int32Array.from(this.code),
      unknown: Uint8Array.from(this.unknown),
    };
  }
}

const votes = new Recorder();
const upvotes = new Recorder();
const questions = new Recorder();
const chats = new Recorder();
const reactions = new Recorder();
const contributions = new Recorder();
const choices = new Recorder();
const changeArrivals: Arrivals = new Map();
const otherErrors: Record<string, number> = {};
const received: Record<string, number> = {};
const lags: number[] = [];
let notLive = 0;
/** Live messages received by this worker's clients during the load phase. */
let liveInLoad = 0;
/** WebSocket bytes this worker's clients received during the load phase. */
let bytesInLoad = 0;
let loadWindow = { from: Infinity, to: Infinity };
/** Live questions in the order this worker first heard of them, with when and in which room. */
const knownQuestions: { id: string; at: number; room: string }[] = [];
/** Published chat messages, per room, in the order this worker first heard of them (the last 50 are kept). */
const knownMessages = new Map<string, { id: string; at: number }[]>();
const knownMessageIds = new Set<string>();
/**
 * Per client: when it had each breakout's published summary and the report-back switched on (NaN: not yet). The
 * report-back is on a client's screen once it has all of them.
 */
let reportBackSeen: { published: Map<string, Float64Array>; live: Float64Array } | null = null;
const knownQuestionIds = new Set<string>();

const count = (bag: Record<string, number>, key: string, by = 1) => (bag[key] = (bag[key] ?? 0) + by);
const send = (msg: FromWorker) => process.send?.(msg);

/** One series (a poll's tally, a question's count): the highest tick each client has seen, and the arrivals. */
interface Series {
  /** By the client's index in this worker; -1 before the first tick. */
  maxes: Float64Array;
  /** lo -> hi -> arrival ms -> clients. */
  byLo: Map<number, Map<number, Map<number, number>>>;
}

/**
 * The first arrival at each client of each tick of each series, counted by (lo, hi, ms). Every client observes
 * every series in every live message (thousands of times a second per generator), so the counting avoids building
 * a `series|lo|hi` key per observation; `arrivals()` gives the report's keyed form.
 */
class TickArrivals {
  private readonly series = new Map<string, Series>();

  /** A tally or count reached client ci: when it raises the client's highest tick, it is the first to include lo+1..hi. */
  observe(id: string, tick: number, ci: number, t: number, record = true): void {
    const s = this.seriesOf(id);
    const lo = s.maxes[ci]!;
    if (tick <= lo) return;
    s.maxes[ci] = tick;
    if (record) this.arrived(s, lo, tick, t);
  }

  seriesOf(id: string): Series {
    let s = this.series.get(id);
    if (!s) this.series.set(id, (s = { maxes: new Float64Array(attendees.length).fill(-1), byLo: new Map() }));
    return s;
  }

  /** The clients (by ms) that had ticks lo+1..hi of a series first at t. */
  arrived(s: Series, lo: number, hi: number, t: number): Map<number, number> {
    let byHi = s.byLo.get(lo);
    if (!byHi) s.byLo.set(lo, (byHi = new Map()));
    let h = byHi.get(hi);
    if (!h) byHi.set(hi, (h = new Map()));
    const ms = Math.floor(t);
    h.set(ms, (h.get(ms) ?? 0) + 1);
    return h;
  }

  arrivals(): Arrivals {
    const out: Arrivals = new Map();
    for (const [id, s] of this.series) for (const [lo, byHi] of s.byLo) for (const [hi, h] of byHi) out.set(`${id}|${lo}|${hi}`, h);
    return out;
  }
}
const tallies = new TickArrivals();
const counts = new TickArrivals();
const reactionTotals = new TickArrivals();

function noteQuestion(id: string, room: string, status: string, t: number): void {
  if (status !== 'live' || knownQuestionIds.has(id)) return;
  knownQuestionIds.add(id);
  knownQuestions.push({ id, at: t, room });
}

function noteMessage(id: string, room: string, status: string, t: number): void {
  if (status !== 'published' || knownMessageIds.has(id)) return;
  knownMessageIds.add(id);
  let list = knownMessages.get(room);
  if (!list) knownMessages.set(room, (list = []));
  list.push({ id, at: t });
  if (list.length > 50) knownMessageIds.delete(list.shift()!.id);
}

// A small deterministic PRNG (mulberry32), seeded per worker: runs are repeatable.
let seed = 0x9e3779b9;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}

let opCounter = 0;
const opId = (kind: string) => `b${config.worker}${kind}${(++opCounter).toString(36).padStart(8, '0')}`;

// ---- joining -------------------------------------------------------------------------------------------------

async function join(a: Attendee): Promise<boolean> {
  // As the app does: the handshake of the live connection joins, and the welcome brings the session and the snapshot.
  let opened: { conn: Conn; welcome: Welcome };
  try {
    opened = await openConn(config.client, a.url, { join: { code: config.code } }, (conn) => listen(a, conn), 30_000);
  } catch (error) {
    count(otherErrors, `join: ${(error as Error).message}`);
    return false;
  }
  const { conn: socket, welcome } = opened;
  if (!welcome.joined) {
    count(otherErrors, 'join: no session in the welcome');
    socket.close();
    return false;
  }
  a.token = welcome.joined.token;
  a.socket = socket;
  watchDisconnect(a, socket);
  joinedClients++;
  clientsOnPoll.set(null, (clientsOnPoll.get(null) ?? 0) + 1);
  const reply = welcome.sync;
  if (!reply.ok) {
    count(otherErrors, `welcome: ${reply.code}`);
    return false;
  }
  if (reply.mode !== 'snapshot' || !reply.snapshot.agenda.programme) {
    count(otherErrors, 'welcome: not a whole snapshot');
    return false;
  }
  const snap = reply.snapshot;
  const t = now();
  for (const p of snap.polls.polls) if (p.roomId === a.room && p.status === 'open' && (p.openedAt ?? 0) >= a.pollOpenedAt) setPoll(a, p.id, p.openedAt ?? 0);
  for (const tally of Object.values(snap.polls.tallies)) tallies.observe(tally.pollId, tally.tick, a.ci, t, false);
  for (const [id, c] of Object.entries(snap.qa.counts)) counts.observe(id, c.tick, a.ci, t, false);
  for (const q of snap.qa.questions) noteQuestion(q.id, q.roomId, q.status, t - 10_000);
  for (const [room, h] of Object.entries(snap.chat?.history ?? {})) for (const m of h.messages) noteMessage(m.id, room, m.status, t - 10_000);
  for (const [key, r] of Object.entries(snap.chat?.reactions ?? {})) reactionTotals.observe(key, r.tick, a.ci, t, false);
  return true;
}

/**
 * Live messages seen, each with its arrivals (clients by ms) and the changes every client acts on for itself.
 * The clients of one shard are handed the same parsed object (wire.ts parses a text once), so a message with
 * dozens of changes costs each client one count here instead of one per change; `flushBatchArrivals` adds each
 * change's share to `changeArrivals` (a run under its range: the clients of a shard get the same runs) once a second
 * and at the end. A message seen again after a flush starts a new entry: the counts add up the same.
 */
const batchArrivals = new Map<LiveBatch, BatchEntry>();

interface BatchEntry {
  /** Clients by arrival ms. */
  at: Map<number, number>;
  /** Changes each client acts on for itself. */
  own: Change[];
  /** The message's tallies, counts and reaction totals, each with its series. */
  totals: { of: TickArrivals; series: Series; tick: number }[];
}

function batchArrival(batch: LiveBatch, t: number): BatchEntry {
  let entry = batchArrivals.get(batch);
  if (!entry) {
    const own: Change[] = [];
    for (const c of batch.changes ?? []) {
      const e = c.event;
      if (!e) continue;
      // What this worker learns once (the questions and messages to upvote and react to), at its first arrival.
      if (e.type === 'qa.asked') noteQuestion(e.question.id, e.question.roomId, e.question.status, t);
      else if (e.type === 'chat.posted') noteMessage(e.message.id, e.message.roomId, e.message.status, t);
      else if (e.type === 'poll.changed' || e.type === 'summary.published' || e.type === 'reportBack.changed') own.push(c);
    }
    const totals: BatchEntry['totals'] = [];
    for (const tally of batch.tallies ?? []) totals.push({ of: tallies, series: tallies.seriesOf(tally.pollId), tick: tally.tick });
    for (const id in batch.counts) totals.push({ of: counts, series: counts.seriesOf(id), tick: batch.counts[id]!.tick });
    for (const key in batch.reactions) totals.push({ of: reactionTotals, series: reactionTotals.seriesOf(key), tick: batch.reactions[key]!.tick });
    batchArrivals.set(batch, (entry = { at: new Map(), own, totals }));
  }
  if (batch.changes?.length) {
    const ms = Math.floor(t);
    entry.at.set(ms, (entry.at.get(ms) ?? 0) + 1);
  }
  return entry;
}

function flushBatchArrivals(): void {
  for (const [batch, entry] of batchArrivals) {
    for (const c of batch.changes ?? []) {
      const key = c.through === undefined ? String(c.seq) : `${c.seq}-${c.through}`;
      let h = changeArrivals.get(key);
      if (!h) changeArrivals.set(key, (h = new Map()));
      for (const [ms, n] of entry.at) h.set(ms, (h.get(ms) ?? 0) + n);
    }
  }
  batchArrivals.clear();
}
setInterval(flushBatchArrivals, 1000).unref();

/** A change that one client acts on for itself: its room's poll opening or closing, the report-back's parts. */
function onClientChange(a: Attendee, c: Change, t: number): void {
  const e = c.event!;
  if (e.type === 'poll.changed') {
    const p = e.poll;
    if (p.roomId !== a.room) return;
    if (p.status === 'open' && (p.openedAt ?? 0) >= a.pollOpenedAt) setPoll(a, p.id, p.openedAt ?? 0);
    else if (p.status === 'closed' && a.poll === p.id) setPoll(a, null, a.pollOpenedAt);
  } else if (reportBackSeen && e.type === 'summary.published') {
    const seen = reportBackSeen.published.get(e.published.roomId);
    if (seen && Number.isNaN(seen[a.ci]!)) seen[a.ci] = t;
  } else if (reportBackSeen && e.type === 'reportBack.changed' && e.reportBack.live && Number.isNaN(reportBackSeen.live[a.ci]!)) reportBackSeen.live[a.ci] = t;
}

function listen(a: Attendee, socket: Conn): void {
  socket.on('live', (batch: LiveBatch) => {
    const t = now();
    count(received, 'live');
    if (t >= loadWindow.from && t < loadWindow.to) liveInLoad++;
    const entry = batchArrival(batch, t);
    for (const c of entry.own) onClientChange(a, c, t);
    // A message's totals, looked up once for all the clients it reaches (`batchArrival`); each client's highest tick
    // per series is its own.
    for (const total of entry.totals) {
      const lo = total.series.maxes[a.ci]!;
      if (total.tick <= lo) continue;
      total.series.maxes[a.ci] = total.tick;
      total.of.arrived(total.series, lo, total.tick, t);
    }
  });
  socket.on('poll:myBallot', () => count(received, 'poll:myBallot'));
}

/** Once joined: a connection lost before the end is an error, and the attendee stops acting. */
function watchDisconnect(a: Attendee, socket: Conn): void {
  socket.onDisconnect((reason) => {
    if (closing) return;
    count(otherErrors, `disconnected: ${reason}`);
    joinedClients--;
    clientsOnPoll.set(a.poll, (clientsOnPoll.get(a.poll) ?? 0) - 1);
    a.socket = null;
    checkSwitch();
  });
}

async function joinAll(startAt: number): Promise<void> {
  const wait = startAt - now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  let next = 0;
  let joined = 0;
  let failed = 0;
  let lastAt = now();
  const runner = async () => {
    while (next < attendees.length) {
      const a = attendees[next++]!;
      if (await join(a)) {
        joined++;
        lastAt = now();
      } else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.joinConcurrency, attendees.length) }, runner));
  send({ type: 'joined', lastAt, joined, failed });
}

// ---- poll switching -------------------------------------------------------------------------------------------

let awaiting: { pollId: string; previous: string | null } | null = null;
const pendingVotesByPoll = new Map<string, number>();
/** How many of this worker's joined clients currently take each poll as the open one. */
const clientsOnPoll = new Map<string | null, number>();
let joinedClients = 0;

function setPoll(a: Attendee, pollId: string | null, openedAt: number): void {
  clientsOnPoll.set(a.poll, (clientsOnPoll.get(a.poll) ?? 0) - 1);
  clientsOnPoll.set(pollId, (clientsOnPoll.get(pollId) ?? 0) + 1);
  a.poll = pollId;
  a.pollOpenedAt = openedAt;
  if ((awaiting && pollId === awaiting.pollId) || awaitingRooms) checkSwitch();
}

/** The breakouts' polls, launched together: every client with a place must have its breakout's poll open. */
let awaitingRooms: { polls: Record<string, string>; needed: Map<string, number> } | null = null;

function checkRooms(): void {
  if (!awaitingRooms) return;
  for (const [room, pollId] of Object.entries(awaitingRooms.polls)) if ((clientsOnPoll.get(pollId) ?? 0) < (awaitingRooms.needed.get(room) ?? 0)) return;
  const polls = Object.values(awaitingRooms.polls);
  awaitingRooms = null;
  for (const pollId of polls) send({ type: 'poll-switched', pollId });
}

function checkSwitch(): void {
  checkRooms();
  if (!awaiting) return;
  const { pollId, previous } = awaiting;
  if (previous && (pendingVotesByPoll.get(previous) ?? 0) > 0) return;
  if ((clientsOnPoll.get(pollId) ?? 0) < joinedClients) return;
  awaiting = null;
  send({ type: 'poll-switched', pollId });
}

// ---- the load --------------------------------------------------------------------------------------------------

let voteCursor = 0;
let upvoteCursor = 0;
let askCursor = 0;
let askCount = 0;

function sendVote(): boolean {
  const n = attendees.length;
  for (let tries = 0; tries < n; tries++) {
    const a = attendees[voteCursor]!;
    voteCursor = (voteCursor + 1) % n;
    if (!a.socket || !a.poll || a.votePending) continue;
    const pollId = a.poll;
    const prev = a.choice.get(pollId);
    const option = prev === undefined ? Math.floor(random() * OPTIONS.length) : (prev + 1 + Math.floor(random() * (OPTIONS.length - 1))) % OPTIONS.length;
    a.choice.set(pollId, option);
    a.votePending = pollId;
    pendingVotesByPoll.set(pollId, (pendingVotesByPoll.get(pollId) ?? 0) + 1);
    const i = votes.start(seriesOf(pollId), a.g, option);
    // Each attendee has one tab and says so, as the app does when it hears no other tab of its session.
    a.socket.emit(
      'poll:vote',
      { opId: opId('v'), pollId, choice: { type: 'single', option: OPTIONS[option]! }, otherTabs: false },
      (err: Error | null, reply: AnyReply) => {
        votes.done(i, err ? 'NO_ACK' : reply.ok ? '' : reply.code, !!err);
        if (err) a.unsure.add(pollId);
        else if (reply.ok) {
          a.ackedChoice.set(pollId, option);
          a.unsure.delete(pollId);
        }
        a.votePending = null;
        const left = pendingVotesByPoll.get(pollId)! - 1;
        pendingVotesByPoll.set(pollId, left);
        if (left === 0 && awaiting?.previous === pollId) checkSwitch();
      },
      config.ackTimeoutMs,
    );
    return true;
  }
  return false;
}

function sendUpvote(): boolean {
  const n = attendees.length;
  const t = now();
  // The 20 newest questions of each room that this worker's clients have had for at least half a second (they have seen them).
  const seen = knownQuestions.filter((q) => t - q.at >= 500);
  if (!seen.length) return false;
  const recentIn = new Map<string, typeof seen>();
  const recentOf = (room: string) => {
    let list = recentIn.get(room);
    if (!list) recentIn.set(room, (list = seen.filter((q) => q.room === room).slice(-20)));
    return list;
  };
  for (let tries = 0; tries < n; tries++) {
    const a = attendees[upvoteCursor]!;
    upvoteCursor = (upvoteCursor + 1) % n;
    if (!a.socket || !a.room) continue;
    const choices = recentOf(a.room).filter((q) => !a.upvoted.has(q.id));
    if (!choices.length) continue;
    const q = choices[Math.floor(random() * choices.length)]!;
    a.upvoted.add(q.id);
    const i = upvotes.start(seriesOf(q.id), a.g, 1);
    a.socket.emit(
      'qa:upvote',
      { opId: opId('u'), questionId: q.id, up: true },
      (err: Error | null, reply: AnyReply) => {
        upvotes.done(i, err ? 'NO_ACK' : reply.ok ? '' : reply.code, !!err);
        if (!err && reply.ok) a.ackedUpvotes.add(q.id);
      },
      config.ackTimeoutMs,
    );
    return true;
  }
  return false;
}

/**
 * A question nobody asked yet. The number that makes it unique can read as a word to the profanity filter (it
 * reads digits as letters: "455"), which holds a question for moderation; such a text is skipped, as an attendee
 * whose question was flagged would rephrase it.
 */
function nextQuestionText(): string {
  for (;;) {
    const k = askCount++;
    const text = `${QUESTION_TEXTS[k % QUESTION_TEXTS.length]} (${config.worker}.${k})`;
    if (!isProfane(text)) return text;
  }
}

function sendQuestion(): boolean {
  const n = attendees.length;
  for (let tries = 0; tries < n; tries++) {
    const a = attendees[askCursor]!;
    askCursor = (askCursor + 1) % n;
    if (!a.socket || !a.room) continue;
    const text = nextQuestionText();
    const i = questions.start(-1, a.g, -1);
    a.socket.emit(
      'qa:ask',
      { opId: opId('q'), roomId: a.room, text, target: null, anonymous: true },
      (err: Error | null, reply: AnyReply) => {
        const ok = !err && reply.ok;
        questions.done(i, err ? 'NO_ACK' : reply.ok ? '' : reply.code, !!err);
        if (ok) {
          const r = reply as unknown as { questionId: string; status: string; seq: number };
          questions.series[i] = seriesOf(r.questionId);
          questions.value[i] = r.seq;
          a.upvoted.add(r.questionId); // never chosen to upvote: its own
          if (r.status !== 'live') notLive++;
        }
      },
      config.ackTimeoutMs,
    );
    return true;
  }
  return false;
}

let chatCursor = 0;
let reactCursor = 0;
let contributeCursor = 0;
let chatCount = 0;
let contributionCount = 0;
const CHAT_TEXTS = [
  'Good point about recognition across borders',
  'Does anyone have the link to the Council recommendation?',
  'Our university started with three pilot courses',
  'Employers in our region ask exactly this',
  'Agree, quality assurance is the key',
  'Thanks, very helpful overview',
];
const CONTRIBUTION_TEXTS = [
  'Employers need a simple way to verify them',
  'Learners should be able to stack them towards a qualification',
  'Short courses need the same quality assurance as degrees',
  'Guidance services should explain them to adults',
];
const REACTION_KINDS = ['thumbsUp', 'heart', 'clap', 'thinking'] as const;
const CHOICE_ACK_TIMEOUT_MS = 120_000;

/** A text nobody wrote yet, which the profanity filter lets through (see nextQuestionText). */
function uniqueText(texts: string[], k: number): string {
  for (let j = k; ; j += 100_000) {
    const text = `${texts[j % texts.length]} (${config.worker}.${j})`;
    if (!isProfane(text)) return text;
  }
}

/**
 * A chat message from the next attendee in turn with a room: at 20 messages a second spread over thousands of
 * attendees, each sends one every few minutes, far under the 5 per 10 s an attendee may.
 */
function sendChat(): boolean {
  const n = attendees.length;
  for (let tries = 0; tries < n; tries++) {
    const a = attendees[chatCursor]!;
    chatCursor = (chatCursor + 1) % n;
    if (!a.socket || !a.room) continue;
    const text = uniqueText(CHAT_TEXTS, chatCount++);
    const i = chats.start(seriesOf(a.room), a.g, -1);
    a.socket.emit(
      'chat:post',
      { opId: opId('c'), roomId: a.room, text },
      (err: Error | null, reply: AnyReply) => {
        chats.done(i, err ? 'NO_ACK' : reply.ok ? '' : reply.code, !!err);
        if (!err && reply.ok) {
          const r = reply as unknown as { seq: number; message: { status: string } };
          chats.value[i] = r.seq;
          if (r.message.status !== 'published') notLive++;
        }
      },
      config.ackTimeoutMs,
    );
    return true;
  }
  return false;
}

/** A reaction to one of the newest messages of the attendee's room that this worker has had for half a second. */
function sendReaction(): boolean {
  const n = attendees.length;
  const t = now();
  const recentIn = new Map<string, { id: string; at: number }[]>();
  const recentOf = (room: string) => {
    let list = recentIn.get(room);
    if (!list) recentIn.set(room, (list = (knownMessages.get(room) ?? []).filter((m) => t - m.at >= 500).slice(-10)));
    return list;
  };
  for (let tries = 0; tries < n; tries++) {
    const a = attendees[reactCursor]!;
    reactCursor = (reactCursor + 1) % n;
    if (!a.socket || !a.room) continue;
    const recent = recentOf(a.room);
    if (!recent.length) continue;
    const m = recent[Math.floor(random() * recent.length)]!;
    const kind = REACTION_KINDS[Math.floor(random() * REACTION_KINDS.length)]!;
    const key = `${m.id}:${kind}`;
    if (a.reacted.has(key)) continue;
    a.reacted.add(key);
    const i = reactions.start(seriesOf(key), a.g, 1);
    a.socket.emit(
      'chat:react',
      { opId: opId('r'), roomId: a.room, messageId: m.id, reaction: kind, on: true },
      (err: Error | null, reply: AnyReply) => reactions.done(i, err ? 'NO_ACK' : reply.ok ? '' : reply.code, !!err),
      config.ackTimeoutMs,
    );
    return true;
  }
  return false;
}

/** An answer to one of the three key topics of the attendee's breakout (pre-moderation off: live at once). */
function sendContribution(): boolean {
  const n = attendees.length;
  for (let tries = 0; tries < n; tries++) {
    const a = attendees[contributeCursor]!;
    contributeCursor = (contributeCursor + 1) % n;
    if (!a.socket || !a.room || a.room === config.roomId) continue;
    const text = uniqueText(CONTRIBUTION_TEXTS, contributionCount++);
    const i = contributions.start(seriesOf(a.room), a.g, -1);
    a.socket.emit(
      'breakouts:contribute',
      { opId: opId('k'), roomId: a.room, topic: Math.floor(random() * 3), text },
      (err: Error | null, reply: AnyReply) => {
        contributions.done(i, err ? 'NO_ACK' : reply.ok ? '' : reply.code, !!err);
        if (!err && reply.ok) {
          const r = reply as unknown as { seq: number; status: string };
          contributions.value[i] = r.seq;
          if (r.status !== 'live') notLive++;
        }
      },
      config.ackTimeoutMs,
    );
    return true;
  }
  return false;
}

/**
 * Every attendee chooses a breakout of the slot at a moment spread evenly over `spreadMs` (the room by the
 * weights, so that one fills and has a waiting list); the outcome decides the room it then takes part in.
 */
async function chooseAll(msg: Extract<ToWorker, { type: 'choose' }>): Promise<void> {
  const rooms = Object.keys(msg.weights);
  const total = Object.values(msg.weights).reduce((x, y) => x + y, 0);
  const pick = () => {
    let r = random() * total;
    for (const room of rooms) if ((r -= msg.weights[room]!) < 0) return room;
    return rooms[rooms.length - 1]!;
  };
  const done: Promise<void>[] = [];
  /**
   * One choice and its answer. A breakout whose waiting list is full (`TOO_MANY`, B13) is a clear answer, not an
   * error: the attendee then chooses another breakout of the slot, as a person would.
   */
  const choose = (a: Attendee, roomId: string, first: boolean): Promise<void> =>
    new Promise<void>((ok) => {
      if (!a.socket) return ok();
      const i = choices.start(seriesOf(roomId), a.g, -1);
      a.socket.emit(
        'breakouts:choose',
        { opId: opId('b'), slotId: msg.slotId, roomId },
        (err: Error | null, reply: AnyReply) => {
          const full = !err && !reply.ok && reply.code === 'TOO_MANY';
          choices.done(i, err ? 'NO_ACK' : reply.ok || full ? '' : reply.code, !!err);
          if (!err && reply.ok) {
            const outcome = (reply as unknown as { outcome: string }).outcome;
            choices.value[i] = outcome === 'placed' ? 0 : 1;
            if (outcome === 'placed') a.room = roomId;
          }
          if (full) choices.value[i] = 2; // answered, nothing stored
          if (full && first) return void choose(a, rooms.find((r) => r !== roomId) ?? roomId, false).then(ok);
          if (full) count(otherErrors, 'choice refused: every chosen waiting list full');
          ok();
        },
        // Long enough to see how late a choice is when the store falls behind, rather than only that it was.
        CHOICE_ACK_TIMEOUT_MS,
      );
    });
  const order = attendees.filter((a) => a.socket);
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const t = now();
      const due = Math.min(order.length, Math.floor(((t - msg.startAt) / msg.spreadMs) * order.length));
      if (next < due) lags.push(t - (msg.startAt + ((next + 1) / order.length) * msg.spreadMs));
      while (next < due) {
        const a = order[next++]!;
        const roomId = pick();
        // Connected when the choices began, gone since (counted as its disconnection already): no choice to send.
        if (!a.socket) {
          count(otherErrors, 'choice not sent (disconnected)');
          continue;
        }
        done.push(choose(a, roomId, true));
      }
      if (next < order.length) setTimeout(tick, 2);
      else resolve();
    };
    const wait = msg.startAt - now();
    setTimeout(tick, Math.max(0, wait));
  });
  await Promise.all(done);
  const placed: Record<string, number> = {};
  for (const a of attendees) if (a.room) placed[a.room] = (placed[a.room] ?? 0) + 1;
  send({ type: 'chosen', placed });
}

function runLoad(spec: LoadSpec): void {
  loadWindow = { from: spec.startAt, to: spec.startAt + spec.durationMs };
  setTimeout(() => (bytesInLoad = -wireStats.bytes), Math.max(0, spec.startAt - now()));
  setTimeout(() => (bytesInLoad += wireStats.bytes), Math.max(0, spec.startAt + spec.durationMs - now()));
  const plan = [
    { rate: spec.votesPerSec, sent: 0, act: sendVote, what: 'vote' },
    { rate: spec.upvotesPerSec, sent: 0, act: sendUpvote, what: 'upvote' },
    { rate: spec.questionsPerSec, sent: 0, act: sendQuestion, what: 'question' },
    { rate: spec.chatPerSec, sent: 0, act: sendChat, what: 'chat message' },
    { rate: spec.reactionsPerSec, sent: 0, act: sendReaction, what: 'reaction' },
    { rate: spec.contributionsPerSec, sent: 0, act: sendContribution, what: 'contribution' },
  ];
  const tick = () => {
    if (closing) return;
    const t = now();
    const elapsed = Math.min(t - spec.startAt, spec.durationMs);
    if (elapsed >= 0) {
      for (const p of plan) {
        if (p.rate <= 0) continue;
        const due = Math.floor((elapsed / 1000) * p.rate);
        if (due > p.sent) lags.push(t - (spec.startAt + ((p.sent + 1) / p.rate) * 1000));
        while (p.sent < due) {
          p.sent++;
          // Nobody able to act (e.g. every attendee still waiting for an ack): the action is not sent, and counts.
          if (!p.act()) count(otherErrors, `${p.what} not sent (no attendee able to)`);
        }
      }
    }
    if (t - spec.startAt < spec.durationMs) setTimeout(tick, 2);
  };
  tick();
}

/** Each sampled attendee's own view after the run (a new connection): its ballot per poll and its upvotes, against its acks. */
async function verify(sample: number): Promise<void> {
  const step = Math.max(1, Math.floor(attendees.length / Math.max(1, sample)));
  const chosen = attendees.filter((a, i) => a.token && i % step === 0).slice(0, sample);
  let missingVotes = 0;
  let missingUpvotes = 0;
  let failed = 0;
  let next = 0;
  const runner = async () => {
    while (next < chosen.length) {
      const a = chosen[next++]!;
      let conn: Conn | null = null;
      try {
        const opened = await openConn(config.client, a.url, { token: a.token! }, () => undefined, 60_000);
        conn = opened.conn;
        const reply = opened.welcome.sync;
        if (!reply.ok || reply.mode !== 'snapshot') throw new Error('no snapshot');
        const snap = reply.snapshot;
        for (const [pollId, option] of a.ackedChoice) {
          if (a.unsure.has(pollId)) continue;
          const mine = snap.polls.myBallots[pollId];
          if (!mine || mine.type !== 'single' || mine.option !== OPTIONS[option]) missingVotes++;
        }
        const mine = new Set(snap.qa.myUpvotes);
        for (const id of a.ackedUpvotes) if (!mine.has(id)) missingUpvotes++;
      } catch {
        failed++;
      } finally {
        conn?.close();
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, runner));
  send({ type: 'verified', checked: chosen.length - failed, missingVotes, missingUpvotes, failed });
}

async function drain(): Promise<void> {
  const deadline = now() + config.ackTimeoutMs + 2_000;
  const pending = () => votes.pending + upvotes.pending + questions.pending + chats.pending + reactions.pending + contributions.pending;
  while (pending() > 0 && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  send({ type: 'drained', pending: pending() });
}

function report(): WorkerReport {
  const sorted = [...lags].sort((x, y) => x - y);
  return {
    worker: config.worker,
    seriesNames,
    codes,
    votes: votes.toLog(),
    upvotes: upvotes.toLog(),
    questions: questions.toLog(),
    chats: chats.toLog(),
    reactions: reactions.toLog(),
    contributions: contributions.toLog(),
    choices: choices.toLog(),
    tallyArrivals: tallies.arrivals(),
    countArrivals: counts.arrivals(),
    reactionArrivals: reactionTotals.arrivals(),
    reportBackArrivals: reportBackSeen
      ? Float64Array.from(attendees, (a) => {
          if (!a.token) return NaN;
          const all = [reportBackSeen!.live[a.ci]!, ...[...reportBackSeen!.published.values()].map((p) => p[a.ci]!)];
          return all.some(Number.isNaN) ? NaN : Math.max(...all);
        })
      : null,
    changeArrivals: (flushBatchArrivals(), changeArrivals),
    otherErrors,
    schedulerLagP99Ms: sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]! : 0,
    schedulerLagMaxMs: sorted.length ? sorted[sorted.length - 1]! : 0,
    received,
    liveInLoad,
    bytesInLoad,
    notLive,
  };
}

process.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'config':
      config = msg.config;
      seed = (0x9e3779b9 + config.worker * 7919) | 0;
      attendees = Array.from({ length: config.attendees }, (_, ci) => {
        const g = config.firstIndex + ci;
        return {
          g,
          ci,
          room: config.roomId,
          reacted: new Set(),
          url: config.servers[g % config.servers.length]!,
          token: null,
          socket: null,
          poll: null,
          pollOpenedAt: 0,
          choice: new Map(),
          votePending: null,
          upvoted: new Set(),
          ackedChoice: new Map(),
          unsure: new Set(),
          ackedUpvotes: new Set(),
        };
      });
      // Start the three kinds of action at different attendees.
      upvoteCursor = Math.floor(attendees.length / 3);
      askCursor = Math.floor((2 * attendees.length) / 3);
      send({ type: 'ready' });
      break;
    case 'join':
      void joinAll(msg.startAt);
      break;
    case 'await-poll':
      awaiting = { pollId: msg.pollId, previous: msg.previous };
      checkSwitch();
      break;
    case 'await-polls': {
      const needed = new Map<string, number>();
      for (const a of attendees) if (a.socket && a.room) needed.set(a.room, (needed.get(a.room) ?? 0) + 1);
      awaitingRooms = { polls: msg.polls, needed };
      checkSwitch();
      break;
    }
    case 'leave-plenary':
      // The breakouts begin: nobody takes part in the plenary until they have a place.
      for (const a of attendees) a.room = null;
      break;
    case 'choose':
      void chooseAll(msg);
      break;
    case 'watch-report-back':
      reportBackSeen = {
        published: new Map(msg.rooms.map((r) => [r, new Float64Array(attendees.length).fill(NaN)])),
        live: new Float64Array(attendees.length).fill(NaN),
      };
      send({ type: 'watching' });
      break;
    case 'load':
      runLoad(msg.spec);
      break;
    case 'drain':
      void drain();
      break;
    case 'report':
      send({ type: 'report', report: report() });
      break;
    case 'verify':
      void verify(msg.sample);
      break;
    case 'disconnect-all':
      closing = true;
      for (const a of attendees) a.socket?.close();
      send({ type: 'disconnected' });
      break;
    case 'close':
      closing = true;
      for (const a of attendees) a.socket?.close();
      setTimeout(() => process.exit(0), 200);
      break;
  }
});
process.on('disconnect', () => process.exit(0));
