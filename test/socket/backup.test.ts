import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createApp, type App } from '../../server/app';
import { configFromEnv } from '../../server/core/config';
import { GLOBAL_SCOPE, codeKey } from '../../server/core/keys';
import { DEMO_EVENT, loadDemoProgramme } from '../../server/setup';
import { breakoutItem, templateSections } from '../../shared/domain/summaries';
import { EmbeddedStore } from '../../server/store/embedded';
import { RedisStore } from '../../server/store/redis';
import type { Store } from '../../server/store/store';
import type { Change, JoinResponse, Snapshot } from '../../shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { LIMITS } from '../../shared/limits';
import { TEST_SECRET, call, client, onChange, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { SLOT } from '../helpers/breakouts';
import { waitFor } from '../helpers/ports';
import { TestRedis } from '../helpers/redis';

/**
 * Moving an event: an event scripted through the public protocol on one store is downloaded by its organiser and
 * imported into a fresh instance on the other store kind; a client there sees the same event, and new changes are
 * accepted and numbered after the restored head. Refusals change nothing.
 */
const ADMIN_TOKEN = 'admin-token-for-the-tests-0123456789';
const POLL = 'd2-s2-issuing';

/** A fresh instance with no event at all (no demo), the admin token set. */
interface Target {
  app: App;
  store: Store;
  url: string;
  close(keepData?: boolean): Promise<void>;
}
async function startTarget(store: Store, dir: string): Promise<Target> {
  await store.open();
  const config = configFromEnv({
    PORT: '0',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: TEST_SECRET,
    PUBLIC_URL: 'http://127.0.0.1:1',
    ADMIN_TOKEN,
    DEMO: 'off',
  });
  const app = createApp({ store, clock: { now: () => Date.now() }, config });
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  return {
    app,
    store,
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    async close() {
      app.io.close();
      await new Promise((r) => app.server.close(r));
      await store.close();
    },
  };
}

const download = (url: string, eventId: string, token: string) =>
  fetch(`${url}/api/events/${eventId}/backup`, { headers: { authorization: `Bearer ${token}` } });
const upload = (url: string, body: Buffer | string, token = ADMIN_TOKEN, query = '') =>
  fetch(`${url}/api/events${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' }, body });
async function joinAt(url: string, code: string, name: string): Promise<JoinResponse> {
  const res = await fetch(`${url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) });
  const body = (await res.json()) as { ok: boolean; message?: string } & JoinResponse;
  if (!body.ok) throw new Error(body.message);
  return body;
}
/**
 * What must be the same on both instances: all of it but the store's epoch and the clock. Lists whose items tie on
 * their sort key (the demo's polls, all made at one instant) follow a set's order, which Redis does not keep: by id.
 */
const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
const portable = ({ epoch: _epoch, serverTime: _time, ...rest }: Snapshot) => ({
  ...rest,
  polls: { ...rest.polls, polls: byId(rest.polls.polls) },
  qa: { ...rest.qa, questions: byId(rest.qa.questions) },
  breakouts: { ...rest.breakouts, contributions: byId(rest.breakouts.contributions) },
});

describe.each([
  ['embedded', 'redis'],
  ['redis', 'embedded'],
] as const)('moving an event from the %s store to the %s store', (fromKind, toKind) => {
  let redis: TestRedis;
  let source: TestServer;
  let target: Target;
  const targetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-backup-'));
  const sockets: ClientSocket[] = [];
  const open = async (url: string, token: string) => {
    const s = await client(url, token);
    sockets.push(s);
    return s;
  };
  const makeStore = (kind: 'embedded' | 'redis', prefix: string): Store =>
    kind === 'redis' ? new RedisStore({ url: redis.url, prefix }) : new EmbeddedStore({ dir: targetDir });
  let file: Buffer;
  let before: Snapshot;
  let organiserToken: string;
  let alice: JoinResponse;
  let questionId: string;

  beforeAll(async () => {
    redis = await new TestRedis({ appendfsync: 'no-aof' }).start();
    source = await startServer(fromKind === 'redis' ? { store: new RedisStore({ url: redis.url, prefix: `src${Date.now()}:` }) } : {});
    target = await startTarget(makeStore(toKind, `dst${Date.now()}:`), targetDir);

    // The event, through the public protocol.
    organiserToken = await source.link('organiser');
    const org = await open(source.url, organiserToken);
    const chair = await open(source.url, await source.link('chair', 'plenary'));
    const breakoutChair = await open(source.url, await source.link('chair', 'breakout-1'));
    const rapporteur = await open(source.url, await source.link('rapporteur', 'breakout-1'));
    for (const roomId of ['plenary', 'breakout-1'])
      expect(await call(org, 'qa:settings', { opId: opId(), roomId, premoderation: false })).toMatchObject({ ok: true });
    alice = await source.join('Alice Martin');
    const [a, b, c] = [
      await open(source.url, alice.token),
      await open(source.url, (await source.join('Bruno Keller')).token),
      await open(source.url, (await source.join('Chloé Dubois')).token),
    ];

    const asked = await call(a, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'How do employers check a credential?', target: null, anonymous: false });
    expect(asked).toMatchObject({ ok: true });
    questionId = asked.questionId;
    for (const s of [b, c]) expect(await call(s, 'qa:upvote', { opId: opId(), questionId, up: true })).toMatchObject({ ok: true });
    const other = await call(b, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'Who pays for the wallet?', target: null, anonymous: true });
    const q = (await snapshotOf(chair)).qa.questions.find((x) => x.id === other.questionId)!;
    expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: q.id, rev: q.rev, action: 'answered' })).toMatchObject({ ok: true });

    expect(await call(org, 'poll:control', { opId: opId(), pollId: POLL, action: 'launch' })).toMatchObject({ ok: true });
    for (const [s, option] of [
      [a, 'issue'],
      [b, 'issue'],
      [c, 'both'],
    ] as const)
      expect(await call(s, 'poll:vote', { opId: opId(), pollId: POLL, choice: { type: 'single', option } })).toMatchObject({ ok: true });

    expect(await call(a, 'chat:post', { opId: opId(), roomId: 'plenary', text: 'Hello from Luxembourg 👋' })).toMatchObject({ ok: true });
    expect(await call(b, 'chat:post', { opId: opId(), roomId: 'plenary', text: 'Bonjour à tous' })).toMatchObject({ ok: true });

    // The demo's slot is in June 2023: with its breakout live, the choice is open (and the live state is part of the event).
    expect(await call(breakoutChair, 'agenda:setLive', { opId: opId(), roomId: 'breakout-1', itemId: 'd1-breakout-1' })).toMatchObject({ ok: true });
    expect(await call(a, 'breakouts:choose', { opId: opId(), slotId: SLOT, roomId: 'breakout-1' })).toMatchObject({ ok: true });
    const contributed = await call(b, 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 0, text: 'Recognition across borders first.' });
    expect(contributed).toMatchObject({ ok: true });
    expect(await call(c, 'breakouts:upvote', { opId: opId(), contributionId: contributed.contributionId, up: true })).toMatchObject({ ok: true });

    const written = templateSections(breakoutItem(loadDemoProgramme(), 'breakout-1')).map((s, i) =>
      i === 0 ? { ...s, body: '- Employers need to trust them\n- Stackable credentials' } : s,
    );
    expect(await call(rapporteur, 'summary:save', { opId: opId(), roomId: 'breakout-1', baseVersion: 0, sections: written })).toMatchObject({ ok: true });
    const saved = (await snapshotOf(rapporteur)).summaries!.summaries.find((s) => s.roomId === 'breakout-1')!;
    expect(await call(rapporteur, 'summary:review', { opId: opId(), roomId: 'breakout-1', action: 'submit', rev: saved.rev })).toMatchObject({ ok: true });
    const submitted = (await snapshotOf(breakoutChair)).summaries!.summaries.find((s) => s.roomId === 'breakout-1')!;
    expect(await call(breakoutChair, 'summary:review', { opId: opId(), roomId: 'breakout-1', action: 'publish', rev: submitted.rev })).toMatchObject({
      ok: true,
    });

    before = await snapshotOf(org);
    const res = await download(source.url, DEMO_EVENT.id, organiserToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/gzip');
    expect(res.headers.get('content-disposition')).toMatch(/MC2023-backup-\d{4}-\d{2}-\d{2}\.json\.gz/);
    file = Buffer.from(await res.arrayBuffer());
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await source?.close();
    await target?.close();
    await redis?.dispose();
    fs.rmSync(targetDir, { recursive: true, force: true });
  });

  it('K2 the file says what it is, and holds the whole event', () => {
    const json = JSON.parse(zlib.gunzipSync(file).toString('utf8'));
    expect(json).toMatchObject({
      format: 'session-companion-backup',
      formatVersion: 1,
      eventId: DEMO_EVENT.id,
      code: DEMO_EVENT.code,
      protocolVersion: PROTOCOL_VERSION,
      sourceEpoch: source.store.epoch(),
      dump: { head: before.seq },
    });
    expect(Date.parse(json.madeAt)).toBeGreaterThan(Date.now() - 60_000);
    const keys = (json.dump.docs as { key: string }[]).map((d) => d.key);
    expect(keys).toEqual(expect.arrayContaining(['meta', 'agenda', 'access', `q:${questionId}`, `poll:${POLL}`]));
    expect((json.dump.sets as { key: string }[]).map((s) => s.key)).toEqual(expect.arrayContaining([`up:${questionId}`, 'chat:record:plenary']));
  });

  it('K4 refuses a truncated or altered file with a clear error, and creates nothing', async () => {
    const unpacked = zlib.gunzipSync(file).toString('utf8');
    const cases: [string, Buffer, RegExp][] = [
      ['cut short', file.subarray(0, Math.floor(file.length / 2)), /damaged or incomplete/],
      ['cut short, unpacked', Buffer.from(unpacked.slice(0, -40)), /not complete JSON/],
      ['a vote changed', zlib.gzipSync(unpacked.replace('"o:issue":2', '"o:issue":20')), /checksum/],
      ['not a backup', zlib.gzipSync(JSON.stringify({ hello: 'world' })), /format/],
      ['another protocol', zlib.gzipSync(unpacked.replace(`"protocolVersion":${PROTOCOL_VERSION}`, '"protocolVersion":999')), /another version/],
    ];
    expect(unpacked).toContain('"o:issue":2');
    for (const [what, body, message] of cases) {
      const res = await upload(target.url, body);
      const reply = (await res.json()) as { message: string };
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect(reply).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: expect.stringMatching(/^backup\.(invalidFile|otherVersion)$/) });
      expect(reply.message).toMatch(message);
    }
    expect(await target.store.dump(DEMO_EVENT.id)).toEqual({ head: 0, docs: [], sets: [], counters: [] });
    expect((await target.store.read(GLOBAL_SCOPE, [codeKey(DEMO_EVENT.code)]))[codeKey(DEMO_EVENT.code)]).toBeUndefined();
  });

  it.runIf(toKind === 'redis')('K4 refuses a file over the cap, as sent or once unpacked (a gzip bomb), and creates nothing', async () => {
    const sent = await upload(target.url, Buffer.alloc(LIMITS.backupMaxBytes + 1, 0x20));
    expect(sent.status).toBe(413);
    expect(await sent.json()).toMatchObject({ ok: false, code: 'TOO_LARGE', reason: 'backup.tooLarge', params: { max: 32 } });
    const bomb = zlib.gzipSync(Buffer.alloc(LIMITS.backupMaxUnpackedBytes + 1, 0x20));
    expect(bomb.length).toBeLessThan(LIMITS.backupMaxBytes);
    const unpacked = await upload(target.url, bomb);
    expect(unpacked.status).toBe(413);
    expect(await unpacked.json()).toMatchObject({ ok: false, code: 'TOO_LARGE', reason: 'backup.tooLarge' });
    expect(await target.store.head(DEMO_EVENT.id)).toBe(0);
  });

  it('K1 K3 lets only the organiser download, and only the admin token import', async () => {
    for (const token of [await source.link('chair', 'plenary'), alice.token, 'not-a-token']) {
      const res = await download(source.url, DEMO_EVENT.id, token);
      expect([401, 403]).toContain(res.status);
      expect(await res.json()).toMatchObject({ ok: false });
    }
    expect(await (await download(source.url, DEMO_EVENT.id, await source.link('chair', 'plenary'))).json()).toMatchObject({ reason: 'backup.organiserOnly' });
    for (const token of ['', organiserToken, ADMIN_TOKEN.slice(0, -1)]) {
      const res = await upload(target.url, file, token);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'backup.adminOnly' });
    }
    // The demo instance has no admin token: it takes no imports at all.
    expect(await (await upload(source.url, file)).json()).toMatchObject({ ok: false, reason: 'backup.importOff' });
    expect(await target.store.head(DEMO_EVENT.id)).toBe(0);
  });

  it('K6 K7 imports the event whole: a client of the new instance sees the same event, and new changes are numbered after the head', async () => {
    const res = await upload(target.url, file);
    const imported = (await res.json()) as { eventId: string; organiserUrl: string };
    expect(res.status).toBe(201);
    expect(imported).toMatchObject({ ok: true, eventId: DEMO_EVENT.id, code: DEMO_EVENT.code, head: before.seq });
    expect(imported.organiserUrl).toMatch(/\/e\/MC2023\/organiser\?t=/);

    // The organiser, through the link the import answered: the same event, whole.
    const org = await open(target.url, new URL(imported.organiserUrl).searchParams.get('t')!);
    const after = await snapshotOf(org);
    expect(portable(after)).toEqual(portable(before));
    expect(after.epoch).not.toBe(before.epoch);
    expect(after.qa.counts[questionId]).toMatchObject({ n: 2 });
    expect(after.polls.tallies[POLL]).toMatchObject({ counters: { 'o:issue': 2, 'o:both': 1, _voters: 3 } });
    expect(after.chat.history.plenary!.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['Hello from Luxembourg 👋', 'Bonjour à tous']));
    expect(after.summaries!.summaries.find((s) => s.roomId === 'breakout-1')).toMatchObject({ status: 'published' });

    // An attendee of the old instance (the same signing key) is still the same person: their ballot and upvotes.
    const a = await open(target.url, alice.token);
    const mine = await snapshotOf(a);
    expect(mine.polls.myBallots[POLL]).toEqual({ type: 'single', option: 'issue' });

    // Someone new joins by the code, asks and votes: accepted at once, numbered from the restored head, and the
    // organiser's live stream brings the next number with no gap.
    const seen: Change[] = [];
    onChange(org, (c) => seen.push(c));
    const dana = await open(target.url, (await joinAt(target.url, DEMO_EVENT.code, 'Dana Weber')).token);
    const asked = await call(dana, 'qa:ask', { opId: opId(), roomId: 'plenary', text: 'Is the recording shared afterwards?', target: null, anonymous: false });
    expect(asked).toMatchObject({ ok: true });
    expect(asked.questionId).not.toBe(questionId);
    expect(await call(dana, 'poll:vote', { opId: opId(), pollId: POLL, choice: { type: 'single', option: 'both' } })).toMatchObject({ ok: true });
    expect(await call(dana, 'qa:upvote', { opId: opId(), questionId, up: true })).toMatchObject({ ok: true });
    // Alice votes again: still one ballot of hers.
    expect(await call(a, 'poll:vote', { opId: opId(), pollId: POLL, choice: { type: 'single', option: 'no' } })).toMatchObject({ ok: true });
    await waitFor(() => seen.some((c) => c.event?.type === 'qa.asked'), { what: 'the new question on the live stream' });
    expect(seen[0]?.seq).toBe(before.seq + 1);
    expect(seen.map((c) => c.seq)).toEqual(seen.map((_, i) => before.seq + 1 + i));
    const now = await snapshotOf(org);
    expect(now.seq).toBeGreaterThan(before.seq);
    expect(await target.store.changesSince(imported.eventId, before.seq)).toMatchObject({
      kind: 'changes',
      changes: expect.arrayContaining([expect.objectContaining({ seq: before.seq + 1 })]),
    });
    expect(now.qa.questions.map((q) => q.id)).toEqual(expect.arrayContaining([questionId, asked.questionId]));
    expect(new Set(now.qa.questions.map((q) => q.id)).size).toBe(now.qa.questions.length);
    expect(now.qa.counts[questionId]).toMatchObject({ n: 3 });
    expect(now.polls.tallies[POLL]).toMatchObject({ counters: { 'o:issue': 1, 'o:both': 2, 'o:no': 1, _voters: 4 } });
  });

  it('K5 K6 refuses the code once it is taken, and imports under a new code on request', async () => {
    const again = await upload(target.url, file);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ ok: false, reason: 'backup.codeTaken', params: { code: DEMO_EVENT.code } });
    expect(await (await upload(target.url, file, ADMIN_TOKEN, '?code=no%20spaces')).json()).toMatchObject({ ok: false, reason: 'backup.codeInvalid' });

    const copy = (await (await upload(target.url, file, ADMIN_TOKEN, '?code=MC2023-COPY')).json()) as { eventId: string };
    expect(copy).toMatchObject({ ok: true, code: 'MC2023-COPY' });
    expect(copy.eventId).not.toBe(DEMO_EVENT.id); // the id is in use here: a new one
    const joined = await joinAt(target.url, 'mc2023-copy', 'Eve Laurent');
    expect(joined.eventId).toBe(copy.eventId);
    const snap = await snapshotOf(await open(target.url, joined.token));
    expect(snap.event).toMatchObject({ id: copy.eventId, code: 'MC2023-COPY' });
    expect(snap.seq).toBe(before.seq);
    expect(snap.qa.counts[questionId]).toMatchObject({ n: 2 });
  });

  // Once is enough (each run starts tsx).
  it.runIf(toKind === 'redis')('imports from the command line (npm run import-event), printing the new links; a refusal exits with its message', async () => {
    const saved = path.join(targetDir, 'event.json.gz');
    fs.writeFileSync(saved, file);
    const run = (args: string[], env: Record<string, string> = { ADMIN_TOKEN }) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'scripts/import-event.mts', ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const ok = await run([saved, '--url', target.url, '--code', `CLI-${toKind}`]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(new RegExp(`as CLI-${toKind} `));
    expect(ok.stdout).toMatch(/Organiser: http\S+\/organiser\?t=\S+/);
    const taken = await run([saved, '--url', target.url, '--code', `CLI-${toKind}`]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/Not imported: Another event of this instance has the code/);
    expect((await run([saved, '--url', target.url], { ADMIN_TOKEN: '' })).stderr).toMatch(/Set ADMIN_TOKEN/);
  });

  if (toKind === 'embedded') {
    it('keeps the imported event across a restart of the embedded store (journal replay and compaction)', async () => {
      const org = await snapshotOf(await open(target.url, (await joinAt(target.url, DEMO_EVENT.code, 'Fay Olsen')).token));
      await target.close();
      for (let i = 0; i < 2; i++) {
        target = await startTarget(new EmbeddedStore({ dir: targetDir }), targetDir);
        const s = await open(target.url, (await joinAt(target.url, DEMO_EVENT.code, `Gil ${i}`)).token);
        const snap = await waitFor(() => snapshotOf(s).catch(() => null));
        expect(snap.seq).toBe(org.seq);
        expect(snap.qa.questions.map((q) => q.id).sort()).toEqual(org.qa.questions.map((q) => q.id).sort());
        expect(snap.polls.tallies[POLL]).toEqual(org.polls.tallies[POLL]);
        expect(snap.qa.counts[questionId]).toEqual(org.qa.counts[questionId]);
        if (i === 0) await target.close();
      }
    });
  }
});
