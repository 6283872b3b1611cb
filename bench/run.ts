/**
 * The load benchmark: `npm run bench` (full: about five minutes) or `npm run bench -- --quick` (a tiny run that
 * `npm test` includes). It starts the product as real processes (bench/scenario.ts), drives it with real
 * Socket.IO clients from separate load-generator processes (bench/generator.ts), prints a table and, as the very
 * last line of stdout, one JSON object: {"scenarios":[{name, processes, attendees, votesPerSec, joinSeconds,
 * ackP99Ms, updateP99Ms, rssKbPerConn, errors, lost, ...details}]}. Progress goes to stderr.
 *
 * Options: --quick, --profile (CPU profiles of the servers during the load, summarised; files in .bench/profiles),
 * --scenario=a,b (by name), --duration=<s>, --attendees=<per process>, --workers=<n>, --client=socket.io (the
 * attendees use socket.io-client itself instead of the minimal wire-protocol client, bench/wire.ts); for investigations only,
 * --votes=, --upvotes=, --questions=, --chat=, --reactions= replace the workload's totals per second (the table then shows the rate asked),
 * --tick=<ms> the servers' LIVE_TICK_MS.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runScenario, type BreakoutSpec, type ScenarioResult, type ScenarioSpec, type Targets } from './scenario';
import { formatProfile } from './profile';
import type { ClientKind } from './wire';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchOptions {
  quick: boolean;
  profile: boolean;
  scenarios: string[] | null;
  durationSeconds: number | null;
  attendeesPerProcess: number | null;
  workers: number | null;
  /** How many joins each load generator keeps in flight at once. */
  joinConcurrency: number | null;
  client: ClientKind;
  /** The servers' LIVE_TICK_MS instead of the scenario's (investigations). */
  tickMs: number | null;
  /** Overrides of the workload's totals, for investigations only (the issue's workload is the default). */
  rates: { votes: number | null; upvotes: number | null; questions: number | null; chat: number | null; reactions: number | null };
  log: (line: string) => void;
}

export interface BenchOutput {
  scenarios: ScenarioResult[];
  machine: Machine;
  startedAt: string;
  seconds: number;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
}

/** The workload of the issue: per 5,000 attendees on one process. */
export const WORKLOAD = {
  attendeesPerProcess: 5_000,
  durationSeconds: 60,
  votesPerSec: 2_500,
  upvotesPerSec: 100,
  questionsPerSec: 10,
  chatPerSec: 20,
  reactionsPerSec: 5,
  /** Key-topic answers in the breakouts (breakout-split): as many as the plenary's questions. */
  contributionsPerSec: 10,
};
const QUICK = {
  attendees: 50,
  durationSeconds: 5,
  votesPerSec: 25,
  upvotesPerSec: 5,
  questionsPerSec: 2,
  chatPerSec: 4,
  reactionsPerSec: 2,
  contributionsPerSec: 2,
};

/**
 * breakout-split: the demo programme's slot of three parallel breakouts (22 June 2023, 11:45). Three in ten
 * attendees choose the first, three in ten the second, four in ten the third, which has places for three in ten:
 * its waiting list is a tenth of the audience.
 */
function breakoutSpec(totalAttendees: number): BreakoutSpec {
  return {
    slotId: '2023-06-22-1145',
    weights: { 'breakout-1': 3, 'breakout-2': 3, 'breakout-3': 4 },
    capacityRoom: 'breakout-3',
    capacity: Math.max(1, Math.round(totalAttendees * 0.3)),
    chooseWithinMs: 10_000,
    summaryChars: 10_000,
    autosaveEveryMs: 5_000,
  };
}

export function parseArgs(argv: string[]): BenchOptions {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? null;
  const num = (name: string) => (value(name) === null ? null : Number(value(name)));
  return {
    quick: argv.includes('--quick'),
    profile: argv.includes('--profile'),
    scenarios: value('scenario')?.split(',') ?? null,
    durationSeconds: num('duration'),
    attendeesPerProcess: num('attendees'),
    workers: num('workers'),
    joinConcurrency: num('join-concurrency'),
    client: value('client') === 'socket.io' ? 'library' : 'wire',
    tickMs: num('tick'),
    rates: { votes: num('votes'), upvotes: num('upvotes'), questions: num('questions'), chat: num('chat'), reactions: num('reactions') },
    log: (line) => process.stderr.write(line + '\n'),
  };
}

export function scenarioSpecs(o: BenchOptions): ScenarioSpec[] {
  const none: Targets = { joinSeconds: null, ackP99Ms: null, updateP99Ms: null, rssKbPerConn: null };
  const profileDir = o.profile ? path.join(ROOT, '.bench/profiles') : null;
  const base = (name: string, processes: number, targets: Targets, extra: Partial<ScenarioSpec> = {}): ScenarioSpec => {
    if (o.quick) {
      const perProcess = o.attendeesPerProcess ?? Math.ceil(QUICK.attendees / processes);
      const durationMs = (o.durationSeconds ?? QUICK.durationSeconds) * 1000;
      return {
        name,
        processes,
        attendeesPerProcess: perProcess,
        redis: false,
        coalesce: true,
        liveTickMs: 250,
        durationMs,
        votesPerSec: QUICK.votesPerSec,
        upvotesPerSec: QUICK.upvotesPerSec,
        questionsPerSec: QUICK.questionsPerSec,
        chatPerSec: QUICK.chatPerSec,
        reactionsPerSec: QUICK.reactionsPerSec,
        contributionsPerSec: QUICK.contributionsPerSec,
        breakouts: null,
        pollEveryMs: durationMs / 2,
        highlightEveryMs: 1_000,
        workers: o.workers ?? 2,
        joinConcurrency: 16,
        client: o.client,
        verifySample: perProcess * processes,
        targets,
        profileDir,
        log: o.log,
        ...extra,
      };
    }
    const perProcess = o.attendeesPerProcess ?? WORKLOAD.attendeesPerProcess;
    const durationMs = (o.durationSeconds ?? WORKLOAD.durationSeconds) * 1000;
    // The rates are the totals of the issue, spread over all processes; --attendees scales them with the audience.
    const scale = perProcess / WORKLOAD.attendeesPerProcess;
    return {
      name,
      processes,
      attendeesPerProcess: perProcess,
      redis: false,
      coalesce: true,
      liveTickMs: 250,
      durationMs,
      votesPerSec: WORKLOAD.votesPerSec * scale,
      upvotesPerSec: WORKLOAD.upvotesPerSec * scale,
      questionsPerSec: WORKLOAD.questionsPerSec * scale,
      chatPerSec: WORKLOAD.chatPerSec * scale,
      reactionsPerSec: WORKLOAD.reactionsPerSec * scale,
      contributionsPerSec: WORKLOAD.contributionsPerSec * scale,
      breakouts: null,
      pollEveryMs: 20_000,
      highlightEveryMs: 2_000,
      // One generator process per 5,000 attendees: it keeps up (schedule lag p99 11-25 ms), and fewer processes leave
      // the server more of the shared cores (measured: 2 generators for 5,000 cost 70% of a core, 1 costs 56%).
      workers: o.workers ?? Math.max(1, Math.ceil((perProcess * processes) / 5_000)),
      joinConcurrency: o.joinConcurrency ?? 64,
      client: o.client,
      verifySample: 100,
      targets,
      profileDir,
      log: o.log,
      ...extra,
    };
  };
  const one: Targets = { joinSeconds: 5, ackP99Ms: 100, updateP99Ms: 500, rssKbPerConn: 30, chatP99Ms: 500 };
  const two: Targets = { joinSeconds: 10, ackP99Ms: 200, updateP99Ms: 1_000, rssKbPerConn: null, chatP99Ms: 1_000 };
  const split = { choiceAckP99Ms: 200, reportBackMs: 2_000 };
  const breakouts = (processes: number) =>
    breakoutSpec((o.attendeesPerProcess ?? (o.quick ? Math.ceil(QUICK.attendees / processes) : WORKLOAD.attendeesPerProcess)) * processes);
  const all = [
    base('plenary-1p', 1, one),
    // Twice the audience on the same two cores: the stream goes out every 500 ms (its update target is 1,000 ms).
    base('plenary-2p-redis', 2, two, { redis: true, liveTickMs: 500 }),
    // The baseline of the live stream's ticks: the issue's vote, upvote and question workload only.
    base('naive', 1, none, { coalesce: false, chatPerSec: 0, reactionsPerSec: 0 }),
    // The plenary's audience splits into the slot's three breakouts, each with its own session at a third of the rates.
    base('breakout-split', 1, { ...one, ...split }, { breakouts: breakouts(1) }),
    base('breakout-split-2p-redis', 2, { ...two, ...split }, { redis: true, liveTickMs: 500, breakouts: breakouts(2) }),
  ];
  for (const s of all) {
    if (!s.breakouts) s.contributionsPerSec = 0; // key-topic answers are the breakouts'
    if (o.rates.votes !== null) s.votesPerSec = o.rates.votes;
    if (o.rates.upvotes !== null) s.upvotesPerSec = o.rates.upvotes;
    if (o.rates.questions !== null) s.questionsPerSec = o.rates.questions;
    if (o.rates.chat !== null) s.chatPerSec = o.rates.chat;
    if (o.rates.reactions !== null) s.reactionsPerSec = o.rates.reactions;
    if (o.tickMs !== null) s.liveTickMs = o.tickMs;
  }
  if (o.scenarios) return all.filter((s) => o.scenarios!.includes(s.name));
  // The quick run (in `npm test`) leaves out the second breakout scenario: breakout-split covers its code.
  return o.quick ? all.filter((s) => s.name !== 'breakout-split-2p-redis') : all;
}

export function machine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    /* not Linux */
  }
  return { cpus: os.availableParallelism(), cpuModel, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

export async function main(options: BenchOptions): Promise<BenchOutput> {
  const started = Date.now();
  const out: BenchOutput = { scenarios: [], machine: machine(), startedAt: new Date(started).toISOString(), seconds: 0 };
  for (const spec of scenarioSpecs(options)) {
    out.scenarios.push(await runScenario(spec));
    out.seconds = Math.round((Date.now() - started) / 1000);
    // Each finished scenario is kept at once: a run cut short still leaves its figures.
    fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, '.bench/last-run.json'), JSON.stringify(out, null, 1));
    options.log(`[${spec.name}] ${summaryJson({ ...out, scenarios: out.scenarios.slice(-1) })}`);
  }
  return out;
}

// ---- output ----------------------------------------------------------------------------------------------------

const fmt = (x: number | null | undefined, digits = 0) =>
  x === Infinity ? '∞' : x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
// A figure that is missing (null: infinite once written as JSON, or no sample) never meets a target.
const check = (value: number | null, target: number | null) =>
  target === null ? '' : value !== null && Number.isFinite(value) && value <= target ? ` ✓ ≤${target}` : ` ✗ >${target}`;

export function table(out: BenchOutput): string {
  const rs = out.scenarios;
  const rows: [string, ...string[]][] = [
    ['', ...rs.map((r) => r.name)],
    ['processes × attendees', ...rs.map((r) => `${r.processes} × ${r.attendees / r.processes}`)],
    ['store, coalescing (live tick)', ...rs.map((r) => `${r.store}, ${r.coalesced ? `on (${r.liveTickMs} ms)` : 'off'}`)],
    ["attendees' client", ...rs.map((r) => (r.client === 'wire' ? 'wire protocol (ws)' : 'socket.io-client'))],
    ['load (s); votes/s accepted (asked)', ...rs.map((r) => `${r.durationSeconds}; ${r.votesPerSec} (${r.targetVotesPerSec})`)],
    ['join: all in, with state (s)', ...rs.map((r) => `${fmt(r.joinSeconds, 2)}${check(r.joinSeconds, r.targets.joinSeconds)}`)],
    ['ack vote p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.ack.vote.p50, 1)} / ${fmt(r.ack.vote.p99, 1)}`)],
    ['ack upvote p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.ack.upvote.p50, 1)} / ${fmt(r.ack.upvote.p99, 1)}`)],
    ['ack question p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.ack.question.p50, 1)} / ${fmt(r.ack.question.p99, 1)}`)],
    ['ack p99, worst of the three (ms)', ...rs.map((r) => `${fmt(r.ackP99Ms, 1)}${check(r.ackP99Ms, r.targets.ackP99Ms)}`)],
    ['ack chair actions p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.ack.chair.p50, 1)} / ${fmt(r.ack.chair.p99, 1)}`)],
    ['update vote→tally p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.update.tally.p50)} / ${fmt(r.update.tally.p99)}`)],
    ['update highlight p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.update.highlight.p50)} / ${fmt(r.update.highlight.p99)}`)],
    ['update p99, worst of the two (ms)', ...rs.map((r) => `${fmt(r.updateP99Ms)}${check(r.updateP99Ms, r.targets.updateP99Ms)}`)],
    ['update upvote→count p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.update.counts.p50)} / ${fmt(r.update.counts.p99)}`)],
    ['update new question p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.update.question.p50)} / ${fmt(r.update.question.p99)}`)],
    [
      'updates that never arrived',
      ...rs.map((r) => String(r.update.tally.missing + r.update.counts.missing + r.update.question.missing + r.update.highlight.missing)),
    ],
    ['chat: messages/s sent; reactions/s', ...rs.map((r) => `${fmt(r.ack.chat.n / r.durationSeconds, 1)}; ${fmt(r.ack.reaction.n / r.durationSeconds, 1)}`)],
    ['ack chat p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.ack.chat.p50, 1)} / ${fmt(r.ack.chat.p99, 1)}`)],
    ['ack reaction p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.ack.reaction.p50, 1)} / ${fmt(r.ack.reaction.p99, 1)}`)],
    [
      'chat delivery ack→every client p50 / p99 (ms)',
      ...rs.map((r) => `${fmt(r.update.chat.p50)} / ${fmt(r.update.chat.p99)}${r.ack.chat.n ? check(r.update.chat.p99, r.targets.chatP99Ms ?? null) : ''}`),
    ],
    ['chat deliveries that never arrived', ...rs.map((r) => String(r.update.chat.missing))],
    ['update reaction→count p50 / p99 (ms)', ...rs.map((r) => `${fmt(r.update.reaction.p50)} / ${fmt(r.update.reaction.p99)}`)],
    ...(rs.some((r) => r.breakouts)
      ? ([
          [
            'breakouts: placed per breakout; waiting',
            ...rs.map((r) => (r.breakouts ? `${Object.values(r.breakouts.placed).join(' / ')}; ${r.breakouts.waiting}` : '–')),
          ],
          ['choices: all answered (s)', ...rs.map((r) => (r.breakouts ? fmt(r.breakouts.chooseSeconds, 2) : '–'))],
          [
            'ack choice p50 / p99 (ms)',
            ...rs.map((r) =>
              r.breakouts ? `${fmt(r.ack.choice.p50, 1)} / ${fmt(r.ack.choice.p99, 1)}${check(r.ack.choice.p99, r.targets.choiceAckP99Ms ?? null)}` : '–',
            ),
          ],
          [
            'store: places / capacity (over)',
            ...rs.map((r) => {
              const b = r.breakouts;
              if (!b) return '–';
              if (!b.stored) return 'not read ✗';
              const room = Object.keys(b.stored.capacity).find((k) => b.stored!.capacity[k] !== null);
              return `${room ? `${b.stored.places[room] ?? 0} / ${b.stored.capacity[room]}` : '–'} (${b.overCapacity}${b.overCapacity === 0 ? ' ✓' : ' ✗'})`;
            }),
          ],
          [
            'store: acked choices missing or twice',
            ...rs.map((r) =>
              r.breakouts
                ? r.breakouts.choicesLost === null
                  ? 'not read ✗'
                  : `${r.breakouts.choicesLost}${r.breakouts.choicesLost === 0 ? ' ✓' : ' ✗'}`
                : '–',
            ),
          ],
          [
            'ack key-topic answer p50 / p99 (ms)',
            ...rs.map((r) => (r.breakouts ? `${fmt(r.ack.contribution.p50, 1)} / ${fmt(r.ack.contribution.p99, 1)}` : '–')),
          ],
          ['update new answer p50 / p99 (ms)', ...rs.map((r) => (r.breakouts ? `${fmt(r.update.contribution.p50)} / ${fmt(r.update.contribution.p99)}` : '–'))],
          [
            'summaries (KB each); autosaves acked',
            ...rs.map((r) => (r.breakouts ? `${fmt(r.breakouts.summaryBytes / 1024, 1)}; ${r.breakouts.autosaves}` : '–')),
          ],
          [
            'report-back on every screen p50 / p99 / max (ms)',
            ...rs.map((r) => {
              const b = r.breakouts?.reportBack;
              if (!b) return '–';
              const target = r.targets.reportBackMs ?? null;
              const worst = b.missing ? Infinity : Math.max(b.p99, b.max);
              return `${fmt(b.p50)} / ${fmt(b.p99)} / ${fmt(b.max)}${b.missing ? ` (${b.missing} never)` : ''}${check(worst, target)}`;
            }),
          ],
        ] as [string, ...string[]][])
      : []),
    ['messages per client per s', ...rs.map((r) => fmt(r.messagesPerClientPerSec, 1))],
    ['server CPU ms per join', ...rs.map((r) => fmt(r.serverCpuMsPerJoin, 2))],
    [
      'generators / Redis CPU ms per join',
      ...rs.map((r) => `${fmt(r.generatorCpuMsPerJoin, 2)} / ${r.redisCpuMsPerJoin === null ? '–' : fmt(r.redisCpuMsPerJoin, 2)}`),
    ],
    ['server CPU, % of one core', ...rs.map((r) => fmt(r.serverCpuPercent))],
    ['server CPU ms per accepted vote', ...rs.map((r) => fmt(r.serverCpuMsPerVote, 3))],
    ['accepted attendee events/s (all kinds)', ...rs.map((r) => fmt(r.acceptedEventsPerSec))],
    ['server CPU ms per event; µs per live msg', ...rs.map((r) => `${fmt(r.serverCpuMsPerEvent, 3)}; ${fmt(r.serverCpuUsPerDelivery, 1)}`)],
    ['live messages per client per s; KB/s per client', ...rs.map((r) => `${fmt(r.liveDeliveredPerClientPerSec, 2)}; ${fmt(r.clientBytesPerSec / 1024, 1)}`)],
    ['Redis commands/s; per event', ...rs.map((r) => (r.redisLoad ? `${fmt(r.redisLoad.commandsPerSec)}; ${fmt(r.redisLoad.commandsPerEvent, 2)}` : '–'))],
    [
      'Redis net in / out (KB/s); bytes per event',
      ...rs.map((r) =>
        r.redisLoad
          ? `${fmt(r.redisLoad.netInputBytesPerSec / 1024)} / ${fmt(r.redisLoad.netOutputBytesPerSec / 1024)}; ${fmt(r.redisLoad.bytesPerEvent)}`
          : '–',
      ),
    ],
    ['Redis CPU, % of one core', ...rs.map((r) => (r.redisCpuPercent === null ? '–' : fmt(r.redisCpuPercent)))],
    ['generators CPU, % (same cores)', ...rs.map((r) => fmt(r.generatorCpuPercent))],
    ['other processes CPU, % (noise)', ...rs.map((r) => fmt(r.otherCpuPercent))],
    ['generator schedule lag p99 (ms)', ...rs.map((r) => fmt(r.schedulerLagP99Ms, 1))],
    ['server RSS idle → peak (MB)', ...rs.map((r) => `${fmt(r.serverRssIdleMb)} → ${fmt(r.serverRssPeakMb)}`)],
    ['RSS per connection, peak (KB)', ...rs.map((r) => `${fmt(r.rssKbPerConn, 1)}${check(r.rssKbPerConn, r.targets.rssKbPerConn)}`)],
    ['RSS per connection, joined (KB)', ...rs.map((r) => fmt(r.rssKbPerConnJoined, 1))],
    ...(rs.some((r) => r.memoryAfterGc)
      ? ([
          [
            'after a full GC: heap / RSS per conn (KB)',
            ...rs.map((r) => (r.memoryAfterGc ? `${fmt(r.memoryAfterGc.heapKbPerConn, 1)} / ${fmt(r.memoryAfterGc.rssKbPerConn, 1)}` : '–')),
          ],
          ['after GC: live heap added by the load (MB)', ...rs.map((r) => (r.memoryAfterGc ? fmt(r.memoryAfterGc.heapMbGrowthDuringLoad, 1) : '–'))],
        ] as [string, ...string[]][])
      : []),
    ['errors', ...rs.map((r) => `${r.errors}${r.errors === 0 ? ' ✓' : ' ✗'}`)],
    ['lost (acked, missing at the end)', ...rs.map((r) => (r.lost === null ? 'not checked ✗' : `${r.lost}${r.lost === 0 ? ' ✓' : ' ✗'}`))],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ') + ' |';
  const out1 = [line(rows[0]!), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.slice(1).map(line)];
  const notes: string[] = [];
  for (const r of rs) {
    const codes = Object.entries(r.errorsByCode);
    if (codes.length) notes.push(`errors in ${r.name}: ${codes.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  }
  const one = rs.find((r) => r.name === 'plenary-1p');
  const naive = rs.find((r) => r.name === 'naive');
  if (one && naive) {
    notes.push(
      `naive / plenary-1p: server CPU per accepted vote ×${fmt(naive.serverCpuMsPerVote / one.serverCpuMsPerVote, 2)}, ` +
        `vote→tally update p99 ×${fmt(naive.update.tally.p99 / one.update.tally.p99, 2)}, messages per client ×${fmt(naive.messagesPerClientPerSec / one.messagesPerClientPerSec, 1)}`,
    );
  }
  const m = out.machine;
  notes.push(
    `machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}; the load generators and the servers share these cores. ${out.startedAt}, ${out.seconds} s.`,
  );
  return [...out1, '', ...notes].join('\n');
}

/** The fields of a scenario's result that the last line carries as they are. */
type Copied =
  | 'name'
  | 'processes'
  | 'attendees'
  | 'votesPerSec'
  | 'joinSeconds'
  | 'ackP99Ms'
  | 'updateP99Ms'
  | 'rssKbPerConn'
  | 'errors'
  | 'lost'
  | 'targetVotesPerSec'
  | 'durationSeconds'
  | 'store'
  | 'coalesced'
  | 'serverCpuPercent'
  | 'serverCpuMsPerVote'
  | 'serverRssPeakMb'
  | 'otherCpuPercent'
  | 'errorsByCode'
  | 'lostDetail';

/** The last line of the output: the issue's fields first, then details. */
export interface Summary {
  scenarios: (Pick<ScenarioResult, Copied> & {
    ackP99MsByKind: Record<'vote' | 'upvote' | 'question' | 'chair', number>;
    updateP99MsByKind: Record<'tally' | 'highlight' | 'counts' | 'question', number>;
    updatesMissing: number;
    chatP99Ms: number | null;
    chatMissing: number;
    ackChatP99Ms: number;
    breakouts: null | {
      choiceAckP99Ms: number;
      overCapacity: number | null;
      choicesLost: number | null;
      waiting: number;
      reportBackP99Ms: number;
      reportBackMaxMs: number;
      reportBackMissing: number;
    };
    redisLoad: ScenarioResult['redisLoad'];
  })[];
}

export function summaryJson(out: BenchOutput): string {
  const summary: Summary = {
    scenarios: out.scenarios.map((r) => ({
      name: r.name,
      processes: r.processes,
      attendees: r.attendees,
      votesPerSec: r.votesPerSec,
      joinSeconds: r.joinSeconds,
      ackP99Ms: r.ackP99Ms,
      updateP99Ms: r.updateP99Ms,
      rssKbPerConn: r.rssKbPerConn,
      errors: r.errors,
      lost: r.lost,
      targetVotesPerSec: r.targetVotesPerSec,
      durationSeconds: r.durationSeconds,
      store: r.store,
      coalesced: r.coalesced,
      ackP99MsByKind: { vote: r.ack.vote.p99, upvote: r.ack.upvote.p99, question: r.ack.question.p99, chair: r.ack.chair.p99 },
      updateP99MsByKind: { tally: r.update.tally.p99, highlight: r.update.highlight.p99, counts: r.update.counts.p99, question: r.update.question.p99 },
      updatesMissing: r.update.tally.missing + r.update.counts.missing + r.update.question.missing + r.update.highlight.missing,
      serverCpuPercent: r.serverCpuPercent,
      serverCpuMsPerVote: r.serverCpuMsPerVote,
      serverRssPeakMb: r.serverRssPeakMb,
      otherCpuPercent: r.otherCpuPercent,
      errorsByCode: r.errorsByCode,
      lostDetail: r.lostDetail,
      chatP99Ms: r.chatP99Ms,
      chatMissing: r.update.chat.missing,
      ackChatP99Ms: r.ack.chat.p99,
      breakouts: r.breakouts && {
        choiceAckP99Ms: r.ack.choice.p99,
        overCapacity: r.breakouts.overCapacity,
        choicesLost: r.breakouts.choicesLost,
        waiting: r.breakouts.waiting,
        reportBackP99Ms: r.breakouts.reportBack.p99,
        reportBackMaxMs: r.breakouts.reportBack.max,
        reportBackMissing: r.breakouts.reportBack.missing,
      },
      redisLoad: r.redisLoad,
    })),
  };
  return JSON.stringify(summary);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseArgs(process.argv.slice(2));
  if (process.cwd() !== ROOT) process.chdir(ROOT); // the servers are started as `npm start` starts it: `node … dist/server/index.js`
  main(options)
    .then((out) => {
      for (const r of out.scenarios) for (const p of r.profiles) process.stdout.write(formatProfile(p.label, p.summary) + '\n\n');
      process.stdout.write(table(out) + '\n\n');
      process.stdout.write(summaryJson(out) + '\n');
      process.exit(0);
    })
    .catch((error) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
      process.exit(1);
    });
}
