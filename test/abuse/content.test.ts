import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, client, opId, startServer, type ClientSocket, type TestServer } from '../helpers/app';
import { DEMO_EVENT } from '../../server/setup';

/**
 * Issue 21, items 1-5: what a hostile audience sends through the public protocol (HTTP and Socket.IO), against a
 * real server. Each test names the item it holds.
 */

let srv: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.close();
});

async function attendee(name?: string) {
  const joined = await srv.join(name);
  const s = await client(srv.url, joined.token);
  sockets.push(s);
  return { s, id: joined.attendeeId, token: joined.token };
}
async function chair(room = 'plenary') {
  const s = await client(srv.url, await srv.link('chair', room));
  sockets.push(s);
  return s;
}
async function newPoll(c: ClientSocket, draft: object, room = 'plenary'): Promise<string> {
  const created = await call(c, 'poll:create', { opId: opId(), draft: { roomId: room, itemId: null, ...draft } });
  expect(created).toMatchObject({ ok: true });
  expect(await call(c, 'poll:control', { opId: opId(), pollId: created.pollId, action: 'launch' })).toMatchObject({ ok: true });
  return created.pollId as string;
}

/**
 * A CSV cut into cells as a spreadsheet of a `;` locale does (French, German Excel): quoted fields kept whole, quotes
 * undoubled, any unquoted `;` or `,` a cell boundary.
 */
function cellsAsExcelSplits(csv: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted && ch === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ';' || ch === ',' || ch === '\n') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (cell) cells.push(cell);
  return cells;
}

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

describe('[21.2] CSV formula injection for ;-separated Excel', () => {
  it('[21.2] CSV formula injection for ;-separated Excel: every cell of a poll export reads as text in a , or ; locale', async () => {
    const c = await chair();
    const pollId = await newPoll(c, { type: 'open', question: 'Anything to add?', options: [] });
    const answers = ['fine;+cmd', 'ok,=1+1', 'tab\t@SUM(A1)', '=HYPERLINK("http://x")', '-2+3', 'say "hi"; -then', 'two\nlines', '+33 1 23 45 67 89'];
    for (const text of answers)
      expect(await call((await attendee()).s, 'poll:vote', { opId: opId(), pollId, choice: { type: 'open', text } })).toMatchObject({ ok: true });
    const token = await srv.link('chair', 'plenary');
    const res = await fetch(`${srv.url}/api/events/mc2023/polls/${pollId}/results.csv?lang=fr`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const csv = (await res.text()).replace(/^\uFEFF/, '');
    const cells = cellsAsExcelSplits(csv);
    // No cell a `;` or `,` spreadsheet makes of it starts like a formula.
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    // Each answer is one cell, kept readable: the text with a leading quote before each formula start.
    for (const [text, shown] of [
      ['fine;+cmd', "fine;'+cmd"],
      ['ok,=1+1', "ok,'=1+1"],
      ['tab\t@SUM(A1)', "tab\t'@SUM(A1)"],
      ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
      ['-2+3', "'-2+3"],
      ['say "hi"; -then', 'say "hi"; -then'],
      ['+33 1 23 45 67 89', "'+33 1 23 45 67 89"],
    ])
      expect(cells, text).toContain(shown);
  });
});
