import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * Pauses and bans in a real browser against the real server: the plenary chair pauses attendee input for the
 * event (with a message, after a confirmation); the attendee sees the banner (a polite live region, in English and
 * in French at 320 px) and their Send is refused with the reason; resume brings it back. The chair bans an asker
 * from beside their question; the attendee sees the ban screen with the reason; the chair unbans. Axe on each, light
 * and dark.
 */

const QUESTION = 'Is the recognition of microcredentials the same in every country?';

/** Serious or critical axe violations inside the given part of the page, printed when there are any. */
async function seriousViolations(page: Page, selector: string, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.error(bad.map((v) => `[${view}] ${v.impact} ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

async function axeBothSchemes(page: Page, selector: string, view: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    found.push(...(await seriousViolations(page, selector, `${view} (${scheme})`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

describe('pauses and bans', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let chair: Page;
  let ana: Page;
  let french: Page;
  let errors: string[][] = [];

  const moderation = () => chair.locator('#moderation');
  const eventRow = () => moderation().locator('[data-pause-scope="*"]');
  const banner = (page: Page) => page.locator('.pause-banner-region');
  const askCard = (page: Page) => page.locator('#ask-card');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const contexts = await Promise.all([
      browser.newContext({ viewport: { width: 1280, height: 1000 } }),
      browser.newContext({ viewport: { width: 1200, height: 900 } }),
      browser.newContext({ locale: 'fr-FR', viewport: { width: 320, height: 740 } }),
    ]);
    // Fail fast on a locator; a first page load on a busy machine may take longer.
    for (const c of contexts) {
      c.setDefaultTimeout(5_000);
      c.setDefaultNavigationTimeout(20_000);
    }
    [chair, ana, french] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page, Page];
    errors = [chair, ana].map(watchErrors);
    await Promise.all([
      chair.goto(server.link('Chair · Plenary').url).then(() => moderation().getByRole('heading', { name: 'Pause and bans' }).waitFor()),
      joinAsAttendee(ana, server.attendeeUrl, 'Ana'),
      french.goto(server.attendeeUrl).then(async () => {
        await french.getByRole('button', { name: 'Rejoindre anonymement' }).click();
        await french.getByRole('heading', { level: 2, name: 'Programme', exact: true }).waitFor();
      }),
    ]);
  }, 40_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('pause: the attendee sees why (in English and in French at 320 px) and Send is refused with the reason; resume brings it back', async () => {
    // The chair pauses the whole event, with a message, after confirming.
    await eventRow().getByLabel('Message to attendees (optional)').fill('Technical break');
    await eventRow().getByRole('button', { name: 'Pause input' }).click();
    await eventRow().getByRole('button', { name: 'Yes, pause' }).click();
    await eventRow().getByText('Input paused').waitFor();

    // The banner, in the polite live region.
    await banner(ana).getByText('Questions, votes and messages are paused for the whole event.').waitFor();
    await banner(ana).getByText('Message from the organisers: Technical break').waitFor();
    expect(await banner(ana).getAttribute('role')).toBe('status');
    expect(await banner(ana).getAttribute('aria-live')).toBe('polite');
    await banner(french).getByText('Les questions, les votes et les messages sont suspendus pour tout l’événement.').waitFor();
    await banner(french).getByText('Message de l’organisation\u00a0: Technical break').waitFor();
    expect(await french.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    // Send is refused, with the reason and the staff's words.
    await askCard(ana).getByLabel('Your question').fill(QUESTION);
    await askCard(ana).getByRole('button', { name: 'Send question' }).click();
    await askCard(ana).getByRole('alert').getByText('Attendee input is paused for the whole event: Technical break').waitFor();
    expect(await axeBothSchemes(ana, '.pause-banner-region', 'pause banner')).toEqual([]);
    expect(await axeBothSchemes(chair, '#moderation', 'chair moderation (paused)')).toEqual([]);

    // Resume: the banner goes, and the question is sent.
    await eventRow().getByRole('button', { name: 'Resume' }).click();
    await eventRow().getByText('Input open').waitFor();
    await banner(ana).getByText('Questions, votes and messages are paused for the whole event.').waitFor({ state: 'detached' });
    await banner(french)
      .getByText(/suspendus/)
      .waitFor({ state: 'detached' });
    await askCard(ana).getByLabel('Your question').fill(QUESTION);
    // With her name: the chair's console shows it beside the question (and on the Ban button).
    await askCard(ana).getByRole('checkbox', { name: 'Ask anonymously' }).uncheck();
    await askCard(ana).getByRole('button', { name: 'Send question' }).click();
    await ana.locator('#qa').getByRole('listitem').filter({ hasText: QUESTION }).waitFor();
  });

  it('ban: offered beside the question, confirmed with a reason; the attendee sees the ban screen with it; unban from the list', async () => {
    const qa = chair.locator('#qa');
    // Pre-moderation is on: the question waits among the incoming ones.
    await qa.getByRole('tab', { name: /Incoming/ }).click();
    const article = qa.getByRole('article', { name: QUESTION });
    await article.getByRole('button', { name: 'Ban Ana' }).click();
    const form = article.getByRole('form', { name: 'Ban Ana' });
    expect(await form.getByRole('button', { name: 'Ban Ana' }).isDisabled()).toBe(true);
    await form.getByLabel('Reason, shown to them (required)').fill('Advertising');
    expect(await axeBothSchemes(chair, '#qa article[data-question]', 'ban form')).toEqual([]);
    await form.getByRole('button', { name: 'Ban Ana' }).click();

    // The attendee's page: the ban screen with the reason, no join form.
    await ana.getByRole('heading', { name: 'You were removed from this event' }).waitFor();
    await ana.getByRole('alert').getByText('You were removed from this event by its staff. Reason: Advertising').waitFor();
    expect(await ana.getByRole('button', { name: /^Join/ }).count()).toBe(0);
    expect(await axeBothSchemes(ana, 'main', 'ban screen')).toEqual([]);
    // A reload still shows it (the session is kept, and refused).
    await ana.reload();
    await ana.getByRole('heading', { name: 'You were removed from this event' }).waitFor();

    // The chair's list, then unban after a confirmation.
    const row = moderation().locator('.moderation-ban').filter({ hasText: 'Ana' });
    await row.getByText('Reason: Advertising').waitFor();
    expect(await axeBothSchemes(chair, '#moderation', 'chair moderation (a ban)')).toEqual([]);
    await row.getByRole('button', { name: 'Unban' }).click();
    await row.getByRole('button', { name: 'Yes, unban' }).click();
    await moderation().getByText('Nobody is banned.').waitFor();
    expect(errors.flat()).toEqual([]);
  });
});
