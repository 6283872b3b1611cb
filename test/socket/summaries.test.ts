import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { client, call, onChange, opId, snapshotOf, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { waitFor } from '../helpers/ports';
import { TestRedis } from '../helpers/redis';
import { RedisStore } from '../../server/store/redis';
import { keyPoints, templateSections } from '../../shared/domain/summaries';
import type { Change, LiveBatch } from '../../shared/protocol/messages';
import type { MarkTally, Section, Summary } from '../../shared/protocol/summaries';
import { loadDemoProgramme } from '../../server/setup';
import { breakoutItem } from '../../shared/domain/summaries';

/**
 * Breakout summaries over real sockets, on the embedded store and on a real redis-server: versions continue across
 * a reconnection, a stale save is refused with VERSION_CONFLICT, the chair publishes, attendees see only what is
 * published, and the report-back's marks reach the staff as live totals.
 */
const ROOM = 'breakout-1';
const template = templateSections(breakoutItem(loadDemoProgramme(), ROOM));
const written = (body: string): Section[] => template.map((s, i) => (i === 0 ? { ...s, body } : s));

describe.each(['embedded', 'redis'] as const)('summaries on the %s store', (kind) => {
  let srv: TestServer;
  let redis: TestRedis | null = null;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await client(srv.url, token);
    sockets.push(s);
    return s;
  };
  const summaryOf = async (s: ClientSocket) => (await snapshotOf(s)).summaries!.summaries.find((x) => x.roomId === ROOM) as Summary | undefined;

  beforeAll(async () => {
    if (kind === 'redis') redis = await new TestRedis({ appendfsync: 'no-aof' }).start();
    srv = await startServer(redis ? { store: new RedisStore({ url: redis.url, prefix: `sum${Date.now()}:` }) } : {});
  }, 30_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await srv.close();
    await redis?.stop();
  });

  it('S2 S3 a rapporteur saves, reconnects, and the version continues; a retry is one version', async () => {
    const token = await srv.link('rapporteur', ROOM);
    const r = await open(token);
    const op = opId();
    const first = await call(r, 'summary:save', { opId: op, roomId: ROOM, baseVersion: 0, sections: written('- Employers need to trust them') });
    expect(first).toMatchObject({ ok: true, version: 1 });
    expect(await call(r, 'summary:save', { opId: op, roomId: ROOM, baseVersion: 0, sections: written('- Employers need to trust them') })).toMatchObject({
      ok: true,
      version: 1,
    });
    r.close();
    const again = await open(token);
    const seen = await summaryOf(again);
    expect(seen).toMatchObject({ version: 1, status: 'drafting', history: [{ version: 1, byLabel: 'Rapporteur · Breakout 1' }] });
    expect(
      await call(again, 'summary:save', { opId: opId(), roomId: ROOM, baseVersion: 1, sections: written('- Employers need to trust them\n- Stackable') }),
    ).toMatchObject({ ok: true, version: 2 });
    expect((await summaryOf(again))!.version).toBe(2);
  });

  it('S2 a save on an older version is refused with VERSION_CONFLICT and changes nothing; another room or role is refused', async () => {
    const r = await open(await srv.link('rapporteur', ROOM));
    const before = (await summaryOf(r))!;
    const stale = await call(r, 'summary:save', { opId: opId(), roomId: ROOM, baseVersion: before.version - 1, sections: written('mine') });
    expect(stale).toMatchObject({ ok: false, code: 'VERSION_CONFLICT', reason: 'summary.conflict', params: { version: before.version } });
    expect((await summaryOf(r))!.sections).toEqual(before.sections);
    const other = await open(await srv.link('rapporteur', 'breakout-2'));
    expect(await call(other, 'summary:save', { opId: opId(), roomId: ROOM, baseVersion: before.version, sections: written('x') })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: 'summary.rapporteurOnly',
    });
    expect(await call(r, 'summary:save', { opId: opId(), roomId: 'plenary', baseVersion: 0, sections: written('x') })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      reason: 'summary.notBreakout',
    });
    const { token } = await srv.join();
    const a = await open(token);
    expect(await call(a, 'summary:save', { opId: opId(), roomId: ROOM, baseVersion: before.version, sections: written('x') })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('S4 an older version comes back as the next one, and its text can be read', async () => {
    const r = await open(await srv.link('rapporteur', ROOM));
    const before = (await summaryOf(r))!;
    const v1 = await call(r, 'summary:version', { roomId: ROOM, version: 1 });
    expect(v1).toMatchObject({ ok: true, version: { version: 1, sections: written('- Employers need to trust them') } });
    const restored = await call(r, 'summary:restore', { opId: opId(), roomId: ROOM, baseVersion: before.version, version: 1 });
    expect(restored).toMatchObject({ ok: true, version: before.version + 1 });
    const after = (await summaryOf(r))!;
    expect(after.sections).toEqual(written('- Employers need to trust them'));
    expect(after.history.at(-1)).toMatchObject({ restoredFrom: 1 });
    // Put the longer text back for what follows.
    expect(await call(r, 'summary:restore', { opId: opId(), roomId: ROOM, baseVersion: after.version, version: 2 })).toMatchObject({ ok: true });
  });

  it('S5 S6 S11 submit, the breakout chair publishes; attendees see the published text only; marks reach the staff as live totals', async () => {
    const r = await open(await srv.link('rapporteur', ROOM));
    const chair = await open(await srv.link('chair', ROOM));
    const plenary = await open(await srv.link('chair', 'plenary'));
    const { token } = await srv.join();
    const a = await open(token);
    const attendeeChanges: Change[] = [];
    onChange(a, (c) => attendeeChanges.push(c));
    expect((await snapshotOf(a)).summaries!.summaries).toEqual([]);

    let s = (await summaryOf(r))!;
    expect(await call(r, 'summary:review', { opId: opId(), roomId: ROOM, action: 'submit', rev: s.rev })).toMatchObject({ ok: true });
    s = (await summaryOf(chair))!;
    expect(s.status).toBe('review');
    expect(await call(r, 'summary:save', { opId: opId(), roomId: ROOM, baseVersion: s.version, sections: written('late') })).toMatchObject({
      ok: false,
      reason: 'summary.inReview',
    });
    expect(
      await call(await open(await srv.link('chair', 'breakout-2')), 'summary:review', { opId: opId(), roomId: ROOM, action: 'publish', rev: s.rev }),
    ).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await call(chair, 'summary:review', { opId: opId(), roomId: ROOM, action: 'publish', rev: s.rev - 1 })).toMatchObject({
      ok: false,
      code: 'VERSION_CONFLICT',
    });
    expect(await call(chair, 'summary:review', { opId: opId(), roomId: ROOM, action: 'publish', rev: s.rev })).toMatchObject({ ok: true });
    await waitFor(() => attendeeChanges.some((c) => c.event?.type === 'summary.published'), { what: 'the publication to reach the attendee' });
    // The working copy's changes reach attendees as numbers only.
    expect(attendeeChanges.some((c) => c.event?.type === 'summary.changed')).toBe(false);
    const snap = (await snapshotOf(a)).summaries!;
    expect(snap.published).toEqual([expect.objectContaining({ roomId: ROOM, version: s.version, byLabel: 'Chair · Breakout 1', edition: 1 })]);
    expect((await summaryOf(r))!.review).toMatchObject({ outcome: 'published', byLabel: 'Chair · Breakout 1' });

    // The report-back: the plenary chair turns it on; an attendee marks a point; the staff get the counts.
    const point = keyPoints(snap.published[0]!.sections)[0]!.id;
    expect(await call(a, 'summary:mark', { opId: opId(), roomId: ROOM, pointId: point, mark: 'agree' })).toMatchObject({
      ok: false,
      reason: 'summary.reportBackOff',
    });
    expect(await call(chair, 'summary:reportBack', { opId: opId(), live: true, current: null })).toMatchObject({
      ok: false,
      reason: 'summary.plenaryChairOnly',
    });
    expect(await call(plenary, 'summary:reportBack', { opId: opId(), live: true, current: ROOM })).toMatchObject({ ok: true });
    const staffMarks: MarkTally[] = [];
    const attendeeBatches: LiveBatch[] = [];
    plenary.on('live', (b) => b.marks && staffMarks.push(...b.marks));
    a.on('live', (b) => attendeeBatches.push(b));
    const { token: t2 } = await srv.join();
    const b = await open(t2);
    expect(await call(a, 'summary:mark', { opId: opId(), roomId: ROOM, pointId: point, mark: 'agree' })).toMatchObject({ ok: true });
    expect(await call(b, 'summary:mark', { opId: opId(), roomId: ROOM, pointId: point, mark: 'agree' })).toMatchObject({ ok: true });
    expect(await call(b, 'summary:mark', { opId: opId(), roomId: ROOM, pointId: point, mark: 'disagree' })).toMatchObject({ ok: true });
    await waitFor(() => staffMarks.some((m) => m.counters[`${point}:agree`] === 1 && m.counters[`${point}:disagree`] === 1), { what: 'the counts' });
    expect(attendeeBatches.some((x) => x.marks?.length)).toBe(false);
    expect((await snapshotOf(b)).summaries!.myMarks).toEqual({ [ROOM]: { [point]: 'disagree' } });
    expect((await snapshotOf(a)).summaries!.marks).toEqual({});
    expect((await snapshotOf(plenary)).summaries!.marks[ROOM]!.counters).toMatchObject({ [`${point}:agree`]: 1, [`${point}:disagree`]: 1 });
  });
});
