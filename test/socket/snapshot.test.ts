import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { client, call, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { EmbeddedStore } from '../../server/store/embedded';
import type { Doc } from '../../server/store/store';

/** The real embedded store, counting how often each set is listed and each document read. */
class CountingStore extends EmbeddedStore {
  readonly listed = new Map<string, number>();
  readonly docsRead = new Map<string, number>();
  override async members(scope: string, key: string): Promise<string[]> {
    this.listed.set(key, (this.listed.get(key) ?? 0) + 1);
    return super.members(scope, key);
  }
  override async read(scope: string, keys: string[]): Promise<Record<string, Doc | undefined>> {
    for (const k of keys) this.docsRead.set(k, (this.docsRead.get(k) ?? 0) + 1);
    return super.read(scope, keys);
  }
}

const POLL_INDEX = 'polls:ids';
const PLENARY_QUESTIONS = 'qa:ids:plenary';

let srv: TestServer;
let store: CountingStore;
const sockets: ClientSocket[] = [];
const open = async (token: string) => {
  const s = await client(srv.url, token);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  store = new CountingStore({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'sc-snap-')) });
  srv = await startServer({ store });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

describe('snapshots share the event documents of one sequence number', () => {
  it('a burst of snapshots lists the questions and polls once; each person still sees only their own view; a change is read afresh', async () => {
    const chair = await open(await srv.link('chair', 'plenary'));
    expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: true })).toMatchObject({ ok: true });
    const alice = await open((await srv.join('Alice')).token);
    const asked = await call(alice, 'qa:ask', {
      opId: opId(),
      roomId: 'plenary',
      text: 'Is a pending question private to its asker?',
      target: null,
      anonymous: false,
    });
    expect(asked).toMatchObject({ ok: true, status: 'pending' });
    const listedBefore = [store.listed.get(POLL_INDEX) ?? 0, store.listed.get(PLENARY_QUESTIONS) ?? 0];
    const attendees = await Promise.all(Array.from({ length: 6 }, async (_, i) => open((await srv.join(`A${i}`)).token)));
    const [mine, chairs, ...others] = await Promise.all([alice, chair, ...attendees].map((s) => snapshotOf(s)));
    // Six welcomes and eight snapshots at one sequence number: the indexes were listed once for all of them.
    expect(new Set([mine, chairs, ...others].map((s) => s!.seq)).size).toBe(1);
    expect([(store.listed.get(POLL_INDEX) ?? 0) - listedBefore[0]!, (store.listed.get(PLENARY_QUESTIONS) ?? 0) - listedBefore[1]!]).toEqual([1, 1]);
    // ...and each person's view is still their own: the asker and the chair see the pending question, nobody else;
    // the chair sees the draft polls, attendees do not.
    expect(mine!.qa.questions.map((q) => q.id)).toContain(asked.questionId);
    expect(chairs!.qa.questions.map((q) => q.id)).toContain(asked.questionId);
    for (const s of others) expect(s!.qa.questions.map((q) => q.id)).not.toContain(asked.questionId);
    expect(chairs!.polls.polls.some((p) => p.status === 'draft')).toBe(true);
    for (const s of [mine, ...others]) expect(s!.polls.polls.some((p) => p.status === 'draft')).toBe(false);

    // A change moves the sequence number: the next snapshot reads the documents again and shows it.
    const question = chairs!.qa.questions.find((q) => q.id === asked.questionId)!;
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: question.id, rev: question.rev, action: 'approve' })).toMatchObject({ ok: true });
    const after = await snapshotOf(attendees[0]!);
    expect(after.seq).toBeGreaterThan(mine!.seq);
    expect(after.qa.questions.find((q) => q.id === asked.questionId)).toMatchObject({ status: 'live' });
    expect((store.listed.get(PLENARY_QUESTIONS) ?? 0) - listedBefore[1]!).toBe(2);
  });

  it('the event code and the event, once found, are not read again for every join and connection', async () => {
    await open((await srv.join()).token);
    const counted = ['code:MC2023', 'access', 'meta'];
    const before = counted.map((k) => store.docsRead.get(k) ?? 0);
    await Promise.all(Array.from({ length: 5 }, async () => open((await srv.join()).token)));
    // Neither the code index nor (for attendees) the links are read again; the join answer still reads the
    // event's title and programme, once per join.
    expect(counted.map((k, i) => (store.docsRead.get(k) ?? 0) - before[i]!)).toEqual([0, 0, 5]);
    // An unknown code is still looked up every time, and still refused.
    const res = await fetch(`${srv.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'NOSUCH' }),
    });
    expect(res.status).toBe(404);
  });
});
