import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * People's data in a real browser against the real server: the organiser sets how long names and texts are kept;
 * the join page says it (with more behind a disclosure); an attendee downloads what they wrote and deletes it, by
 * keyboard, at 320 px; axe finds nothing serious in the light and the dark scheme.
 */
async function seriousViolations(page: Page, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.error(bad.map((v) => `[${view}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

const isFocused = (page: Page, name: string | RegExp) => page.getByRole('button', { name }).evaluate((el) => el === document.activeElement);

describe('people’s data', { timeout: 90_000 }, () => {
  const QUESTION = 'Will the Quokkafest slides be shared afterwards?';
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the organiser sets the retention; the join page says it, with more behind a disclosure; axe is clean', async () => {
    const organiser = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    organiser.setDefaultTimeout(5_000);
    const errors = watchErrors(organiser);
    await organiser.goto(server.link('Organiser').url);
    const card = organiser.locator('#privacy');
    await card.getByRole('heading', { name: 'People’s data' }).waitFor();
    const days = card.getByLabel('Days to keep names and texts after the event');
    expect(await days.inputValue()).toBe('30');
    // Out of range: refused in words, nothing changes.
    await days.fill('400');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByRole('alert').getByText('Keep the data between 1 and 365 days.').waitFor();
    await days.fill('7');
    await card.getByRole('button', { name: 'Save' }).click();
    await organiser.getByText('Saved: names and texts are kept 7 days after the event.').waitFor();
    expect(await seriousViolations(organiser, 'organiser')).toEqual([]);
    expect(errors).toEqual([]);

    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await (await browser.newContext({ colorScheme, viewport: { width: 320, height: 700 } })).newPage();
      await page.goto(server.attendeeUrl);
      const note = page.locator('.privacy-note');
      await note.getByText('Names and texts are erased 7 days after the event ends.').waitFor();
      // The disclosure opens by keyboard.
      await note.getByText('How your data is handled').focus();
      await page.keyboard.press('Enter');
      await note.getByText(/your network address is not stored/).waitFor();
      expect(await seriousViolations(page, `join (${colorScheme})`)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page.context().close();
    }
  });

  it('an attendee downloads what they wrote and deletes it, by keyboard, at 320 px', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    context.setDefaultTimeout(5_000);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await joinAsAttendee(page, server.attendeeUrl, 'Zelda Quasimodo');
    await page.locator('#ask-card').getByLabel('Your question').fill(QUESTION);
    await page.locator('#ask-card').getByRole('checkbox', { name: 'Ask anonymously' }).uncheck();
    await page.locator('#ask-card').getByRole('button', { name: 'Send question' }).click();
    await page.locator('#qa').getByText(QUESTION).waitFor();

    // "Your data", by keyboard: Enter opens it and the focus goes to its first action.
    const menu = page.getByRole('button', { name: 'Your data: download or delete what you wrote' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(page, 'Download what I wrote')).toBe(true);
    expect(await seriousViolations(page, 'attendee, your data')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    // A request that gathers every feature's part on the server: on a loaded CI machine it has taken over the 5 s
    // the page's other waits get.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.keyboard.press('Enter')]);
    const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { name: string; parts: { questions: { asked: { text: string }[] } } };
    expect(data.name).toBe('Zelda Quasimodo');
    expect(data.parts.questions.asked.map((q) => q.text)).toEqual([QUESTION]);

    // Delete: a confirmation first (the focus on its button), then gone.
    await page.keyboard.press('Tab');
    await expect.poll(() => isFocused(page, 'Delete what I wrote')).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText(/Delete your questions, chat messages and answers for everybody\?/).waitFor();
    await expect.poll(() => isFocused(page, 'Yes, delete')).toBe(true);
    expect(await seriousViolations(page, 'attendee, delete confirmation')).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page, 'attendee, delete confirmation (dark)')).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Enter');
    await page.getByText('1 item deleted.').waitFor();
    await expect.poll(() => page.locator('#qa').getByText(QUESTION).count()).toBe(0);
    // The panel closed; the focus is back on its button. Escape closes it when open.
    await expect.poll(() => menu.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Download what I wrote' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
