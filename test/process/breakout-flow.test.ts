import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ServerProcess } from '../helpers/process';
import { client, call, opId, snapshotOf, type ClientSocket } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { SLOT } from '../helpers/breakouts';
import { DEMO_EVENT } from '../../server/setup';
import { keyPoints, templateSections } from '../../shared/domain/summaries';
import type { LiveBatch } from '../../shared/protocol/messages';
import type { Contribution } from '../../shared/protocol/breakouts';
import type { MarkTally, Section } from '../../shared/protocol/summaries';

/**
 * The June 2023 programme's parallel sessions from end to end, on the product as it runs (the bundled server, its
 * demo event and printed links, real sockets): attendees choose among the three breakouts of the slot (one of them
 * full, so a waiting list), answer their breakout's key topics, the chairs approve the answers, each rapporteur
 * writes the summary quoting an answer and submits it, each breakout's chair publishes, the plenary chair switches
 * the report-back on, and the attendees see the three summaries and mark their points, whose counts reach the staff.
 */
const server = new ServerProcess({});
const sockets: ClientSocket[] = [];
const ROOMS = ['breakout-1', 'breakout-2', 'breakout-3'] as const;

async function open(token: string): Promise<ClientSocket> {
  const s = await client(server.url, token);
  sockets.push(s);
  return s;
}

async function join(name: string): Promise<{ socket: ClientSocket; attendeeId: string }> {
  const res = await fetch(`${server.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: DEMO_EVENT.code, name }),
  });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  const attendeeId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
  return { socket: await open(token), attendeeId };
}

beforeAll(async () => {
  await server.start();
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.stop('SIGTERM');
});

describe('the demo programme’s breakouts, from the choice to the report-back', () => {
  it('B1 B2 B9 S5 S6 S8 S10 S11 attendees choose and contribute, rapporteurs quote them, chairs publish, the plenary sees and marks the three summaries', async () => {
    const links = server.printedLinks();
    const organiser = await open(links['Organiser']!);
    const plenaryChair = await open(links['Chair · Plenary']!);
    const chairs = Object.fromEntries(await Promise.all(ROOMS.map(async (r, i) => [r, await open(links[`Chair · Breakout ${i + 1}`]!)] as const)));
    const rapporteurs = Object.fromEntries(await Promise.all(ROOMS.map(async (r, i) => [r, await open(links[`Rapporteur · Breakout ${i + 1}`]!)] as const)));
    const programme = (await snapshotOf(organiser)).agenda.programme;

    // The breakouts start: each chair puts its breakout live; the third has two places.
    for (const room of ROOMS)
      expect(await call(chairs[room]!, 'agenda:setLive', { opId: opId(), roomId: room, itemId: `d1-${room}` })).toMatchObject({ ok: true });
    expect(await call(organiser, 'breakouts:capacity', { opId: opId(), slotId: SLOT, roomId: 'breakout-3', capacity: 2 })).toMatchObject({ ok: true });

    // Nine attendees, three choosing each breakout: the third's last one waits.
    const people = await Promise.all(Array.from({ length: 9 }, (_, i) => join(`Attendee ${i + 1}`)));
    const roomOf = (i: number) => ROOMS[i % 3]!;
    const outcomes: string[] = [];
    for (const [i, p] of people.entries()) {
      const reply = await call(p.socket, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: roomOf(i) });
      expect(reply).toMatchObject({ ok: true, roomId: roomOf(i) });
      outcomes.push(reply.outcome);
    }
    expect(outcomes).toEqual(['placed', 'placed', 'placed', 'placed', 'placed', 'placed', 'placed', 'placed', 'waiting']);
    const seats = (await snapshotOf(people[0]!.socket)).breakouts!.seats[SLOT]!.rooms;
    expect(seats).toMatchObject({ 'breakout-1': { taken: 3 }, 'breakout-2': { taken: 3 }, 'breakout-3': { capacity: 2, taken: 2, waiting: 1 } });

    // Each placed attendee answers their breakout's first key topic; pre-moderation is on, so a chair approves.
    const answers: Record<string, Contribution[]> = { 'breakout-1': [], 'breakout-2': [], 'breakout-3': [] };
    for (const [i, p] of people.entries()) {
      if (outcomes[i] !== 'placed') continue;
      const text = `Answer from attendee ${i + 1}: employers need a simple way to check a microcredential`;
      const reply = await call(p.socket, 'breakouts:contribute', { opId: opId(), roomId: roomOf(i), topic: 0, text });
      expect(reply).toMatchObject({ ok: true, status: 'pending' });
      const held = (await snapshotOf(chairs[roomOf(i)]!)).breakouts!.contributions.find((c) => c.id === reply.contributionId)!;
      expect(held.topicText).toBe(programme.items.find((x) => x.id === `d1-${roomOf(i)}`)!.keyTopics![0]);
      expect(await call(chairs[roomOf(i)]!, 'breakouts:moderate', { opId: opId(), contributionId: held.id, rev: held.rev, action: 'approve' })).toMatchObject({
        ok: true,
      });
      answers[roomOf(i)]!.push({ ...held, status: 'live' });
    }
    // Live answers are everybody's, the waiting attendee's included.
    await waitFor(async () => (await snapshotOf(people[8]!.socket)).breakouts!.contributions.filter((c) => c.status === 'live').length === 8, {
      what: 'the approved answers to reach every attendee',
    });

    // Each rapporteur writes the summary on the programme's template, quoting one answer beside its key topic, and submits it.
    const summaries: Record<string, Section[]> = {};
    for (const room of ROOMS) {
      const r = rapporteurs[room]!;
      const quoted = (await snapshotOf(r)).breakouts!.contributions.find((c) => c.roomId === room && c.status === 'live')!;
      expect(quoted.id).toBe(answers[room]![0]!.id);
      const sections = templateSections(programme.items.find((x) => x.id === `d1-${room}`)).map((s): Section => {
        if (s.id === 't1')
          return {
            ...s,
            body: `> ${quoted.text} ([answer](${server.url}/e/${DEMO_EVENT.code}#contribution-${quoted.id}))\n\n- ${room}: verification matters most\n- ${room}: stacking needs shared credits`,
          };
        if (s.kind === 'recommendations') return { ...s, body: `- ${room}: one European register of providers` };
        return s;
      });
      summaries[room] = sections;
      expect(await call(r, 'summary:save', { opId: opId(), roomId: room, baseVersion: 0, sections })).toMatchObject({ ok: true, version: 1 });
      const saved = (await snapshotOf(r)).summaries!.summaries.find((x) => x.roomId === room)!;
      expect(saved).toMatchObject({ version: 1, status: 'drafting' });
      expect(await call(r, 'summary:review', { opId: opId(), roomId: room, action: 'submit', rev: saved.rev })).toMatchObject({ ok: true });
    }

    // Each breakout's chair publishes its summary; attendees see nothing of a summary before that.
    expect((await snapshotOf(people[0]!.socket)).summaries!.published).toEqual([]);
    for (const room of ROOMS) {
      const inReview = (await snapshotOf(chairs[room]!)).summaries!.summaries.find((x) => x.roomId === room)!;
      expect(inReview.status).toBe('review');
      expect(await call(chairs[room]!, 'summary:review', { opId: opId(), roomId: room, action: 'publish', rev: inReview.rev })).toMatchObject({ ok: true });
    }

    // The plenary chair switches the report-back on; every attendee sees the three summaries, the quotes in them.
    const staffMarks: MarkTally[] = [];
    plenaryChair.on('live', (b: LiveBatch) => b.marks && staffMarks.push(...b.marks));
    expect(await call(plenaryChair, 'summary:reportBack', { opId: opId(), live: true, current: 'breakout-1' })).toMatchObject({ ok: true });
    for (const p of people) {
      const seen = (await snapshotOf(p.socket)).summaries!;
      expect(seen.reportBack).toMatchObject({ live: true, current: 'breakout-1' });
      expect(seen.published.map((x) => x.roomId).sort()).toEqual([...ROOMS]);
      for (const published of seen.published) {
        expect(published.sections).toEqual(summaries[published.roomId]);
        expect(published.sections[0]!.body).toContain(answers[published.roomId]![0]!.text);
        expect(published).toMatchObject({ byLabel: `Chair · Breakout ${ROOMS.indexOf(published.roomId as (typeof ROOMS)[number]) + 1}`, edition: 1 });
      }
    }

    // Everybody marks the first key point of each summary: two thirds agree, a third disagrees.
    const expected: Record<string, { agree: number; disagree: number; point: string }> = {};
    for (const room of ROOMS) {
      const point = keyPoints(summaries[room]!)[0]!.id;
      expected[room] = { agree: 0, disagree: 0, point };
      for (const [i, p] of people.entries()) {
        const mark = i % 3 === 2 ? 'disagree' : 'agree';
        expect(await call(p.socket, 'summary:mark', { opId: opId(), roomId: room, pointId: point, mark })).toMatchObject({ ok: true });
        expected[room]![mark]++;
      }
    }
    // The counts reach the staff as live totals; each attendee's own marks are in their snapshot.
    for (const room of ROOMS) {
      const { point, agree, disagree } = expected[room]!;
      await waitFor(() => staffMarks.some((m) => m.roomId === room && m.counters[`${point}:agree`] === agree && m.counters[`${point}:disagree`] === disagree), {
        what: `the counts of ${room}'s marks`,
      });
      expect(agree).toBe(6);
      expect(disagree).toBe(3);
    }
    const mine = (await snapshotOf(people[2]!.socket)).summaries!.myMarks;
    expect(mine).toEqual(Object.fromEntries(ROOMS.map((room) => [room, { [expected[room]!.point]: 'disagree' }])));
    const counted = (await snapshotOf(plenaryChair)).summaries!.marks;
    for (const room of ROOMS)
      expect(counted[room]!.counters).toMatchObject({ [`${expected[room]!.point}:agree`]: 6, [`${expected[room]!.point}:disagree`]: 3 });
  }, 120_000);
});
