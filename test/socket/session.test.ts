import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { client, call, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { DEMO_EVENT } from '../../server/setup';
import type { Renamed } from '../../shared/protocol/session';

/**
 * Changing one's display name (`session:rename`) keeps the person: the same attendee id, so their ballot, their
 * upvotes and their pending question stay theirs, and a vote after the rename is still one voter's. The name's
 * rules are the join's (N1, N2); a refused name changes nothing.
 */

let srv: TestServer;
const sockets: ClientSocket[] = [];
const POLL = 'd2-s2-issuing';

async function attendee(name?: string) {
  const j = await srv.join(name);
  const s = await client(srv.url, j.token);
  sockets.push(s);
  return { s, id: j.attendeeId, token: j.token };
}
async function tab(token: string) {
  const s = await client(srv.url, token);
  sockets.push(s);
  return s;
}
async function chair() {
  return tab(await srv.link('chair', 'plenary'));
}
const rename = (s: ClientSocket, name: string) => call(s, 'session:rename', { opId: opId(), name });
const ask = (s: ClientSocket, text: string, anonymous = false) => call(s, 'qa:ask', { opId: opId(), roomId: 'plenary', text, target: null, anonymous });
const vote = (s: ClientSocket, option: string) => call(s, 'poll:vote', { opId: opId(), pollId: POLL, choice: { type: 'single', option } });
const voters = async (c: ClientSocket) => (await snapshotOf(c)).polls.tallies[POLL]?.counters._voters ?? 0;

beforeAll(async () => {
  srv = await startServer();
  const c = await chair();
  // Questions wait for the chair (pending), and the demo poll takes votes.
  expect(await call(c, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: true })).toMatchObject({ ok: true });
  expect(await call(c, 'poll:control', { opId: opId(), pollId: POLL, action: 'launch' })).toMatchObject({ ok: true });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

describe('changing one’s name', () => {
  it('keeps the attendee: the same id, the ballot, the own pending question; a second vote does not add a voter', async () => {
    const c = await chair();
    const ana = await attendee('Ana');
    expect(await vote(ana.s, 'issue')).toMatchObject({ ok: true });
    const asked = await ask(ana.s, 'Will the slides be shared after the session?');
    expect(asked).toMatchObject({ ok: true, status: 'pending' });
    const before = await voters(c);
    expect(before).toBe(1);

    const renamed = await rename(ana.s, '  Ana\u200B  Maria ');
    expect(renamed).toEqual({ ok: true, token: expect.any(String), name: 'Ana Maria' });
    // The new token is the same attendee's, with the new name.
    expect(await srv.app.auth.verify(renamed.token)).toEqual({ kind: 'attendee', eventId: DEMO_EVENT.id, attendeeId: ana.id, name: 'Ana Maria' });

    // The connection that renamed acts under the new name at once, as the same person.
    const here = await snapshotOf(ana.s);
    expect(here.me).toEqual({ role: 'attendee', id: ana.id, name: 'Ana Maria', roomScope: '*' });

    // A new connection with the new token (a reload): everything the person did is still theirs.
    const again = await tab(renamed.token);
    const snap = await snapshotOf(again);
    expect(snap.me).toEqual({ role: 'attendee', id: ana.id, name: 'Ana Maria', roomScope: '*' });
    expect(snap.polls.myBallots[POLL]).toEqual({ type: 'single', option: 'issue' });
    expect(snap.qa.questions.find((q) => q.id === asked.questionId)).toMatchObject({ status: 'pending', authorId: ana.id, authorName: 'Ana' });

    // Voting again changes the vote; the chair still counts one voter.
    expect(await vote(again, 'both')).toMatchObject({ ok: true });
    expect(await voters(c)).toBe(before);
    const counters = (await snapshotOf(c)).polls.tallies[POLL]?.counters;
    expect(counters).toMatchObject({ 'o:both': 1 });
    // The option voted away is at zero, so not kept at all (P13).
    expect(counters).not.toHaveProperty('o:issue');

    // A question asked after the rename shows the new name (the earlier one keeps the name it was asked with).
    const later = await ask(ana.s, 'And the recording?');
    expect((await snapshotOf(again)).qa.questions.find((q) => q.id === later.questionId)).toMatchObject({ authorId: ana.id, authorName: 'Ana Maria' });
  });

  it('refuses a reserved name as the join does, and changes nothing', async () => {
    const bo = await attendee('Bo');
    const joinRefusal = await fetch(`${srv.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: DEMO_EVENT.code, name: 'Moderator' }),
    }).then((r) => r.json());

    const refused = await rename(bo.s, 'Moderator');
    expect(refused).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'name.reserved', params: { name: 'Moderator' } });
    expect(refused).toEqual(joinRefusal);
    expect(await rename(bo.s, 'M0DERAT0R')).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'name.reserved' });

    // Still Bo, here and in a question.
    expect((await snapshotOf(bo.s)).me).toEqual({ role: 'attendee', id: bo.id, name: 'Bo', roomScope: '*' });
    const asked = await ask(bo.s, 'Is the name still mine?');
    expect((await snapshotOf(bo.s)).qa.questions.find((q) => q.id === asked.questionId)).toMatchObject({ authorName: 'Bo' });
  });

  it('an empty name is anonymous; a name too long, a chair or a missing name are refused', async () => {
    const cy = await attendee('Cy');
    expect(await rename(cy.s, '   ')).toEqual({ ok: true, token: expect.any(String), name: null });
    expect((await snapshotOf(cy.s)).me.name).toBeNull();
    expect(await rename(cy.s, 'x'.repeat(61))).toMatchObject({ ok: false, code: 'TOO_LARGE', reason: 'input.tooLarge', params: { field: 'name' } });
    expect(await call(cy.s, 'session:rename', { opId: opId() })).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'input.invalid' });
    // Only attendees have a name of their own: a role link's is its role.
    expect(await rename(await chair(), 'Chris')).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'role.forbidden' });
  });

  it("tells the person's other tabs (they keep the new token and act under the new name), and nobody else", async () => {
    const di = await attendee('Di');
    const other = await tab(di.token);
    const stranger = await attendee('Ed');
    const told: Renamed[] = [];
    const strangerTold: Renamed[] = [];
    const renamerTold: Renamed[] = [];
    other.on('session:renamed', (r) => told.push(r));
    stranger.s.on('session:renamed', (r) => strangerTold.push(r));
    di.s.on('session:renamed', (r) => renamerTold.push(r));

    const renamed = await rename(di.s, 'Dinah');
    expect(renamed).toMatchObject({ ok: true, name: 'Dinah' });
    await waitFor(() => told.length > 0, { what: 'the other tab to be told' });
    expect(told).toEqual([{ token: renamed.token, name: 'Dinah' }]);
    expect((await snapshotOf(other)).me.name).toBe('Dinah');
    await new Promise((r) => setTimeout(r, 100));
    expect(strangerTold).toEqual([]);
    expect(renamerTold).toEqual([]);
    // The token it was told is the person's.
    expect(await srv.app.auth.verify(told[0]!.token)).toMatchObject({ attendeeId: di.id, name: 'Dinah' });
  });
});
