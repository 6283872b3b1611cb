import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, client, startServer, type TestServer } from '../helpers/app';
import { DEMO_EVENT } from '../../server/setup';

/**
 * Issue 21, items 1-5: what a hostile audience sends through the public protocol (HTTP and Socket.IO), against a
 * real server. Each test names the item it holds.
 */

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.close());

/** `POST /api/join` as any browser sends it: the reply's code and reason. */
async function joinAs(name: string): Promise<{ ok: boolean; code?: string; reason?: string; name?: string | null }> {
  const res = await fetch(`${srv.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: DEMO_EVENT.code, name }),
  });
  return (await res.json()) as { ok: boolean; code?: string; reason?: string };
}

describe('[21.1] names posing as staff with look-alike letters', () => {
  // Cyrillic С, О, е, А; Greek Η; full-width; mathematical Fraktur; a dotless ı; mixed with digits.
  it.each(['Сhair', 'Оrganiser', 'Modеrator', 'Аdmin', 'Ηost', 'Ｍｏｄｅｒａｔｏｒ', 'ℭ𝔥𝔞𝔦𝔯', 'Chaır', 'Organisatеurin', 'Modérаteur', 'Sitzungslеitung'])(
    '[21.1] names posing as staff with look-alike letters: "%s" is refused at join as a role',
    async (name) => {
      expect(await joinAs(name)).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'name.reserved' });
    },
  );

  it("[21.1] names posing as staff with look-alike letters: a programme chair's name, in any script mix, is refused at join and at a rename", async () => {
    // Loukas Zahilas chairs the demo programme's opening; the second has a Cyrillic а and о.
    for (const name of ['Loukas Zahilas', 'Lоukаs Zahilas', 'Dr. LOUKAS  ZAHILAS']) {
      expect(await joinAs(name)).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'name.staff' });
    }
    const { token } = await srv.join('Attendee');
    const socket = await client(srv.url, token);
    try {
      expect(await call(socket, 'session:rename', { opId: 'rename-1', name: 'Zеlda Azzara' })).toMatchObject({ ok: false, reason: 'name.staff' });
      expect(await call(socket, 'session:rename', { opId: 'rename-2', name: 'Сhair' })).toMatchObject({ ok: false, reason: 'name.reserved' });
    } finally {
      socket.close();
    }
  });

  it.each(['Stafford', 'Ghost', 'Hostetter', 'Chairez', 'Adminta Okafor', 'Charlotte', 'Loukas', 'Ζωή Παπαδοπούλου', 'Анна Смирнова'])(
    '[21.1] names posing as staff with look-alike letters: "%s", a real person\'s name, may join',
    async (name) => {
      expect(await joinAs(name)).toMatchObject({ ok: true, name });
    },
  );
});
