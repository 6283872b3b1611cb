import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * The organiser's Report card and the report page, in Chromium at 320 px wide: reached and used by keyboard, axe
 * finds nothing serious, in light and dark; publishing opens the public address, taking it down closes it again.
 */
async function seriousViolations(page: Page, view: string, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length)
    console.error(bad.map((v) => `[${view}] ${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

/** Presses Tab until `selector` has the focus: the element is reachable by keyboard. */
async function tabTo(page: Page, selector: string, max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`${selector} not reached by Tab`);
}

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe('the report', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let organiser: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    organiser = await (await browser.newContext({ viewport: { width: 320, height: 720 } })).newPage();
    errors = watchErrors(organiser);
    await organiser.goto(server.link('Organiser').url);
    await organiser.locator('#report-heading').waitFor();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const card = () => organiser.locator('#report');
  const publicPage = () => fetch(`${server.origin}/report/${server.code}`);

  it('the card at 320 px: keyboard publishes, the public address is shown; axe clean in light and dark', async () => {
    await card().getByText('Not published: only the organisers can read it.').waitFor();
    expect(await seriousViolations(organiser, 'report card', '#report')).toEqual([]);
    expect((await publicPage()).status).toBe(404);

    await tabTo(organiser, '#report button.button-primary');
    await organiser.keyboard.press('Enter');
    await card().getByText('Published: anyone with the address can read it.').waitFor();
    const address = card().getByLabel('Public address');
    expect(await address.inputValue()).toBe(`${server.origin}/report/${server.code}`);
    expect((await publicPage()).status).toBe(200);
    expect(await scrollsSideways(organiser)).toBe(false);
    expect(await seriousViolations(organiser, 'report card, published', '#report')).toEqual([]);
    await organiser.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(organiser, 'report card, dark', '#report')).toEqual([]);
    await organiser.emulateMedia({ colorScheme: 'light' });
  });

  it('opens the report from the card (the link posted, never in the address); the page is axe clean at 320 px, light and dark', async () => {
    const [report] = await Promise.all([organiser.waitForEvent('popup'), card().getByRole('button', { name: 'Open the report' }).click()]);
    await report.setViewportSize({ width: 320, height: 720 });
    await report.locator('h1').waitFor();
    expect(report.url()).toBe(`${server.origin}/report/${server.code}?lang=en`);
    expect(await report.locator('h1').innerText()).toBe((await server.agenda()).programme.title);
    expect(await report.getByRole('heading', { name: 'At a glance' }).count()).toBe(1);
    expect(await scrollsSideways(report)).toBe(false);
    expect(await seriousViolations(report, 'report page')).toEqual([]);
    await report.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(report, 'report page, dark')).toEqual([]);
    // The contents lead to each session by keyboard.
    await tabTo(report, '.contents a');
    await report.keyboard.press('Enter');
    expect(await report.evaluate(() => window.location.hash)).toBe('#session-1');
    await report.close();
  });

  it('downloads the PDF', async () => {
    const [download] = await Promise.all([
      organiser.waitForEvent('download', { timeout: 45_000 }),
      card().getByRole('button', { name: 'Download the PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`report-${server.code}.pdf`);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(path)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('takes the report down: the public address answers 404 again', async () => {
    await card().getByRole('button', { name: 'Take the report down' }).click();
    await card().getByText('Not published: only the organisers can read it.').waitFor();
    expect((await publicPage()).status).toBe(404);
    expect(errors).toEqual([]);
  });
});
