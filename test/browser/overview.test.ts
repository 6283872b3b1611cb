import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { itemCard, joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * The organiser's live figures in Chromium: two attendees in two browsers (one follows a breakout) are two people
 * connected, per room; the attendance and participation charts each have their table; axe finds nothing serious in
 * either scheme; the card fits 320 px. The server's clock runs from the demo's first session (22 June 2023, 09:50 in
 * Brussels), so that session has started and its samples fall within it. Counts are written every 5 s and the card
 * asks every 10 s: the waits below allow for both.
 */
const FIGURES_WAIT = { timeout: 30_000 };

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('#attendance').analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.error(bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n'));
  return bad.map((v) => v.id);
}

describe("the organiser's live figures", { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ clockAt: Date.UTC(2023, 5, 22, 7, 50) }), launchBrowser()]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows people connected now and per room, the peak, and both charts with their tables, accessible in light and dark', async () => {
    // The plenary's first session is live, so its question counts for it.
    const chair = await browser.newPage();
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();

    // Two attendees, each in their own browser: one stays in the plenary, the other follows Breakout 1.
    const alice = await (await browser.newContext()).newPage();
    const bob = await (await browser.newContext()).newPage();
    await joinAsAttendee(alice, server.attendeeUrl, 'Alice');
    await joinAsAttendee(bob, server.attendeeUrl, 'Bob');
    await alice.locator('#ask-card').getByLabel('Your question').fill('How are credits recognised across borders?');
    await alice.locator('#ask-card').getByRole('button', { name: 'Send question' }).click();
    await alice.locator('#ask-card').getByRole('status').filter({ hasText: 'waiting for the moderator' }).waitFor();
    await bob.getByRole('radio', { name: /Breakout 1/ }).check();

    const organiser = await (await browser.newContext({ colorScheme: 'light' })).newPage();
    const errors = watchErrors(organiser);
    await organiser.goto(server.link('Organiser').url);
    const card = organiser.locator('#attendance');
    // The card asks for figures while it is on screen.
    await card.getByRole('heading', { name: 'Attendance and participation' }).scrollIntoViewIfNeeded();

    const figure = (label: string) =>
      card
        .locator('.figures-totals div')
        .filter({ has: organiser.getByText(label, { exact: true }) })
        .locator('dd');
    // The total, the peak and each room's count come from writes a few seconds apart: each is waited for.
    await expect.poll(() => figure('Connected now').innerText(), FIGURES_WAIT).toBe('2');
    await expect.poll(() => figure('Peak').innerText(), FIGURES_WAIT).toBe('2');
    await expect.poll(() => figure('Joined so far').innerText(), FIGURES_WAIT).toBe('2');
    const roomRow = (name: string) =>
      card
        .locator('.figures-table')
        .first()
        .getByRole('row', { name: new RegExp(`^${name}`) });
    await expect.poll(() => roomRow('Plenary').getByRole('cell').first().innerText(), FIGURES_WAIT).toBe('1');
    await expect.poll(() => roomRow('Breakout 1').getByRole('cell').first().innerText(), FIGURES_WAIT).toBe('1');
    await expect.poll(() => roomRow('Breakout 2').getByRole('cell').first().innerText(), FIGURES_WAIT).toBe('0');

    // The attendance chart: a titled image, its legend, and its table (every sample, a column per room).
    const attendance = card.getByRole('img', { name: 'People connected over time, per room' });
    await attendance.waitFor();
    expect(await attendance.locator('polyline, circle').count()).toBe(5);
    const attendanceFigure = card.locator('figure').filter({ has: organiser.getByRole('img', { name: 'People connected over time, per room' }) });
    await attendanceFigure.getByText('Show the data as a table').click();
    const attendanceTable = attendanceFigure.getByRole('table');
    expect(await attendanceTable.getByRole('columnheader').allInnerTexts()).toEqual(['Time', 'All rooms', 'Plenary', 'Breakout 1', 'Breakout 2', 'Breakout 3']);
    expect(await attendanceTable.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);

    // The participation chart: a bar per started session, and its table with every figure.
    const participation = card.locator('figure').filter({ has: organiser.getByRole('heading', { name: 'Participation per session' }) });
    expect(await participation.locator('.bars li').count()).toBeGreaterThanOrEqual(2);
    await participation.getByText('Show the data as a table').click();
    const columns = await participation.getByRole('columnheader').allInnerTexts();
    const sessionRow = participation.getByRole('table').getByRole('row', { name: /^Session 1\. Microcredentials/ });
    const cells = await sessionRow.locator('th, td').allInnerTexts();
    expect(cells[columns.indexOf('Room')]).toBe('Plenary');
    expect(cells[columns.indexOf('Questions asked')]).toBe('1');
    expect(cells[columns.indexOf('Approved')]).toBe('0');
    expect(cells[columns.indexOf('Sign-ups')]).toBe('–');
    // A sample fell within the session (the first minute's may come before anyone said which room they follow).
    expect(cells[columns.indexOf('Peak connected')]).toMatch(/^\d+$/);

    expect(await seriousViolations(organiser)).toEqual([]);
    await organiser.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(organiser)).toEqual([]);

    // Bob leaves: one connected now, the peak stays 2.
    await bob.context().close();
    await expect.poll(() => figure('Connected now').innerText(), FIGURES_WAIT).toBe('1');
    expect(await figure('Peak').innerText()).toBe('2');
    expect(errors).toEqual([]);
  });

  it('fits a 320 px panel: the card, its charts and its tables scroll inside, never the page', async () => {
    const narrow = await (await browser.newContext({ viewport: { width: 320, height: 640 } })).newPage();
    await narrow.goto(server.link('Organiser').url);
    const card = narrow.locator('#attendance');
    await card.getByRole('heading', { name: 'Attendance and participation' }).scrollIntoViewIfNeeded();
    await card.getByRole('img', { name: 'People connected over time, per room' }).waitFor(FIGURES_WAIT);
    for (const summary of await card.getByText('Show the data as a table').all()) await summary.click();
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const chart = await card.getByRole('img', { name: 'People connected over time, per room' }).boundingBox();
    expect(chart && chart.x + chart.width).toBeLessThanOrEqual(320);
    expect(await seriousViolations(narrow)).toEqual([]);
    await narrow.close();
  });
});
