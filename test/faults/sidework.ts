import { isDeepStrictEqual } from 'node:util';
import { call, client, snapshotOf } from '../helpers/app';
import { isProfane } from '../../shared/domain/profanity';
import type { ChatMessage, ReactionCount } from '../../shared/protocol/chat';
import type { Section } from '../../shared/protocol/summaries';
import { FaultClient, sleep } from './client';
import type { Row } from './figures';
import type { Topology } from './topology';

/**
 * What runs beside the votes through every fault: chat messages (some deleted by the chair) with reactions,
 * breakout choices racing for a breakout's last places, key-topic answers, and a rapporteur's autosaves. Every
 * write is sent until acknowledged, with its operation id; `check` then compares the store with the acks.
 */
const SLOT = '2023-06-22-1145';
const FULL_ROOM = 'breakout-2';
const SUMMARY_ROOM = 'breakout-1';
const CHAT_ROOM = 'plenary';
const KINDS = ['thumbsUp', 'heart', 'clap'] as const;
/** Places left in the breakout when the run starts: half the choosers get one, the others wait. */
const PLACES = 3;

export interface SideWork {
  /** Runs until `until()` is false. */
  run(until: () => boolean): Promise<void>;
  /** Adds what the store lost, holds twice or holds beyond a capacity to the row; the staff's acks to `acked`. */
  check(r: Row): Promise<void>;
  close(): void;
}

let runs = 0;
const deadlineMs = 60_000;

/** A text nobody wrote, which the profanity filter lets through (it reads digits as letters: "455"). */
function unique(prefix: string): string {
  for (;;) {
    const text = `${prefix} ${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
    if (!isProfane(text)) return text;
  }
}

/**
 * Before the fault: the organiser opens the breakout slot (its breakout live) and leaves `PLACES` places in one
 * breakout; the rapporteur starts from the summary's stored version. `clients` are attendees that do nothing else.
 */
export async function sideWork(t: Topology, chair: FaultClient, clients: FaultClient[]): Promise<SideWork> {
  const run = ++runs;
  const organiser = await t.chair('Organiser');
  const rapporteur = await t.chair('Rapporteur · Breakout 1');
  for (const room of [FULL_ROOM, SUMMARY_ROOM]) await organiser.mutate('agenda:setLive', { roomId: room, itemId: `d1-${room}` }, { deadlineMs });
  const seats = (await t.truth(organiser.token)).breakouts!.seats[SLOT]?.rooms[FULL_ROOM];
  const capacity = (seats?.taken ?? 0) + PLACES;
  await organiser.mutate('breakouts:capacity', { slotId: SLOT, roomId: FULL_ROOM, capacity }, { deadlineMs });
  const stored = (await t.truth(rapporteur.token)).summaries!.summaries.find((s) => s.roomId === SUMMARY_ROOM);
  let version = stored?.version ?? 0;
  let lastSaved: Section[] | null = null;

  const [chatters, reactors, choosers, contributors] = [clients.slice(0, 4), clients.slice(4, 8), clients.slice(8, 8 + 2 * PLACES), clients.slice(14, 16)];
  const posted: { id: string; text: string }[] = [];
  const deleted = new Set<string>();
  /** `<message>:<kind>` -> reactor -> its last acknowledged state. */
  const reactions = new Map<string, Map<FaultClient, boolean>>();
  const choices = new Map<FaultClient, 'placed' | 'waiting'>();
  const answers: { id: string; text: string }[] = [];
  const saves: number[] = [];

  const chatting = async (c: FaultClient, until: () => boolean) => {
    // Five messages per 10 s is an attendee's budget: one every 2.5 s stays under it.
    while (until()) {
      const text = unique(`Fault chat ${run}`);
      const acked = await c.mutate('chat:post', { roomId: CHAT_ROOM, text }, { deadlineMs });
      if (acked.reply.ok) posted.push({ id: (acked.reply.message as ChatMessage).id, text });
      await sleep(2000 + Math.random() * 600);
    }
  };
  const deleting = async (until: () => boolean) => {
    while (until()) {
      await sleep(700);
      const target = posted.filter((m) => !deleted.has(m.id))[0];
      if (!target || posted.length < 3) continue;
      const acked = await chair.mutate('chat:moderate', { roomId: CHAT_ROOM, messageId: target.id, action: 'delete' }, { deadlineMs });
      if (acked.reply.ok) deleted.add(target.id);
    }
  };
  const reacting = async (c: FaultClient, until: () => boolean) => {
    while (until()) {
      await sleep(150 + Math.random() * 200);
      const live = posted.filter((m) => !deleted.has(m.id));
      if (!live.length) continue;
      const m = live[Math.floor(Math.random() * live.length)]!;
      const key = `${m.id}:${KINDS[Math.floor(Math.random() * KINDS.length)]}`;
      const on = Math.random() < 0.75;
      const acked = await c.mutate('chat:react', { roomId: CHAT_ROOM, messageId: m.id, reaction: key.split(':')[1], on }, { deadlineMs });
      if (acked.reply.ok) {
        if (!reactions.has(key)) reactions.set(key, new Map());
        reactions.get(key)!.set(c, on);
      }
    }
  };
  const choosing = async (c: FaultClient) => {
    await sleep(Math.random() * 800);
    const acked = await c.mutate('breakouts:choose', { slotId: SLOT, roomId: FULL_ROOM }, { deadlineMs });
    if (acked.reply.ok) choices.set(c, acked.reply.outcome as 'placed' | 'waiting');
  };
  const contributing = async (c: FaultClient, until: () => boolean) => {
    // Five a minute per person: two during a fault of a few seconds.
    for (let k = 0; k < 2 && until(); k++) {
      const text = unique(`Fault answer ${run}`);
      const acked = await c.mutate('breakouts:contribute', { roomId: SUMMARY_ROOM, topic: k % 3, text }, { deadlineMs });
      if (acked.reply.ok) answers.push({ id: acked.reply.contributionId as string, text });
      await sleep(1000 + Math.random() * 500);
    }
  };
  const autosaving = async (until: () => boolean) => {
    for (let k = 1; until(); k++) {
      const sections: Section[] = [
        { id: 't1', kind: 'topic', title: 'Key topic', body: `- Run ${run}, autosave ${k}: employers need a way to check them` },
        { id: 'other', kind: 'other', title: '', body: '' },
        { id: 'recs', kind: 'recommendations', title: '', body: `- Saved ${k} times` },
      ];
      const acked = await rapporteur.mutate('summary:save', { roomId: SUMMARY_ROOM, baseVersion: version, sections }, { deadlineMs });
      if (acked.reply.ok) {
        version = acked.reply.version as number;
        saves.push(version);
        lastSaved = sections;
      }
      await sleep(250 + Math.random() * 250);
    }
  };

  /** The plenary's chat as the store keeps it: the snapshot's newest pages, then older ones by cursor. */
  const storedChat = async (): Promise<{ messages: ChatMessage[]; reactions: Record<string, ReactionCount> }> => {
    const url = t.urls.find((_, i) => t.apps[i]!.proc?.exitCode === null) ?? t.urls[0]!;
    const s = await client(url, t.link());
    try {
      const snap = await snapshotOf(s);
      const history = snap.chat!.history[CHAT_ROOM];
      const messages = [...(history?.messages ?? [])];
      const counts = { ...snap.chat!.reactions };
      for (let page = history?.older ?? null, n = 0; page !== null && n < 8; n++) {
        const older = await call(s, 'chat:history', { roomId: CHAT_ROOM, page });
        if (!older.ok) break;
        messages.push(...older.messages);
        Object.assign(counts, older.reactions);
        page = older.older;
      }
      return { messages, reactions: counts };
    } finally {
      s.close();
    }
  };

  return {
    async run(until) {
      await Promise.all([
        ...chatters.map((c) => chatting(c, until)),
        deleting(until),
        ...reactors.map((c) => reacting(c, until)),
        ...choosers.map(choosing),
        ...contributors.map((c) => contributing(c, until)),
        autosaving(until),
      ]);
    },

    async check(r) {
      // Chat: every acknowledged message once, the deleted ones gone, each reaction total the acknowledged reactors.
      const chat = await storedChat();
      const byId = new Map<string, number>();
      for (const m of chat.messages) byId.set(m.id, (byId.get(m.id) ?? 0) + 1);
      for (const m of posted) {
        const n = byId.get(m.id) ?? 0;
        if (deleted.has(m.id))
          r.lost += n; // a deletion acknowledged, yet the message is back
        else if (n === 0) r.lost++;
        const sameText = chat.messages.filter((x) => x.text === m.text).length;
        if (sameText > 1) r.duplicates += sameText - 1;
      }
      for (const [key, who] of reactions) {
        if (deleted.has(key.split(':')[0]!)) continue;
        const expected = [...who.values()].filter(Boolean).length;
        const stored = chat.reactions[key]?.n ?? 0;
        if (stored < expected) r.lost += expected - stored;
        else r.duplicates += stored - expected;
      }
      // Breakouts: never over the capacity; each acknowledged choice is the chooser's own in the store.
      const truth = await t.truth(organiser.token);
      const seats = truth.breakouts!.seats[SLOT]!.rooms[FULL_ROOM]!;
      r.overCapacity += Math.max(0, seats.taken - capacity);
      for (const [c, outcome] of choices) {
        const mine = (await t.truth(c.token)).breakouts!.mine[SLOT];
        if (!mine || (outcome === 'placed' ? mine.roomId !== FULL_ROOM : mine.waitingFor !== FULL_ROOM)) r.lost++;
      }
      // Key-topic answers: each acknowledged one stored, once.
      for (const a of answers) {
        const found = truth.breakouts!.contributions.filter((x) => x.text === a.text);
        if (!found.some((x) => x.id === a.id)) r.lost++;
        if (found.length > 1) r.duplicates += found.length - 1;
      }
      // Autosaves: the stored version is at least every acknowledged one, and its text the last acknowledged.
      const summary = (await t.truth(rapporteur.token)).summaries!.summaries.find((s) => s.roomId === SUMMARY_ROOM);
      if (saves.length && (!summary || summary.version < Math.max(...saves) || !isDeepStrictEqual(summary.sections, lastSaved))) r.lost++;
      // The chair's acknowledgements are counted with the poll's (checkPoll); these clients' here.
      r.acked += [...clients, organiser, rapporteur].reduce((n, c) => n + c.acked.filter((a) => a.reply.ok).length, 0);
      r.sideAcked += [...clients, chair, organiser, rapporteur].reduce(
        (n, c) => n + c.acked.filter((a) => a.reply.ok && /^(chat|breakouts|summary):/.test(a.event)).length,
        0,
      );
    },

    close() {
      organiser.close();
      rapporteur.close();
    },
  };
}
