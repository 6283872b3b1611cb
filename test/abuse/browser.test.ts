import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../helpers/ports';
import { itemCard, joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

// What a hostile audience can do through the pages, in Chromium against the real server and the built client.

describe('through the pages', { timeout: 45_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function page(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    context.setDefaultTimeout(8_000);
    return context.newPage();
  }

  it('[21.8] the role link in the address bar: the token leaves the address and the history at once; a reload of that tab still opens the console; another tab without it does not', async () => {
    const chair = await page();
    const errors = watchErrors(chair);
    const link = server.link('Chair · Plenary').url;
    const token = new URL(link).searchParams.get('t')!;
    await chair.goto(link);
    await chair.getByRole('heading', { level: 2, name: 'Polls' }).waitFor();
    const pathname = new URL(link).pathname;
    expect(chair.url()).toBe(`${server.origin}${pathname}`);
    expect(await chair.evaluate(() => window.location.href)).not.toContain(token);
    // The entry was replaced, not pushed: Back goes to the page before, not to the address with the token.
    await chair.goBack();
    expect(chair.url()).toBe('about:blank');
    await chair.goForward();
    await chair.getByRole('heading', { level: 2, name: 'Polls' }).waitFor();
    expect(chair.url()).toBe(`${server.origin}${pathname}`);

    await chair.reload();
    await chair.getByRole('heading', { level: 2, name: 'Polls' }).waitFor();
    expect(chair.url()).toBe(`${server.origin}${pathname}`);

    // The address as someone would copy it from the bar opens nothing in another tab or browser.
    const other = await chair.context().newPage();
    await other.goto(chair.url());
    await other.getByRole('heading', { level: 1 }).filter({ hasText: /link/i }).waitFor();
    expect(await other.getByRole('heading', { level: 2, name: 'Polls' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('[F21] script and markup in a name and a question (img onerror, script, javascript links, bidi and zero-width characters): shown as inert text to the chair and the asker; the CSP forbids inline script', async () => {
    const csp = (await fetch(server.attendeeUrl)).headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');

    const chair = await page();
    const attendee = await page();
    // A live session in the plenary: its Q&A is open.
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();
    const name = '<img src=x onerror=window.__pwned=1>';
    await joinAsAttendee(attendee, server.attendeeUrl, name);
    const question = '<img src=x onerror=window.__pwned=2> <script>window.__pwned=3</script> [link](javascript:window.__pwned=4) \u202Eevil\u202C';
    await attendee.locator('#ask-card').getByLabel('Your question').fill(question);
    const anonymous = attendee.locator('#ask-card').getByRole('checkbox', { name: 'Ask anonymously' });
    if (await anonymous.isChecked()) await anonymous.uncheck();
    await attendee.locator('#ask-card').getByRole('button', { name: 'Send question' }).click();
    const visible = '<img src=x onerror=window.__pwned=2>';
    await attendee.locator('#qa').getByRole('listitem').filter({ hasText: visible }).waitFor();
    await chair.locator('#qa').getByText(visible).first().waitFor();
    await attendee.locator('.me-bar').getByText(name).waitFor();
    for (const p of [chair, attendee]) {
      expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await p.locator('img[src="x"], script:not([src]), a[href^="javascript:"]').count()).toBe(0);
    }
  });

  it('[21.11] throwaway identities, in the organiser view: by keyboard, the organiser requires the join link; the shown link carries the key; the code alone is refused in words, the link lets people in', async () => {
    const organiser = await page();
    const errors = watchErrors(organiser);
    await organiser.goto(server.link('Organiser').url);
    const share = organiser.locator('#share');
    const setting = share.getByRole('checkbox', { name: 'Attendees must join through this link' });
    await setting.waitFor();
    expect(await setting.isChecked()).toBe(false);
    await setting.focus();
    await organiser.keyboard.press('Space');
    await share.getByRole('button', { name: 'Make a new join link' }).waitFor();
    expect(await setting.isChecked()).toBe(true);
    const shown = share.locator('.url').filter({ hasText: '?k=' });
    await shown.waitFor();
    const joinLink = (await shown.innerText()).trim();
    expect(new URL(joinLink).pathname).toBe(`/e/${server.code}`);

    const stranger = await page();
    await stranger.goto(server.attendeeUrl);
    await stranger.getByRole('button', { name: 'Join anonymously', exact: true }).click();
    await stranger.getByText('This event can be joined only through the link the organiser shared').waitFor();
    const invited = await page();
    await joinAsAttendee(invited, joinLink.replace(/^https?:\/\/[^/]+/, server.origin));

    // Turned off again, the code alone lets people in (within the second that joins take to see it).
    // A click (not uncheck(): the box follows the server's answer, not the click).
    await setting.click();
    await share.getByRole('button', { name: 'Make a new join link' }).waitFor({ state: 'detached' });
    await waitFor(
      async () =>
        (
          await fetch(`${server.origin}/api/join`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: server.code }),
          })
        ).ok,
      { what: 'joins by code again', timeoutMs: 5_000 },
    );
    expect(errors).toEqual([]);
  });

  it('[21.6] one session in six tabs of a browser: the oldest tab is closed with words saying why, and stays closed (no tabs taking turns closing each other); a reload takes it back', async () => {
    const first = await page();
    await joinAsAttendee(first, server.attendeeUrl);
    const context = first.context();
    const status = (p: Page) => p.locator('.conn').getAttribute('data-status');
    await waitForStatus(first, 'online');
    // Five more tabs of the same session (the stored token), one after another.
    const others: Page[] = [];
    for (let i = 0; i < 5; i++) {
      const tab = await context.newPage();
      await tab.goto(server.attendeeUrl);
      await tab.getByRole('heading', { level: 2, name: 'Programme', exact: true }).waitFor();
      await waitForStatus(tab, 'online');
      others.push(tab);
    }
    await first.getByText('This page was closed: you have more than 5 tabs of this event open').waitFor();
    await waitForStatus(first, 'offline');
    // Three seconds later nothing has moved: the first tab stayed closed, the five others are all online.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await status(first)).toBe('offline');
    for (const tab of others) expect(await status(tab)).toBe('online');
    // Reloaded, it is back (and the oldest of the others goes in its turn).
    await first.reload();
    await waitForStatus(first, 'online');
    await waitForStatus(others[0]!, 'offline');
  });
});

async function waitForStatus(p: Page, status: string): Promise<void> {
  await p.locator(`.conn[data-status="${status}"]`).waitFor();
}
