import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page, WebSocketRoute } from 'playwright-core';
import { itemCard, joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * The attendee's side panel beside the Zoom video: the viewer's own time names its zone, and the connection
 * indicator stays in view at 360 px and says when it is back online after a cut. What to do now comes first: the
 * question box and an open poll start on the first screen at 320 and 360 px; skip links reach them in a few Tabs;
 * a new poll says "New poll: vote" once, in a toast that does not cover the field in use; the chair skips to the
 * incoming questions.
 */

const POLL = 'd2-s2-issuing';

/** Whether two boxes share any area. */
function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function top(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  expect(box, 'the element is laid out').not.toBeNull();
  return box!.y;
}

async function seriousViolations(page: Page, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('#main').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `[${view}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The Tab presses from the top of the page until `name` has the focus (at most `max`). */
async function tabsTo(page: Page, name: RegExp, max = 8): Promise<number> {
  // From the top of the page: the focus on a throwaway first element, as after a page load.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    const start = document.createElement('span');
    start.tabIndex = -1;
    start.id = 'tab-start';
    document.body.prepend(start);
    start.focus();
  });
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab');
    if (n === 1) await page.evaluate(() => document.getElementById('tab-start')?.remove());
    const label = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (name.test(label)) return n;
  }
  return Infinity;
}
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

  const chairPoll = () => chair.locator(`#polls [data-poll="${POLL}"]`);
  const modArticle = (text: string) => chair.locator('#qa').getByRole('article', { name: text });
  /** The poll open (each test can run alone): the chair launches it unless it is open already. */
  async function pollOpen() {
    const launch = chairPoll().getByRole('button', { name: 'Launch' });
    if (await launch.count()) await launch.click();
    await chair.locator(`#polls [data-poll="${POLL}"].poll-open`).waitFor();
  }

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

  it('says “New poll: vote” once, politely and visibly, in a toast that does not cover the question being typed; its link goes to the poll', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await joinAsAttendee(page, server.attendeeUrl, 'Ada');
    await page.locator('#now .live-card').waitFor();
    // The focus lands on the page's heading after Join, not on the body.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.locator('.toasts').getAttribute('aria-live')).toBe('polite');
    // Typing a question, scrolled so that the box is low on the screen (where a toast at the bottom would sit).
    const box = page.locator('#ask textarea');
    await box.fill('What about recognition?');
    await page.evaluate(() => {
      const el = document.querySelector('#ask textarea')!;
      window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 120);
    });
    await box.focus();

    await pollOpen();
    const toast = page.locator('.toasts .toast').filter({ hasText: 'New poll: vote' });
    await toast.waitFor();
    expect(await page.locator('.toasts').innerText()).toMatch(/^New poll: vote/);
    const toastBox = (await toast.boundingBox())!;
    for (const control of [box, page.locator('#ask').getByRole('button', { name: 'Send question' })]) {
      const b = await control.boundingBox();
      if (b) expect(overlaps(toastBox, b), 'the toast covers a control of the question form').toBe(false);
    }
    // Said once: the polls' own live region does not repeat it, and it is not shown twice.
    await page.waitForTimeout(1_500);
    expect(await page.locator('.toasts .toast').filter({ hasText: 'New poll' }).count()).toBe(1);
    expect(await page.locator('#polls [role="status"]').innerText()).not.toContain('New poll');
    // The typed text is still there; "vote" takes the focus to the poll's first choice.
    expect(await box.inputValue()).toBe('What about recognition?');
    await toast.getByRole('link', { name: 'vote' }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.closest('[data-poll]')?.getAttribute('data-poll'))).toBe(POLL);
    expect(await page.locator('.toasts .toast').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const [width, colorScheme] of [
    [360, 'light'],
    [320, 'dark'],
    [360, 'dark'],
    [320, 'light'],
  ] as const) {
    it(`at ${width} × 740 (${colorScheme}) the question box and the open poll start on the first screen, above the now-live card; no side scroll; axe clean`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 740 }, colorScheme });
      context.setDefaultTimeout(5_000);
      await pollOpen();
      const page = await context.newPage();
      await joinAsAttendee(page, server.attendeeUrl, 'Ada');
      await page.locator(`#polls [data-poll="${POLL}"].poll-open`).waitFor();
      await page.locator('#now .live-card').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      const ask = await top(page.locator('#ask textarea'));
      const poll = await top(page.locator(`#polls [data-poll="${POLL}"]`));
      const now = await top(page.locator('#now'));
      expect(ask).toBeLessThan(740);
      expect(poll).toBeLessThan(740);
      expect(now).toBeGreaterThan(Math.max(ask, poll));
      // The speakers and topics are folded behind a toggle.
      expect(await page.locator('#now details.live-details > summary').innerText()).toBe('Speakers and topics');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await seriousViolations(page, `attendee ${width} ${colorScheme}`)).toEqual([]);
      await context.close();
    });
  }

  it('reaches the question box and the poll in a few Tabs by skip links shown on focus; Send puts the focus on the sent question; “waiting” goes once the chair approves; a newcomer sees it at once', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    context.setDefaultTimeout(5_000);
    await pollOpen();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await joinAsAttendee(page, server.attendeeUrl, 'Ada');
    await page.locator(`#polls [data-poll="${POLL}"].poll-open`).waitFor();

    // "Vote": the poll's first choice.
    expect(await tabsTo(page, /^Vote$/)).toBeLessThanOrEqual(3);
    const skip = page.locator('.skip-link:focus');
    const skipBox = (await skip.boundingBox())!;
    expect(skipBox.y).toBeGreaterThanOrEqual(0);
    expect(skipBox.x + skipBox.width).toBeLessThanOrEqual(360);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');

    // "Ask a question": the text box itself.
    const presses = await tabsTo(page, /^Ask a question$/);
    expect(presses).toBeLessThanOrEqual(2);
    expect(await page.locator('.skip-link:focus').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');

    // "Write in the chat": the chat's message box.
    expect(await tabsTo(page, /^Write in the chat$/)).toBeLessThanOrEqual(4);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-input');
    await tabsTo(page, /^Ask a question$/);
    await page.keyboard.press('Enter');

    const Q = 'Which sectors already recognise microcredentials in pay scales?';
    await page.keyboard.type(Q);
    await page.locator('#ask').getByRole('button', { name: 'Send question' }).press('Enter');
    const waiting = page.locator('#ask [role="status"]').filter({ hasText: 'waiting for the moderator' });
    await waiting.waitFor();
    // The focus is on the sent question, which says its status.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-question') ?? null)).not.toBeNull();
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Waiting for the moderator');
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(Q);

    await modArticle(Q).getByRole('button', { name: 'Approve' }).click();
    await waiting.waitFor({ state: 'detached' });
    expect(await page.locator('#ask [role="status"]').innerText()).toBe('');
    expect(await page.locator('#qa').getByRole('listitem').filter({ hasText: Q }).innerText()).not.toContain('Waiting for the moderator');

    // Someone who opens the panel now sees it in the list, not behind "1 new question — show".
    const otherContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    otherContext.setDefaultTimeout(5_000);
    const other = await otherContext.newPage();
    await joinAsAttendee(other, server.attendeeUrl);
    await other.locator('#qa').getByRole('listitem').filter({ hasText: Q }).waitFor();
    expect(
      await other
        .locator('#qa')
        .getByRole('button', { name: /new question/ })
        .count(),
    ).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the “Ask anonymously” option names the person, and follows a rename; the rename’s toast does not cover the focused control', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 740 } });
    const page = await context.newPage();
    await joinAsAttendee(page, server.attendeeUrl, 'Ada');
    await page.locator('#ask').getByRole('checkbox', { name: 'Ask anonymously, not as Ada' }).waitFor();
    await page.locator('.me-bar').getByRole('button', { name: 'Change name' }).click();
    await page.getByLabel(/Display name/).fill('Bea');
    await page.keyboard.press('Enter');
    await page.locator('#ask').getByRole('checkbox', { name: 'Ask anonymously, not as Bea' }).waitFor();
    const toast = page.locator('.toasts .toast').filter({ hasText: 'Your name is now Bea.' });
    await toast.waitFor();
    const focused = await page.evaluate(() => {
      const r = document.activeElement!.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    expect(overlaps((await toast.boundingBox())!, focused)).toBe(false);
    await context.close();
  });

  it('the chair skips to the incoming questions past the poll drafts; an empty “Answering now” is a plain, neutral line', async () => {
    expect(await tabsTo(chair, /^Incoming questions$/)).toBeLessThanOrEqual(3);
    await chair.keyboard.press('Enter');
    expect(await chair.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');
    expect(await chair.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Incoming/);
    const now = chair.locator('#qa .qa-console-now');
    expect(await now.innerText()).toContain('Nothing is being answered right now.');
    expect(await now.getAttribute('class')).toContain('qa-console-now-idle');
    // Not the alarm colours of the highlight: the border is the ordinary one.
    const [border, normal] = await now.evaluate((el) => [getComputedStyle(el).borderTopColor, getComputedStyle(el.closest('.card')!).borderTopColor]);
    expect(border).toBe(normal);
  });
});
