import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { io as connect, type Socket } from 'socket.io-client';
import type { Browser, Page } from 'playwright-core';
import { joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/**
 * The chat in a real browser against the real server: two attendees and a chair. Post (sending, then sent),
 * react, markup shown as text with no script run, links only when the chair allows them, the chair deletes and
 * moves a message into the questions, the "N new messages" button for a reader scrolled up, axe in both schemes,
 * 320 px; and one flow each in French and German.
 */

/** Serious or critical axe violations inside the given part of the page. */
async function seriousViolations(page: Page, selector: string, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.error(bad.map((v) => `[${view}] ${v.id}: ${v.nodes[0]?.target.join(' ')}`).join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

/** A staff member's socket, to write many messages at once (the console moderates; it has no message box). */
async function staffSocket(server: TestServer, label: string): Promise<Socket> {
  const token = new URL(server.link(label).url).searchParams.get('t')!;
  const s = connect(server.origin, { auth: { v: PROTOCOL_VERSION, token }, transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise((resolve) => s.once('welcome', resolve));
  return s;
}
let ops = 0;
async function postAs(s: Socket, text: string, roomId = 'plenary') {
  for (;;) {
    const r = await s.timeout(5000).emitWithAck('chat:post', { opId: `op-chat-browser-${Date.now()}-${++ops}`, roomId, text });
    if (r.ok) return r;
    if (r.code !== 'RATE_LIMITED') throw new Error(JSON.stringify(r));
    await new Promise((resolve) => setTimeout(resolve, r.retryAfterMs ?? 100));
  }
}

describe('chat', { timeout: 40_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let ada: Page;
  let bob: Page;
  let chair: Page;
  let writer: Socket;
  const errors: string[] = [];
  const dialogs: string[] = [];
  const chatOf = (page: Page) => page.locator('#chat');
  const messageIn = (page: Page, text: string) => page.locator('#chat [role="log"] li').filter({ hasText: text });
  const modMessage = (text: string) => chair.locator('#chat-console li').filter({ hasText: text });

  async function send(page: Page, text: string) {
    await chatOf(page).getByLabel('Your message').fill(text);
    await chatOf(page).getByRole('button', { name: 'Send', exact: true }).click();
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const contexts = await Promise.all([
      browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Brussels' }),
      browser.newContext({ viewport: { width: 1024, height: 900 }, timezoneId: 'Europe/Brussels' }),
      browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: 'Europe/Brussels' }),
    ]);
    [ada, bob, chair] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page, Page];
    for (const page of [ada, bob, chair]) {
      page.setDefaultTimeout(8_000);
      errors.push(...watchErrors(page));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
    }
    await chair.goto(server.link('Chair · Plenary').url);
    await chair.locator('#chat-console').getByRole('heading', { level: 2, name: 'Chat moderation' }).waitFor();
    await Promise.all([joinAsAttendee(ada, server.attendeeUrl, 'Ada'), joinAsAttendee(bob, server.attendeeUrl)]);
    await chatOf(ada).getByRole('heading', { level: 2, name: 'Chat' }).waitFor();
    writer = await staffSocket(server, 'Organiser');
  }, 40_000);

  afterAll(async () => {
    writer?.close();
    await browser?.close();
    await server?.close();
  });

  it('posts: the message shows at once, then as sent, and reaches the others in the log', async () => {
    await send(ada, 'Hello from Ada');
    await messageIn(ada, 'Hello from Ada').getByText('Sent').waitFor();
    expect(await chatOf(ada).getByLabel('Your message').inputValue()).toBe('');
    await messageIn(bob, 'Hello from Ada').waitFor();
    expect(await messageIn(bob, 'Hello from Ada').innerText()).toContain('Ada');
    expect(await messageIn(ada, 'Hello from Ada').innerText()).toContain('You');
    expect(await bob.locator('#chat [role="log"]').count()).toBe(1);
  });

  it('the chair writes from the console: the name carries the badge of the chair’s role', async () => {
    const consoleSection = chair.locator('#chat-console');
    await consoleSection.getByLabel('Your message').fill('Welcome to the plenary');
    await consoleSection.getByRole('button', { name: 'Send', exact: true }).click();
    await messageIn(ada, 'Welcome to the plenary').locator('.chat-badge').filter({ hasText: 'Chair' }).waitFor();
    // An attendee's message has no badge.
    expect(await messageIn(ada, 'Hello from Ada').locator('.chat-badge').count()).toBe(0);
  });

  it('markup is shown as text and runs nothing; an address is a link only once the chair allows links', async () => {
    const attack = '<img src=x onerror=alert(1)>';
    await send(bob, attack);
    await messageIn(ada, attack).waitFor();
    expect(await chatOf(ada).locator('img').count()).toBe(0);
    expect(await messageIn(ada, attack).locator('.chat-text').innerText()).toBe(attack);

    await send(bob, 'Slides at https://example.org/slides');
    await messageIn(ada, 'Slides at').waitFor();
    expect(await messageIn(ada, 'Slides at').locator('a').count()).toBe(0);
    const allow = chair.locator('#chat-console').getByLabel('Allow http(s) links in the chat (whole event)');
    // The box shows the event's setting: it turns on once the server took the change.
    await allow.click();
    await expect.poll(() => allow.isChecked()).toBe(true);
    const link = messageIn(ada, 'Slides at').getByRole('link', { name: 'https://example.org/slides' });
    await link.waitFor();
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
    expect(await link.getAttribute('href')).toBe('https://example.org/slides');
    await allow.click();
    await expect.poll(() => allow.isChecked()).toBe(false);
    await messageIn(ada, 'Slides at').locator('a').waitFor({ state: 'detached' });
    expect(dialogs).toEqual([]);
  });

  it('reacts: one of each kind, counted for everyone', async () => {
    const item = messageIn(bob, 'Hello from Ada');
    await item.getByRole('button', { name: 'Add a reaction' }).click();
    await item.getByRole('button', { name: 'Applause' }).click();
    const mine = item.getByRole('button', { name: 'Applause: 1' });
    await mine.waitFor();
    expect(await mine.getAttribute('aria-pressed')).toBe('true');
    const seen = messageIn(ada, 'Hello from Ada').getByRole('button', { name: 'Applause: 1' });
    await seen.waitFor();
    expect(await seen.getAttribute('aria-pressed')).toBe('false');
    // Taking it back.
    await mine.click();
    await messageIn(ada, 'Hello from Ada')
      .getByRole('button', { name: /Applause/ })
      .waitFor({ state: 'detached' });
  });

  it('the chair deletes a message: gone for everyone', async () => {
    await send(bob, 'A message to delete');
    await modMessage('A message to delete').waitFor();
    await messageIn(ada, 'A message to delete').waitFor();
    await modMessage('A message to delete').getByRole('button', { name: 'Delete' }).click();
    await messageIn(ada, 'A message to delete').waitFor({ state: 'detached' });
    await messageIn(bob, 'A message to delete').waitFor({ state: 'detached' });
  });

  it('the chair moves a message into the questions: its author sees it there, waiting for the moderator', async () => {
    const text = 'Will the recordings be available after the event?';
    await send(ada, text);
    await modMessage(text).getByRole('button', { name: 'Move to questions' }).click();
    await modMessage(text).getByText('In the questions').waitFor();
    await messageIn(ada, text).getByText('Moved to the questions').waitFor();
    const question = ada.locator('#qa').getByRole('listitem').filter({ hasText: text });
    await question.waitFor();
    expect(await question.innerText()).toContain('Waiting for the moderator');
    await chair.locator('#qa').getByRole('article', { name: text }).waitFor();
  });

  it('a reader scrolled up gets a "new messages" button, not a jump', async () => {
    for (let i = 0; i < 16; i++) await postAs(writer, `Filler message ${i}`);
    await messageIn(bob, 'Filler message 15').waitFor();
    const log = bob.locator('#chat [role="log"]');
    await log.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event('scroll'));
    });
    for (let i = 0; i < 3; i++) await postAs(writer, `Later message ${i}`);
    await messageIn(bob, 'Later message 2').waitFor({ state: 'attached' });
    const button = chatOf(bob).getByRole('button', { name: /3 new messages/ });
    await button.waitFor();
    expect(await log.evaluate((el) => el.scrollTop)).toBe(0);
    await button.click();
    await button.waitFor({ state: 'detached' });
    expect(await log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(50);
    // A reader at the end follows without a button.
    await postAs(writer, 'Followed message');
    await messageIn(bob, 'Followed message').waitFor();
    expect(
      await chatOf(bob)
        .getByRole('button', { name: /new message/ })
        .count(),
    ).toBe(0);
  });

  it('axe finds nothing serious in the panel and the console, light and dark', async () => {
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      for (const page of [ada, chair]) await page.emulateMedia({ colorScheme: scheme });
      found.push(...(await seriousViolations(ada, '#chat', `panel ${scheme}`)));
      await modMessage('Hello from Ada').getByRole('button', { name: 'Mute' }).click();
      found.push(...(await seriousViolations(chair, '#chat-console', `console ${scheme}`)));
      await modMessage('Hello from Ada').getByRole('button', { name: 'Cancel' }).click();
    }
    for (const page of [ada, chair]) await page.emulateMedia({ colorScheme: 'light' });
    expect(found).toEqual([]);
  }, 60_000);

  it('fits 320 px: a long word and a giant emoji run do not widen the page', async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, timezoneId: 'Europe/Brussels' });
    const page = await narrow.newPage();
    errors.push(...watchErrors(page));
    await postAs(writer, `${'W'.repeat(200)} ${'😀'.repeat(100)}`);
    await joinAsAttendee(page, server.attendeeUrl, 'Narrow');
    await chatOf(page).getByRole('heading', { level: 2, name: 'Chat' }).waitFor();
    await messageIn(page, 'WWWW').waitFor();
    expect(await messageIn(page, 'WWWW').innerText()).not.toContain('😀'.repeat(13));
    await chatOf(page).getByLabel('Your message').fill('x'.repeat(400));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await narrow.close();
    expect(errors).toEqual([]);
  });
});

const LOCALES = fileURLToPath(new URL('../../shared/locales', import.meta.url));
const words = (language: string, file: string) => JSON.parse(fs.readFileSync(path.join(LOCALES, language, `${file}.json`), 'utf8')) as Record<string, string>;

describe.each([
  ['fr-FR', 'fr'],
  ['de-DE', 'de'],
])('chat in %s', { timeout: 40_000 }, (locale, language) => {
  let server: TestServer;
  let browser: Browser;
  const chat = words(language, 'chat');
  const console_ = words(language, 'chatConsole');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 40_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an attendee writes, the chair deletes, in the language', async () => {
    const [attendeeContext, chairContext] = await Promise.all([
      browser.newContext({ locale, viewport: { width: 1280, height: 900 } }),
      browser.newContext({ locale, viewport: { width: 1280, height: 900 } }),
    ]);
    const [attendee, chairPage] = await Promise.all([attendeeContext.newPage(), chairContext.newPage()]);
    const errors = [...watchErrors(attendee), ...watchErrors(chairPage)];
    await attendee.goto(server.attendeeUrl);
    await attendee.locator('form button[type="submit"]').first().click();
    await attendee.locator('#chat').getByRole('heading', { level: 2, name: chat.heading! }).waitFor();
    expect(await attendee.evaluate(() => document.documentElement.lang)).toBe(language);
    const text = `Bonjour / Hallo ${language}`;
    await attendee.locator('#chat').getByLabel(chat.messageLabel!).fill(text);
    await attendee.locator('#chat').getByRole('button', { name: chat.send!, exact: true }).click();
    const item = attendee.locator('#chat [role="log"] li').filter({ hasText: text });
    await item.getByText(chat.sent!).waitFor();
    expect(await item.innerText()).toContain(chat.you!);

    await chairPage.goto(server.link('Chair · Plenary').url);
    const consoleSection = chairPage.locator('#chat-console');
    await consoleSection.getByRole('heading', { level: 2, name: console_.heading! }).waitFor();
    await consoleSection.locator('li').filter({ hasText: text }).getByRole('button', { name: console_.delete! }).click();
    await item.waitFor({ state: 'detached' });
    expect(await attendee.locator('#chat').innerText()).toContain(chat.empty!);
    expect(errors).toEqual([]);
  });
});
