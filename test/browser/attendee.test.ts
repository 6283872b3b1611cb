import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { itemCard, joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * The attendee's side of the live session, in a real browser against the real server: join, the programme,
 * a chair setting an item live, a reload, and the 320 px side panel.
 */
describe('attendee view', { timeout: 20_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let attendeeContext: BrowserContext;
  let attendee: Page;
  let chair: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    // A viewer in London sees Brussels times and their own.
    attendeeContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/London' });
    attendee = await attendeeContext.newPage();
    errors = watchErrors(attendee);
    chair = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openChair(): Promise<void> {
    if (chair.url() !== server.link('Chair · Plenary').url) {
      await chair.goto(server.link('Chair · Plenary').url);
      await chair.getByRole('heading', { level: 2, name: /Programme/ }).waitFor();
    }
  }

  it('joins anonymously and shows the demo programme with CEST times and the viewer’s own time', async () => {
    await joinAsAttendee(attendee, server.attendeeUrl);

    await attendee.getByRole('heading', { level: 1, name: 'Microcredentials: a labour market megatrend' }).waitFor();
    await attendee.getByRole('heading', { level: 3, name: 'Session 1. Microcredentials and the political context' }).waitFor();
    const session1 = itemCard(attendee, 'd1-s1');
    expect(await session1.innerText()).toContain('09:45–10:30 CEST');
    expect(await session1.innerText()).toContain('08:45–09:30 your time');
    expect(await session1.innerText()).toContain('Carlo Frising');
    expect(await session1.innerText()).toContain('European Trade Union Confederation (ETUC)');
    // The breakouts are in the programme, with their rapporteurs and key topics.
    const breakout1 = itemCard(attendee, 'd1-breakout-1');
    expect(await breakout1.innerText()).toContain('Hanne Shapiro');
    expect(await breakout1.innerText()).toMatch(/Rapporteur/i);
    expect(await breakout1.innerText()).toContain('What does the labour market require to recognise microcredentials as relevant?');
    expect(await breakout1.locator('.badge-breakout').innerText()).toMatch(/breakout/i);

    // Day tabs: day 2 has the panel.
    await attendee.getByRole('tab', { name: /23 Jun/ }).click();
    await itemCard(attendee, 'd2-s4-panel').waitFor();
    expect(await itemCard(attendee, 'd2-s4-panel').innerText()).toContain('Borhene Chakroun');
    expect(await attendee.getByRole('tab', { name: /23 Jun/ }).getAttribute('aria-selected')).toBe('true');
    // Keyboard: arrow left goes back to day 1.
    await attendee.getByRole('tab', { name: /23 Jun/ }).press('ArrowLeft');
    await itemCard(attendee, 'd1-s1').waitFor();

    // Connected, and nothing is live yet.
    await attendee.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();
    expect(await attendee.locator('#now').innerText()).toContain('Nothing is live in Plenary right now.');
    expect(errors).toEqual([]);
  });

  it('shows an item as live within a second of the chair setting it, without reloading', async () => {
    await openChair();
    const setLive = itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' });
    await setLive.click();
    const clickedAt = Date.now();

    await itemCard(attendee, 'd1-s1').getByText('Live now').waitFor({ timeout: 1_000 });
    expect(Date.now() - clickedAt).toBeLessThan(1_000);
    const now = attendee.locator('#now');
    await now.getByRole('heading', { level: 3, name: 'Session 1. Microcredentials and the political context' }).waitFor({ timeout: 1_000 });
    // Next up: session 2, with its time (2023 is past: "scheduled", not a countdown).
    expect(await now.innerText()).toContain('Session 2. Microcredentials for labour market education and training in Europe');
    expect(await now.innerText()).toContain('scheduled 10:30 CEST');

    // The chair's button for the live item is pressed and disabled.
    const pressed = itemCard(chair, 'd1-s1').getByRole('button', { name: 'Live now' });
    await pressed.waitFor();
    expect(await pressed.getAttribute('aria-pressed')).toBe('true');
    expect(await pressed.isDisabled()).toBe(true);

    // Moving on: the next item becomes live and the previous one is not any more.
    await itemCard(chair, 'd1-s2').getByRole('button', { name: 'Set live' }).click();
    await itemCard(attendee, 'd1-s2').getByText('Live now').waitFor({ timeout: 1_000 });
    expect(await itemCard(attendee, 'd1-s1').getByText('Live now').count()).toBe(0);

    // Clear live empties the room.
    await chair.getByRole('button', { name: 'Clear live' }).click();
    await attendee.locator('#now').getByText('Nothing is live in Plenary right now.').waitFor({ timeout: 1_000 });
    expect(errors).toEqual([]);
  });

  it('comes back to the same view after a reload without asking to join again', async () => {
    await attendee.getByRole('radio', { name: /Breakout 2/ }).check();
    await attendee.getByRole('heading', { level: 2, name: 'Now live in Breakout 2' }).waitFor();
    // The programme came with the join and is kept: the snapshot after the reload leaves it out.
    const frames: string[] = [];
    attendee.on('websocket', (ws) => ws.on('framereceived', (f) => void (typeof f.payload === 'string' && frames.push(f.payload))));
    await attendee.reload();
    await attendee.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();
    const snapshotFrame = frames.find((f) => f.includes('"mode":"snapshot"'));
    expect(snapshotFrame).toBeDefined();
    expect(snapshotFrame).not.toContain('"programme":');
    expect(await itemCard(attendee, 'd1-welcome').count()).toBe(1);
    expect(await attendee.getByRole('button', { name: /^Join/ }).count()).toBe(0);
    expect(await attendee.getByRole('radio', { name: /Breakout 2/ }).isChecked()).toBe(true);
    await attendee.getByRole('heading', { level: 2, name: 'Now live in Breakout 2' }).waitFor();
    expect(await attendee.locator('.me-bar').innerText()).toMatch(/Joined as\s+anonymous/);
    // A live change after the reload still arrives (the new socket synced from the stored position).
    await openChair();
    await itemCard(chair, 'd1-welcome').getByRole('button', { name: 'Set live' }).click();
    await itemCard(attendee, 'd1-welcome').getByText('Live now').waitFor({ timeout: 1_000 });

    // A kept programme the server does not recognise (another revision) is replaced by the current one.
    await attendee.evaluate(() => {
      const held = JSON.parse(localStorage.getItem('companion:programme') ?? 'null') as { rev: string; programme: { title: string } };
      localStorage.setItem('companion:programme', JSON.stringify({ rev: 'older', programme: { ...held.programme, title: 'An older programme' } }));
    });
    await attendee.reload();
    await itemCard(attendee, 'd1-welcome').waitFor();
    expect(
      await attendee.evaluate(() => (JSON.parse(localStorage.getItem('companion:programme') ?? 'null') as { programme: { title: string } }).programme.title),
    ).not.toBe('An older programme');
  });

  it('works in a 320 px side panel: refuses a role name, joins, shows the live card, no horizontal scroll', async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, timezoneId: 'Europe/Brussels' });
    const page = await narrow.newPage();
    const pageErrors = watchErrors(page);
    const websockets: string[] = [];
    page.on('websocket', (ws) => websockets.push(ws.url()));
    await page.goto(server.attendeeUrl);
    await page.getByLabel(/Display name/).fill('Moderator');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/looks like a role/);

    await page.getByLabel(/Display name/).fill('Ada');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();
    expect(await page.locator('.me-bar').innerText()).toMatch(/Joined as\s+Ada/);
    // Each join was a connection's handshake, and the one that joined stays the live connection: two in all.
    expect(websockets).toHaveLength(2);
    // Same zone as the programme: no "your time".
    expect(await itemCard(page, 'd1-s1').innerText()).not.toContain('your time');

    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
    await page.locator('#now').getByRole('heading', { level: 3, name: 'Session 1. Microcredentials and the political context' }).waitFor({ timeout: 1_000 });

    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(320);
    // Still none with the second day shown.
    await page.getByRole('tab', { name: /23 Jun/ }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(pageErrors).toEqual([]);
    await narrow.close();
  });

  it('closes a join that is left before its welcome arrives, and keeps no session from it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Between the page and the server: the welcome of the join is held back until the page has left.
    const held: string[] = [];
    let closedByPage = false;
    await page.routeWebSocket(
      (url) => url.pathname.startsWith('/socket.io/'),
      (ws) => {
        const upstream = ws.connectToServer();
        ws.onMessage((m) => upstream.send(m));
        upstream.onMessage((m) => (typeof m === 'string' && m.startsWith('42["welcome"') ? held.push(m) : ws.send(m)));
        ws.onClose(() => {
          closedByPage = true;
          upstream.close();
        });
      },
    );
    await page.goto(server.origin + '/');
    await page.getByLabel('Event code', { exact: true }).fill('mc2023');
    await page.getByRole('button', { name: 'Open the event' }).click();
    await page.getByRole('button', { name: 'Join anonymously' }).click();
    await expect.poll(() => held.length, { timeout: 5_000 }).toBe(1);
    await page.goBack(); // within the app: the join page unmounts
    await page.getByLabel('Event code', { exact: true }).waitFor();
    await expect.poll(() => closedByPage, { timeout: 5_000 }).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('companion:join:MC2023'))).toBeNull();
    await context.close();
  });

  it('opens an event by its code from the start page, and says so when the code is unknown', async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    await page.getByLabel('Event code', { exact: true }).fill('nope1');
    await page.getByRole('button', { name: 'Open the event' }).click();
    await page.getByRole('alert').filter({ hasText: 'No event has the code “NOPE1”' }).waitFor();
    await page.goto(server.origin + '/');
    await page.getByLabel('Event code', { exact: true }).fill('mc2023');
    await page.getByRole('button', { name: 'Open the event' }).click();
    await page.getByRole('button', { name: 'Join anonymously' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/e/MC2023');
    await page.close();
  });

  it('asks to join again, saying why, when the stored session is refused', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('companion:join:MC2023', JSON.stringify({ token: 'not-a-valid-token', eventId: 'mc2023', attendeeId: 'a1', name: 'Grace' }));
      }
    });
    const page = await context.newPage();
    await page.goto(server.attendeeUrl);
    await page.getByText('Your earlier session has ended. Please join again.').waitFor();
    // The name typed last time is offered again.
    expect(await page.getByLabel(/Display name/).inputValue()).toBe('Grace');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();
    expect(await page.locator('.me-bar').innerText()).toMatch(/Joined as\s+Grace/);
    await context.close();
  });

  it('never goes back to an older snapshot that arrives late (a sync answered after a newer welcome)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Between the page and the server, everything passes; the first welcome is kept to be sent again later.
    let firstWelcome: string | null = null;
    let toPage: ((m: string) => void) | null = null;
    await page.routeWebSocket(
      (url) => url.pathname.startsWith('/socket.io/'),
      (ws) => {
        const upstream = ws.connectToServer();
        toPage = (m) => ws.send(m);
        ws.onMessage((m) => upstream.send(m));
        upstream.onMessage((m) => {
          if (typeof m === 'string' && m.startsWith('42["welcome"')) firstWelcome ??= m;
          ws.send(m);
        });
      },
    );
    await openChair();
    await itemCard(chair, 'd1-s2').getByRole('button', { name: 'Set live' }).click();
    await joinAsAttendee(page, server.attendeeUrl);
    await itemCard(page, 'd1-s2').getByText('Live now').waitFor();
    expect(firstWelcome).toContain('"mode":"snapshot"');
    // Something changes after that snapshot...
    await itemCard(chair, 'd1-s4').getByRole('button', { name: 'Set live' }).click();
    await itemCard(page, 'd1-s4').getByText('Live now').waitFor();
    // ...and the old snapshot arrives again, late: the page keeps the newer state.
    toPage!(firstWelcome!);
    await page.waitForTimeout(500);
    expect(await itemCard(page, 'd1-s4').getByText('Live now').count()).toBe(1);
    expect(await itemCard(page, 'd1-s2').getByText('Live now').count()).toBe(0);
    await context.close();
  });
});

describe('countdown', { timeout: 20_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // The server lives on 22 June 2023 at 10:25 in Brussels; the browser keeps today's date.
    [server, browser] = await Promise.all([startServer({ clockAt: Date.parse('2023-06-22T10:25:00+02:00') }), launchBrowser()]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('counts down to the next item by the server’s clock, and opens on the current day', async () => {
    const chair = await browser.newPage();
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();

    const page = await browser.newPage();
    await joinAsAttendee(page, server.attendeeUrl);
    await itemCard(page, 'd1-s1').getByText('Live now').waitFor();
    const countdown = page.locator('#now .countdown');
    expect(await countdown.innerText()).toMatch(/^in (5 min 00 s|4 min \d\d s)$/);
    const first = await countdown.innerText();
    await page.waitForTimeout(1_100);
    expect(await countdown.innerText()).not.toBe(first);
    expect(await page.getByRole('tab', { selected: true }).innerText()).toMatch(/22 Jun/);
  });
});

describe('code loaded per page', { timeout: 20_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The scripts and styles a page asks for, by file name. */
  function watchAssets(page: Page): string[] {
    const assets: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (/\.(?:js|css)$/.test(pathname)) assets.push(pathname.split('/').pop()!);
    });
    return assets;
  }
  const staffChunk = /^(?:LinkPage|PresentPage)-/;

  it('the attendee’s path (start page, join page, live page) requests none of the staff views’ chunks; the chair view does', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const assets = watchAssets(page);
    await page.goto(`${server.origin}/`);
    await page.getByLabel('Event code', { exact: true }).fill(server.code);
    await page.getByRole('button', { name: 'Open the event' }).click();
    await page.getByRole('button', { name: 'Join anonymously', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Programme', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Programme', exact: true }).waitFor();
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.filter((a) => staffChunk.test(a))).toEqual([]);

    const chair = await context.newPage();
    const chairAssets = watchAssets(chair);
    await chair.goto(server.link('Chair · Plenary').url);
    await chair.getByRole('heading', { level: 2, name: /Programme/ }).waitFor();
    expect(chairAssets.filter((a) => /^LinkPage-.*\.js$/.test(a))).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  // The goal for a first visit on a slow connection (docs/PERFORMANCE.md): at most 100 KB of script and style on the
  // wire. Measured here as the server sends them (brotli, at the build's level) on the bodies the join page requests;
  // timings are for `npm run first-load`. Neither zod nor luxon is on that path, nor the live page's panels.
  it('the join page’s first load carries at most 100 KB of script and style (brotli), without zod, luxon or the live page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const bodies: Promise<{ file: string; body: Buffer }>[] = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (/\.(?:js|css)$/.test(pathname)) bodies.push(response.body().then((body) => ({ file: pathname.split('/').pop()!, body })));
    });
    await page.goto(`${server.origin}/e/${server.code}`);
    await expect.poll(() => page.getByRole('button', { name: 'Join anonymously', exact: true }).isEnabled()).toBe(true);
    await page.waitForLoadState('networkidle');
    const files = await Promise.all(bodies);
    const brotli = (body: Buffer) =>
      zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
      }).length;
    const onTheWire = files.reduce((sum, f) => sum + brotli(f.body), 0);
    expect(files.length).toBeGreaterThan(0);
    expect(onTheWire, files.map((f) => `${f.file} ${brotli(f.body)}`).join(', ')).toBeLessThanOrEqual(100_000);
    for (const { file, body } of files) {
      const text = body.toString('utf8');
      expect(text.includes('$ZodType'), `${file} holds zod`).toBe(false);
      expect(text.includes('Invalid DateTime'), `${file} holds luxon`).toBe(false);
    }
    expect(files.filter((f) => /^(?:liveParts|LinkPage|PresentPage)-/.test(f.file))).toEqual([]);
    await context.close();
  });
});
