import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { itemCard, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * The product in French and in German, as a browser set to that language gets it: the attendee joins, asks and
 * votes; the chair approves the question and launches a poll; every step in that language (`<html lang>`, the
 * words on screen: none of the English catalogue's left), axe clean, nothing scrolling sideways at 320 px. And the
 * language menu: it switches at once, keeps what is typed, and is remembered.
 */
const LOCALES = fileURLToPath(new URL('../../shared/locales', import.meta.url));

/** A language's messages by id (`qa.send`), as written in its catalogue. */
function catalogue(language: string): Map<string, string> {
  const messages = new Map<string, string>();
  const dir = path.join(LOCALES, language);
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const section = file.replace(/\.json$/, '');
    for (const [key, message] of Object.entries(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, string>))
      messages.set(`${section}.${key}`, message);
  }
  return messages;
}

const english = catalogue('en');

/**
 * The English interface sentences that would give away an untranslated view: plain messages (no placeholder or
 * markup) of two words or more whose translation differs. (Single words could be the programme's own content,
 * which stays as written, in English.)
 */
function englishTellTales(language: string): string[] {
  const other = catalogue(language);
  return [...english]
    .filter(([id, message]) => !/[{<]/.test(message) && /\S+\s+\S+/.test(message) && message.length >= 12 && other.get(id) !== message)
    .map(([, message]) => message);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
}

describe.each([
  ['fr-FR', 'fr'],
  ['de-DE', 'de'],
])('the product in %s', { timeout: 60_000 }, (locale, language) => {
  let server: TestServer;
  let browser: Browser;
  const words = catalogue(language);
  const say = (id: string) => {
    const message = words.get(id);
    if (message === undefined) throw new Error(`no message ${id}`);
    return message;
  };
  const tellTales = englishTellTales(language);
  async function englishLeft(page: Page): Promise<string[]> {
    const text = await page.locator('body').innerText();
    return tellTales.filter((message) => text.includes(message));
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the attendee joins, asks and votes; the chair approves and launches, all in the language', async () => {
    const chairContext = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const attendeeContext = await browser.newContext({ locale, viewport: { width: 320, height: 740 }, timezoneId: 'Europe/Paris' });
    for (const c of [chairContext, attendeeContext]) c.setDefaultTimeout(10_000);
    const chair = await chairContext.newPage();
    const attendee = await attendeeContext.newPage();
    const errors = [...watchErrors(chair), ...watchErrors(attendee)];

    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1')
      .getByRole('button', { name: say('chair.setLive') })
      .click();
    expect(await chair.evaluate(() => document.documentElement.lang)).toBe(language);

    await attendee.goto(server.attendeeUrl);
    const join = attendee.getByRole('button', { name: say('join.joinAnonymously') });
    await join.waitFor();
    expect(await attendee.evaluate(() => document.documentElement.lang)).toBe(language);
    expect(await englishLeft(attendee)).toEqual([]);
    await join.click();
    await attendee.locator('#ask-card textarea').waitFor();

    const question = `Question ${language}: microcredentials and collective agreements?`;
    await attendee.locator('#ask-card textarea').fill(question);
    await attendee
      .locator('#ask-card')
      .getByRole('button', { name: say('ask.send') })
      .click();
    await attendee.locator('#qa').getByText(question).waitFor();

    const incoming = chair.locator('#qa').getByRole('article', { name: question });
    await incoming.getByRole('button', { name: say('qaConsole.approve') }).click();
    await attendee.locator('#qa').getByText(question).waitFor();

    // The demo's single-choice poll ("Does your organisation issue or recognise digital credentials today?").
    const poll = chair.locator('#polls [data-poll="d2-s2-issuing"]');
    await poll.getByRole('button', { name: say('pollsConsole.launch') }).click();
    const vote = attendee.locator('#polls [data-poll="d2-s2-issuing"]');
    await vote.getByRole('radio').first().check();
    await vote.getByRole('button', { name: say('vote.vote') }).click();
    await attendee.locator('#polls .poll-myvote').waitFor();

    for (const page of [attendee, chair]) {
      expect(await englishLeft(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
    }
    // Nothing scrolls sideways beside the video.
    expect(await attendee.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(errors).toEqual([]);
    await chairContext.close();
    await attendeeContext.close();
  });

  it('the organiser’s, the rapporteur’s and the present view in the language too, at 320 px and on the big screen', async () => {
    const views: [string, string, { width: number; height: number }][] = [
      ['organiser', server.link('Organiser').url, { width: 320, height: 740 }],
      ['rapporteur', server.link('Rapporteur · Breakout 1').url, { width: 320, height: 740 }],
      ['present', `${server.origin}/e/MC2023/present/plenary`, { width: 1280, height: 720 }],
    ];
    for (const [view, url, viewport] of views) {
      const context = await browser.newContext({ locale, viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(url);
      // Loaded: the heading is the programme's or the room's, not "Loading".
      await page.locator('h1', { hasText: /Microcredentials|Plenary/ }).waitFor();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang), { message: view }).toBe(language);
      await expect.poll(() => englishLeft(page), { message: view }).toEqual([]);
      expect(await seriousViolations(page), view).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), view).toBeLessThanOrEqual(viewport.width);
      expect(errors, view).toEqual([]);
      await context.close();
    }
  });

  it('(the check for English left is not blind: an English page trips it)', async () => {
    expect(tellTales.length).toBeGreaterThan(200);
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(server.attendeeUrl);
    await page.getByRole('button', { name: english.get('join.joinAnonymously')! }).waitFor();
    expect((await englishLeft(page)).length).toBeGreaterThan(0);
    await context.close();
  });

  it('the language menu switches at once, keeps what is typed, and is remembered', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(server.attendeeUrl);
    await page.getByRole('button', { name: say('join.joinAnonymously') }).click();
    const box = page.locator('#ask-card textarea');
    await box.fill('Half a question');
    const other = language === 'fr' ? 'de' : 'fr';
    await page.getByRole('combobox', { name: say('common.language') }).selectOption(other);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(other);
    expect(await box.inputValue()).toBe('Half a question');
    expect(await englishLeft(page)).toEqual([]);
    await page.reload();
    await page.locator('#ask-card textarea').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(other);
    await context.close();
  });
});
