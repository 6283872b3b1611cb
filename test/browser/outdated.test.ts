import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/**
 * A tab left open across a deploy speaks an older protocol: the server refuses its handshake with OUTDATED, and
 * the page says so in words and offers a reload, instead of half-working or reconnecting in a loop. Playwright
 * routes the page's WebSocket so that its handshake names another version, as an old build's would.
 */
describe('a page built for another protocol version', { timeout: 30_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is told to reload, opens one connection only, keeps its session, and is back after the reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await joinAsAttendee(page, server.attendeeUrl, 'Ada');
    await page.getByText('Joined as').first().waitFor();

    // From now on the handshake says it is one version older, as the tab of an old build would.
    let outdated = true;
    let handshakes = 0;
    const sentVersions: unknown[] = [];
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((m) => {
        if (typeof m === 'string' && m.startsWith('40{')) {
          handshakes++;
          const auth = JSON.parse(m.slice(2)) as { v?: number };
          sentVersions.push(auth.v);
          if (outdated) return upstream.send(`40${JSON.stringify({ ...auth, v: PROTOCOL_VERSION - 1 })}`);
        }
        upstream.send(m);
      });
      upstream.onMessage((m) => ws.send(m));
    });
    await page.reload();

    const alert = page.getByRole('alert').filter({ hasText: 'out of date' });
    await alert.waitFor();
    const reload = page.getByRole('button', { name: 'Reload' });
    // No reconnection loop: one refused handshake, and it stays that way.
    await page.waitForTimeout(2_500);
    expect(handshakes).toBe(1);
    expect(sentVersions).toEqual([PROTOCOL_VERSION]);

    // The Reload button is reachable by keyboard; after the reload (the new build) the session is still there.
    outdated = false;
    await reload.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Joined as').first().waitFor();
    expect(await page.getByText('Ada').count()).toBeGreaterThan(0);
    expect(await alert.count()).toBe(0);
    expect(handshakes).toBe(2);
    expect(errors.filter((e) => !e.includes('WebSocket'))).toEqual([]);
    await context.close();
  });
});
