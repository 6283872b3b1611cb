import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer, client, call, onChange, opId, snapshotOf, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { DEMO_EVENT } from '../../server/setup';
import type { Change } from '../../shared/protocol/messages';
import type { SlotChoices } from '../../shared/protocol/breakouts';
import { raceForPlaces, SLOT } from '../helpers/breakouts';

/** Breakouts on a real server with the embedded store, over real sockets. */
let server: TestServer;
const sockets: ClientSocket[] = [];
const open = async (token: string) => {
  const s = await client(server.url, token);
  sockets.push(s);
  return s;
};
const attendee = async (name: string) => open((await server.join(name)).token);
const slotDoc = async () => (await server.store.read(DEMO_EVENT.id, [`bo:slot:${SLOT}`]))[`bo:slot:${SLOT}`]?.value as SlotChoices;

let chair: ClientSocket;
let organiser: ClientSocket;

beforeAll(async () => {
  server = await startServer();
  chair = await open(await server.link('chair', 'breakout-1'));
  organiser = await open(await server.link('organiser'));
  // The demo's slot is in June 2023: with its breakout live, the choice is open (B4).
  expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

describe('breakout choices on the embedded store', () => {
  it('B3 60 attendees racing for 20 places: exactly 20 in, 40 waiting, in the store too; a freed place goes to the first waiting, who is told', async () => {
    expect(await call(organiser, 'breakouts:capacity', { opId: opId(), slotId: SLOT, roomId: 'breakout-1', capacity: 20 })).toMatchObject({ ok: true });
    const people = await Promise.all(Array.from({ length: 60 }, (_, i) => attendee(`Racer ${i}`)));
    const { placed, waiting } = await raceForPlaces(people, 'breakout-1');
    expect(placed).toHaveLength(20);
    expect(waiting).toHaveLength(40);
    const doc = await slotDoc();
    expect(doc.places['breakout-1']).toHaveLength(20);
    expect(doc.waiting['breakout-1']).toHaveLength(40);

    // The first in line is told when a place frees.
    const first = doc.waiting['breakout-1']![0]!.attendeeId;
    const firstSocket = people[waiting.find((w) => w.attendeeId === first)!.index]!;
    const told: Change[] = [];
    onChange(firstSocket, (c) => told.push(c));
    const leaver = people[placed[0]!.index]!;
    expect(await call(leaver, 'breakouts:leave', { opId: opId(), slotId: SLOT })).toMatchObject({ ok: true });
    // (Its own earlier choice may still arrive first, in the tick after the race.)
    const promotion = () => told.find((c) => c.event?.type === 'breakouts.mine' && c.event.promoted);
    await waitFor(promotion, { what: 'the promotion notice' });
    expect(promotion()?.event).toMatchObject({ mine: { attendeeId: first, roomId: 'breakout-1', waitingFor: null } });
    const after = await slotDoc();
    expect(after.places['breakout-1']).toHaveLength(20);
    expect(after.places['breakout-1']!.some((s) => s.attendeeId === first)).toBe(true);
    expect(after.waiting['breakout-1']).toHaveLength(39);
    // The person's snapshot says so too.
    expect((await snapshotOf(firstSocket)).breakouts.mine[SLOT]).toMatchObject({ roomId: 'breakout-1', waitingFor: null });
  }, 60_000);

  it('B4 B8 a retried choice is applied once; staff cannot choose; a room outside the slot is refused', async () => {
    const a = await attendee('Retry');
    const id = opId();
    const first = await call(a, 'breakouts:choose', { opId: id, slotId: SLOT, roomId: 'breakout-2' });
    const again = await call(a, 'breakouts:choose', { opId: id, slotId: SLOT, roomId: 'breakout-2' });
    expect(again).toEqual(first);
    expect(await call(chair, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: 'breakout-2' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(a, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: 'plenary' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      reason: 'breakouts.notFound',
    });
    expect(await call(a, 'breakouts:capacity', { opId: opId(), slotId: SLOT, roomId: 'breakout-2', capacity: 3 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('B9-B12 a key-topic answer: held under pre-moderation, approved by the chair, one upvote per attendee, hidden by the chair', async () => {
    const ann = await attendee('Ann');
    const bob = await attendee('Bob');
    const sent = await call(ann, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 1, text: 'Managers who learn alongside their teams.' });
    expect(sent).toMatchObject({ ok: true, status: 'pending' });
    const id = sent.contributionId as string;
    // Not yet visible to Bob; visible to the rapporteur.
    expect((await snapshotOf(bob)).breakouts.contributions.some((c) => c.id === id)).toBe(false);
    const rapporteur = await open(await server.link('rapporteur', 'breakout-1'));
    expect((await snapshotOf(rapporteur)).breakouts.contributions.find((c) => c.id === id)).toMatchObject({ status: 'pending', topic: 1 });
    expect(await call(bob, 'breakouts:upvote', { opId: opId(), contributionId: id, up: true })).toMatchObject({ ok: false });
    expect(await call(chair, 'breakouts:moderate', { opId: opId(), contributionId: id, rev: 0, action: 'approve' })).toMatchObject({ ok: true });
    expect(await call(bob, 'breakouts:upvote', { opId: opId(), contributionId: id, up: true })).toMatchObject({ ok: true });
    expect(await call(bob, 'breakouts:upvote', { opId: opId(), contributionId: id, up: true })).toMatchObject({ ok: true });
    expect(await call(ann, 'breakouts:upvote', { opId: opId(), contributionId: id, up: true })).toMatchObject({ ok: false, reason: 'breakouts.upvoteOwn' });
    const seen = await snapshotOf(bob);
    expect(seen.breakouts.contributions.find((c) => c.id === id)).toMatchObject({ status: 'live', authorName: 'Ann' });
    expect(seen.breakouts.contributionCounts[id]?.n).toBe(1);
    expect(seen.breakouts.myContributionUpvotes).toContain(id);
    expect(await call(chair, 'breakouts:moderate', { opId: opId(), contributionId: id, rev: 0, action: 'hide' })).toMatchObject({
      ok: false,
      code: 'VERSION_CONFLICT',
    });
    expect(await call(chair, 'breakouts:moderate', { opId: opId(), contributionId: id, rev: 1, action: 'hide' })).toMatchObject({ ok: true });
    expect((await snapshotOf(bob)).breakouts.contributions.some((c) => c.id === id)).toBe(false);
    // Profanity goes to review even with pre-moderation off.
    expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'breakout-1', premoderation: false })).toMatchObject({ ok: true });
    expect(await call(bob, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'Recognition matters most.' })).toMatchObject({
      status: 'live',
    });
    expect(await call(bob, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'what a fucking mess' })).toMatchObject({
      status: 'pending',
    });
    expect(await call(bob, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 7, text: 'No such topic here.' })).toMatchObject({
      ok: false,
      reason: 'breakouts.topicNotFound',
    });
  });

  it('the organiser downloads the sign-ups as CSV (BOM, one row per person, through the one CSV writer)', async () => {
    const token = await server.link('organiser');
    const res = await fetch(`${server.url}/api/events/${DEMO_EVENT.id}/breakouts/signups.csv?lang=en`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Slot,Breakout,Session,Status,Position,Name,Since');
    const doc = await slotDoc();
    const total = Object.values(doc.places).flat().length + Object.values(doc.waiting).flat().length;
    expect(lines).toHaveLength(1 + total);
    expect(lines.filter((l) => l.includes(',waiting list,'))).toHaveLength(39);
    const chairToken = await server.link('chair', 'breakout-1');
    expect(
      (await fetch(`${server.url}/api/events/${DEMO_EVENT.id}/breakouts/signups.csv`, { headers: { Authorization: `Bearer ${chairToken}` } })).status,
    ).toBe(403);
  });
});
