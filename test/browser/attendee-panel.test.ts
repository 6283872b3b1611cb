import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { itemCard, joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * The attendee's side panel beside the Zoom video: the viewer's own time names its zone, and the connection
 * indicator stays in view at 360 px and says when it is back online after a cut.
 */
describe('attendee side panel', { timeout: 30_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let chair: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    chair = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('names the viewer’s zone beside “your time” (New York in June: EDT), on the live item and in the programme', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await joinAsAttendee(page, server.attendeeUrl);
    const live = page.locator('#now .live-card');
    await live.waitFor();
    // 09:45 CEST is 03:45 in New York.
    expect(await live.innerText()).toContain('09:45–10:30 CEST');
    expect(await live.innerText()).toContain('03:45–04:30 your time (EDT)');
    expect(await itemCard(page, 'd1-s1').innerText()).toContain('03:45–04:30 your time (EDT)');
    expect(await itemCard(page, 'd1-s2').innerText()).toMatch(/your time \(EDT\)/);
    expect(await page.locator('.zone-note').innerText()).toContain('your own time (EDT)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the connection indicator inside the viewport and visible at 360 × 640', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, timezoneId: 'Europe/London' });
    const page = await context.newPage();
    await joinAsAttendee(page, server.attendeeUrl);
    const indicator = page.getByRole('status').filter({ hasText: 'Live updates on' });
    await indicator.waitFor();
    expect(await indicator.isVisible()).toBe(true);
    const box = await indicator.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(box!.y + box!.height).toBeLessThanOrEqual(640);
    // Its words are not cut off.
    expect(await indicator.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await context.close();
  });

  it('says “Back online” for a few seconds after a reconnection, then “Live updates on”', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const open: WebSocketRoute[] = [];
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      open.push(ws);
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => ws.send(m));
    });
    const page = await context.newPage();
    await joinAsAttendee(page, server.attendeeUrl);
    const status = page.getByRole('status').filter({ has: page.locator('.conn-dot') });
    await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();
    // Not on the first connection.
    expect(await page.getByRole('status').filter({ hasText: 'Back online' }).count()).toBe(0);
    expect(await status.getAttribute('aria-live')).not.toBe('assertive');

    for (const ws of open.splice(0)) await ws.close();
    await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 5_000 });
    await page.getByRole('status').filter({ hasText: 'Back online' }).waitFor({ timeout: 10_000 });
    const backAt = Date.now();
    await page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor({ timeout: 10_000 });
    expect(Date.now() - backAt).toBeGreaterThan(1_500);
    await context.close();
  });
});
