import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { DEMO_EVENT, demoPolls, ensureEvent, loadDemoProgramme } from '../../server/setup';
import { EmbeddedStore } from '../../server/store/embedded';
import { ServerProcess } from '../helpers/process';
import { client, snapshotOf, type ClientSocket } from '../helpers/app';
import { SLOT } from '../helpers/breakouts';

/** B14 as `npm start` runs it: a data folder of the earlier version, with a slot's choices in one document. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-slotup-proc-'));
const sockets: ClientSocket[] = [];
let server: ServerProcess;
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a data folder written before the breakout slots were split', () => {
  it('B14 is upgraded when the server starts, which says so; a newcomer sees the same seats', async () => {
    const earlier = new EmbeddedStore({ dir });
    await earlier.open();
    await ensureEvent(earlier, { ...DEMO_EVENT, programme: loadDemoProgramme(), polls: demoPolls(), now: Date.now() });
    const signup = (attendeeId: string, at: number) => ({ attendeeId, name: attendeeId.toUpperCase(), at });
    const slot = {
      slotId: SLOT,
      capacity: { 'breakout-1': 1 },
      places: { 'breakout-1': [signup('ann', 1)], 'breakout-2': [signup('bob', 2)] },
      waiting: { 'breakout-1': [signup('bob', 3)] },
      rev: 3,
    };
    await earlier.commit({
      scope: DEMO_EVENT.id,
      opKey: null,
      expect: {},
      put: { [`bo:slot:${SLOT}`]: slot },
      changes: [],
      reply: null,
      sets: [{ key: 'bo:slots', add: [SLOT] }],
    });
    await earlier.close();

    server = await new ServerProcess({ LOG_LEVEL: 'info' }, dir).start();
    expect(server.output).toMatch(/"feature":"breakouts","upgraded":1,"msg":"documents stored in an earlier form upgraded"/);
    const newcomer = await client(
      server.url,
      (
        (await (
          await fetch(`${server.url}/api/join`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: DEMO_EVENT.code, name: 'Newcomer' }),
          })
        ).json()) as { token: string }
      ).token,
    );
    sockets.push(newcomer);
    expect((await snapshotOf(newcomer)).breakouts.seats[SLOT]).toEqual({
      slotId: SLOT,
      rooms: { 'breakout-1': { capacity: 1, taken: 1, waiting: 1 }, 'breakout-2': { capacity: null, taken: 1, waiting: 0 } },
      rev: 4,
    });

    // Started again, it finds nothing more to upgrade.
    await server.stop('SIGTERM');
    server.output = '';
    await server.start();
    expect(server.output).not.toMatch(/earlier form upgraded/);
  }, 60_000);
});
