import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';
import enBreakouts from '../../shared/locales/en/breakouts.json';
import frBreakouts from '../../shared/locales/fr/breakouts.json';
import deBreakouts from '../../shared/locales/de/breakouts.json';
import frJoin from '../../shared/locales/fr/join.json';
import deJoin from '../../shared/locales/de/join.json';

/**
 * Breakouts in a real browser against the real server, its clock at 11:30 on 22 June 2023 (the demo's three
 * parallel sessions start at 11:45): the organiser sets a capacity; attendees pick a breakout and land in its room;
 * a full one says "full for now" and offers its waiting list; a freed place comes to the one waiting, who is told;
 * a breakout's own link takes a new attendee straight there; a key-topic answer, approved by the chair; axe, 320 px,
 * and the flow in French and German.
 */

const CLOCK = Date.parse('2023-06-22T09:30:00Z');

async function seriousViolations(page: Page, selector: string, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.error(bad.map((v) => `[${view}] ${v.impact} ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`).join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

/** Joins anonymously with the join page's button in the page's language; waits for the breakouts. */
async function join(page: Page, url: string, button: string) {
  await page.goto(url);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.locator('#breakouts').waitFor();
}

const card = (page: Page, roomId: string) => page.locator(`#breakouts li[data-room="${roomId}"]`);

describe('breakouts', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ clockAt: CLOCK }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function page(viewport = { width: 1280, height: 900 }, locale = 'en-GB', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport, locale, colorScheme, timezoneId: 'Europe/Brussels' });
    const p = await context.newPage();
    errors.push(...watchErrors(p));
    return p;
  }

  it('the organiser sets a capacity and has a link per breakout to copy; axe finds nothing serious', async () => {
    const organiser = await page();
    await organiser.goto(server.link('Organiser').url);
    const admin = organiser.locator('#breakouts-admin');
    await admin.waitFor();
    await admin.getByLabel('Capacity of Breakout 2', { exact: true }).fill('1');
    await admin.getByRole('button', { name: 'Save the capacity of Breakout 2' }).click();
    await organiser.getByText('Capacity of Breakout 2 saved.').waitFor();
    for (const room of ['breakout-1', 'breakout-2', 'breakout-3']) await admin.getByText(`${server.attendeeUrl}?room=${room}`).waitFor();
    await admin.getByRole('button', { name: 'Copy link: Breakout 3' }).waitFor();
    expect(await seriousViolations(organiser, '#breakouts-admin', 'organiser')).toEqual([]);
  });

  let ann: Page;
  let cleo: Page;

  it('an attendee picks a breakout, lands in its room and answers a key topic; the chair approves it', async () => {
    ann = await page();
    await join(ann, server.attendeeUrl, 'Join anonymously');
    // Side by side at this width, each with its chair and places.
    const boxes = await Promise.all(['breakout-1', 'breakout-2', 'breakout-3'].map((r) => card(ann, r).boundingBox()));
    expect(new Set(boxes.map((b) => Math.round(b!.y))).size).toBe(1);
    await card(ann, 'breakout-1').getByText('Iraklis Pliakis').waitFor();
    await card(ann, 'breakout-2').getByText('1 place left').waitFor();
    await ann.getByRole('button', { name: 'Choose Breakout 1' }).click();
    await ann.locator('#breakouts [role="status"]').getByText('You are in Breakout 1.').waitFor();
    await card(ann, 'breakout-1').getByText('Your session').waitFor();
    // Its room: the key topics and its Q&A are the breakout's.
    const topics = ann.locator('#key-topics');
    await topics.getByRole('heading', { name: 'Key topics of Breakout 1' }).waitFor();
    await topics.getByLabel('Key topic').selectOption({ index: 1 });
    await topics.getByLabel('Your answer').fill('Managers who learn alongside their teams.');
    await topics.getByRole('button', { name: 'Send answer' }).click();
    await topics.getByText('Your answer was sent. It appears once a chair approves it.').waitFor();
    await topics.getByText('Waiting for approval').waitFor();
    expect(await seriousViolations(ann, '#breakouts', 'chooser')).toEqual([]);
    expect(await seriousViolations(ann, '#key-topics', 'key topics')).toEqual([]);

    const chair = await page();
    await chair.goto(server.link('Chair · Breakout 1').url);
    const chairTopics = chair.locator('#key-topics');
    await chairTopics.getByRole('button', { name: 'Approve: Managers who learn alongside their teams.' }).click();
    await topics.getByText('Waiting for approval').waitFor({ state: 'detached' });
    await topics.getByText('Managers who learn alongside their teams.').waitFor();
    expect(await seriousViolations(chair, '#key-topics', 'chair')).toEqual([]);
  });

  it('a full breakout says "full for now" and offers its waiting list; a freed place comes to the first in line, who is told (320 px, dark)', async () => {
    const bea = await page();
    await join(bea, server.attendeeUrl, 'Join anonymously');
    await bea.getByRole('button', { name: 'Choose Breakout 2' }).click();
    await bea.getByText('You are in Breakout 2.').waitFor();

    cleo = await page({ width: 320, height: 740 }, 'en-GB', 'dark');
    await join(cleo, server.attendeeUrl, 'Join anonymously');
    await card(cleo, 'breakout-2').getByText('Full for now').waitFor();
    // Stacked at 320 px, and nothing wider than the screen.
    const [one, two] = await Promise.all([card(cleo, 'breakout-1').boundingBox(), card(cleo, 'breakout-2').boundingBox()]);
    expect(two!.y).toBeGreaterThan(one!.y);
    expect(await cleo.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await cleo.getByRole('button', { name: 'Join the waiting list for Breakout 2' }).click();
    await cleo.getByText('Breakout 2 is full for now: you are on its waiting list.').waitFor();
    await card(cleo, 'breakout-2').getByText('1 person waiting').waitFor();
    expect(await seriousViolations(cleo, '#breakouts', 'full, 320 px, dark')).toEqual([]);

    // Bea moves to Breakout 3: her place in Breakout 2 goes to Cleo, who is told.
    await bea.getByRole('button', { name: 'Choose Breakout 3' }).click();
    await cleo.locator('.toasts').getByText('A place freed up: you are now in Breakout 2.').waitFor();
    await cleo.locator('#breakouts [role="status"]').getByText('A place freed up: you are now in Breakout 2.').waitFor();
    await card(cleo, 'breakout-2').getByText('Your session').waitFor();
    await cleo.locator('#key-topics').getByRole('heading', { name: 'Key topics of Breakout 2' }).waitFor();
  });

  it("a breakout's own link takes a new attendee straight into it, who can give the place up", async () => {
    const dan = await page();
    await join(dan, `${server.attendeeUrl}?room=breakout-3`, 'Join anonymously');
    await card(dan, 'breakout-3').getByText('Your session').waitFor();
    await dan.locator('#key-topics').getByRole('heading', { name: 'Key topics of Breakout 3' }).waitFor();
    expect(new URL(dan.url()).search).toBe('');
    await dan.getByRole('button', { name: 'Go to the room of Breakout 3' }).waitFor();
    // B7: he gives his place up; the breakout can be chosen again.
    await dan.getByRole('button', { name: 'Give up my place in Breakout 3' }).click();
    await dan.locator('#breakouts [role="status"]').getByText('You gave up your place in Breakout 3.').waitFor();
    await dan.getByRole('button', { name: 'Choose Breakout 3' }).waitFor();
  });

  it.each([
    ['fr-FR', frBreakouts, frJoin.joinAnonymously, '1 soutien'],
    ['de-DE', deBreakouts, deJoin.joinAnonymously, '2 Unterstützungen'],
  ] as const)('the flow in %s: choose, land in the room, answer', async (locale, words, joinButton, upvoted) => {
    const p = await page({ width: 360, height: 740 }, locale);
    await join(p, server.attendeeUrl, joinButton);
    await p.getByRole('heading', { name: words.heading }).waitFor();
    await card(p, 'breakout-2').getByText(words.fullForNow).waitFor();
    await p.getByRole('button', { name: words.chooseLabel.replace('{room}', 'Breakout 1') }).click();
    await p.getByText(words.placed.replace('{room}', 'Breakout 1')).waitFor();
    const topics = p.locator('#key-topics');
    await topics.getByRole('heading', { name: words.topicsHeading.replace('{room}', 'Breakout 1') }).waitFor();
    // Ann's approved answer is there, and can be upvoted.
    await topics.getByRole('button', { name: words.upvoteLabel.replace('{text}', 'Managers who learn alongside their teams.') }).click();
    await topics.getByText(upvoted, { exact: true }).waitFor();
    await topics.getByLabel(words.answerLabel).fill(locale === 'fr-FR' ? 'La reconnaissance par les employeurs.' : 'Anerkennung durch Arbeitgeber.');
    await topics.getByRole('button', { name: words.send }).click();
    await topics.getByText(words.sentPending).waitFor();
    expect(await seriousViolations(p, '#breakouts', locale)).toEqual([]);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('ran without page errors', () => {
    expect(enBreakouts.heading).toBe('Choose your breakout session');
    expect(errors).toEqual([]);
  });
});
