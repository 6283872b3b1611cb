import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { itemCard, joinAsAttendee, launchBrowser, startServer, type TestServer } from '../helpers/browser';

/**
 * WCAG 2.1 AA checks with axe on every view, in the light and the dark scheme, with a live item on screen
 * (its colours are the boldest); and a keyboard-only path with a visible focus ring.
 */

type Scheme = 'light' | 'dark';

/** Runs axe with its default rules (WCAG 2.x A/AA and best practices) and prints what is serious or critical. */
async function seriousViolations(page: Page, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.flatMap((v) => [
    `[${view}] ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  ]);
  if (lines.length) console.error(lines.join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

describe('accessibility', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts = new Map<Scheme, BrowserContext>();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    for (const scheme of ['light', 'dark'] as const) contexts.set(scheme, await browser.newContext({ colorScheme: scheme, timezoneId: 'America/New_York' }));
    // Something live, so that the live styles are checked too.
    const chair = await contexts.get('light')!.newPage();
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();
    await chair.close();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has no serious or critical violations on any view (light scheme)', async () => {
    const page = await contexts.get('light')!.newPage();
    const found: string[] = [];

    await page.goto(server.origin + '/');
    await page.getByLabel('Event code', { exact: true }).waitFor();
    found.push(...(await seriousViolations(page, 'start')));

    await page.goto(server.attendeeUrl);
    await page.getByRole('button', { name: 'Join anonymously' }).waitFor();
    found.push(...(await seriousViolations(page, 'join')));

    await joinAsAttendee(page, server.attendeeUrl);
    await itemCard(page, 'd1-s1').getByText('Live now').waitFor();
    found.push(...(await seriousViolations(page, 'attendee')));

    await page.goto(server.link('Chair · Plenary').url);
    await itemCard(page, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();
    found.push(...(await seriousViolations(page, 'chair')));

    await page.goto(server.link('Rapporteur · Breakout 1').url);
    await itemCard(page, 'd1-breakout-1').waitFor();
    found.push(...(await seriousViolations(page, 'rapporteur')));

    await page.goto(server.link('Organiser').url);
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await page.locator('table.links-table').waitFor();
    found.push(...(await seriousViolations(page, 'organiser')));

    await page.goto(`${server.origin}/e/MC2023/chair?t=not-a-token`);
    await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
    found.push(...(await seriousViolations(page, 'refused link')));

    expect(found).toEqual([]);
    await page.close();
  });

  it('has no serious or critical violations on the attendee, chair and organiser views (dark scheme)', async () => {
    const page = await contexts.get('dark')!.newPage();
    const found: string[] = [];
    await joinAsAttendee(page, server.attendeeUrl);
    await itemCard(page, 'd1-s1').getByText('Live now').waitFor();
    found.push(...(await seriousViolations(page, 'attendee (dark)')));

    await page.goto(server.link('Chair · Plenary').url);
    await itemCard(page, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();
    found.push(...(await seriousViolations(page, 'chair (dark)')));

    await page.goto(server.link('Organiser').url);
    await page.locator('table.links-table').waitFor();
    found.push(...(await seriousViolations(page, 'organiser (dark)')));
    expect(found).toEqual([]);
    await page.close();
  });

  it('has one h1, headings in order, and the header, navigation and main landmarks', async () => {
    const page = await contexts.get('light')!.newPage();
    for (const url of [server.attendeeUrl, server.link('Chair · Plenary').url, server.link('Organiser').url]) {
      await page.goto(url);
      if (url === server.attendeeUrl && (await page.getByRole('button', { name: 'Join anonymously' }).count())) {
        await page.getByRole('button', { name: 'Join anonymously' }).click();
      }
      await page.locator('main h2').first().waitFor();
      const outline = await page.evaluate(() => {
        const visible = (el: Element) => !el.closest('[hidden]');
        return {
          levels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible).map((h) => Number(h.tagName[1])),
          header: document.querySelectorAll('header').length,
          nav: document.querySelectorAll('nav').length,
          main: document.querySelectorAll('main').length,
        };
      });
      expect(
        outline.levels.filter((l) => l === 1),
        url,
      ).toHaveLength(1);
      expect(outline.levels[0]).toBe(1);
      // Never skips a level going down.
      outline.levels.forEach((level, i) => {
        if (i > 0) expect(level - outline.levels[i - 1]!, `heading ${i} on ${url}`).toBeLessThanOrEqual(1);
      });
      expect(outline).toMatchObject({ header: 1, nav: 1, main: 1 });
    }
    await page.close();
  });

  it('works with the keyboard alone, with a visible focus ring', async () => {
    const context = await browser.newContext({ timezoneId: 'Europe/Brussels' });
    const page = await context.newPage();
    const focusRing = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return null;
        const style = getComputedStyle(el);
        return { tag: el.tagName, text: el.textContent?.trim() ?? '', outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });

    await page.goto(server.origin + '/');
    await page.getByLabel('Event code', { exact: true }).waitFor();
    await page.keyboard.press('Tab');
    expect((await focusRing())?.text).toBe('Skip to content');
    // The header's language menu, then the page's first field.
    await page.keyboard.press('Tab');
    const menu = await focusRing();
    expect(menu?.tag).toBe('SELECT');
    expect(menu?.outline).not.toBe('none');
    await page.keyboard.press('Tab');
    const input = await focusRing();
    expect(input?.tag).toBe('INPUT');
    expect(input?.outline).not.toBe('none');
    expect(input?.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.type('mc2023');
    await page.keyboard.press('Enter');

    // Join with the keyboard: the name field, then Enter submits.
    await page.getByLabel(/Display name/).waitFor();
    await page.getByLabel(/Display name/).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();

    // Choose a room with the arrow keys (a radio group), then the day with the arrow keys (tabs).
    await page.getByRole('radio', { name: /Plenary/ }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { level: 2, name: 'Now live in Breakout 1' }).waitFor();
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    expect((await focusRing())?.text).toMatch(/23 Jun/);
    const ring = await focusRing();
    expect(ring?.outline).not.toBe('none');
    await itemCard(page, 'd2-s4-panel').waitFor();

    // A chair sets an item live with the keyboard.
    await page.goto(server.link('Chair · Plenary').url);
    const button = itemCard(page, 'd1-s2').getByRole('button', { name: 'Set live' });
    await button.focus();
    await page.keyboard.press('Enter');
    await itemCard(page, 'd1-s2').getByRole('button', { name: 'Live now' }).waitFor();
    await context.close();
  });
});
