import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { Topology } from './topology';
import { FaultClient, sleep } from './client';
import { FaultProxy } from './proxy';
import { addRefusals, row, table, type Row } from './figures';
import { sideWork } from './sidework';
import { client } from '../helpers/app';

/**
 * FAULTS.md 1-14, for real: processes killed and restarted, Redis stopped, wiped and paused, connections cut and
 * stalled, clocks skewed. Each scenario runs a workload while the fault happens, every client keeps its operation
 * ids and acknowledgements, and the end state is checked against the store and against what every client shows.
 */
const RUNS = Number(process.env.FAULT_RUNS ?? 2);
/** Every client must show the store's state within this long after the fault is over. */
const CONVERGE_BUDGET_MS = 15_000;
/** 2,000 clients back after a blip, on two cores shared with the clients themselves. */
const STORM_BUDGET_MS = 60_000;
const OPTIONS = ['a', 'b', 'c'];

let main: Topology;
beforeAll(async () => {
  // Two app processes on one Redis; the first reaches Redis through a proxy, to cut or stall its link.
  main = await Topology.redis({ JOINS_PER_ADDRESS_PER_MINUTE: '100000' }, { proxyFor: [0] });
}, 60_000);
afterAll(async () => {
  await main?.stop();
  console.log('\n' + table() + '\n');
});

// ---- workload and checks ------------------------------------------------------------------------------------------

async function launchPoll(chair: FaultClient): Promise<string> {
  const created = await chair.mutate('poll:create', {
    draft: {
      roomId: 'plenary',
      itemId: null,
      type: 'single',
      question: 'Which option?',
      options: OPTIONS.map((id) => ({ id, label: id.toUpperCase() })),
      visibility: 'live',
    },
  });
  expect(created.reply).toMatchObject({ ok: true });
  const pollId = created.reply.pollId as string;
  expect((await chair.mutate('poll:control', { pollId, action: 'launch' })).reply).toMatchObject({ ok: true });
  return pollId;
}

/**
 * Every client votes, one write at a time, changing its mind, until `until()` is false; with questions, every
 * other write is an upvote toggled on a random one of them (not its own: an asker can't upvote theirs, Q19).
 */
async function voting(clients: FaultClient[], pollId: string, until: () => boolean, questions: Asked[] = []): Promise<void> {
  await Promise.all(
    clients.map(async (c) => {
      const others = questions.filter((q) => q.asker !== c).map((q) => q.id);
      for (let i = 0; until(); i++) {
        if (others.length && i % 2) await c.upvote(others[Math.floor(Math.random() * others.length)]!, Math.random() < 0.7, { deadlineMs: 60_000 });
        else await c.vote(pollId, { type: 'single', option: OPTIONS[Math.floor(Math.random() * OPTIONS.length)]! }, { deadlineMs: 60_000 });
        await sleep(20 + Math.random() * 60);
      }
    }),
  );
}

interface Asked {
  id: string;
  asker: FaultClient;
}

/** Questions asked (pre-moderation off) before the fault, for the workload to upvote. */
async function askQuestions(chair: FaultClient, askers: FaultClient[]): Promise<Asked[]> {
  await chair.mutate('qa:settings', { roomId: 'plenary', premoderation: false });
  const asked: Asked[] = [];
  for (const [i, a] of askers.entries()) {
    const reply = (await a.mutate('qa:ask', { roomId: 'plenary', text: `Fault-test question ${i} at ${Date.now()}?`, target: null, anonymous: true })).reply;
    expect(reply).toMatchObject({ ok: true, status: 'live' });
    asked.push({ id: reply.questionId as string, asker: a });
  }
  return asked;
}

/**
 * Checks the upvotes of a run: each client's last acknowledged upvote state is its membership in the store (nothing
 * lost), each count is the number of clients whose last state is "up" (nobody counted twice), and every client
 * converges on the stored counts.
 */
async function checkUpvotes(t: Topology, r: Row, clients: FaultClient[], questions: string[], faultOver: number): Promise<void> {
  if (!questions.length) return;
  const truth = await t.truth();
  for (const q of questions) {
    const up = clients.filter((c) => c.lastUpvotes.get(q) === true).length;
    r.duplicates += Math.abs((truth.qa.counts[q]?.n ?? 0) - up);
  }
  for (const c of clients.filter((c) => c.lastUpvotes.size)) {
    const mine = new Set((await t.truth(c.token)).qa.myUpvotes);
    for (const [q, up] of c.lastUpvotes) if (mine.has(q) !== up) r.lost++;
  }
  await converge(r, clients, faultOver, (c) => questions.every((q) => (c.qa.counts[q]?.n ?? 0) === (truth.qa.counts[q]?.n ?? 0)));
  r.clients -= clients.length; // counted once per client, in checkPoll
  r.converged -= clients.length;
}

const withoutTick = (c: Record<string, number> | undefined) => Object.fromEntries(Object.entries(c ?? {}).filter(([k, v]) => k !== '_tick' && v !== 0));

/**
 * Checks a poll run: every voter's last acknowledged vote is the ballot the store holds (nothing lost), the tally
 * counts each voter once (no duplicates), and every client converges on the store's tally and sequence number.
 */
async function checkPoll(t: Topology, r: Row, clients: FaultClient[], pollId: string, faultOver: number): Promise<void> {
  const truth = await t.truth();
  const counters = truth.polls.tallies[pollId]!.counters;
  const voters = clients.filter((c) => c.lastVotes.has(pollId));
  for (const c of voters) {
    const mine = await t.truth(c.token);
    if (!isDeepStrictEqual(mine.polls.myBallots[pollId], c.lastVotes.get(pollId))) r.lost++;
  }
  const votes = OPTIONS.reduce((n, o) => n + (counters[`o:${o}`] ?? 0), 0);
  r.duplicates += Math.abs((counters._voters ?? 0) - new Set(voters.map((v) => v.token)).size) + Math.abs(votes - (counters._voters ?? 0));
  r.acked += clients.reduce((n, c) => n + c.acked.filter((a) => a.reply.ok).length, 0);
  await converge(
    r,
    clients,
    faultOver,
    (c) => isDeepStrictEqual(withoutTick(c.polls.tallies[pollId]?.counters), withoutTick(counters)) && c.lastSeq >= truth.seq,
  );
}

/** Waits for every client to show the store's state; records how long each took after the fault was over. */
async function converge(r: Row, clients: FaultClient[], since: number, ok: (c: FaultClient) => boolean, budgetMs = CONVERGE_BUDGET_MS): Promise<void> {
  r.clients += clients.length;
  const pending = new Set(clients);
  const deadline = since + budgetMs;
  while (pending.size && Date.now() < deadline) {
    for (const c of pending)
      if (ok(c)) {
        r.convergeMs.push(Math.max(0, Date.now() - since));
        pending.delete(c);
      }
    if (pending.size) await sleep(25);
  }
  r.converged += clients.length - pending.size;
  for (const c of clients) {
    r.gaps += c.gaps;
    r.duplicates += c.twice;
    addRefusals(r, c.refusals);
  }
}

function finish(r: Row, t: Topology, clients: FaultClient[]): void {
  for (const c of clients) c.close();
  r.runs++;
  r.crashes += t.crashes;
  r.unhandled += t.unhandled();
  t.crashes = 0;
  expect({
    lost: r.lost,
    duplicates: r.duplicates,
    overCapacity: r.overCapacity,
    gaps: r.gaps,
    crashes: r.crashes,
    unhandled: r.unhandled,
    notConverged: r.clients - r.converged,
  }).toEqual({
    lost: 0,
    duplicates: 0,
    overCapacity: 0,
    gaps: 0,
    crashes: 0,
    unhandled: 0,
    notConverged: 0,
  });
}

/** A poll with a fault in the middle: `fault` runs `at` ms into `ms` ms of voting. */
async function pollUnderFault(
  t: Topology,
  name: string,
  fault: () => Promise<void>,
  opts: { clients?: number; ms?: number; at?: number; maxReplyMs?: number } = {},
): Promise<void> {
  const r = row(name);
  const chair = await t.chair();
  const clients = await t.attendees(opts.clients ?? 30);
  // Beside the voters: chat, breakout choices, key-topic answers and a rapporteur's autosaves (sidework.ts).
  const others = await t.attendees(16);
  const side = await sideWork(t, chair, others);
  const pollId = await launchPoll(chair);
  const questions = await askQuestions(chair, clients.slice(0, 3));
  const end = Date.now() + (opts.ms ?? 3000);
  const work = Promise.all([voting(clients, pollId, () => Date.now() < end, questions), side.run(() => Date.now() < end)]);
  await sleep(opts.at ?? 1000);
  await fault();
  await work;
  const over = Date.now();
  await checkPoll(t, r, [...clients, chair], pollId, over);
  await checkUpvotes(
    t,
    r,
    clients,
    questions.map((q) => q.id),
    over,
  );
  // After the convergence checks, whose budget runs from the end of the fault.
  await side.check(r);
  side.close();
  for (const c of others) c.close();
  if (opts.maxReplyMs) expect(Math.max(...clients.map((c) => c.slowest))).toBeLessThan(opts.maxReplyMs);
  finish(r, t, [...clients, chair]);
}

// ---- scenarios -------------------------------------------------------------------------------------------------------

describe('servers and Redis', () => {
  it('1. one of two app processes is killed (SIGKILL) in the middle of a poll', async () => {
    for (let run = 0; run < RUNS; run++) {
      try {
        await pollUnderFault(main, '1 app SIGKILL mid-poll', async () => {
          await main.kill(0, 'SIGKILL');
        });
      } finally {
        await main.restart(0);
      }
    }
  }, 240_000);

  it('2. rolling restart with SIGTERM: both processes in turn, clients miss nothing', async () => {
    for (let run = 0; run < RUNS; run++) {
      const r = row('2 rolling restart SIGTERM');
      const chair = await main.chair();
      const clients = await main.attendees(30);
      const others = await main.attendees(16);
      const side = await sideWork(main, chair, others);
      const pollId = await launchPoll(chair);
      const items = ['d1-welcome', 'd1-s1', 'd1-s2', 'd1-coffee', 'd1-guidelines', 'd1-s4'];
      let running = true;
      const moving = (async () => {
        for (let i = 0; running; i++) {
          await chair.mutate('agenda:setLive', { roomId: 'plenary', itemId: items[i % items.length] });
          await sleep(150);
        }
      })();
      const work = Promise.all([voting(clients, pollId, () => running), side.run(() => running)]);
      for (const i of [0, 1]) {
        await sleep(700);
        const code = await main.kill(i, 'SIGTERM');
        await main.restart(i);
        expect(code).toBe(0); // a clean exit
      }
      await sleep(500);
      running = false;
      await Promise.all([work, moving]);
      const over = Date.now();
      const truth = await main.truth();
      await checkPoll(main, r, [...clients, chair], pollId, over);
      for (const c of clients) if (c.agenda?.live.plenary?.itemId !== truth.agenda.live.plenary?.itemId) r.lost++;
      await side.check(r);
      side.close();
      for (const c of others) c.close();
      finish(r, main, [...clients, chair]);
    }
  }, 240_000);

  it('3. Redis restarts (AOF everysec): quick UNAVAILABLE during the outage, nothing acknowledged missing after', async () => {
    for (let run = 0; run < RUNS; run++)
      await pollUnderFault(
        main,
        '3 Redis restart (AOF)',
        async () => {
          await main.redis!.stop('SIGTERM');
          await sleep(800);
          await main.redis!.start();
        },
        { maxReplyMs: 3000 },
      );
  }, 240_000);

  it('5. Redis stalls (SIGSTOP) and a Redis link goes half-open: errors within seconds, not hangs', async () => {
    for (let run = 0; run < RUNS; run++) {
      await pollUnderFault(
        main,
        '5a Redis stalled (SIGSTOP)',
        async () => {
          const pid = (main.redis as any).proc.pid as number;
          process.kill(pid, 'SIGSTOP');
          await sleep(3000);
          process.kill(pid, 'SIGCONT');
        },
        { ms: 5000, maxReplyMs: 3500 },
      );
      await pollUnderFault(
        main,
        '5b Redis link half-open',
        async () => {
          main.redisProxy!.stall();
          await sleep(3000);
          main.redisProxy!.cut();
          main.redisProxy!.resume();
        },
        { ms: 5000, maxReplyMs: 3500 },
      );
    }
  }, 240_000);

  it('4. Redis comes back empty: the new epoch is noticed, everyone is told, nothing empty is presented as the truth', async () => {
    for (let run = 0; run < RUNS; run++) {
      const r = row('4 Redis wiped');
      const t = await Topology.redis();
      try {
        const chair = await t.chair();
        const clients = await t.attendees(10);
        const pollId = await launchPoll(chair);
        await voting(clients, pollId, () => clients.some((c) => !c.lastVotes.has(pollId)));
        const epoch = clients[0]!.epoch;
        await t.redis!.wipe();
        // The next write meets the empty store: refused, and the new epoch announced to every connected person.
        const refused = await chair.mutate('agenda:setLive', { roomId: 'plenary', itemId: 'd1-s1' }, { deadlineMs: 20_000 }).catch((e: Error) => e);
        const over = Date.now();
        await converge(r, [...clients, chair], over, (c) => c.notices.some((n) => n.code === 'DATA_LOST'));
        // A fresh connection is not handed an empty event as if it were the truth.
        await expect(client(t.urls[1]!, clients[0]!.token)).rejects.toThrow(/no such event/i);
        const ready = (await (await fetch(`${t.urls[0]}/readyz`)).json()) as { epoch: string };
        expect(ready.epoch).not.toBe(epoch);
        expect(refused instanceof Error || refused.reply.ok === false).toBe(true);
        finish(r, t, [...clients, chair]);
      } finally {
        await t.stop();
      }
    }
  }, 240_000);

  it('6. embedded mode: the process is killed and started again; the journal brings everything back', async () => {
    const t = await Topology.embedded();
    try {
      for (let run = 0; run < RUNS; run++) {
        await pollUnderFault(t, '6 embedded SIGKILL + restart', async () => {
          await t.kill(0, 'SIGKILL');
          await t.restart(0);
        });
      }
    } finally {
      await t.stop();
    }
  }, 240_000);
});

describe('clients', () => {
  it('7. a client offline for a while gets what it missed, in order, no gaps, nothing twice', async () => {
    for (let run = 0; run < RUNS; run++) {
      const r = row('7 client offline, catch-up');
      const chair = await main.chair();
      const clients = await main.attendees(10);
      const sleepers = clients.slice(0, 5);
      for (const c of sleepers) c.sleep();
      const pollId = await launchPoll(chair);
      for (const itemId of ['d2-welcome', 'd2-s1', 'd2-s2', 'd2-s3']) await chair.mutate('agenda:setLive', { roomId: 'plenary', itemId });
      await voting(clients.slice(5), pollId, () => clients.slice(5).some((c) => !c.lastVotes.has(pollId)));
      await sleep(1000); // the lid stays closed a while; what matters is how far behind, not how long
      const before = sleepers.map((c) => c.syncModes.length);
      await Promise.all(sleepers.map((c) => c.wake()));
      const over = Date.now();
      sleepers.forEach((c, i) => expect(c.syncModes[before[i]!]).toBe('changes'));
      await checkPoll(main, r, clients, pollId, over);
      finish(r, main, [...clients, chair]);
    }
  }, 240_000);

  it('8. a client offline for hours (the log no longer reaches back) gets a fresh snapshot, never a partial replay', async () => {
    const t = await Topology.embedded({ CHANGE_LOG_KEEP: '20' });
    try {
      for (let run = 0; run < RUNS; run++) {
        const r = row('8 client offline for hours');
        const chair = await t.chair();
        const clients = await t.attendees(6);
        const sleepers = clients.slice(0, 3);
        for (const c of sleepers) c.sleep();
        const pollId = await launchPoll(chair);
        for (let i = 0; i < 30; i++) await chair.mutate('agenda:setLive', { roomId: 'plenary', itemId: i % 2 ? 'd1-s1' : 'd1-s2' });
        await voting(clients.slice(3), pollId, () => clients.slice(3).some((c) => !c.lastVotes.has(pollId)));
        const before = sleepers.map((c) => c.syncModes.length);
        await Promise.all(sleepers.map((c) => c.wake()));
        const over = Date.now();
        sleepers.forEach((c, i) => expect(c.syncModes[before[i]!]).toBe('snapshot'));
        await checkPoll(t, r, clients, pollId, over);
        finish(r, t, [...clients, chair]);
      }
    } finally {
      await t.stop();
    }
  }, 240_000);

  it('9. 2,000 clients reconnect at once after a network blip: the server survives and everyone is back', async () => {
    for (let run = 0; run < RUNS; run++) {
      const r = row('9 2,000 reconnect at once');
      const proxy = await new FaultProxy(main.apps[1]!.port).start();
      const tokens = await Promise.all(
        Array.from({ length: 2000 }, async () => {
          const res = await fetch(`${main.urls[1]}/api/join`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: 'MC2023' }),
          });
          return ((await res.json()) as { token: string }).token;
        }),
      );
      const clients: FaultClient[] = [];
      for (let i = 0; i < tokens.length; i += 200)
        clients.push(...(await Promise.all(tokens.slice(i, i + 200).map((tk) => new FaultClient(tk, [`http://127.0.0.1:${proxy.port}`]).start()))));
      const chair = await main.chair();
      proxy.cut(); // the blip
      await chair.mutate('agenda:setLive', { roomId: 'plenary', itemId: 'd2-s4-panel' });
      const over = Date.now();
      const truth = await main.truth();
      await converge(r, clients, over, (c) => c.connected && c.lastSeq >= truth.seq && c.agenda?.live.plenary?.itemId === 'd2-s4-panel', STORM_BUDGET_MS);
      expect((await fetch(`${main.urls[1]}/readyz`)).status).toBe(200);
      finish(r, main, [...clients, chair]);
      await proxy.stop();
    }
  }, 240_000);

  it('10. an acknowledgement is lost and the client retries: the vote and the question exist once', async () => {
    for (let run = 0; run < RUNS; run++) {
      const r = row('10 lost ack, retry');
      const chair = await main.chair();
      await chair.mutate('qa:settings', { roomId: 'plenary', premoderation: false });
      const clients = await main.attendees(10);
      const pollId = await launchPoll(chair);
      const stamp = Date.now();
      const text = (i: number) => `Lost ack question ${run}-${i}-${stamp}?`;
      await Promise.all(
        clients.map(async (c, i) => {
          const voteOp = `lost-vote-${run}-${i}-${Date.now()}`;
          const askOp = `lost-ask-${run}-${i}-${Date.now()}`;
          // Sent, then the connection drops before the ack arrives.
          const raw = c.socket as unknown as { emit(event: string, payload: unknown): void };
          raw.emit('poll:vote', { opId: voteOp, pollId, choice: { type: 'single', option: 'a' } });
          raw.emit('qa:ask', { opId: askOp, roomId: 'plenary', text: text(i), target: null, anonymous: true });
          c.socket!.disconnect();
          await c.wake();
          await c.vote(pollId, { type: 'single', option: 'a' }, { opId: voteOp });
          await c.mutate('qa:ask', { roomId: 'plenary', text: text(i), target: null, anonymous: true }, { opId: askOp });
        }),
      );
      const over = Date.now();
      const truth = await main.truth();
      for (let i = 0; i < clients.length; i++) if (truth.qa.questions.filter((q) => q.text === text(i)).length !== 1) r.duplicates++;
      await checkPoll(main, r, [...clients, chair], pollId, over);
      finish(r, main, [...clients, chair]);
    }
  }, 240_000);

  it('11. the same attendee votes differently from two tabs: one vote counts (the last stored), both tabs converge', async () => {
    for (let run = 0; run < RUNS; run++) {
      const r = row('11 two tabs, two votes');
      const chair = await main.chair();
      const tabs1 = await main.attendees(10);
      const tabs2 = await Promise.all(tabs1.map((c) => new FaultClient(c.token, [...main.urls].reverse()).start()));
      const pollId = await launchPoll(chair);
      await Promise.all(tabs1.flatMap((c, i) => [c.vote(pollId, { type: 'single', option: 'a' }), tabs2[i]!.vote(pollId, { type: 'single', option: 'b' })]));
      const over = Date.now();
      const truth = await main.truth();
      expect(truth.polls.tallies[pollId]!.counters._voters).toBe(10);
      r.acked += [...tabs1, ...tabs2].reduce((n, c) => n + c.acked.filter((a) => a.reply.ok).length, 0);
      const stored = await Promise.all(tabs1.map(async (c) => (await main.truth(c.token)).polls.myBallots[pollId]));
      await converge(r, [...tabs1, ...tabs2], over, (c) => {
        const i = Math.max(tabs1.indexOf(c), tabs2.indexOf(c));
        return (
          isDeepStrictEqual(c.polls.myBallots[pollId], stored[i]) &&
          isDeepStrictEqual(withoutTick(c.polls.tallies[pollId]?.counters), withoutTick(truth.polls.tallies[pollId]!.counters))
        );
      });
      finish(r, main, [...tabs1, ...tabs2, chair]);
    }
  }, 240_000);

  it('12. votes race the poll being closed: each counted or refused POLL_CLOSED; the published result equals the stored votes', async () => {
    for (let run = 0; run < RUNS; run++) {
      const r = row('12 votes race the close');
      const chair = await main.chair();
      const clients = await main.attendees(30);
      const pollId = await launchPoll(chair);
      const votes = clients.map((c, i) => c.vote(pollId, { type: 'single', option: OPTIONS[i % 3]! }));
      await sleep(3);
      expect((await chair.mutate('poll:control', { pollId, action: 'close' })).reply).toMatchObject({ ok: true });
      const replies = await Promise.all(votes);
      expect(replies.every((a) => a.reply.ok || a.reply.code === 'POLL_CLOSED')).toBe(true);
      const over = Date.now();
      await checkPoll(main, r, [...clients, chair], pollId, over);
      const truth = await main.truth();
      expect(truth.polls.tallies[pollId]!.counters._voters ?? 0).toBe(replies.filter((a) => a.reply.ok).length);
      finish(r, main, [...clients, chair]);
    }
  }, 240_000);

  it('13. two chairs act on the same question at once: one final state, the stale action gets VERSION_CONFLICT', async () => {
    for (let run = 0; run < RUNS; run++) {
      const r = row('13 two chairs, one question');
      const chair1 = await main.chair();
      const chair2 = await main.chair('Organiser');
      await chair1.mutate('qa:settings', { roomId: 'plenary', premoderation: true });
      // One question per asker (an attendee may ask five a minute).
      const askers = await main.attendees(10);
      const mine: string[] = [];
      for (const [i, asker] of askers.entries()) {
        const asked = await asker.mutate('qa:ask', { roomId: 'plenary', text: `Two chairs ${run}-${i}?`, target: null, anonymous: true });
        const id = asked.reply.questionId as string;
        mine.push(id);
        await sleep(50);
        const rev = chair1.qa.questions[id]?.rev ?? 0;
        const [a, b] = await Promise.all([
          chair1.mutate('qa:moderate', { questionId: id, rev, action: 'approve' }),
          chair2.mutate('qa:moderate', { questionId: id, rev, action: 'dismiss' }),
        ]);
        expect([a.reply.ok ? 'ok' : a.reply.code, b.reply.ok ? 'ok' : b.reply.code].sort()).toEqual(['VERSION_CONFLICT', 'ok']);
        addRefusals(r, { VERSION_CONFLICT: 1 });
        r.acked += 2; // the question and the winning action
      }
      const over = Date.now();
      const truth = await main.truth();
      const stored = truth.qa.questions.filter((q) => mine.includes(q.id));
      expect(stored).toHaveLength(10);
      // The chairs see every question, each asker their own: all end on the stored status and revision.
      const same = (c: FaultClient, ids: string[]) =>
        stored.filter((q) => ids.includes(q.id)).every((q) => c.qa.questions[q.id]?.status === q.status && c.qa.questions[q.id]?.rev === q.rev);
      await converge(r, [chair1, chair2], over, (c) => same(c, mine));
      await converge(r, askers, over, (c) => same(c, [mine[askers.indexOf(c)]!]));
      finish(r, main, [chair1, chair2, ...askers]);
    }
  }, 240_000);

  it('14. clocks disagree by minutes between the processes: ordering and outcomes do not change', async () => {
    const t = await Topology.redis({}, {});
    // Restart the second process under a clock five minutes fast (libfaketime), the first as it is.
    await t.kill(1, 'SIGKILL');
    Object.assign((t.apps[1] as any).env, {
      LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
      FAKETIME: '+5m',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    });
    await t.restart(1);
    try {
      for (let run = 0; run < RUNS; run++) {
        const fastChair = new FaultClient(t.link(), [t.urls[1]!]);
        await fastChair.start();
        expect(fastChair.agenda).not.toBeNull();
        await pollUnderFault(t, '14 clocks 5 min apart', async () => {
          // a chair on the fast process moves the live item; the clock it stamps is five minutes ahead
          const before = Date.now();
          await fastChair.mutate('agenda:setLive', { roomId: 'plenary', itemId: run % 2 ? 'd1-s1' : 'd1-s2' });
          const since = (await t.truth()).agenda.live.plenary!.since;
          expect(since - before).toBeGreaterThan(4 * 60_000);
        });
        fastChair.close();
      }
    } finally {
      await t.stop();
    }
  }, 240_000);
});
