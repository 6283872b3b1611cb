import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { ServerProcess } from '../test/helpers/process';
import { TestRedis } from '../test/helpers/redis';
import type { ClientToServer, ServerToClient, Snapshot, SyncResult } from '../shared/protocol/messages';
import type { SlotState } from '../shared/protocol/breakouts';
import type { Section } from '../shared/protocol/summaries';
import { breakoutItem, templateSections } from '../shared/domain/summaries';
import { EmbeddedStore } from '../server/store/embedded';
import { RedisStore } from '../server/store/redis';
import { DEMO_EVENT } from '../server/setup';
import { Redis } from 'ioredis';
import type { Reply } from '../shared/protocol/errors';
import { PROTOCOL_VERSION } from '../shared/protocol/version';
import { now, type Arrivals, type FromWorker, type ToWorker, type WorkerReport } from './protocol';
import { Sampler } from './procstat';
import { changeLatency, percentile, tickLatency, type WeightedHistogram, type Write } from './stats';
import { summariseProfile, type ProfileSummary } from './profile';
import type { ClientKind } from './wire';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOM = 'plenary';
const CODE = 'MC2023';

/** How long the chair waits for the final state after the load. */
const FINAL_STATE_TIMEOUT_MS = 90_000;

export interface ScenarioSpec {
  name: string;
  processes: number;
  attendeesPerProcess: number;
  redis: boolean;
  coalesce: boolean;
  /** The servers' LIVE_TICK_MS: how often the live stream goes out. */
  liveTickMs: number;
  durationMs: number;
  votesPerSec: number;
  upvotesPerSec: number;
  questionsPerSec: number;
  /** Chat messages and reactions a second, from attendees through the real protocol. */
  chatPerSec: number;
  reactionsPerSec: number;
  /** Key-topic answers a second in the breakouts (breakout-split). */
  contributionsPerSec: number;
  /** breakout-split: the attendees choose among the slot's breakouts, which then run their own sessions; null: a plenary. */
  breakouts: BreakoutSpec | null;
  /** A new poll is launched this often; the previous one is closed once every client has moved to the new one. */
  pollEveryMs: number;
  /** The chair highlights ("answering now") the newest question this often. */
  highlightEveryMs: number;
  workers: number;
  joinConcurrency: number;
  client: ClientKind;
  /** Attendees per worker whose own state is re-read and checked at the end. */
  verifySample: number;
  targets: Targets;
  /** Where to write the servers' CPU profiles of the load phase (null: no profiling). */
  profileDir: string | null;
  log: (line: string) => void;
}

export interface Targets {
  joinSeconds: number | null;
  ackP99Ms: number | null;
  updateP99Ms: number | null;
  rssKbPerConn: number | null;
  /** Chat delivery: a message's ack to its arrival at every client, p99. */
  chatP99Ms?: number | null;
  /** breakout-split: the choices' acks, p99; the report-back on every screen, p99 and max. */
  choiceAckP99Ms?: number | null;
  reportBackMs?: number | null;
}

export interface BreakoutSpec {
  slotId: string;
  /** How the attendees' first choices spread over the breakouts (relative weights). */
  weights: Record<string, number>;
  /** The breakout with a capacity, and that capacity: fewer places than attendees choosing it, so a waiting list. */
  capacityRoom: string;
  capacity: number;
  /** Every attendee chooses within this long. */
  chooseWithinMs: number;
  /** Each summary's size when published, in characters (Markdown). */
  summaryChars: number;
  /** A rapporteur saves this often during the load (the app's autosave after typing stops). */
  autosaveEveryMs: number;
}

export interface Quantiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ScenarioResult {
  name: string;
  processes: number;
  attendees: number;
  /** Accepted votes per second over the load phase. */
  votesPerSec: number;
  joinSeconds: number;
  /** The worst p99 of the attendees' writes (votes, upvotes, questions). */
  ackP99Ms: number;
  /** The worst p99 of the updates the issue names: vote -> tally and highlighted question, at every client. */
  updateP99Ms: number;
  /** (Peak server RSS during the run - idle server RSS) / connections, per process, the larger one. */
  rssKbPerConn: number;
  errors: number;
  /** Null when the final state could not be read (a collapsed server): not checked. */
  lost: number | null;
  // ---- details ----
  targetVotesPerSec: number;
  durationSeconds: number;
  coalesced: boolean;
  liveTickMs: number;
  store: 'embedded' | 'redis';
  client: ClientKind;
  ack: Record<'vote' | 'upvote' | 'question' | 'chair' | 'chat' | 'reaction' | 'contribution' | 'choice', Quantiles>;
  update: Record<'tally' | 'counts' | 'question' | 'highlight' | 'chat' | 'reaction' | 'contribution', Quantiles & { missing: number }>;
  /** Chat delivery p99 (ack -> every client), ms; null when no message was sent. */
  chatP99Ms: number | null;
  /** breakout-split only. */
  breakouts: BreakoutFigures | null;
  /** Redis scenarios: commands and network bytes during the load (INFO commandstats and stats, before and after). */
  redisLoad: RedisLoad | null;
  /** Attendee actions accepted during the load, all kinds (votes, upvotes, questions, chat, reactions, answers). */
  acceptedEventsPerSec: number;
  /** Server CPU per accepted event of any kind (ms), and per live message delivered to a client (µs). */
  serverCpuMsPerEvent: number;
  serverCpuUsPerDelivery: number;
  /** WebSocket bytes a client received per second during the load (all clients' average). */
  clientBytesPerSec: number;
  /** Live messages a client received per second during the load. */
  liveDeliveredPerClientPerSec: number;
  errorsByCode: Record<string, number>;
  lostDetail: null | { votes: number; upvotes: number; questions: number; extraVotes: number; extraUpvotes: number; attendeesChecked: number };
  serverCpuPercent: number;
  serverCpuMsPerVote: number;
  redisCpuPercent: number | null;
  generatorCpuPercent: number;
  /** CPU used during the load by processes that are not the bench's (other work on the machine: noise). */
  otherCpuPercent: number;
  /** Server CPU used by the join phase, per attendee (HTTP join, socket handshake, snapshot). */
  serverCpuMsPerJoin: number;
  /** The join phase's CPU of the load generators and of Redis, per attendee: the other shares of the cores. */
  generatorCpuMsPerJoin: number;
  redisCpuMsPerJoin: number | null;
  /** (RSS right after the joins, before the load - idle RSS) / connections: what a connection itself costs. */
  rssKbPerConnJoined: number;
  serverRssIdleMb: number;
  serverRssPeakMb: number;
  messagesPerClientPerSec: number;
  schedulerLagP99Ms: number;
  profiles: { label: string; summary: ProfileSummary }[];
  /** Profiled runs only: after a full GC, what each connection holds (idle server -> all joined, per connection). */
  memoryAfterGc: { heapKbPerConn: number; rssKbPerConn: number; externalKbPerConn: number; heapMbGrowthDuringLoad: number; rssMbAfterLoad: number } | null;
  targets: Targets;
}

export interface BreakoutFigures {
  /** Attendees placed per breakout by their acks, and waiting. */
  placed: Record<string, number>;
  waiting: number;
  /** The choices' acks, ms; the whole choice phase, s. */
  chooseSeconds: number;
  /** The slot's state and holders' sets read from the store after the run: places per breakout against capacity. */
  stored: { capacity: Record<string, number | null>; places: Record<string, number>; waiting: Record<string, number> } | null;
  overCapacity: number | null;
  /** Acked places missing from the document, or attendees listed twice. */
  choicesLost: number | null;
  /** Report-back switched on -> the three summaries and the switch at every client. */
  reportBack: Quantiles & { missing: number };
  summaryBytes: number;
  autosaves: number;
}

export interface RedisLoad {
  commandsPerSec: number;
  /** By command (evalsha counts the scripts), calls per second. */
  byCommand: Record<string, number>;
  netInputBytesPerSec: number;
  netOutputBytesPerSec: number;
  commandsPerEvent: number;
  bytesPerEvent: number;
}

type ClientSocket = Socket<ServerToClient, ClientToServer>;
type AnyReply = Reply<Record<string, unknown>>;

class Worker {
  private readonly inbox: FromWorker[] = [];
  private waiters: { match: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  exited = false;

  constructor(
    readonly proc: ChildProcess,
    readonly attendees: number,
  ) {
    proc.on('message', (m: FromWorker) => {
      const w = this.waiters.find((x) => x.match(m));
      if (w) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(m);
      } else this.inbox.push(m);
    });
    proc.on('exit', () => (this.exited = true));
    // A generator that has just exited (it closes its channel as it ends): a send to it fails with EPIPE. Its
    // answer then never comes, and the wait for it reports that; the error itself must not end the bench.
    proc.on('error', () => undefined);
  }

  send(msg: ToWorker): void {
    if (this.proc.connected) this.proc.send(msg, () => undefined);
  }

  next<T extends FromWorker['type']>(
    type: T,
    match: (m: Extract<FromWorker, { type: T }>) => boolean = () => true,
    timeoutMs = 600_000,
  ): Promise<Extract<FromWorker, { type: T }>> {
    const ok = (m: FromWorker): m is Extract<FromWorker, { type: T }> => m.type === type && match(m as Extract<FromWorker, { type: T }>);
    const i = this.inbox.findIndex(ok);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0] as Extract<FromWorker, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`a load generator sent no "${type}" within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiters.push({ match: ok, resolve: (m) => (clearTimeout(timer), resolve(m as Extract<FromWorker, { type: T }>)) });
    });
  }
}

function quantiles(values: number[]): Quantiles {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length ? values.reduce((a, b) => (b > a ? b : a), -Infinity) : NaN,
  };
}

function fromHist(h: { hist: WeightedHistogram; missing: number }): Quantiles & { missing: number } {
  return { n: h.hist.total, p50: h.hist.percentile(50), p99: h.hist.percentile(99), max: h.hist.max(), missing: h.missing };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * One scenario, as a list of phases: the processes are started, the chair prepares the session, the attendees
 * join, the load runs, the final state is read, the figures are taken; whatever was started is then stopped.
 */
export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  const run = newRun(spec);
  try {
    // The load generators are forked first: loading them overlaps the servers' start.
    forkGenerators(run);
    await startProduct(run);
    const chair = await openChair(run);
    const session = await prepareSession(run, chair);
    await configureGenerators(run);
    const sampler = await markIdle(run);
    const join = await joinAttendees(run, sampler);
    const chosen = spec.breakouts ? await chooseBreakouts(run, session) : null;
    const load = await runLoad(run, chair, session, sampler);
    const polls = session.breakout ? Object.values(session.breakout.polls) : session.polls;
    const end = await readFinalState(run, session.breakout?.organiser ?? chair, polls, [chair, ...staffOf(session)]);
    const figures = measure(run, [chair, ...staffOf(session)], polls, sampler, join, load, end);
    const breakouts = chosen ? await breakoutFigures(run, session, chosen, load) : null;
    const profiling = await collectProfiles(run);
    return report(run, sampler, join, load, figures, profiling, breakouts);
  } finally {
    await tearDown(run);
  }
}

/** What every phase shares: the scenario, the processes it started and what stops them. */
interface Run {
  spec: ScenarioSpec;
  log: (line: string) => void;
  totalAttendees: number;
  /** Attendees per load generator (the last one may have fewer). */
  perWorker: number;
  /** This scenario's folder of CPU profiles (null: no profiling). */
  profileDir: string | null;
  workers: Worker[];
  redis: TestRedis | null;
  servers: ServerProcess[];
  /** The processes the sampler measures, by name: bench, server<i>, redis, generator<i>. */
  pids: Map<string, number>;
  /** Registered as each thing is started, run in reverse order by tearDown(). */
  cleanups: (() => Promise<unknown> | void)[];
}

function newRun(spec: ScenarioSpec): Run {
  const began = now();
  const totalAttendees = spec.processes * spec.attendeesPerProcess;
  return {
    spec,
    log: (s: string) => spec.log(`[${spec.name} +${((now() - began) / 1000).toFixed(1)}s] ${s}`),
    totalAttendees,
    perWorker: Math.ceil(totalAttendees / spec.workers),
    profileDir: spec.profileDir ? path.join(spec.profileDir, spec.name) : null,
    workers: [],
    redis: null,
    servers: [],
    pids: new Map<string, number>([['bench', process.pid]]),
    cleanups: [],
  };
}

async function tearDown(run: Run): Promise<void> {
  for (const c of run.cleanups.reverse()) {
    try {
      await c();
    } catch {
      /* best effort */
    }
  }
}

// ---- the load generators and the product, as a user runs it ----------------------------------------------------

function forkGenerators(run: Run): void {
  const { workers, profileDir, perWorker, totalAttendees } = run;
  run.cleanups.push(async () => {
    for (const w of workers) if (!w.exited) w.send({ type: 'close' });
    await sleep(300);
    for (const w of workers) if (!w.exited) w.proc.kill('SIGKILL');
  });
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  // Profiled, the generators write a whole-run profile when they exit (generator-<n>.cpuprofile).
  for (let first = 0; first < totalAttendees; first += perWorker) {
    // One folder each: the tsx loader thread writes a profile too; the main thread's is the largest file.
    const genProf = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, `generator-${workers.length}`)}`] : [];
    const proc = fork(path.join(ROOT, 'bench/generator.ts'), [], {
      cwd: ROOT,
      execArgv: ['--max-semi-space-size=32', '--import', 'tsx', ...genProf],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    workers.push(new Worker(proc, Math.min(perWorker, totalAttendees - first)));
  }
}

async function startProduct(run: Run): Promise<void> {
  const { spec, profileDir, totalAttendees } = run;
  const redis = (run.redis = spec.redis ? new TestRedis({ appendfsync: 'everysec' }) : null);
  if (redis) {
    run.cleanups.push(() => redis.dispose());
    await redis.start();
  }
  const env: Record<string, string> = {
    // Every simulated attendee comes from 127.0.0.1; a real audience comes from many addresses.
    JOINS_PER_ADDRESS_PER_MINUTE: String(Math.max(600, totalAttendees * 10)),
    // ...and so do all their questions, upvotes and votes: the per-address budgets would cap the workload.
    QUESTIONS_PER_ADDRESS_PER_MINUTE: '100000000',
    UPVOTES_PER_ADDRESS_PER_MINUTE: '100000000',
    VOTES_PER_ADDRESS_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
    COALESCE: spec.coalesce ? 'on' : 'off',
    LIVE_TICK_MS: String(spec.liveTickMs),
    ...(redis ? { REDIS_URL: redis.url } : {}),
    ...(profileDir
      ? { BENCH_CPU_PROFILE: profileDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${path.join(ROOT, 'bench/cpu-profile.mjs')}`.trim() }
      : {}),
  };
  const servers = (run.servers = Array.from({ length: spec.processes }, () => new ServerProcess({ ...env })));
  run.cleanups.push(async () => {
    // A graceful stop first; a process that cannot finish it (still busy with a backlog) is killed.
    await Promise.all(servers.map((s) => Promise.race([s.stop('SIGTERM'), sleep(10_000).then(() => s.stop('SIGKILL'))])));
    for (const s of servers) fs.rmSync(s.dataDir, { recursive: true, force: true });
  });
  // One after the other: with Redis the first creates the demo event, the others find it.
  for (const s of servers) await s.start();
  run.log(`${spec.processes} server process(es) up (${spec.redis ? 'Redis, AOF everysec' : 'embedded store'}, coalescing ${spec.coalesce ? 'on' : 'off'})`);

  servers.forEach((s, i) => run.pids.set(`server${i}`, s.proc!.pid!));
  const redisPid = (redis as unknown as { proc: ChildProcess | null } | null)?.proc?.pid;
  if (redisPid) run.pids.set('redis', redisPid);
}

// ---- the chair ---------------------------------------------------------------------------------------------------

interface Chair {
  socket: ClientSocket;
  /** The chair's link, for a fresh connection at the end. */
  token: string;
  /** Ack times of the chair's actions (syncs excluded), ms. */
  acks: number[];
  errors: Record<string, number>;
  /** Set once the chair leaves on purpose: a disconnection is no longer an error. */
  closing: boolean;
  nextOpId: () => string;
  call: (
    event: keyof ClientToServer,
    payload: Record<string, unknown>,
    opts?: { op?: boolean },
  ) => Promise<{ reply: Record<string, unknown> | null; sentAt: number; ackAt: number }>;
  snapshot: () => Promise<Snapshot>;
}

const bump = (counts: Record<string, number>, key: string, n = 1) => (counts[key] = (counts[key] ?? 0) + n);

async function openChair(run: Run, label = 'Chair · Plenary'): Promise<Chair> {
  const token = run.servers[0]!.printedLinks()[label];
  if (!token) throw new Error(`the server printed no "${label}" link`);
  // The chair reconnects by itself (as the app does); every disconnection counts as an error.
  const socket: ClientSocket = connect(run.servers[0]!.url, {
    auth: { v: PROTOCOL_VERSION, token },
    transports: ['websocket'],
    reconnection: true,
    forceNew: true,
  });
  run.cleanups.push(() => void socket.close());
  await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
  let ops = 0;
  const chair: Chair = {
    socket,
    token,
    acks: [],
    errors: {},
    closing: false,
    nextOpId: () => `staff-${label.replace(/\W+/g, '')}-${process.pid}-${++ops}`,
    call: async (event, payload, opts = {}) => {
      const body = opts.op === false ? payload : { opId: chair.nextOpId(), ...payload };
      const sentAt = now();
      let reply: AnyReply;
      try {
        reply = await (socket.timeout(30_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<AnyReply> }).emitWithAck(event, body);
      } catch {
        bump(chair.errors, `${label} ${event}: no answer`);
        return { reply: null, sentAt, ackAt: now() };
      }
      const ackAt = now();
      if (event !== 'sync') chair.acks.push(ackAt - sentAt);
      if (!reply.ok) bump(chair.errors, `${label} ${event}: ${reply.code}`);
      return { reply: reply.ok ? (reply as Record<string, unknown>) : null, sentAt, ackAt };
    },
    snapshot: async () => {
      const { reply } = await chair.call('sync', { epoch: null, lastSeq: 0 }, { op: false });
      const result = reply as (SyncResult & { ok: true }) | null;
      if (!result || result.mode !== 'snapshot') throw new Error(`the chair got no snapshot (${JSON.stringify(chair.errors)})`);
      return result.snapshot;
    },
  };
  socket.on('disconnect', (reason) => {
    if (!chair.closing) bump(chair.errors, `${label} disconnected: ${reason}`);
  });
  run.cleanups.push(() => void (chair.closing = true));
  return chair;
}

interface Session {
  /** Every poll of the run, created up front; the first is launched before the load, the others during it. */
  polls: string[];
  /** Live questions in the order the chair saw them asked: the newest is the next to highlight. */
  liveQuestions: string[];
  breakout: BreakoutSession | null;
}

/** breakout-split: the staff of the breakouts and what they prepared. */
interface BreakoutSession {
  organiser: Chair;
  rooms: string[];
  chairs: Record<string, Chair>;
  rapporteurs: Record<string, Chair>;
  /** One poll per breakout, launched once the choices are made. */
  polls: Record<string, string>;
  liveQuestions: Record<string, string[]>;
  /** Each rapporteur's last acknowledged version, and how many saves were acknowledged. */
  versions: Record<string, number>;
  /** The programme, read once before the load (a staff socket may be too slow to answer a sync under it). */
  programme: NonNullable<Snapshot['agenda']['programme']>;
  autosaves: number;
}

const staffOf = (s: Session): Chair[] =>
  s.breakout ? [s.breakout.organiser, ...Object.values(s.breakout.chairs), ...Object.values(s.breakout.rapporteurs)] : [];

/** The breakout chairs prepare their rooms (pre-moderation off, the item live, a poll); the organiser sets the capacity. */
async function prepareBreakouts(run: Run, spec: BreakoutSpec): Promise<BreakoutSession> {
  const rooms = Object.keys(spec.weights);
  const organiser = await openChair(run, 'Organiser');
  const programme = (await organiser.snapshot()).agenda.programme!;
  const session: BreakoutSession = { organiser, rooms, chairs: {}, rapporteurs: {}, polls: {}, liveQuestions: {}, versions: {}, autosaves: 0, programme };
  await organiser.call('breakouts:capacity', { slotId: spec.slotId, roomId: spec.capacityRoom, capacity: spec.capacity });
  for (const [k, room] of rooms.entries()) {
    const name = programme.rooms.find((r) => r.id === room)!.name;
    const chair = (session.chairs[room] = await openChair(run, `Chair · ${name}`));
    session.rapporteurs[room] = await openChair(run, `Rapporteur · ${name}`);
    session.versions[room] = 0;
    const item = breakoutItem(programme, room);
    await chair.call('qa:settings', { roomId: room, premoderation: false });
    if (item) await chair.call('agenda:setLive', { roomId: room, itemId: item.id });
    const { reply } = await chair.call('poll:create', {
      draft: {
        roomId: room,
        itemId: item?.id ?? null,
        type: 'single',
        visibility: 'live',
        question: `Breakout ${k + 1} poll: which point matters most?`,
        options: ['Recognition', 'Quality', 'Portability', 'Stacking', 'Funding'].map((label, o) => ({ id: 'abcde'[o]!, label })),
      },
    });
    if (!reply) throw new Error(`the chair of ${room} could not create a poll: ${JSON.stringify(chair.errors)}`);
    session.polls[room] = reply.pollId as string;
    const live = (session.liveQuestions[room] = [] as string[]);
    chair.socket.on('live', (batch) =>
      batch.changes?.forEach((c) => {
        if (c.event?.type === 'qa.asked' && c.event.question.roomId === room && c.event.question.status === 'live') live.push(c.event.question.id);
      }),
    );
    await chair.call('qa:ask', { roomId: room, text: `What should ${name} bring back to the plenary?`, target: null, anonymous: false });
    await chair.call('chat:post', { roomId: room, text: `Welcome to ${name}: comments here, answers to the key topics beside.` });
  }
  return session;
}

async function prepareSession(run: Run, chair: Chair): Promise<Session> {
  const { spec } = run;
  const { call } = chair;
  if (spec.breakouts) return { polls: [], liveQuestions: [], breakout: await prepareBreakouts(run, spec.breakouts) };
  const initial = await chair.snapshot();
  await call('qa:settings', { roomId: ROOM, premoderation: false });
  // The chair's sync names no programme revision: its snapshot carries the programme.
  const plenaryItem = initial.agenda.programme?.items.find((i) => i.roomId === ROOM);
  if (plenaryItem) await call('agenda:setLive', { roomId: ROOM, itemId: plenaryItem.id });
  const pollCount = Math.max(1, Math.ceil(spec.durationMs / spec.pollEveryMs));
  const polls: string[] = [];
  for (let i = 0; i < pollCount; i++) {
    const { reply } = await call('poll:create', {
      draft: {
        roomId: ROOM,
        itemId: plenaryItem?.id ?? null,
        type: 'single',
        visibility: 'live',
        question: `Benchmark poll ${i + 1}: which topic should the panel take next?`,
        options: ['Recognition', 'Quality', 'Portability', 'Stacking', 'Funding'].map((label, k) => ({ id: 'abcde'[k]!, label })),
      },
    });
    if (!reply) throw new Error(`the chair could not create a poll: ${JSON.stringify(chair.errors)}`);
    polls.push(reply.pollId as string);
  }
  // A few questions exist before the audience arrives, so upvotes have something to go to from the start.
  const liveQuestions: string[] = [];
  chair.socket.on('live', (batch) =>
    batch.changes?.forEach((c) => {
      if (c.event?.type === 'qa.asked' && c.event.question.status === 'live') liveQuestions.push(c.event.question.id);
    }),
  );
  for (const text of [
    'What should a learner ask before taking a microcredential?',
    'Who pays for microcredentials in the public sector?',
    'How do microcredentials relate to the EQF levels?',
  ]) {
    await call('qa:ask', { roomId: ROOM, text, target: null, anonymous: false });
  }
  // ...and a chat message, so that reactions have one to go to from the start.
  await call('chat:post', { roomId: ROOM, text: 'Welcome to the plenary: questions in the Q&A, comments here.' });
  return { polls, liveQuestions, breakout: null };
}

// ---- the attendees join ------------------------------------------------------------------------------------------

async function configureGenerators(run: Run): Promise<void> {
  const { spec, servers } = run;
  run.workers.forEach((w, i) => {
    run.pids.set(`generator${i}`, w.proc.pid!);
    w.send({
      type: 'config',
      config: {
        worker: i,
        servers: servers.map((s) => s.url),
        firstIndex: i * run.perWorker,
        attendees: w.attendees,
        joinConcurrency: spec.joinConcurrency,
        ackTimeoutMs: 10_000,
        code: CODE,
        roomId: ROOM,
        client: spec.client,
      },
    });
  });
  await Promise.all(run.workers.map((w) => w.next('ready', undefined, 60_000)));
}

/** Starts sampling every process, and marks the idle state the memory and CPU figures start from. */
async function markIdle(run: Run): Promise<Sampler> {
  const sampler = new Sampler(run.pids, 250).start();
  run.cleanups.push(() => sampler.stop());
  await sleep(500);
  sampler.mark('idle');
  if (run.profileDir) for (const s of run.servers) s.proc!.kill('SIGWINCH');
  return sampler;
}

interface Joined {
  joinStart: number;
  joins: Extract<FromWorker, { type: 'joined' }>[];
  joinSeconds: number;
  joined: number;
}

/** Everybody joins at once. */
async function joinAttendees(run: Run, sampler: Sampler): Promise<Joined> {
  const { workers, servers, profileDir } = run;
  const joinStart = now() + 100;
  if (profileDir) for (const s of servers) s.proc!.kill('SIGUSR2');
  for (const w of workers) w.send({ type: 'join', startAt: joinStart });
  const joins = await Promise.all(workers.map((w) => w.next('joined')));
  const joinSeconds = (Math.max(...joins.map((j) => j.lastAt)) - joinStart) / 1000;
  const joined = joins.reduce((a, j) => a + j.joined, 0);
  run.log(`${joined}/${run.totalAttendees} attendees joined and have the initial state in ${joinSeconds.toFixed(2)} s`);
  sampler.mark('joined');
  if (profileDir) for (const s of servers) s.proc!.kill('SIGUSR2');
  if (profileDir) for (const s of servers) s.proc!.kill('SIGWINCH');
  return { joinStart, joins, joinSeconds, joined };
}

// ---- the load ----------------------------------------------------------------------------------------------------

/** Waits until every client has moved to the new poll. */
async function switchPoll(run: Run, chair: Chair, pollId: string, previous: string | null): Promise<void> {
  for (const w of run.workers) w.send({ type: 'await-poll', pollId, previous });
  try {
    await Promise.all(run.workers.map((w) => w.next('poll-switched', (m) => m.pollId === pollId, 15_000)));
  } catch {
    // Closed anyway: votes still on their way to the old poll are then refused (POLL_CLOSED).
    bump(chair.errors, 'poll switch: not every client saw the new poll within 15 s');
  }
}

interface Chosen {
  placed: Record<string, number>;
  chooseSeconds: number;
}

/**
 * breakout-split: the attendees leave the plenary and choose among the slot's breakouts within the given time;
 * then each breakout's chair launches its poll, and every placed attendee sees it open.
 */
async function chooseBreakouts(run: Run, session: Session): Promise<Chosen> {
  const spec = run.spec.breakouts!;
  const b = session.breakout!;
  const startAt = now() + 100;
  // Profiled: the choices are a phase of their own (the profile between the join's and the load's).
  if (run.profileDir) for (const s of run.servers) s.proc!.kill('SIGUSR2');
  for (const w of run.workers) w.send({ type: 'leave-plenary' });
  for (const w of run.workers) w.send({ type: 'choose', slotId: spec.slotId, weights: spec.weights, startAt, spreadMs: spec.chooseWithinMs });
  const chosen = await Promise.all(run.workers.map((w) => w.next('chosen')));
  const chooseSeconds = (now() - startAt) / 1000;
  if (run.profileDir) for (const s of run.servers) s.proc!.kill('SIGUSR2');
  const placed: Record<string, number> = {};
  for (const c of chosen) for (const [room, n] of Object.entries(c.placed)) placed[room] = (placed[room] ?? 0) + n;
  run.log(`choices made in ${chooseSeconds.toFixed(2)} s: ${JSON.stringify(placed)} placed`);
  for (const room of b.rooms) await b.chairs[room]!.call('poll:control', { pollId: b.polls[room]!, action: 'launch' });
  for (const w of run.workers) w.send({ type: 'await-polls', polls: b.polls });
  try {
    await Promise.all(run.workers.flatMap((w) => b.rooms.map((room) => w.next('poll-switched', (m) => m.pollId === b.polls[room], 15_000))));
  } catch {
    bump(b.organiser.errors, "breakout polls: not every placed attendee saw their breakout's poll within 15 s");
  }
  return { placed, chooseSeconds };
}

/** A rapporteur's summary at a given share of its final size: key points as list items, spread over the sections. */
function summaryText(run: Run, room: string, programme: Snapshot['agenda']['programme'], share: number): Section[] {
  const sections = templateSections(breakoutItem(programme!, room));
  const perSection = Math.floor((run.spec.breakouts!.summaryChars * share) / sections.length);
  return sections.map((section, k) => {
    const lines: string[] = [];
    for (let n = 1, size = 0; size < perSection - 120; n++) {
      const line = `- Point ${k + 1}.${n}: participants in ${room} agreed that recognition, quality and portability go together`;
      lines.push(line);
      size += line.length + 1;
    }
    return { ...section, body: lines.join('\n') };
  });
}

/** A rapporteur saves on the version it last had acknowledged (as the app's autosave does). */
async function saveSummary(session: BreakoutSession, room: string, sections: Section[]): Promise<void> {
  const { reply } = await session.rapporteurs[room]!.call('summary:save', { roomId: room, baseVersion: session.versions[room]!, sections });
  if (reply) {
    session.versions[room] = reply.version as number;
    session.autosaves++;
  }
}

/**
 * After the breakouts: each rapporteur saves the final text and submits it, the breakout's chair publishes it, and
 * the plenary chair switches the report-back on. Returns when that switch was sent.
 */
async function publishAndReportBack(run: Run, chair: Chair, session: Session): Promise<{ switchedAt: number; summaryBytes: number }> {
  const b = session.breakout!;
  for (const w of run.workers) w.send({ type: 'watch-report-back', rooms: b.rooms });
  await Promise.all(run.workers.map((w) => w.next('watching')));
  const programme = b.programme;
  let summaryBytes = 0;
  // A staff socket that cannot answer a sync (the server far behind) counts as an error, and the run goes on.
  const revOf = async (room: string) => {
    try {
      return (await b.organiser.snapshot()).summaries!.summaries.find((x) => x.roomId === room)?.rev ?? 0;
    } catch {
      return 0;
    }
  };
  for (const room of b.rooms) {
    const sections = summaryText(run, room, programme, 1);
    summaryBytes += Buffer.byteLength(JSON.stringify(sections));
    await saveSummary(b, room, sections);
    await b.rapporteurs[room]!.call('summary:review', { roomId: room, action: 'submit', rev: await revOf(room) });
    await b.chairs[room]!.call('summary:review', { roomId: room, action: 'publish', rev: await revOf(room) });
  }
  await sleep(1_000); // the summaries reach everyone before the switch, as they would in a real break
  const { sentAt } = await chair.call('summary:reportBack', { live: true, current: b.rooms[0]! });
  run.log(`report-back switched on (three summaries of ${Math.round(summaryBytes / b.rooms.length / 1024)} KB each published)`);
  return { switchedAt: sentAt, summaryBytes: summaryBytes / b.rooms.length };
}

interface Load {
  loadStart: number;
  /** The chair's highlights: the change's seq and when it was asked for. */
  highlights: { seq: number; from: number }[];
  reports: WorkerReport[];
  /** breakout-split: when the report-back was switched on. */
  reportBack: { switchedAt: number; summaryBytes: number } | null;
  redisLoad: RedisLoad | null;
}

/** Redis's own counters (INFO commandstats and stats): calls per command, network bytes in and out. */
async function redisCounters(url: string): Promise<{ calls: Record<string, number>; total: number; netIn: number; netOut: number } | null> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    const calls: Record<string, number> = {};
    for (const m of (await r.info('commandstats')).matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) calls[m[1]!] = Number(m[2]);
    const stats = await r.info('stats');
    const field = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(stats)?.[1] ?? NaN);
    return { calls, total: field('total_commands_processed'), netIn: field('total_net_input_bytes'), netOut: field('total_net_output_bytes') };
  } catch {
    return null;
  } finally {
    r.disconnect();
  }
}

/** The chair launches the first poll; the load runs while the chair switches polls and highlights questions. */
async function runLoad(run: Run, chair: Chair, session: Session, sampler: Sampler): Promise<Load> {
  const { spec, workers, servers, profileDir, totalAttendees } = run;
  const { call } = chair;
  const { polls, liveQuestions } = session;
  if (polls.length) {
    await call('poll:control', { pollId: polls[0]!, action: 'launch' });
    await switchPoll(run, chair, polls[0]!, null);
  }

  await sleep(300);
  const loadStart = now() + 50;
  const shares = (total: number, w: Worker) => (total * w.attendees) / totalAttendees;
  for (const w of workers) {
    w.send({
      type: 'load',
      spec: {
        startAt: loadStart,
        durationMs: spec.durationMs,
        votesPerSec: shares(spec.votesPerSec, w),
        upvotesPerSec: shares(spec.upvotesPerSec, w),
        questionsPerSec: shares(spec.questionsPerSec, w),
        chatPerSec: shares(spec.chatPerSec, w),
        reactionsPerSec: shares(spec.reactionsPerSec, w),
        contributionsPerSec: shares(spec.contributionsPerSec, w),
      },
    });
  }
  await sleep(loadStart - now() - 20);
  const redisBefore = run.redis ? await redisCounters(run.redis.url) : null;
  await sleep(loadStart - now());
  sampler.mark('load-start');
  if (profileDir) for (const s of servers) s.proc!.kill('SIGUSR2');
  run.log(
    `load: ${spec.votesPerSec} votes/s, ${spec.upvotesPerSec} upvotes/s, ${spec.questionsPerSec} questions/s, ${spec.chatPerSec} chat messages/s, ` +
      `${spec.reactionsPerSec} reactions/s${spec.breakouts ? `, ${spec.contributionsPerSec} key-topic answers/s` : ''} for ${spec.durationMs / 1000} s`,
  );

  const highlights: { seq: number; from: number }[] = [];
  const chairTasks: Promise<unknown>[] = [];
  const timers: NodeJS.Timeout[] = [];
  for (let k = 1; k < polls.length; k++) {
    timers.push(
      setTimeout(() => {
        chairTasks.push(
          (async () => {
            await call('poll:control', { pollId: polls[k]!, action: 'launch' });
            await switchPoll(run, chair, polls[k]!, polls[k - 1]!);
            await call('poll:control', { pollId: polls[k - 1]!, action: 'close' });
          })(),
        );
      }, k * spec.pollEveryMs),
    );
  }
  const b = session.breakout;
  if (b) {
    // Each breakout's chair highlights its newest question at a third of the plenary's pace; each rapporteur autosaves.
    const highlightedIn: Record<string, string | null> = {};
    for (const room of b.rooms)
      for (let t = spec.highlightEveryMs * 3; t < spec.durationMs; t += spec.highlightEveryMs * 3)
        timers.push(
          setTimeout(
            () => {
              const q = b.liveQuestions[room]!.at(-1);
              if (!q || q === highlightedIn[room]) return;
              highlightedIn[room] = q;
              chairTasks.push(
                (async () => {
                  const { reply, sentAt } = await b.chairs[room]!.call('qa:answerNow', { roomId: room, questionId: q });
                  if (reply) highlights.push({ seq: reply.seq as number, from: sentAt });
                })(),
              );
            },
            t + b.rooms.indexOf(room) * 500,
          ),
        );
    const programme = b.programme;
    for (let t = spec.breakouts!.autosaveEveryMs; t < spec.durationMs; t += spec.breakouts!.autosaveEveryMs)
      timers.push(
        setTimeout(() => {
          for (const room of b.rooms) chairTasks.push(saveSummary(b, room, summaryText(run, room, programme, Math.min(1, t / spec.durationMs))));
        }, t),
      );
  }
  let highlighted: string | null = null;
  for (let t = spec.highlightEveryMs; t < spec.durationMs && !b; t += spec.highlightEveryMs) {
    timers.push(
      setTimeout(() => {
        const q = liveQuestions[liveQuestions.length - 1];
        if (!q || q === highlighted) return;
        highlighted = q;
        chairTasks.push(
          (async () => {
            const { reply, sentAt } = await call('qa:answerNow', { roomId: ROOM, questionId: q });
            if (reply) highlights.push({ seq: reply.seq as number, from: sentAt });
          })(),
        );
      }, t),
    );
  }
  await sleep(loadStart + spec.durationMs - now());
  sampler.mark('load-end');
  const redisAfter = run.redis ? await redisCounters(run.redis.url) : null;
  if (profileDir) for (const s of servers) s.proc!.kill('SIGUSR2');
  if (profileDir) for (const s of servers) s.proc!.kill('SIGWINCH');
  for (const t of timers) clearTimeout(t);
  for (const w of workers) w.send({ type: 'drain' });
  const drained = await Promise.all(workers.map((w) => w.next('drained')));
  await Promise.race([Promise.all(chairTasks), sleep(20_000)]);
  run.log(`load done; ${drained.reduce((a, d) => a + d.pending, 0)} acks still missing after the drain`);
  const reportBack = b ? await publishAndReportBack(run, chair, session) : null;
  // The last coalesced updates reach the clients; then the records are collected.
  await sleep(reportBack ? 6_000 : 2_000);
  for (const w of workers) w.send({ type: 'report' });
  const reports = (await Promise.all(workers.map((w) => w.next('report')))).map((m) => m.report);
  sampler.mark('end');
  sampler.stop();
  let redisLoad: RedisLoad | null = null;
  if (redisBefore && redisAfter) {
    const seconds = spec.durationMs / 1000;
    const byCommand: Record<string, number> = {};
    for (const [cmd, n] of Object.entries(redisAfter.calls)) {
      const d = n - (redisBefore.calls[cmd] ?? 0);
      if (d > 0 && cmd !== 'info') byCommand[cmd] = round(d / seconds, 1);
    }
    redisLoad = {
      commandsPerSec: round((redisAfter.total - redisBefore.total) / seconds, 1),
      byCommand,
      netInputBytesPerSec: round((redisAfter.netIn - redisBefore.netIn) / seconds, 0),
      netOutputBytesPerSec: round((redisAfter.netOut - redisBefore.netOut) / seconds, 0),
      commandsPerEvent: NaN,
      bytesPerEvent: NaN,
    };
  }
  return { loadStart, highlights, reports, reportBack, redisLoad };
}

// ---- the final state ---------------------------------------------------------------------------------------------

interface End {
  /** Null when the final state could not be read. */
  final: Snapshot | null;
  verified: Extract<FromWorker, { type: 'verified' }>[];
}

/** The attendees leave, the chair closes the polls, the state is read and each sampled attendee checks its own. */
async function readFinalState(run: Run, chair: Chair, polls: string[], staff: Chair[]): Promise<End> {
  const { spec, workers } = run;
  for (const c of staff) {
    c.closing = true;
    c.socket.close();
  }
  for (const w of workers) w.send({ type: 'disconnect-all' });
  await Promise.all(workers.map((w) => w.next('disconnected')));
  // A collapsed server (the naive scenario at full size) may not answer for many minutes: then nothing can be
  // said of lost writes, and the run says so instead of waiting.
  let final: Snapshot | null = null;
  let verified: End['verified'] = [];
  try {
    final = await Promise.race([
      closePollsAndRead(run, chair, polls),
      sleep(FINAL_STATE_TIMEOUT_MS).then(() => Promise.reject(new Error(`no answer within ${FINAL_STATE_TIMEOUT_MS / 1000} s`))),
    ]);
    for (const w of workers) w.send({ type: 'verify', sample: spec.verifySample });
    verified = await Promise.all(workers.map((w) => w.next('verified')));
    run.log(`final state read; ${verified.reduce((a, v) => a + v.checked, 0)} attendees checked their own ballots and upvotes`);
  } catch (error) {
    chair.errors[`final state not readable: ${(error as Error).message}`] = 1;
    run.log(`the final state could not be read (${(error as Error).message}): lost writes not checked`);
  }
  for (const w of workers) w.send({ type: 'close' });
  return { final, verified };
}

/**
 * Through a fresh connection of the chair's link (its session may have suffered the load): closes the polls
 * still open (as the store says: a close whose ack timed out may have happened), then reads the final state.
 */
async function closePollsAndRead(run: Run, chair: Chair, polls: string[]): Promise<Snapshot> {
  const reader: ClientSocket = connect(run.servers[0]!.url, {
    auth: { v: PROTOCOL_VERSION, token: chair.token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const ask = (e: string, p: unknown) =>
    (reader.timeout(120_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<AnyReply> }).emitWithAck(e, p);
  try {
    await new Promise<void>((resolve, reject) => (reader.once('connect', resolve), reader.once('connect_error', reject)));
    const before = (await ask('sync', { epoch: null, lastSeq: 0 })) as unknown as (SyncResult & { ok: true }) | { ok: false };
    if (!before.ok || before.mode !== 'snapshot') throw new Error(`no snapshot before closing the polls: ${JSON.stringify(before)}`);
    const stillOpen = before.snapshot.polls.polls.filter((p) => polls.includes(p.id) && p.status === 'open').map((p) => p.id);
    for (const pollId of stillOpen) {
      const closed = await ask('poll:control', { opId: chair.nextOpId(), pollId, action: 'close' });
      if (!closed.ok) bump(chair.errors, `chair poll:control: ${closed.code}`);
    }
    const reply = await ask('sync', { epoch: null, lastSeq: 0 });
    const result = reply as unknown as (SyncResult & { ok: true }) | { ok: false };
    if (!result.ok || result.mode !== 'snapshot') throw new Error(`no final snapshot: ${JSON.stringify(reply)}`);
    return result.snapshot;
  } finally {
    reader.close();
  }
}

// ---- figures -----------------------------------------------------------------------------------------------------

interface Figures {
  acceptedVotes: number;
  /** Attendee actions of every kind accepted during the load. */
  acceptedEvents: number;
  ack: ScenarioResult['ack'];
  update: ScenarioResult['update'];
  errorsByCode: Record<string, number>;
  errors: number;
  lostDetail: ScenarioResult['lostDetail'];
  lost: number | null;
  /** CPU ms of the load phase. */
  serverCpuMs: number;
  generatorCpuMs: number;
  redisCpuMs: number | null;
  otherCpuMs: number;
  /** RSS per server process, KB; perConn and joined are per connection. */
  perConn: { idle: number; peak: number; perConn: number; joined: number }[];
  /** Messages received by all the clients. */
  received: number;
  /** Live messages received by all the clients during the load phase. */
  liveDelivered: number;
}

function measure(run: Run, staff: Chair[], polls: string[], sampler: Sampler, join: Joined, load: Load, end: End): Figures {
  const chair = { acks: staff.flatMap((c) => c.acks), errors: {} as Record<string, number> };
  for (const c of staff) for (const [k, n] of Object.entries(c.errors)) bump(chair.errors, k, n);
  const { spec, workers, servers, redis } = run;
  const { loadStart, highlights, reports } = load;
  const { final, verified } = end;
  const votes = collect(reports, 'votes');
  const upvotes = collect(reports, 'upvotes');
  const questions = collect(reports, 'questions');
  const chats = collect(reports, 'chats');
  const reactions = collect(reports, 'reactions');
  const contributions = collect(reports, 'contributions');
  const choices = collect(reports, 'choices');
  const okIn = (rows: Row[]) => rows.filter((r) => r.ok);
  const acceptedVotes = okIn(votes).filter((r) => r.sendAt <= loadStart + spec.durationMs).length;

  const clientsPerWorker = reports.map((r) => workers[r.worker]!.attendees);
  const arrivalsOf = (k: 'tallyArrivals' | 'countArrivals' | 'changeArrivals' | 'reactionArrivals') => reports.map((r) => r[k] as Arrivals);
  const asWrites = (rows: Row[]): Write[] => rows.map((r) => ({ series: r.series, sendAt: r.sendAt, ackAt: r.ackAt, ok: r.ok }));
  const update = {
    tally: fromHist(tickLatency(asWrites(votes), arrivalsOf('tallyArrivals'), clientsPerWorker)),
    counts: fromHist(tickLatency(asWrites(upvotes), arrivalsOf('countArrivals'), clientsPerWorker)),
    question: fromHist(
      changeLatency(
        okIn(questions).map((r) => ({ seq: r.value, from: r.sendAt })),
        arrivalsOf('changeArrivals'),
        clientsPerWorker,
      ),
    ),
    highlight: fromHist(changeLatency(highlights, arrivalsOf('changeArrivals'), clientsPerWorker)),
    // The issue's chat delivery: from the sender's ack to the message's arrival at each client (one that came first counts 0).
    chat: fromHist(
      changeLatency(
        okIn(chats).map((r) => ({ seq: r.value, from: r.ackAt })),
        arrivalsOf('changeArrivals'),
        clientsPerWorker,
      ),
    ),
    reaction: fromHist(tickLatency(asWrites(reactions), arrivalsOf('reactionArrivals'), clientsPerWorker)),
    contribution: fromHist(
      changeLatency(
        okIn(contributions).map((r) => ({ seq: r.value, from: r.sendAt })),
        arrivalsOf('changeArrivals'),
        clientsPerWorker,
      ),
    ),
  };
  const ack = {
    vote: quantiles(okIn(votes).map((r) => r.ackAt - r.sendAt)),
    upvote: quantiles(okIn(upvotes).map((r) => r.ackAt - r.sendAt)),
    question: quantiles(okIn(questions).map((r) => r.ackAt - r.sendAt)),
    chair: quantiles(chair.acks),
    chat: quantiles(okIn(chats).map((r) => r.ackAt - r.sendAt)),
    reaction: quantiles(okIn(reactions).map((r) => r.ackAt - r.sendAt)),
    contribution: quantiles(okIn(contributions).map((r) => r.ackAt - r.sendAt)),
    choice: quantiles(okIn(choices).map((r) => r.ackAt - r.sendAt)),
  };

  const errorsByCode: Record<string, number> = { ...chair.errors };
  const add = (k: string, n = 1) => bump(errorsByCode, k, n);
  for (const [kind, rows] of [
    ['vote', votes],
    ['upvote', upvotes],
    ['question', questions],
    ['chat message', chats],
    ['reaction', reactions],
    ['key-topic answer', contributions],
    ['breakout choice', choices],
  ] as const)
    for (const r of rows) if (!r.ok) add(`${kind} ${r.code}`);
  for (const r of reports) for (const [k, n] of Object.entries(r.otherErrors)) add(k, n);
  for (const j of join.joins) if (j.failed) add('join failed', j.failed);
  const notLive = reports.reduce((a, r) => a + r.notLive, 0);
  if (notLive) add('question, message or answer not live (held for moderation)', notLive);
  for (const v of verified) if (v.failed) add('verify: no snapshot', v.failed);
  const errors = Object.values(errorsByCode).reduce((a, b) => a + b, 0);

  const lostDetail = final ? lostWrites({ votes, upvotes, questions, final, polls }) : null;
  if (lostDetail) lostDetail.attendeesChecked = verified.reduce((a, v) => a + v.checked, 0);
  const missingSeen = verified.reduce((a, v) => a + v.missingVotes + v.missingUpvotes, 0);
  const lost = lostDetail ? Math.max(lostDetail.votes + lostDetail.upvotes, missingSeen) + lostDetail.questions : null;

  // CPU and memory of the load phase (the generators share the two cores: their CPU is shown beside).
  const serverCpuMs = servers.reduce((a, _, i) => a + sampler.cpuMsBetween(`server${i}`, 'load-start', 'load-end'), 0);
  const generatorCpuMs = workers.reduce((a, _, i) => a + sampler.cpuMsBetween(`generator${i}`, 'load-start', 'load-end'), 0);
  const redisCpuMs = redis ? sampler.cpuMsBetween('redis', 'load-start', 'load-end') : null;
  const ownCpuMs = serverCpuMs + generatorCpuMs + (redisCpuMs ?? 0) + sampler.cpuMsBetween('bench', 'load-start', 'load-end');
  const otherCpuMs = Math.max(0, sampler.machineCpuMsBetween('load-start', 'load-end') - ownCpuMs);
  const perConn = servers.map((_, i) => {
    const n = `server${i}`;
    const idle = sampler.rssAtMark(n, 'idle');
    const peak = Math.max(sampler.peakRssKb(n, join.joinStart, now()), sampler.rssAtMark(n, 'load-end'));
    return { idle, peak, perConn: (peak - idle) / spec.attendeesPerProcess, joined: (sampler.rssAtMark(n, 'joined') - idle) / spec.attendeesPerProcess };
  });
  const received = reports.reduce((a, r) => a + Object.values(r.received).reduce((x, y) => x + y, 0), 0);
  const inLoad = (rows: Row[]) => okIn(rows).filter((r) => r.sendAt <= loadStart + spec.durationMs).length;
  const liveDelivered = reports.reduce((a, r) => a + r.liveInLoad, 0);
  const acceptedEvents = [votes, upvotes, questions, chats, reactions, contributions].reduce((n, rows) => n + inLoad(rows), 0);
  return {
    liveDelivered,
    acceptedEvents,
    acceptedVotes,
    ack,
    update,
    errorsByCode,
    errors,
    lostDetail,
    lost,
    serverCpuMs,
    generatorCpuMs,
    redisCpuMs,
    otherCpuMs,
    perConn,
    received,
  };
}

/**
 * breakout-split: the choices against the store. The slot's state (places taken, waiting lists) and the sets of who
 * holds a place in each breakout are read from the store itself after the run (Redis: a store of our own on the same
 * server; embedded: the journal, once the server has stopped).
 */
async function breakoutFigures(run: Run, session: Session, chosen: Chosen, load: Load): Promise<BreakoutFigures> {
  const spec = run.spec.breakouts!;
  const key = `bo:slot:${spec.slotId}`;
  let doc: SlotState | null = null;
  const holders: Record<string, string[]> = {};
  const readFrom = async (store: RedisStore | EmbeddedStore) => {
    await store.open();
    doc = ((await store.read(DEMO_EVENT.id, [key]))[key]?.value as SlotState | undefined) ?? null;
    for (const room of session.breakout!.rooms) holders[room] = await store.members(DEMO_EVENT.id, `bo:in:${spec.slotId}:${room}`);
    await store.close();
  };
  try {
    if (run.redis) await readFrom(new RedisStore({ url: run.redis.url }));
    else {
      await Promise.all(run.servers.map((s) => Promise.race([s.stop('SIGTERM'), sleep(10_000).then(() => s.stop('SIGKILL'))])));
      await readFrom(new EmbeddedStore({ dir: run.servers[0]!.dataDir }));
    }
  } catch (error) {
    run.log(`the slot's choices could not be read from the store: ${(error as Error).message}`);
  }
  const rows = collect(load.reports, 'choices');
  // Value 0: placed, 1: waiting, 2: refused because that breakout's waiting list was full (nothing stored).
  const storedRows = rows.filter((r) => r.ok && r.value !== 2);
  const acked = { placed: {} as Record<string, number>, waiting: {} as Record<string, number> };
  for (const r of storedRows) bump(r.value === 0 ? acked.placed : acked.waiting, r.series);
  const unsure = rows.filter((r) => r.unknown).length;
  let stored: BreakoutFigures['stored'] = null;
  let overCapacity: number | null = null;
  let choicesLost: number | null = null;
  if (doc) {
    const state: SlotState = doc;
    const count = (m: Record<string, unknown[]>) => Object.fromEntries(Object.entries(m).map(([room, list]) => [room, list.length]));
    stored = { capacity: state.capacity, places: count(holders), waiting: count(state.waiting) };
    const rooms = new Set([...Object.keys(holders), ...Object.keys(state.taken)]);
    overCapacity = [...rooms].reduce(
      (n, room) => n + Math.max(0, Math.max(state.taken[room] ?? 0, holders[room]?.length ?? 0) - (state.capacity[room] ?? Infinity)),
      0,
    );
    // The holders' sets against the state's counts: each set as large as its count, nobody in two breakouts.
    const mismatch = [...rooms].reduce((n, room) => n + Math.abs((state.taken[room] ?? 0) - (holders[room]?.length ?? 0)), 0);
    if (mismatch) run.log(`the holders' sets differ from the places taken by ${mismatch}`);
    const people = [
      ...Object.values(holders).flat(),
      ...Object.values(state.waiting)
        .flat()
        .map((w) => w.attendeeId),
    ];
    choicesLost = people.length - new Set(people).size + mismatch; // anyone listed twice, a set not matching its count
    for (const room of session.breakout!.rooms)
      for (const [mine, theirs] of [
        [acked.placed, stored.places],
        [acked.waiting, stored.waiting],
      ] as const)
        choicesLost += Math.max(0, (mine[room] ?? 0) - (theirs[room] ?? 0));
    // Choices without an answer may or may not be stored: only more than those is a write nobody asked for.
    if (people.length > storedRows.length + unsure) choicesLost += people.length - storedRows.length - unsure;
  }
  const switchedAt = load.reportBack?.switchedAt ?? NaN;
  const latencies: number[] = [];
  let missing = 0;
  for (const r of load.reports)
    for (const t of r.reportBackArrivals ?? []) {
      if (Number.isNaN(t)) missing++;
      else latencies.push(Math.max(0, t - switchedAt));
    }
  const waiting = Object.values(acked.waiting).reduce((a, b) => a + b, 0);
  return {
    placed: chosen.placed,
    waiting,
    chooseSeconds: round(chosen.chooseSeconds, 2),
    stored,
    overCapacity,
    choicesLost,
    reportBack: { ...quantiles(latencies), missing },
    summaryBytes: Math.round(load.reportBack?.summaryBytes ?? 0),
    autosaves: session.breakout!.autosaves,
  };
}

interface Profiling {
  profiles: ScenarioResult['profiles'];
  memoryAfterGc: ScenarioResult['memoryAfterGc'];
}

/** Profiled runs only: the servers' memory dumps and, once servers and generators have exited, their CPU profiles. */
async function collectProfiles(run: Run): Promise<Profiling> {
  const { spec, profileDir, servers, workers } = run;
  const profiles: ScenarioResult['profiles'] = [];
  let memoryAfterGc: ScenarioResult['memoryAfterGc'] = null;
  if (!profileDir) return { profiles, memoryAfterGc };
  const pid = run.pids.get('server0');
  const mem = (n: number) => {
    const f = path.join(profileDir, `${pid}-memory-${n}.json`);
    return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as NodeJS.MemoryUsage) : null;
  };
  const [idle, joinedMem, loaded] = [mem(1), mem(2), mem(3)];
  if (idle && joinedMem) {
    const per = (k: keyof NodeJS.MemoryUsage) => round((joinedMem[k] - idle[k]) / 1024 / spec.attendeesPerProcess, 1);
    memoryAfterGc = {
      heapKbPerConn: per('heapUsed'),
      rssKbPerConn: per('rss'),
      externalKbPerConn: per('external'),
      // What the load left live (operation records, ballots, questions...), not the connections.
      heapMbGrowthDuringLoad: loaded ? round((loaded.heapUsed - joinedMem.heapUsed) / 2 ** 20, 1) : NaN,
      rssMbAfterLoad: loaded ? round(loaded.rss / 2 ** 20, 1) : NaN,
    };
  }
  // The profiles are written as the processes exit.
  await Promise.all(servers.map((s) => s.stop('SIGTERM')));
  const exited = workers.map((w) => (w.exited ? Promise.resolve() : new Promise((r) => w.proc.once('exit', r))));
  await Promise.race([Promise.all(exited), sleep(10_000)]);
  const entries = fs.existsSync(profileDir) ? fs.readdirSync(profileDir).sort() : [];
  for (const f of entries.filter((x) => x.endsWith('.cpuprofile'))) {
    const n = Number(f.slice(f.lastIndexOf('-') + 1, -'.cpuprofile'.length));
    const phases = spec.breakouts ? ['join', 'choice', 'load'] : ['join', 'load'];
    const label = `${spec.name}, ${phases[n - 1] ?? `#${n}`} phase, server pid ${f.split('-')[0]}`;
    profiles.push({ label, summary: summariseProfile(path.join(profileDir, f)) });
  }
  for (const d of entries.filter((x) => x.startsWith('generator-'))) {
    const files = fs.readdirSync(path.join(profileDir, d)).map((f) => path.join(profileDir, d, f));
    const main = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    if (main) profiles.push({ label: `${spec.name}, load ${d.replace('-', ' ')} (whole run)`, summary: summariseProfile(main) });
  }
  return { profiles, memoryAfterGc };
}

function report(run: Run, sampler: Sampler, join: Joined, load: Load, f: Figures, profiling: Profiling, breakouts: BreakoutFigures | null): ScenarioResult {
  const { spec, servers, workers, redis, totalAttendees } = run;
  const { joined } = join;
  const { perConn } = f;
  const loadSeconds = spec.durationMs / 1000;
  const loadMs = spec.durationMs;
  return {
    name: spec.name,
    processes: spec.processes,
    attendees: totalAttendees,
    votesPerSec: Math.round(f.acceptedVotes / loadSeconds),
    joinSeconds: round(join.joinSeconds, 2),
    ackP99Ms: round(Math.max(f.ack.vote.p99, f.ack.upvote.p99, f.ack.question.p99), 1),
    updateP99Ms: round(Math.max(f.update.tally.p99, f.update.highlight.p99), 1),
    rssKbPerConn: round(Math.max(...perConn.map((p) => p.perConn)), 1),
    errors: f.errors,
    lost: f.lost,
    targetVotesPerSec: spec.votesPerSec,
    durationSeconds: loadSeconds,
    coalesced: spec.coalesce,
    liveTickMs: spec.liveTickMs,
    store: spec.redis ? 'redis' : 'embedded',
    client: spec.client,
    ack: f.ack,
    update: f.update,
    chatP99Ms: f.ack.chat.n ? round(f.update.chat.p99, 1) : null,
    breakouts,
    redisLoad: load.redisLoad && {
      ...load.redisLoad,
      commandsPerEvent: round((load.redisLoad.commandsPerSec * loadSeconds) / Math.max(1, f.acceptedEvents), 2),
      bytesPerEvent: round(((load.redisLoad.netInputBytesPerSec + load.redisLoad.netOutputBytesPerSec) * loadSeconds) / Math.max(1, f.acceptedEvents), 0),
    },
    acceptedEventsPerSec: round(f.acceptedEvents / loadSeconds, 1),
    serverCpuMsPerEvent: round(f.serverCpuMs / Math.max(1, f.acceptedEvents), 4),
    serverCpuUsPerDelivery: round((f.serverCpuMs * 1000) / Math.max(1, f.liveDelivered), 2),
    liveDeliveredPerClientPerSec: round(f.liveDelivered / totalAttendees / loadSeconds, 2),
    clientBytesPerSec: round(load.reports.reduce((a, r) => a + r.bytesInLoad, 0) / totalAttendees / loadSeconds, 0),
    errorsByCode: f.errorsByCode,
    lostDetail: f.lostDetail,
    serverCpuPercent: round((f.serverCpuMs / loadMs) * 100, 1),
    serverCpuMsPerVote: round(f.serverCpuMs / Math.max(1, f.acceptedVotes), 4),
    redisCpuPercent: f.redisCpuMs === null ? null : round((f.redisCpuMs / loadMs) * 100, 1),
    generatorCpuPercent: round((f.generatorCpuMs / loadMs) * 100, 1),
    otherCpuPercent: round((f.otherCpuMs / loadMs) * 100, 1),
    serverCpuMsPerJoin: round(servers.reduce((a, _, i) => a + sampler.cpuMsBetween(`server${i}`, 'idle', 'joined'), 0) / Math.max(1, joined), 3),
    generatorCpuMsPerJoin: round(workers.reduce((a, _, i) => a + sampler.cpuMsBetween(`generator${i}`, 'idle', 'joined'), 0) / Math.max(1, joined), 3),
    redisCpuMsPerJoin: redis ? round(sampler.cpuMsBetween('redis', 'idle', 'joined') / Math.max(1, joined), 3) : null,
    rssKbPerConnJoined: round(Math.max(...perConn.map((p) => p.joined)), 1),
    serverRssIdleMb: round(Math.max(...perConn.map((p) => p.idle)) / 1024, 1),
    serverRssPeakMb: round(Math.max(...perConn.map((p) => p.peak)) / 1024, 1),
    // Over the time since the load started, up to now (drain, final state and profiles included).
    messagesPerClientPerSec: round(f.received / totalAttendees / ((now() - load.loadStart) / 1000), 1),
    schedulerLagP99Ms: round(Math.max(...load.reports.map((r) => r.schedulerLagP99Ms)), 1),
    profiles: profiling.profiles,
    memoryAfterGc: profiling.memoryAfterGc,
    targets: spec.targets,
  };
}

const round = (x: number, digits: number) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

interface Row {
  series: string;
  attendee: number;
  value: number;
  sendAt: number;
  ackAt: number;
  ok: boolean;
  code: string;
  unknown: boolean;
}

/** One kind of action from every worker, as rows (series and codes resolved to names). */
function collect(reports: WorkerReport[], kind: 'votes' | 'upvotes' | 'questions' | 'chats' | 'reactions' | 'contributions' | 'choices'): Row[] {
  const rows: Row[] = [];
  for (const r of reports) {
    const log = r[kind];
    for (let i = 0; i < log.sendAt.length; i++) {
      const code = r.codes[log.code[i]!]!;
      rows.push({
        series: log.series[i]! >= 0 ? r.seriesNames[log.series[i]!]! : '',
        attendee: log.attendee[i]!,
        value: log.value[i]!,
        sendAt: log.sendAt[i]!,
        ackAt: log.ackAt[i]!,
        ok: code === '',
        code,
        unknown: log.unknown[i] === 1,
      });
    }
  }
  return rows;
}

/**
 * Acknowledged writes missing from the final state, read by the chair after the load:
 * - votes, per poll and option: attendees whose last accepted vote is that option, against the tally's counter
 *   (an attendee whose later vote got no answer may be either way and is left out of the expectation);
 * - upvotes, per question: accepted upvotes (each attendee once) against the count;
 * - questions: every accepted question id is in the final snapshot.
 * `extra*` counts the other direction (more in the store than was acknowledged, beyond the unsure ones).
 */
function lostWrites(input: { votes: Row[]; upvotes: Row[]; questions: Row[]; final: Snapshot; polls: string[] }): ScenarioResult['lostDetail'] {
  const out = { votes: 0, upvotes: 0, questions: 0, extraVotes: 0, extraUpvotes: 0, attendeesChecked: 0 };
  const OPTIONS = 'abcde';
  for (const pollId of input.polls) {
    const rows = input.votes.filter((r) => r.series === pollId).sort((a, b) => a.sendAt - b.sendAt);
    const last = new Map<number, number>();
    const unsure = new Set<number>();
    for (const r of rows) {
      if (r.ok) {
        last.set(r.attendee, r.value);
        unsure.delete(r.attendee);
      } else if (r.unknown) unsure.add(r.attendee);
    }
    const counters = input.final.polls.tallies[pollId]?.counters ?? {};
    const expected = new Map<string, number>();
    let voters = 0;
    for (const [attendee, option] of last) {
      voters++;
      if (unsure.has(attendee)) continue;
      const key = `o:${OPTIONS[option]}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    let pollLost = 0;
    for (let o = 0; o < OPTIONS.length; o++) {
      const key = `o:${OPTIONS[o]}`;
      const exp = expected.get(key) ?? 0;
      const act = counters[key] ?? 0;
      pollLost += Math.max(0, exp - act);
      out.extraVotes += Math.max(0, act - exp - unsure.size);
    }
    // A lost first vote shows in an option and in the voter count: counted once.
    out.votes += Math.max(pollLost, voters - (counters._voters ?? 0));
  }
  const accepted = new Map<string, number>();
  const unsureUp = new Map<string, number>();
  for (const r of input.upvotes) {
    if (r.ok) accepted.set(r.series, (accepted.get(r.series) ?? 0) + 1);
    else if (r.unknown) unsureUp.set(r.series, (unsureUp.get(r.series) ?? 0) + 1);
  }
  for (const [id, n] of accepted) {
    const actual = input.final.qa.counts[id]?.n ?? 0;
    out.upvotes += Math.max(0, n - actual);
    out.extraUpvotes += Math.max(0, actual - n - (unsureUp.get(id) ?? 0));
  }
  const present = new Set(input.final.qa.questions.map((q) => q.id));
  for (const r of input.questions) if (r.ok && !present.has(r.series)) out.questions++;
  return out;
}
