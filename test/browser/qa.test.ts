import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core';
import { itemCard, joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * Q&A in a real browser against the real server: two attendees and a chair (and a second chair whose live
 * changes can be held back, to act on a stale question). Ask with pre-moderation, approve with the keyboard,
 * upvote (the asker's own question has a count, no button), answer now (and the present view), reply, edit,
 * merge, "N new questions — show", a version conflict, the highlight ending when the live item moves, axe in both
 * schemes, and the 320 px side panel.
 */

const Q1 = 'How will microcredentials be recognised across borders?';
const Q2 = 'What do employers think of stackable microcredentials?';
const Q3 = 'Will stackable microcredentials count for employers?';

/** Serious or critical axe violations inside the given part of the page, printed when there are any. */
async function seriousViolations(page: Page, selector: string, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    console.error(
      bad
        .flatMap((v) => [
          `[${view}] ${v.impact} ${v.id}: ${v.help}`,
          ...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
        ])
        .join('\n'),
    );
  }
  return bad.map((v) => `${view}: ${v.id}`);
}

describe('Q&A', { timeout: 30_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let ada: Page; // an attendee with a name
  let bob: Page; // an anonymous attendee
  let chair: Page;
  let staleChair: Page;
  let staleContext: BrowserContext;
  /** While set, live changes to the second chair's page are dropped (its view goes stale). */
  let holdChanges = false;
  const errors: string[] = [];

  const adaQa = () => ada.locator('#qa');
  const bobQa = () => bob.locator('#qa');
  // The question box is a section of its own, above the poll and the list (#ask-card).
  const adaAsk = () => ada.locator('#ask-card');
  const bobAsk = () => bob.locator('#ask-card');
  const chairQa = () => chair.locator('#qa');
  const attendeeItem = (page: Page, text: string) => page.locator('#qa').getByRole('listitem').filter({ hasText: text });
  const modArticle = (page: Page, text: string) => page.locator('#qa').getByRole('article', { name: text });

  /** Focuses a control and presses a key: the keyboard alone. */
  async function press(page: Page, locator: Locator, key: 'Enter' | ' ' = 'Enter') {
    await locator.focus();
    await page.keyboard.press(key === ' ' ? 'Space' : key);
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const contexts = await Promise.all([
      browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Brussels' }),
      browser.newContext({ viewport: { width: 1024, height: 900 }, timezoneId: 'Europe/Brussels' }),
      browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: 'Europe/Brussels' }),
      browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: 'Europe/Brussels' }),
    ]);
    staleContext = contexts[3]!;
    await staleContext.routeWebSocket(/\/socket\.io\//, (ws: WebSocketRoute) => {
      const upstream = ws.connectToServer();
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => {
        if (holdChanges && typeof m === 'string' && m.startsWith('42["live",{"changes"')) return;
        ws.send(m);
      });
    });
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    [ada, bob, chair, staleChair] = [pages[0]!, pages[1]!, pages[2]!, pages[3]!];
    for (const page of pages) page.setDefaultTimeout(5_000);
    for (const page of [ada, bob, chair]) errors.push(...watchErrors(page));

    // Session 1 is live in the plenary: its speakers are whom a question can be addressed to.
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();
    await Promise.all([joinAsAttendee(ada, server.attendeeUrl, 'Ada'), joinAsAttendee(bob, server.attendeeUrl)]);
    await adaQa().getByRole('heading', { level: 2, name: 'Questions' }).waitFor();
    await bobQa().getByRole('heading', { level: 2, name: 'Questions' }).waitFor();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks with pre-moderation on: the asker sees it waiting for the moderator, nobody else does', async () => {
    const anonymous = adaAsk().getByRole('checkbox', { name: 'Ask anonymously' });
    expect(await anonymous.isChecked()).toBe(true);
    await adaAsk().getByLabel('Your question').fill(Q1);
    expect(await adaAsk().getByText(`${Q1.length} of 500 characters`).count()).toBe(1);
    await adaAsk().getByLabel(/^To/).selectOption('Ana Carrero Yubero');
    await adaAsk().getByRole('button', { name: 'Send question' }).click();

    await adaAsk().getByRole('status').filter({ hasText: 'waiting for the moderator' }).waitFor();
    const mine = attendeeItem(ada, Q1);
    await mine.waitFor();
    expect(await mine.innerText()).toContain('Waiting for the moderator');
    expect(await mine.innerText()).toContain('to Ana Carrero Yubero');
    expect(await mine.innerText()).toContain('Anonymous (you)');
    // Not published yet: nothing to upvote.
    expect(await mine.getByRole('button', { name: /Upvote/ }).count()).toBe(0);
    expect(await adaAsk().getByLabel('Your question').inputValue()).toBe('');

    // The chair has it in Incoming; the other attendee has nothing, not even a "new questions" button.
    await modArticle(chair, Q1).waitFor();
    expect(
      await chairQa()
        .getByRole('tab', { name: /Incoming/ })
        .innerText(),
    ).toContain('(1)');
    expect(await bobQa().innerText()).not.toContain(Q1);
    expect(
      await bobQa()
        .getByRole('button', { name: /new question/ })
        .count(),
    ).toBe(0);
    expect(await bobQa().innerText()).toContain('No questions yet');
  });

  it('the chair approves with the keyboard, and both attendees see it (the other one at once: his list was empty, nothing moves under his eyes)', async () => {
    const approve = modArticle(chair, Q1).getByRole('button', { name: 'Approve' });
    await press(chair, approve, 'Enter');
    // Published: the asker sees its count (their own question has no upvote button: Q19).
    await attendeeItem(ada, Q1).locator('.qa-upvote-own').getByText('0 upvotes', { exact: true }).waitFor();
    expect(await attendeeItem(ada, Q1).innerText()).not.toContain('Waiting for the moderator');

    // The question left the Incoming list: the focus is not lost, it stays in the console.
    await chairQa()
      .getByRole('tab', { name: /Incoming/ })
      .filter({ hasText: '(0)' })
      .waitFor();
    expect(await chair.evaluate(() => !!document.activeElement?.closest('#qa'))).toBe(true);

    // For the other reader it is new, and his list was empty: shown at once (no "show" over an empty list), announced.
    await attendeeItem(bob, Q1).waitFor();
    await bobQa().getByRole('status').filter({ hasText: '1 new question, shown in the list.' }).waitFor();
    expect(
      await bobQa()
        .getByRole('button', { name: /new question/ })
        .count(),
    ).toBe(0);
    expect(await attendeeItem(bob, Q1).locator('.qa-q-meta').textContent()).toMatch(/^Anonymous · , to Ana Carrero Yubero/);
  });

  it('an upvote counts once, shows on the chair’s console, and toggles back', async () => {
    const upvote = attendeeItem(bob, Q1).getByRole('button', { name: /^Upvote/ });
    await upvote.click();
    await attendeeItem(bob, Q1).getByRole('button', { name: 'Upvote: 1 upvote' }).waitFor();
    expect(await upvote.getAttribute('aria-pressed')).toBe('true');

    // The chair's Live tab, with the arrow keys.
    await press(chair, chairQa().getByRole('tab', { selected: true }));
    await chair.keyboard.press('ArrowRight');
    expect(await chairQa().getByRole('tab', { name: /Live/ }).getAttribute('aria-selected')).toBe('true');
    await modArticle(chair, Q1).getByText('1 upvote', { exact: true }).waitFor();
    await attendeeItem(ada, Q1).getByText('1 upvote', { exact: true }).waitFor();

    // Toggle back and again: still one.
    await upvote.click();
    await attendeeItem(bob, Q1).getByRole('button', { name: 'Upvote: 0 upvotes' }).waitFor();
    await modArticle(chair, Q1).getByText('0 upvotes', { exact: true }).waitFor();
    await upvote.click();
    await modArticle(chair, Q1).getByText('1 upvote', { exact: true }).waitFor();
    expect(await upvote.getAttribute('aria-pressed')).toBe('true');
  });

  it('the asker sees the count of their own question, and no upvote button on it (Q19)', async () => {
    const mine = attendeeItem(ada, Q1);
    await mine.getByText('1 upvote', { exact: true }).waitFor();
    expect(await mine.getByRole('button', { name: /Upvote/ }).count()).toBe(0);
    // Its only button is the asker's own "Withdraw" (Q21).
    expect(await mine.getByRole('button').allInnerTexts()).toEqual(['Withdraw']);
    // Everybody else still has the button on it.
    expect(await attendeeItem(bob, Q1).getByRole('button', { name: 'Upvote: 1 upvote' }).count()).toBe(1);
  });

  it('“Answer now” highlights it for everybody and on the present view, large', async () => {
    await press(chair, modArticle(chair, Q1).getByRole('button', { name: 'Answer now' }), ' ');
    await modArticle(chair, Q1).getByRole('button', { name: 'Stop highlighting' }).waitFor();
    await chairQa().getByRole('group', { name: 'Answering now' }).getByText(Q1).waitFor();

    const answering = adaQa().getByRole('heading', { name: 'Answering now', level: 3 });
    await answering.waitFor();
    await adaQa().locator('.qa-answering').getByText(Q1).waitFor();

    const presentContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const present = await presentContext.newPage();
    present.setDefaultTimeout(5_000);
    errors.push(...watchErrors(present));
    await present.goto(`${server.origin}/e/MC2023/present/plenary`);
    const text = present.locator('.qa-present-text');
    await text.getByText(Q1).waitFor();
    expect(await present.locator('.qa-present').innerText()).toMatch(/Anonymous/);
    expect(await present.locator('.qa-present').innerText()).toMatch(/1 upvote/);
    const size = await text.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(28);
    expect(await seriousViolations(present, '.qa-present', 'present')).toEqual([]);

    // Stop highlighting: a quiet line.
    await press(chair, modArticle(chair, Q1).getByRole('button', { name: 'Stop highlighting' }));
    await present.getByText('No question is being answered.').waitFor();
    await answering.waitFor({ state: 'detached' });
    await presentContext.close();
  });

  it('the chair replies and edits; the asker sees the reply, the edit and their original', async () => {
    const article = modArticle(chair, Q1);
    await press(chair, article.getByRole('button', { name: 'Reply' }));
    const replyBox = article.getByLabel('Reply, shown to everybody');
    // The form opened with the focus in it: type straight away.
    await expect.poll(() => replyBox.evaluate((el) => el === document.activeElement)).toBe(true);
    await chair.keyboard.type('The Council recommendation of June 2022 covers this.');
    await press(chair, article.getByRole('button', { name: 'Publish reply' }));
    await article.locator('.qa-reply').getByText('The Council recommendation of June 2022 covers this.').waitFor();
    // Back on the button that opened the form, now "Edit reply".
    await expect.poll(() => chair.evaluate(() => document.activeElement?.textContent)).toBe('Edit reply');

    await attendeeItem(ada, Q1).getByText('The Council recommendation of June 2022 covers this.').waitFor();
    expect(await attendeeItem(ada, Q1).innerText()).toMatch(/Reply from the moderator/i);
    await attendeeItem(bob, Q1).getByText('The Council recommendation of June 2022 covers this.').waitFor();

    await press(chair, article.getByRole('button', { name: 'Edit', exact: true }));
    const edited = 'How will microcredentials be recognised across EU borders?';
    await article.getByLabel(/Question text/).fill(edited);
    await press(chair, article.getByRole('button', { name: 'Save text' }));
    await attendeeItem(ada, edited).waitFor();
    expect(await attendeeItem(ada, edited).innerText()).toContain('Edited by the moderator');
    expect(await attendeeItem(ada, edited).innerText()).toContain(`Your original: ${Q1}`);
    await attendeeItem(bob, edited).waitFor();
    expect(await attendeeItem(bob, edited).innerText()).toContain('Edited by the moderator');
    expect(await attendeeItem(bob, edited).innerText()).not.toContain('Your original');
  });

  it('with pre-moderation off, another reader gets “1 new question — show” instead of a jump', async () => {
    const premoderation = chairQa().getByRole('switch', { name: 'Pre-moderation' });
    expect(await premoderation.isChecked()).toBe(true);
    await press(chair, premoderation, ' ');
    await expect.poll(() => premoderation.isChecked()).toBe(false);

    await bobAsk().getByLabel('Your question').fill(Q2);
    await bobAsk().getByRole('button', { name: 'Send question' }).click();
    await bobAsk().getByRole('status').filter({ hasText: 'Your question is published' }).waitFor();
    // The asker's own question is in their list at once.
    await attendeeItem(bob, Q2).waitFor();

    // Ada reads: it is held and announced.
    const show = adaQa().getByRole('button', { name: '1 new question — show' });
    await show.waitFor();
    await adaQa().getByRole('status').filter({ hasText: '1 new question' }).waitFor();
    expect(await attendeeItem(ada, Q2).count()).toBe(0);
    await show.click();
    await attendeeItem(ada, Q2).waitFor();
    await show.waitFor({ state: 'detached' });
    // Popular first: the upvoted question stays above.
    const texts = await adaQa().locator('.qa-list .qa-q-text').allInnerTexts();
    expect(texts[0]).toMatch(/recognised across EU borders/);
    expect(texts[1]).toBe(Q2);
    // Recent: newest first, at once (the reader's own choice).
    await adaQa().getByRole('radio', { name: 'Recent' }).check();
    expect((await adaQa().locator('.qa-list .qa-q-text').allInnerTexts())[0]).toBe(Q2);
    await adaQa().getByRole('radio', { name: 'Popular' }).check();

    // A question the profanity filter matches waits for a moderator anyway, marked for the chair.
    const rude = 'What the fuck is a microcredential worth?';
    await adaAsk().getByLabel('Your question').fill(rude);
    await adaAsk().getByRole('button', { name: 'Send question' }).click();
    await attendeeItem(ada, rude).getByText('Waiting for the moderator').waitFor();
    await press(chair, chairQa().getByRole('tab', { name: /Incoming/ }));
    await modArticle(chair, rude).getByText('Flagged by the filter').waitFor();
    await press(chair, modArticle(chair, rude).getByRole('button', { name: 'Dismiss' }));
    await attendeeItem(ada, rude).getByText('Not published').waitFor();
    await press(chair, chairQa().getByRole('tab', { name: /Live/ }));
    expect(await bobQa().innerText()).not.toContain(rude);
    expect(
      await bobQa()
        .getByRole('button', { name: /new question/ })
        .count(),
    ).toBe(0);
  });

  it('merges a duplicate: its asker sees where it went', async () => {
    await bobAsk().getByLabel('Your question').fill(Q3);
    await bobAsk().getByRole('button', { name: 'Send question' }).click();
    await attendeeItem(bob, Q3).waitFor();

    const article = modArticle(chair, Q3);
    await article.waitFor();
    await press(chair, article.getByRole('button', { name: 'Merge into…' }));
    await article.getByLabel('Merge into').selectOption({ label: Q2 });
    await press(chair, article.getByRole('button', { name: 'Merge', exact: true }));
    await article.waitFor({ state: 'detached' });
    await modArticle(chair, Q2).getByText('1 merged question').waitFor();

    await attendeeItem(bob, Q3).getByText(`Merged into: ${Q2}`).waitFor();
    expect(
      await attendeeItem(bob, Q3)
        .getByRole('button', { name: /Upvote/ })
        .count(),
    ).toBe(0);
    // Others never see the duplicate.
    await ada.waitForTimeout(300);
    expect(await adaQa().innerText()).not.toContain(Q3);
  });

  it('a chair acting on a stale question gets VERSION_CONFLICT, said in an alert', async () => {
    await staleChair.goto(server.link('Chair · Plenary').url);
    const staleQa = staleChair.locator('#qa');
    await staleQa.getByRole('tab', { name: /Live/ }).click();
    const staleArticle = staleQa.getByRole('article', { name: Q2 });
    await staleArticle.waitFor();

    // The first chair stars it; the second chair's screen does not hear of it.
    holdChanges = true;
    await press(chair, modArticle(chair, Q2).getByRole('button', { name: 'Star' }));
    await modArticle(chair, Q2).getByText('Starred', { exact: true }).waitFor();
    await staleChair.waitForTimeout(200);
    expect(await staleArticle.getByText('Starred', { exact: true }).count()).toBe(0);

    await press(staleChair, staleArticle.getByRole('button', { name: 'Mark answered' }));
    const alert = staleArticle.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('Another moderator changed this question a moment ago; here is its current state.');
    holdChanges = false;
    // Nothing was applied: it is still live.
    expect(await modArticle(chair, Q2).getByRole('button', { name: 'Mark answered' }).count()).toBe(1);

    // The next change fills the gap: the stale screen shows the current state.
    await press(chair, modArticle(chair, Q2).getByRole('button', { name: 'Add to queue' }));
    await staleArticle.getByText('Starred', { exact: true }).waitFor();
    await staleArticle.getByText('In queue: 1').waitFor();
  });

  it('moves questions in the queue with the keyboard', async () => {
    const edited = 'How will microcredentials be recognised across EU borders?';
    await press(chair, modArticle(chair, edited).getByRole('button', { name: 'Add to queue' }));
    const queue = chairQa().getByRole('group', { name: /^Queue/ });
    await queue.getByRole('listitem').nth(1).getByText(edited).waitFor();
    const moveUp = queue.getByRole('listitem').filter({ hasText: edited }).getByRole('button', { name: 'Move up' });
    await press(chair, moveUp);
    await queue.getByRole('listitem').nth(0).getByText(edited).waitFor();
    // At the top its "Move up" is unavailable but keeps the focus.
    expect(await moveUp.getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => chair.evaluate(() => document.activeElement?.textContent?.trim())).toBe('↑ Move up');
    await chair.keyboard.press('Tab');
    await chair.keyboard.press('Enter'); // Move down
    await queue.getByRole('listitem').nth(1).getByText(edited).waitFor();
    await ada.locator('#qa').getByText(edited).first().waitFor();
  });

  it('moving the live item ends “Answering now” for the attendee, on the present view and in the console; moving back does not bring it back (Q20)', async () => {
    const agenda = await server.agenda();
    const titleOf = (itemId: string) => agenda.programme.items.find((i) => i.id === itemId)!.title;
    const presentContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const present = await presentContext.newPage();
    present.setDefaultTimeout(5_000);
    errors.push(...watchErrors(present));
    await present.goto(`${server.origin}/e/${server.code}/present/plenary`);
    await present.getByRole('heading', { level: 1, name: titleOf('d1-s1') }).waitFor();

    // Highlighted during session 1: everybody sees it.
    await press(chair, modArticle(chair, Q2).getByRole('button', { name: 'Answer now' }));
    const adaAnswering = adaQa().getByRole('heading', { name: 'Answering now', level: 3 });
    await adaQa().locator('.qa-answering').getByText(Q2).waitFor();
    await present.locator('.qa-present-text').getByText(Q2).waitFor();
    const chairNow = chairQa().getByRole('group', { name: 'Answering now' });
    await chairNow.getByText(Q2).waitFor();

    try {
      // The chair moves on to session 2: the highlight ends everywhere, and the question stays as it was (live).
      await itemCard(chair, 'd1-s2').getByRole('button', { name: 'Set live' }).click();
      await itemCard(chair, 'd1-s2').getByRole('button', { name: 'Live now' }).waitFor();
      await adaQa()
        .locator('.qa-scope', { hasText: titleOf('d1-s2') })
        .waitFor();
      await adaAnswering.waitFor({ state: 'detached' });
      expect(await adaQa().innerText()).not.toContain(Q2);
      await present.getByRole('heading', { level: 1, name: titleOf('d1-s2') }).waitFor();
      await present.getByText('No question is being answered.').waitFor();
      expect(await present.locator('main').innerText()).not.toContain(Q2);
      await chairNow.getByText('Nothing is being answered right now.', { exact: false }).waitFor();
      await chairQa().getByRole('checkbox', { name: 'Include earlier sessions' }).check();
      await modArticle(chair, Q2).getByRole('button', { name: 'Mark answered' }).waitFor();
      expect(await modArticle(chair, Q2).getByRole('button', { name: 'Stop highlighting' }).count()).toBe(0);
      await chairQa().getByRole('checkbox', { name: 'Include earlier sessions' }).uncheck();
    } finally {
      // Back to session 1 (the tests after this one are about its questions).
      await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
      await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();
    }
    // Session 1 is live again, but it went live anew: the old highlight does not come back by itself.
    await adaQa()
      .locator('.qa-scope', { hasText: titleOf('d1-s1') })
      .waitFor();
    await attendeeItem(ada, Q2).waitFor();
    await present.getByRole('heading', { level: 1, name: titleOf('d1-s1') }).waitFor();
    expect(await adaAnswering.count()).toBe(0);
    expect(await adaQa().locator('.qa-q-now').count()).toBe(0);
    expect(await present.getByText('No question is being answered.').count()).toBe(1);
    expect(await chairNow.getByText(Q2).count()).toBe(0);
    await modArticle(chair, Q2).getByRole('button', { name: 'Answer now' }).waitFor();
    await presentContext.close();
  });

  it('the asker withdraws their question with the keyboard, after a confirmation that takes the focus; the other attendee no longer has it (Q21)', async () => {
    const Q4 = 'Can I take back a question I asked by mistake?';
    await adaAsk().getByLabel('Your question').fill(Q4);
    await adaAsk().getByRole('button', { name: 'Send question' }).click();
    await adaAsk().getByRole('status').filter({ hasText: 'Your question is published' }).waitFor();
    // Bob has it in his list.
    const show = bobQa().getByRole('button', { name: /new question/ });
    await show.waitFor();
    await show.click();
    await attendeeItem(bob, Q4).waitFor();
    // Only the asker has the button.
    expect(await attendeeItem(bob, Q4).getByRole('button', { name: 'Withdraw' }).count()).toBe(0);

    const mine = attendeeItem(ada, Q4);
    await press(ada, mine.getByRole('button', { name: 'Withdraw' }));
    const yes = mine.getByRole('group', { name: 'Confirm withdrawing your question' }).getByRole('button', { name: 'Yes, withdraw' });
    await yes.waitFor();
    await expect.poll(() => yes.evaluate((el) => el === document.activeElement)).toBe(true);
    // Cancel brings the button back; then again, and yes.
    await press(ada, mine.getByRole('button', { name: 'Cancel' }));
    await press(ada, mine.getByRole('button', { name: 'Withdraw' }));
    await expect.poll(() => yes.evaluate((el) => el === document.activeElement)).toBe(true);
    await ada.keyboard.press('Enter');
    await mine.getByText('Not published').waitFor();
    expect(await mine.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);

    await attendeeItem(bob, Q4).waitFor({ state: 'detached' });
    expect(await bobQa().innerText()).not.toContain(Q4);
  });

  it('has no serious or critical axe violations on the attendee Q&A and the chair console, light and dark', async () => {
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      for (const page of [ada, bob, chair]) await page.emulateMedia({ colorScheme: scheme });
      found.push(...(await seriousViolations(ada, '#qa', `attendee (${scheme})`)));
      found.push(...(await seriousViolations(ada, '#ask-card', `attendee's question box (${scheme})`)));
      found.push(...(await seriousViolations(bob, '#qa', `asker of a merged question (${scheme})`)));
      found.push(...(await seriousViolations(chair, '#qa', `chair console (${scheme})`)));
    }
    for (const page of [ada, bob, chair]) await page.emulateMedia({ colorScheme: 'light' });
    expect(found).toEqual([]);
    // Eight axe runs over big regions: ~20 s alone, more beside the other suites.
  }, 90_000);

  it('fits a 320 px side panel with the Q&A: no horizontal scroll', async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, timezoneId: 'Europe/Brussels' });
    const page = await narrow.newPage();
    errors.push(...watchErrors(page));
    await joinAsAttendee(page, server.attendeeUrl, 'Grace');
    await page.locator('#qa').getByText(Q2).waitFor();
    await page.locator('#ask-card').getByLabel('Your question').fill('A very long question '.repeat(20).trim().slice(0, 400));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
    // The asker's own question with its "Withdraw" confirmation open (Q21).
    const own = 'Does a withdrawn question fit a narrow side panel?';
    await page.locator('#ask-card').getByLabel('Your question').fill(own);
    await page.locator('#ask-card').getByRole('button', { name: 'Send question' }).click();
    const item = page.locator('#qa').getByRole('listitem').filter({ hasText: own });
    await item.getByRole('button', { name: 'Withdraw' }).click();
    await item.getByRole('button', { name: 'Yes, withdraw' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // The chair's console too.
    await page.goto(server.link('Chair · Plenary').url);
    await page.locator('#qa').getByRole('tab', { name: /Live/ }).click();
    await page.locator('#qa').getByRole('article', { name: Q2 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await narrow.close();
    expect(errors).toEqual([]);
  });
});
