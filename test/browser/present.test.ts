import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';
import { call, client, opId, type ClientSocket } from '../helpers/app';
import { LIMITS } from '../../shared/limits';

/**
 * The present view (the big screen shared into Zoom) at 1280x720 and 1920x1080, light and dark: with the longest
 * question the limits allow being answered and an eight-option poll open, side by side and each alone, every part
 * is inside the frame, nothing scrolls and no text is cut off; with neither, the join code, the QR code and what is
 * next in the room, large. The same fit in German (longer words), in a browser that asks for German. The fullscreen
 * button, the QR downloads (SVG and PNG), axe. Set PRESENT_SHOTS=/some/dir to also write screenshots there.
 */
const SHOTS = process.env.PRESENT_SHOTS;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** A question of exactly the most characters the limits allow, in words (so it wraps as real text does). */
const LONGEST_QUESTION = (() => {
  const sentence =
    'How will the recognition of microcredentials across borders work in practice for learners, employers and training providers, and who checks the quality? ';
  let text = '';
  while (text.length < LIMITS.questionMax) text += sentence;
  return `${text.slice(0, LIMITS.questionMax - 1).trimEnd()}?`.padEnd(LIMITS.questionMax, '?');
})();
const POLL_QUESTION =
  'Which of these should the social partners take up first when they negotiate the recognition of microcredentials in collective agreements next year?';
const OPTIONS = [
  'A common European quality framework for all providers',
  'Recognition of prior learning in collective agreements',
  'Paid training leave to earn microcredentials',
  'Digital wallets for learners to keep their credentials',
  'Stackable credentials that add up to a qualification',
  'Guidance and counselling for workers in small companies',
  'Funding for people who are unemployed or in transition',
  'Something else (tell us in the Q&A)',
].map((label, i) => ({ id: `o${i + 1}`, label }));

async function seriousViolations(page: Page, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.flatMap((v) => [
    `[${view}] ${v.impact} ${v.id}: ${v.help}`,
    ...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  ]);
  if (lines.length) console.error(lines.join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

/**
 * What does not fit, measured in the page: the document scrolling; any visible element outside the viewport or
 * outside its content box; a content box, or a block holding text, whose content is taller or wider than itself.
 */
function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const doc = document.documentElement;
    if (doc.scrollHeight > innerHeight) found.push(`the page scrolls: ${doc.scrollHeight} > ${innerHeight}`);
    if (doc.scrollWidth > innerWidth) found.push(`the page scrolls sideways: ${doc.scrollWidth} > ${innerWidth}`);
    const seen = (el: Element) => !el.closest('.sr-only, .skip-link') && el.getClientRects().length > 0;
    for (const el of document.querySelectorAll('.present-page *')) {
      if (!seen(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
        found.push(`outside the viewport: ${name(el)} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
      const box = el.parentElement?.closest('.present-box');
      if (box) {
        const b = box.getBoundingClientRect();
        if (r.left < b.left - 0.5 || r.top < b.top - 0.5 || r.right > b.right + 0.5 || r.bottom > b.bottom + 0.5) found.push(`outside its box: ${name(el)}`);
      }
      const block = getComputedStyle(el).display !== 'inline';
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if ((el.classList.contains('present-box') || (block && text)) && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
        found.push(`clipped: ${name(el)} ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
    }
    return found;
  });
}

describe('the present view', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let chair: ClientSocket;
  const sockets: ClientSocket[] = [];
  const pages: { context: BrowserContext; page: Page; size: (typeof SIZES)[number] }[] = [];
  /** The same sizes in German: checked for fit only, once they show what the English pages show. */
  const german: { context: BrowserContext; page: Page; size: (typeof SIZES)[number] }[] = [];
  const errors: string[][] = [];
  let questionId = '';
  let pollId = '';
  const presentUrl = () => `${server.origin}/e/${server.code}/present/plenary`;
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  /** Every size in both schemes, in English and German: nothing misfits; a picture of each when asked for. */
  async function fitsEverywhere(state: string, germanReady: (page: Page) => Promise<unknown>): Promise<void> {
    for (const { page } of german) await germanReady(page);
    for (const [language, list] of [
      ['en', pages],
      ['de', german],
    ] as const) {
      for (const { page, size } of list) {
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          expect(await misfits(page), `${state} at ${size.width}x${size.height}, ${scheme}, ${language}`).toEqual([]);
          await shot(page, `present-${state}-${size.width}-${scheme}${language === 'en' ? '' : `-${language}`}`);
        }
        await page.emulateMedia({ colorScheme: 'light' });
      }
    }
  }

  async function attendee(): Promise<ClientSocket> {
    const res = await fetch(`${server.origin}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: server.code }),
    });
    const socket = await client(server.origin, ((await res.json()) as { token: string }).token);
    sockets.push(socket);
    return socket;
  }

  beforeAll(async () => {
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    chair = await client(server.origin, new URL(server.link('Chair · Plenary').url).searchParams.get('t')!);
    sockets.push(chair);
    expect(await call(chair, 'agenda:setLive', { opId: opId(), roomId: 'plenary', itemId: 'd1-s1' })).toMatchObject({ ok: true });
    expect(await call(chair, 'qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false })).toMatchObject({ ok: true });
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: size });
      context.setDefaultTimeout(5_000);
      // Four pages open at once while other suites run: the first load may take longer than a click.
      context.setDefaultNavigationTimeout(20_000);
      const page = await context.newPage();
      errors.push(watchErrors(page));
      pages.push({ context, page, size });
      const deContext = await browser.newContext({ viewport: size, locale: 'de-DE' });
      deContext.setDefaultTimeout(5_000);
      deContext.setDefaultNavigationTimeout(20_000);
      const dePage = await deContext.newPage();
      errors.push(watchErrors(dePage));
      german.push({ context: deContext, page: dePage, size });
    }
    await Promise.all([...pages, ...german].map(({ page }) => page.goto(presentUrl())));
  }, 45_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await server?.close();
  });

  it('with nothing to show, shows the join address, the code, the QR code and what is next in the room, large', async () => {
    const agenda = await server.agenda();
    const next = agenda.programme.items.filter((i) => i.roomId === 'plenary').sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start));
    const after = next[next.findIndex((i) => i.id === 'd1-s1') + 1]!;
    for (const { page, size } of pages) {
      const idle = page.getByRole('region', { name: 'How to join' });
      await idle.getByText(after.title).waitFor();
      expect(await idle.innerText()).toContain(`with the code`);
      expect(await idle.locator('.present-join-code').innerText()).toBe(server.code);
      const qr = idle.getByRole('img', { name: /QR code to join/ });
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      // Large: the QR a good part of the frame's height, the code in letters a tenth of it.
      expect((await qr.boundingBox())!.height).toBeGreaterThan(size.height * 0.5);
      const code = await idle.locator('.present-join-code').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(code).toBeGreaterThan(size.height * 0.08);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(agenda.programme.items.find((i) => i.id === 'd1-s1')!.title);
    }
    await fitsEverywhere('idle', async (page) => {
      await page.locator('.present-idle').getByText(after.title).waitFor();
      expect(await page.locator('.present-idle').innerText()).toContain('mit dem Code');
    });
    const { page } = pages[0]!;
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page, `idle, ${scheme}`)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('has a fullscreen button that puts the view in full screen and back', async () => {
    const { page } = pages[0]!;
    const button = page.getByRole('button', { name: 'Full screen' });
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await button.click();
    await expect.poll(() => page.evaluate(() => !!document.fullscreenElement)).toBe(true);
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    await button.click();
    await expect.poll(() => page.evaluate(() => !!document.fullscreenElement)).toBe(false);
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
  });

  it('offers the QR code for slides, as SVG and as PNG', async () => {
    const { page } = pages[0]!;
    for (const [format, type] of [
      ['SVG', 'image/svg+xml'],
      ['PNG', 'image/png'],
    ] as const) {
      const link = page.getByRole('link', { name: format });
      expect(await link.getAttribute('download')).toBe(`join-${server.code}.${format.toLowerCase()}`);
      const res = await fetch(new URL((await link.getAttribute('href'))!, server.origin));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const body = Buffer.from(await res.arrayBuffer());
      if (format === 'PNG') {
        expect(body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        expect(body.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // its width, from the IHDR chunk: sharp on a slide
      } else expect(body.toString()).toContain('<svg');
    }
    expect((await fetch(`${server.origin}/api/events/by-code/NOPE/qr.png`)).status).toBe(404);
  });

  it('fits the longest question the limits allow, alone, in the whole frame', async () => {
    const asker = await attendee();
    const asked = await call(asker, 'qa:ask', { opId: opId(), roomId: 'plenary', text: LONGEST_QUESTION, target: null, anonymous: true });
    expect(asked).toMatchObject({ ok: true, status: 'live' });
    questionId = asked.questionId;
    expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId })).toMatchObject({ ok: true });
    for (const { page, size } of pages) {
      await page.locator('.qa-present-text').getByText(LONGEST_QUESTION).waitFor();
      expect(LONGEST_QUESTION.length).toBe(LIMITS.questionMax);
      // Alone, it takes the width; the join code stays in view, small.
      expect((await page.locator('.qa-present').boundingBox())!.width).toBeGreaterThan(size.width * 0.9);
      expect(await page.locator('.present-join-strip').innerText()).toContain(server.code);
      expect(await page.getByRole('region', { name: 'How to join' }).count()).toBe(0);
      // Still large enough to read across a call: at least 3% of the frame's height.
      const px = await page.locator('.qa-present-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(px).toBeGreaterThan(size.height * 0.03);
    }
    await fitsEverywhere('question', async (page) => {
      await page.locator('.qa-present-text').getByText(LONGEST_QUESTION).waitFor();
      await page.getByRole('heading', { name: 'Wird beantwortet' }).waitFor();
    });
  });

  it('fits the question and an eight-option poll side by side', async () => {
    const draft = { roomId: 'plenary', itemId: 'd1-s1', type: 'single', question: POLL_QUESTION, options: OPTIONS, visibility: 'live' };
    const created = await call(chair, 'poll:create', { opId: opId(), draft });
    expect(created).toMatchObject({ ok: true });
    pollId = created.pollId;
    expect(await call(chair, 'poll:control', { opId: opId(), pollId, action: 'launch' })).toMatchObject({ ok: true });
    for (const i of [0, 1, 1, 2, 4, 7]) {
      const voter = await attendee();
      expect(await call(voter, 'poll:vote', { opId: opId(), pollId, choice: { type: 'single', option: OPTIONS[i]!.id } })).toMatchObject({ ok: true });
    }
    for (const { page, size } of pages) {
      await page.locator('.present-poll').getByText('6 voters', { exact: true }).waitFor();
      expect(await page.locator('.present-poll .poll-bar-row').count()).toBe(8);
      const q = (await page.locator('.qa-present').boundingBox())!;
      const p = (await page.locator('.present-poll').boundingBox())!;
      // Side by side: the question on the left, the poll on the right, each a good part of the width, the poll's the
      // wider as it has more to show.
      expect(q.x + q.width).toBeLessThanOrEqual(p.x);
      expect(Math.abs(q.y - p.y)).toBeLessThan(2);
      expect(q.width).toBeGreaterThan(size.width * 0.3);
      expect(p.width).toBeGreaterThan(q.width);
    }
    await fitsEverywhere('both', (page) => page.locator('.present-poll').getByText('6 Personen haben abgestimmt', { exact: true }).waitFor());
    // Resized in place (a window made larger, then smaller again): it fits anew each time.
    const { page } = pages[0]!;
    for (const size of [SIZES[1], { width: 1024, height: 768 }, SIZES[0]]) {
      await page.setViewportSize(size);
      await expect.poll(() => misfits(page), { message: `resized to ${size.width}x${size.height}` }).toEqual([]);
    }
    for (const { page, size } of pages) {
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await seriousViolations(page, `both, ${size.width}x${size.height}, ${scheme}`)).toEqual([]);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('fits the eight-option poll alone in the whole frame, and shrinks the longest poll the limits allow to fit', async () => {
    expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId: null })).toMatchObject({ ok: true });
    for (const { page, size } of pages) {
      await page.locator('.qa-present').waitFor({ state: 'detached' });
      expect((await page.locator('.present-poll').boundingBox())!.width).toBeGreaterThan(size.width * 0.9);
    }
    await fitsEverywhere('poll', (page) => page.locator('.qa-present').waitFor({ state: 'detached' }));

    // The most the limits allow: a question and every option at their longest, and the question beside it.
    expect(await call(chair, 'poll:control', { opId: opId(), pollId, action: 'close' })).toMatchObject({ ok: true });
    const longest = {
      roomId: 'plenary',
      itemId: 'd1-s1',
      type: 'single',
      question: `${'Which one? '.repeat(40)}`.slice(0, LIMITS.pollQuestionMax),
      options: Array.from({ length: LIMITS.pollOptionsMax }, (_, i) => ({
        id: `x${i}`,
        label: `Option ${i + 1}: ${'a long option label '.repeat(10)}`.slice(0, LIMITS.pollOptionMax),
      })),
      visibility: 'live',
    };
    const created = await call(chair, 'poll:create', { opId: opId(), draft: longest });
    expect(created).toMatchObject({ ok: true });
    expect(await call(chair, 'poll:control', { opId: opId(), pollId: created.pollId, action: 'launch' })).toMatchObject({ ok: true });
    expect(await call(chair, 'qa:answerNow', { opId: opId(), roomId: 'plenary', questionId })).toMatchObject({ ok: true });
    const ready = async (page: Page) => {
      await page.locator(`.present-poll[data-poll="${created.pollId}"]`).waitFor();
      await page.locator('.qa-present').waitFor();
    };
    for (const { page } of pages) await ready(page);
    await fitsEverywhere('longest', ready);
  });

  it('ran without errors', () => {
    expect(errors.flat()).toEqual([]);
  });
});
