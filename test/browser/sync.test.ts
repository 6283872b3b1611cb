import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { itemCard, joinAsAttendee, launchBrowser, startServer, type TestServer } from '../helpers/browser';

/**
 * The live connection under stress, with the real server in between: Playwright routes the page's WebSocket
 * through the test so that a change can be lost (a gap), the connection cut (a reconnect), or a request altered
 * (a refused command).
 */
describe('live sync', { timeout: 20_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let attendeeContext: BrowserContext;
  let attendee: Page;
  let plenaryChair: Page;
  let breakoutChair: Page;
  const open: WebSocketRoute[] = [];
  /** While blocked, new connections are held (accepted, no server behind them) until unblocked. */
  let blocked = false;
  const held: (() => void)[] = [];
  let dropNextChange = false;
  let dropped = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    attendeeContext = await browser.newContext();
    await attendeeContext.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (blocked) return void held.push(() => pipe(ws));
      pipe(ws);
    });
    function pipe(ws: WebSocketRoute) {
      const upstream = ws.connectToServer();
      open.push(ws);
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => {
        if (dropNextChange && typeof m === 'string' && m.startsWith('42["live",{"changes"')) {
          dropNextChange = false;
          dropped++;
          return;
        }
        ws.send(m);
      });
    }
    attendee = await attendeeContext.newPage();
    plenaryChair = await browser.newPage();
    breakoutChair = await browser.newPage();
    await Promise.all([
      joinAsAttendee(attendee, server.attendeeUrl),
      plenaryChair.goto(server.link('Chair · Plenary').url),
      breakoutChair.goto(server.link('Chair · Breakout 1').url),
    ]);
    await itemCard(plenaryChair, 'd1-s1').getByRole('button', { name: 'Set live' }).waitFor();
    await itemCard(breakoutChair, 'd1-breakout-1').getByRole('button', { name: 'Set live' }).waitFor();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const setLive = async (chair: Page, itemId: string) => {
    await itemCard(chair, itemId).getByRole('button', { name: 'Set live' }).click();
    await itemCard(chair, itemId).getByRole('button', { name: 'Live now' }).waitFor();
  };
  const liveOnAttendee = (itemId: string) => itemCard(attendee, itemId).getByText('Live now').waitFor({ timeout: 3_000 });

  it('notices a lost change from the next one and fills the gap', async () => {
    await setLive(plenaryChair, 'd1-s1');
    await liveOnAttendee('d1-s1');

    dropNextChange = true;
    await setLive(breakoutChair, 'd1-breakout-1');
    // It travels in the live stream's next tick.
    await expect.poll(() => dropped).toBe(1);
    await attendee.waitForTimeout(200);
    expect(await itemCard(attendee, 'd1-breakout-1').getByText('Live now').count()).toBe(0);

    // The next change arrives with a gap before it: the client syncs and gets both.
    await setLive(plenaryChair, 'd1-s2');
    await liveOnAttendee('d1-s2');
    await liveOnAttendee('d1-breakout-1');
    expect(await itemCard(attendee, 'd1-s1').getByText('Live now').count()).toBe(0);
  });

  it('says it is reconnecting when the connection drops, and catches up on what it missed', async () => {
    blocked = true;
    for (const ws of open.splice(0)) await ws.close();
    await attendee.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 3_000 });

    // Changes while away.
    await setLive(plenaryChair, 'd1-coffee');
    await breakoutChair.getByRole('button', { name: 'Clear live' }).click();
    await attendee.waitForTimeout(300);
    expect(await itemCard(attendee, 'd1-coffee').getByText('Live now').count()).toBe(0);

    blocked = false;
    for (const connect of held.splice(0)) connect();
    await attendee.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor({ timeout: 8_000 });
    await liveOnAttendee('d1-coffee');
    expect(await itemCard(attendee, 'd1-breakout-1').getByText('Live now').count()).toBe(0);
    // And live updates flow again.
    await setLive(plenaryChair, 'd1-guidelines');
    await liveOnAttendee('d1-guidelines');
  });

  it('shows a refused command to the chair in an alert', async () => {
    const context = await browser.newContext();
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      // The chair asks for an item that is not in the programme.
      ws.onMessage((m) =>
        upstream.send(typeof m === 'string' && m.includes('"agenda:setLive"') ? m.replace(/"itemId":"[^"]+"/, '"itemId":"no-such-item"') : m),
      );
      upstream.onMessage((m) => ws.send(m));
    });
    const chair = await context.newPage();
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s4').getByRole('button', { name: 'Set live' }).click();
    const alert = chair.getByRole('alert').filter({ hasText: 'There is no programme item "no-such-item".' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    expect(await chair.getByRole('alert').count()).toBe(0);
    await context.close();
  });
});
