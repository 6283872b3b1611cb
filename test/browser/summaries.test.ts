import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { itemCard, joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';
import { call, client, opId, snapshotOf, type ClientSocket } from '../helpers/app';

/**
 * Breakout summaries in real browsers against the real server: the rapporteur of breakout 1 writes by keyboard
 * only, quotes the room's most upvoted question, closes the tab before the autosave and finds the text again,
 * submits; the plenary chair publishes and starts the report-back; an attendee sees the summary beside its
 * breakout's title, chair and rapporteur and marks a key point, the chair sees the count as a bar; the present
 * view (1280 x 720) shows it, one breakout at a time when the chair picks it; the programme keeps it under its
 * breakout. Axe clean, no sideways scroll at 320 px; then the same flow's key steps in French and German.
 */

async function seriousViolations(page: Page, view: string, include: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(include).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length)
    console.error(bad.map((v) => `[${view}] ${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

/** Presses Tab until `selector` has the focus (at most `max` presses): the element is reachable by keyboard. */
async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`${selector} not reached by Tab`);
}

/** The elements wider than the window (none: nothing scrolls sideways). */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() =>
    document.documentElement.scrollWidth <= window.innerWidth
      ? []
      : [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(-5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 40)}`),
  );

describe('breakout summaries and the report-back', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: ClientSocket[] = [];
  const errors: string[][] = [];
  const QUESTION = 'How do employers check a microcredential from another country?';
  let questionId = '';

  async function page(locale: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, viewport });
    contexts.push(context);
    const p = await context.newPage();
    errors.push(watchErrors(p));
    return { context, page: p };
  }
  async function attendeeSocket(): Promise<ClientSocket> {
    const res = await fetch(`${server.origin}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: server.code }),
    });
    const { token } = (await res.json()) as { token: string };
    const s = await client(server.origin, token);
    sockets.push(s);
    return s;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The room produced a question, upvoted twice.
    const asker = await attendeeSocket();
    const asked = await call(asker, 'qa:ask', { opId: opId(), roomId: 'breakout-1', text: QUESTION, target: null, anonymous: false });
    expect(asked, JSON.stringify(asked)).toMatchObject({ ok: true });
    // Approved by the breakout's chair if it waits for approval (pre-moderation), then upvoted.
    const chair = await client(server.origin, new URL(server.link('Chair · Breakout 1').url).searchParams.get('t')!);
    sockets.push(chair);
    questionId = asked.questionId;
    const question = (await snapshotOf(chair)).qa.questions.find((q) => q.id === asked.questionId)!;
    if (question.status === 'pending')
      expect(await call(chair, 'qa:moderate', { opId: opId(), questionId: question.id, rev: question.rev, action: 'approve' })).toMatchObject({ ok: true });
    for (const s of [await attendeeSocket(), await attendeeSocket()])
      expect(await call(s, 'qa:upvote', { opId: opId(), questionId: asked.questionId, up: true })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  let rapporteur: Page;
  let rapporteurContext: BrowserContext;
  const rapporteurUrl = () => server.link('Rapporteur · Breakout 1').url;
  const firstText = '#summary textarea[data-section="t1"]';

  it('the rapporteur writes by keyboard only, quotes a question, and the text saves itself', async () => {
    ({ context: rapporteurContext, page: rapporteur } = await page('en-GB'));
    await rapporteur.goto(rapporteurUrl());
    await rapporteur.locator('#summary').waitFor();
    await expect.poll(() => rapporteur.locator('#summary .summary-status').textContent()).toBe('Empty');
    await rapporteur.locator(`.summary-source:has-text("${QUESTION}")`).waitFor();

    await tabTo(rapporteur, firstText);
    await rapporteur.keyboard.type('- Employers must be able to trust them\n- Quality assurance comes first');
    // The quote goes into the section written last: Tab on to the question's Quote button.
    await tabTo(rapporteur, `.summary-source[data-question="${questionId}"] button`);
    await rapporteur.keyboard.press('Enter');
    await expect.poll(() => rapporteur.locator(firstText).inputValue()).toContain(`> ${QUESTION}`);
    const link = rapporteur.locator('.summary-section:has(textarea[data-section="t1"]) .summary-preview blockquote a');
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^${server.origin}/e/${server.code}#qa-text-`));
    expect(await rapporteur.locator('.summary-section:has(textarea[data-section="t1"]) .summary-preview li').count()).toBe(2);
    // Saved 2 s after typing stops (the focus left the field too).
    await expect.poll(() => rapporteur.locator('.summary-save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved: version \d+\.$/);
    await expect.poll(() => rapporteur.locator('#summary .summary-status').textContent()).toBe('Drafting');
    expect(await seriousViolations(rapporteur, 'rapporteur workspace', 'main')).toEqual([]);
  });

  it('an attendee answers a key topic; the rapporteur sees it under that topic and quotes it into its section, linking back', async () => {
    const ANSWER = 'Managers who learn alongside their teams make it stick.';
    const sent = await call(await attendeeSocket(), 'breakouts:contribute', { opId: opId(), roomId: 'breakout-1', topic: 1, text: ANSWER });
    expect(sent, JSON.stringify(sent)).toMatchObject({ ok: true });
    const id = sent.contributionId as string;
    if (sent.status === 'pending') {
      const chair = await client(server.origin, new URL(server.link('Chair · Breakout 1').url).searchParams.get('t')!);
      sockets.push(chair);
      expect(await call(chair, 'breakouts:moderate', { opId: opId(), contributionId: id, rev: 0, action: 'approve' })).toMatchObject({ ok: true });
    }
    // Live, under its own key topic (the second), beside the editor.
    const row = rapporteur.locator(`.summary-topic-answers[data-topic="1"] .summary-source[data-contribution="${id}"]`);
    await row.waitFor();
    expect(await row.locator('.summary-source-text').textContent()).toBe(ANSWER);
    // By keyboard: its Quote puts it into the second key topic's section, whatever section was chosen for questions.
    await tabTo(rapporteur, `.summary-source[data-contribution="${id}"] button`);
    await rapporteur.keyboard.press('Enter');
    const second = '#summary textarea[data-section="t2"]';
    await expect.poll(() => rapporteur.locator(second).inputValue()).toContain(`> ${ANSWER}`);
    expect(await rapporteur.locator(firstText).inputValue()).not.toContain(ANSWER);
    const link = rapporteur.locator('.summary-section:has(textarea[data-section="t2"]) .summary-preview blockquote a');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`${server.origin}/e/${server.code}#contribution-${id}`);
    await expect.poll(() => rapporteur.locator('.summary-save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved: version \d+\.$/);
    expect(await seriousViolations(rapporteur, 'rapporteur workspace with answers', 'main')).toEqual([]);
  });

  it('the draft survives a closed tab: what was typed is there on return, and is saved', async () => {
    const other = '#summary textarea[data-section="other"]';
    await rapporteur.locator(other).focus();
    await rapporteur.keyboard.type('Typed just before the tab closed');
    await rapporteur.close();
    rapporteur = await rapporteurContext.newPage();
    errors.push(watchErrors(rapporteur));
    await rapporteur.goto(rapporteurUrl());
    await rapporteur.locator('#summary').waitFor();
    expect(await rapporteur.locator(other).inputValue()).toBe('Typed just before the tab closed');
    await expect.poll(() => rapporteur.locator('.summary-save-state').textContent(), { timeout: 10_000 }).toMatch(/^Saved: version \d+\.$/);
  });

  it('the rapporteur submits; the plenary chair publishes; the rapporteur sees who published and when', async () => {
    await tabTo(rapporteur, '#summary .summary-actions button.button-primary');
    await rapporteur.keyboard.press('Enter');
    await expect.poll(() => rapporteur.locator('#summary .summary-status').textContent()).toBe('In review');
    expect(await rapporteur.locator(firstText).getAttribute('readonly')).not.toBeNull();

    const { page: chair } = await page('en-GB');
    await chair.goto(server.link('Chair · Plenary').url);
    const card = chair.locator('.summary-review[data-room="breakout-1"]');
    await card.locator('.summary-status', { hasText: 'In review' }).waitFor();
    await card.locator('.summary-read-section li', { hasText: 'Quality assurance comes first' }).waitFor();
    await card.getByRole('button', { name: 'Publish' }).click();
    await card.locator('.summary-status', { hasText: 'Published' }).waitFor();
    await rapporteur.locator('.summary-note-published', { hasText: /^Published by Chair · Plenary at \d\d:\d\d\.$/ }).waitFor();
    expect(await seriousViolations(chair, 'chair reviews', '#summaries')).toEqual([]);

    // The report-back: every attendee's live page and the present view show the published summaries.
    const { page: attendee } = await page('en-GB');
    await joinAsAttendee(attendee, server.attendeeUrl, 'Ana');
    const { page: present } = await page('en-GB', { width: 1280, height: 720 });
    await present.goto(`${server.attendeeUrl}/present/plenary`);
    await present.locator('.present-idle').waitFor();
    expect(await attendee.locator('#report-back').count()).toBe(0);

    await chair.getByRole('button', { name: 'Report back now' }).click();
    const summaryCard = attendee.locator('#report-back .report-back-card[data-room="breakout-1"]');
    await summaryCard.waitFor();
    expect(await summaryCard.locator('h3').textContent()).toContain('Parallel session 1');
    expect(await summaryCard.locator('.summary-people').textContent()).toBe('Chair: Iraklis PliakisRapporteur: Hanne Shapiro');
    await present.locator('.present-report-back .report-back-card[data-room="breakout-1"]').waitFor();

    // An attendee marks the first key point; the chair's bar counts it; a second press changes the mark.
    const firstPoint = summaryCard.locator('.report-back-point').first();
    expect(await firstPoint.textContent()).toContain('Employers must be able to trust them');
    await firstPoint.getByRole('button', { name: 'Agree', exact: true }).click();
    expect(await firstPoint.getByRole('button', { name: 'Agree', exact: true }).getAttribute('aria-pressed')).toBe('true');
    const bars = card.locator('.summary-marks-point').first();
    await bars.locator('.summary-bar-agree[data-count="1"]').waitFor();
    await firstPoint.getByRole('button', { name: 'Unsure', exact: true }).click();
    await bars.locator('.summary-bar-unsure[data-count="1"]').waitFor();
    await bars.locator('.summary-bar-agree[data-count="0"]').waitFor();
    await rapporteur.locator('.summary-marks-point .summary-bar-unsure[data-count="1"]').first().waitFor();

    // The chair steps through the summaries on the big screen, one at a time.
    await chair.getByRole('button', { name: 'Show Breakout 1' }).click();
    await present.locator('.present-report-back-kicker', { hasText: 'Breakout 1 of 1' }).waitFor();
    expect(await present.locator('.present-report-back .report-back-point').first().textContent()).toContain('Employers must be able to trust them');
    expect(await seriousViolations(attendee, 'attendee report-back', '#report-back')).toEqual([]);
    expect(await seriousViolations(present, 'present report-back', 'main')).toEqual([]);

    // The programme keeps the published summary under its breakout.
    const item = itemCard(attendee, 'd1-breakout-1');
    await item.locator('.programme-summary summary').click();
    await item.locator('.programme-summary li', { hasText: 'Quality assurance comes first' }).waitFor();

    // 320 px: the report-back and the workspace stack, nothing scrolls sideways.
    await attendee.setViewportSize({ width: 320, height: 740 });
    await rapporteur.setViewportSize({ width: 320, height: 740 });
    expect(await sidewaysScroll(attendee)).toEqual([]);
    expect(await sidewaysScroll(rapporteur)).toEqual([]);
  });

  it.each([
    [
      'fr-FR',
      'Rapporteur · Breakout 2',
      'breakout-2',
      'Enregistrée',
      'Soumettre pour relecture',
      'En relecture',
      'Rejoindre anonymement',
      'Restitution des ateliers',
      'D’accord',
    ],
    [
      'de-DE',
      'Rapporteur · Breakout 3',
      'breakout-3',
      'Gespeichert',
      'Zur Prüfung einreichen',
      'In Prüfung',
      'Anonym teilnehmen',
      'Berichte aus den Breakout-Gruppen',
      'Zustimmen',
    ],
  ])('in %s: write, submit, publish, report back, mark', async (locale, label, room, saved, submit, inReview, joinAnonymously, heading, agree) => {
    const { page: r } = await page(locale);
    await r.goto(server.link(label).url);
    await r.locator('#summary').waitFor();
    await r.locator('#summary textarea').first().focus();
    await r.keyboard.type('- Un point clé / ein Kernpunkt');
    await r.keyboard.press('Tab');
    await expect.poll(() => r.locator('.summary-save-state').textContent(), { timeout: 10_000 }).toContain(saved);
    await r.getByRole('button', { name: submit, exact: true }).click();
    await r.locator('#summary .summary-status', { hasText: inReview }).waitFor();
    expect(await seriousViolations(r, `rapporteur ${locale}`, 'main')).toEqual([]);

    const { page: chair } = await page(locale);
    await chair.goto(server.link('Chair · Plenary').url);
    const card = chair.locator(`.summary-review[data-room="${room}"]`);
    await card.locator('.summary-status', { hasText: inReview }).waitFor();
    await card.locator('.summary-review-actions button.button-primary').click();
    // A refusal shows its reason in the card: say it, rather than only that the note never came.
    await card.locator('.summary-note-published, .summary-error').first().waitFor();
    expect(await card.locator('.summary-error').allTextContents()).toEqual([]);
    await card.locator('.summary-note-published').waitFor();

    const { page: a } = await page(locale, { width: 320, height: 740 });
    await a.goto(server.attendeeUrl);
    await a.getByRole('button', { name: joinAnonymously, exact: true }).click();
    await a.locator('#report-back h2', { hasText: heading }).waitFor();
    const point = a.locator(`#report-back .report-back-card[data-room="${room}"] .report-back-point`).first();
    await point.getByRole('button', { name: agree, exact: true }).click();
    await card.locator('.summary-bar-agree[data-count="1"]').waitFor();
    expect(await sidewaysScroll(a)).toEqual([]);
    expect(await seriousViolations(a, `attendee ${locale}`, '#report-back')).toEqual([]);
  });

  it('no page logged an error', () => {
    expect(errors.flat()).toEqual([]);
  });
});
