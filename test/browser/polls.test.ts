import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';
import { call, client, opId, snapshotOf } from '../helpers/app';
import { demoPolls } from '../../server/setup';

/**
 * Live polls in real browsers against the real server: a chair launches the demo polls, attendees vote (and
 * change their vote, and rank by keyboard), the present view shows the bars and the word cloud, hidden results
 * stay hidden until the chair reveals them, a closed poll refuses votes, the CSV export downloads, axe is clean
 * and a 320 px side panel does not scroll sideways. Set POLL_SHOTS=/some/dir to also write screenshots there.
 *
 * The browser harness starts the demo event without its prepared polls, so the chair's socket creates the same
 * drafts first (any already there, matched by question, are reused): `ids` maps a demo poll's id to its id here.
 */
const SHOTS = process.env.POLL_SHOTS;

async function seriousViolations(page: Page, view: string, include: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(include).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.flatMap((v) => [
    `[${view}] ${v.impact} ${v.id}: ${v.help}`,
    ...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  ]);
  if (lines.length) console.error(lines.join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

describe('live polls', { timeout: 45_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let chairContext: BrowserContext;
  let attendeeContext: BrowserContext;
  let chair: Page;
  let attendee: Page;
  let present: Page;
  let errors: string[][] = [];
  const ids: Record<string, string> = {};
  const id = (demoId: string) => {
    const found = ids[demoId];
    if (!found) throw new Error(`no poll for ${demoId}`);
    return found;
  };

  async function seedDemoPolls(): Promise<void> {
    const socket = await client(server.origin, new URL(server.link('Chair · Plenary').url).searchParams.get('t')!);
    try {
      const existing = new Map((await snapshotOf(socket)).polls.polls.map((p) => [p.question, p.id]));
      for (const { id: demoId, ...draft } of demoPolls()) {
        const known = existing.get(draft.question);
        if (known) ids[demoId] = known;
        else {
          const reply = await call(socket, 'poll:create', { opId: opId(), draft });
          if (!reply.ok) throw new Error(`poll:create ${demoId}: ${reply.message}`);
          ids[demoId] = reply.pollId;
        }
      }
    } finally {
      socket.close();
    }
  }

  const chairPoll = (pollId: string) => chair.locator(`#polls [data-poll="${pollId}"]`);
  const attendeePoll = (page: Page, pollId: string) => page.locator(`#polls [data-poll="${pollId}"]`);
  const presentPoll = () => present.locator('.present-poll');
  const shot = async (target: Page | Locator, name: string) => {
    if (SHOTS) await target.screenshot({ path: `${SHOTS}/${name}.png` });
  };
  /** The result rows of a poll as "label: figures", as seen (without the text for screen readers only). */
  const rows = (scope: Locator) =>
    scope.locator('.poll-bar-row').evaluateAll((els) =>
      els.map((el) => {
        const seen = (sel: string) => {
          const copy = el.querySelector(sel)?.cloneNode(true) as HTMLElement | undefined;
          copy?.querySelectorAll('.sr-only').forEach((n) => n.remove());
          return copy?.textContent?.trim();
        };
        return `${seen('.poll-bar-label')}: ${seen('.poll-bar-figures')}`;
      }),
    );

  async function launch(pollId: string): Promise<void> {
    await chairPoll(pollId).getByRole('button', { name: 'Launch' }).click();
    await chair.locator(`#polls [data-poll="${pollId}"].poll-open`).waitFor();
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await seedDemoPolls();
    chairContext = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    attendeeContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    // Fail fast with the locator in the message rather than at the test's timeout.
    for (const c of [chairContext, attendeeContext]) c.setDefaultTimeout(5_000);
    chair = await chairContext.newPage();
    attendee = await attendeeContext.newPage();
    const presentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    presentContext.setDefaultTimeout(5_000);
    present = await presentContext.newPage();
    errors = [chair, attendee, present].map(watchErrors);
    await Promise.all([
      chair.goto(server.link('Chair · Plenary').url).then(() => chair.getByRole('heading', { level: 2, name: 'Polls' }).waitFor()),
      joinAsAttendee(attendee, server.attendeeUrl),
      present.goto(`${server.origin}/e/${server.code}/present/plenary`).then(() => present.getByText('with the code').waitFor()),
    ]);
    // Records what the polls' live region says, and when.
    await attendee.locator('#polls [role="status"]').waitFor({ state: 'attached' });
    await attendee.evaluate(() => {
      const log: { at: number; text: string }[] = [];
      Object.assign(window, { pollAnnouncements: log });
      new MutationObserver(() => {
        const text = document.querySelector('#polls [role="status"]')?.textContent ?? '';
        if (text && text !== log[log.length - 1]?.text) log.push({ at: Date.now(), text });
      }).observe(document.body, { childList: true, characterData: true, subtree: true });
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the demo drafts to the chair only; the attendee sees that no poll is open', async () => {
    await chairPoll(id('d2-s2-issuing')).waitFor();
    const drafts = chair.locator('#polls .poll-console.poll-draft');
    expect(await drafts.count()).toBe(7);
    expect(await attendee.locator('#polls').innerText()).toContain('No poll is open in this room right now.');
    expect(await present.locator('.present-poll').count()).toBe(0);
  });

  it('launches a single-choice poll in one click; the attendee votes and changes the vote; two tabs are one voter; the present view shows bars', async () => {
    await launch(id('d2-s2-issuing'));
    // The poll moved to the "Open" group; the focus went with it.
    await expect.poll(() => chair.evaluate(() => document.activeElement?.getAttribute('data-poll-console'))).toBe(id('d2-s2-issuing'));
    const poll = attendeePoll(attendee, id('d2-s2-issuing'));
    await poll.getByRole('group', { name: /Does your organisation issue.*Choose one answer/ }).waitFor();
    expect(await poll.innerText()).toContain('You can change your vote until the poll closes; the last vote counts.');

    await poll.getByRole('radio', { name: 'Both' }).check();
    await poll.getByRole('button', { name: 'Vote' }).click();
    await poll.getByText('Your vote:').waitFor();
    expect(await poll.locator('.poll-myvote').innerText()).toContain('Your vote: Both');
    // Focus moves to the confirmation, so that a screen reader reads it.
    expect(await attendee.evaluate(() => document.activeElement?.classList.contains('poll-myvote'))).toBe(true);

    // A second tab of the same attendee shows the same vote, and follows a change made in the first.
    const tab2 = await attendeeContext.newPage();
    await tab2.goto(server.attendeeUrl);
    await attendeePoll(tab2, id('d2-s2-issuing')).getByText('Your vote: Both').waitFor();

    await poll.getByRole('button', { name: 'Change your vote' }).click();
    expect(await poll.getByRole('radio', { name: 'Both' }).isChecked()).toBe(true);
    await poll.getByRole('radio', { name: 'No', exact: true }).check();
    await poll.getByRole('button', { name: 'Update your vote' }).click();
    await poll.getByText('Your vote: No').waitFor();
    await attendeePoll(tab2, id('d2-s2-issuing')).getByText('Your vote: No').waitFor();
    await tab2.close();

    // The present view: the question large, bars with counts and percentages; one voter (two tabs, one person).
    await presentPoll()
      .getByRole('heading', { level: 2, name: /Does your organisation issue/ })
      .waitFor();
    await presentPoll().getByText('1 voter', { exact: true }).waitFor();
    await expect
      .poll(() => rows(presentPoll()))
      .toEqual([
        'Yes, we issue them: 0 votes · 0%',
        'Yes, we recognise them: 0 votes · 0%',
        'Both: 0 votes · 0%',
        'Not yet, but it is planned: 0 votes · 0%',
        'No: 1 vote · 100%',
      ]);
    const widths = await presentPoll()
      .locator('.poll-bar-fill')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).style.width));
    expect(widths).toEqual(['0%', '0%', '0%', '0%', '100%']);
    // The chair sees the same, live.
    await chairPoll(id('d2-s2-issuing')).getByText('1 voter', { exact: true }).waitFor();
    await shot(present, 'present-single');
    await shot(attendee, 'attendee-single');
  });

  it('keeps “reveal” results hidden (no count on the big screen) until the chair reveals them', async () => {
    await launch(id('d2-s3-missing'));
    const poll = attendeePoll(attendee, id('d2-s3-missing'));
    await poll.getByLabel('Word 1').fill('Trust ');
    await poll.getByLabel(/Word 2/).fill('RECOGNITION');
    await poll.getByRole('button', { name: 'Vote' }).click();
    // Folded for case and spacing, as the server counts them.
    await poll.getByText('Your vote: trust, recognition').waitFor();
    expect(await poll.innerText()).toContain('The chair will share the results later.');
    expect(await poll.locator('.poll-results').count()).toBe(0);

    // The newest open poll is on the big screen, its results hidden, and the number of voters too.
    await presentPoll()
      .getByRole('heading', { level: 2, name: /what is still missing/ })
      .waitFor();
    await presentPoll().getByText('Results will be shown later').waitFor();
    expect(await presentPoll().innerText()).not.toMatch(/voter/);
    await shot(present, 'present-hidden');

    await chairPoll(id('d2-s3-missing')).getByText('trust').waitFor();
    await chairPoll(id('d2-s3-missing')).getByRole('button', { name: 'Reveal results' }).click();
    await chairPoll(id('d2-s3-missing')).getByRole('button', { name: 'Hide results' }).waitFor();
    await poll.locator('.poll-cloud').getByText('trust').waitFor();
    await presentPoll().locator('.poll-cloud').getByText('recognition').waitFor();
    expect(await presentPoll().innerText()).toContain('1 voter');
    await shot(present, 'present-cloud');
  });

  it('takes a ranking by keyboard alone (Move up / Move down, then the Vote button)', async () => {
    await launch(id('d2-s3-priorities'));
    const poll = attendeePoll(attendee, id('d2-s3-priorities'));
    const order = () => poll.locator('.poll-rank-label').allInnerTexts();
    const focused = () => attendee.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    await poll.getByRole('button', { name: 'Move down: Labour-market value and employer recognition' }).focus();
    await attendee.keyboard.press('Enter');
    await attendee.keyboard.press('Space');
    expect(await order()).toEqual([
      'Quality assurance',
      'Stacking into full qualifications',
      'Labour-market value and employer recognition',
      'Access for vulnerable groups',
      'Long-term learner outcomes',
    ]);
    // The focus stays on the moved item's button.
    expect(await focused()).toBe('Move down: Labour-market value and employer recognition');

    await poll.getByRole('button', { name: 'Move up: Long-term learner outcomes' }).focus();
    for (let i = 0; i < 4; i++) await attendee.keyboard.press('Enter');
    // At the top, "Move up" is disabled: the focus went to its "Move down".
    expect(await focused()).toBe('Move down: Long-term learner outcomes');
    expect(await order()).toEqual([
      'Long-term learner outcomes',
      'Quality assurance',
      'Stacking into full qualifications',
      'Labour-market value and employer recognition',
      'Access for vulnerable groups',
    ]);
    for (let i = 0; i < 20 && (await focused()) !== 'Vote'; i++) await attendee.keyboard.press('Tab');
    expect(await focused()).toBe('Vote');
    await attendee.keyboard.press('Enter');
    await poll.getByText('Your vote:').waitFor();
    expect(await poll.locator('.poll-myvote-order li').allInnerTexts()).toEqual([
      'Long-term learner outcomes',
      'Quality assurance',
      'Stacking into full qualifications',
      'Labour-market value and employer recognition',
      'Access for vulnerable groups',
    ]);

    // Results by Borda points, the method stated.
    const results = chairPoll(id('d2-s3-priorities'));
    await results.getByText('Borda points: 4 for first place', { exact: false }).waitFor();
    await results.locator('.poll-bar-row').first().getByText('Long-term learner outcomes').waitFor();
    expect((await rows(results))[0]).toBe('1. Long-term learner outcomes: 4 points · average position 1');
  });

  it('closes a poll: the attendee sees it closed with its results and can no longer vote', async () => {
    await chairPoll(id('d2-s2-issuing')).getByRole('button', { name: 'Close' }).click();
    const poll = attendeePoll(attendee, id('d2-s2-issuing'));
    await poll.getByText('This poll is closed: voting has ended.').waitFor();
    expect(await poll.getByRole('radio').count()).toBe(0);
    expect(await poll.getByRole('button').count()).toBe(0);
    expect(await poll.innerText()).toContain('Your vote: No');
    expect(await rows(poll)).toContain('No: 1 vote · 100%');
    await chair
      .locator(`#polls [data-poll="${id('d2-s2-issuing')}"].poll-closed`)
      .getByRole('button', { name: 'Reopen' })
      .waitFor();
  });

  it('exports a poll’s results as a CSV file with a UTF-8 BOM', async () => {
    const [download] = await Promise.all([chair.waitForEvent('download'), chairPoll(id('d2-s2-issuing')).getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^mc2023-poll-does-your-organisation.*\.csv$/);
    const bytes = fs.readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain('Does your organisation issue or recognise digital credentials today?');
    expect(text).toContain('No,1,100%');
  });

  it('creates a draft with the form (checking it first) and edits it', async () => {
    await chair.locator('#polls').getByRole('button', { name: 'New poll' }).click();
    const form = chair.locator('#polls form.poll-editor');
    await form.getByLabel('Type').selectOption('multiple');
    await form.getByRole('button', { name: 'Save as draft' }).click();
    // Nothing typed: the question is refused, with the focus on it.
    await form.getByText('Write a question of at least 3 characters.').waitFor();
    expect(await chair.evaluate(() => document.activeElement?.id)).toBe(await form.getByLabel('Question').getAttribute('id'));
    await form.getByLabel('Question').fill('Which sessions did you attend?');
    await form.getByLabel('Option 1', { exact: true }).fill('Session 1');
    await form.getByLabel('Option 2', { exact: true }).fill('Session 2');
    await form.getByRole('button', { name: 'Add an option' }).click();
    await form.getByLabel('Option 3', { exact: true }).fill('Session 3');
    await form.getByLabel(/Most picks per person/).fill('2');
    await form.getByRole('radio', { name: 'Only when I reveal them' }).check();
    await form.getByRole('button', { name: 'Save as draft' }).click();
    const draft = chair.locator('#polls .poll-console.poll-draft', { hasText: 'Which sessions did you attend?' });
    await draft.waitFor();
    expect(await draft.innerText()).toContain('Multiple choice');
    expect(await draft.innerText()).toContain('only when you reveal them');

    await draft.getByRole('button', { name: 'Edit' }).click();
    const edit = chair.locator('#polls form.poll-editor');
    await edit.getByLabel('Question').fill('Which sessions did you attend today?');
    await edit.getByRole('button', { name: 'Remove option 3: Session 3' }).click();
    await edit.getByRole('button', { name: 'Save the draft' }).click();
    const edited = chair.locator('#polls .poll-console.poll-draft', { hasText: 'Which sessions did you attend today?' });
    await edited.waitFor();
    expect(await edited.locator('.poll-draft-options li').allInnerTexts()).toEqual(['Session 1', 'Session 2']);

    await edited.getByRole('button', { name: 'Delete' }).click();
    await edited.getByRole('button', { name: 'Yes, delete' }).click();
    await edited.waitFor({ state: 'detached' });
  });

  it('caps multiple picks in the form; no serious or critical axe violations in the attendee’s polls, light and dark', async () => {
    // Every form type open at once (the single-choice one is closed with results).
    for (const demoId of ['d2-s2-technologies', 'd2-s2-interoperability', 'd2-s3-tools']) await launch(id(demoId));
    const found: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    context.setDefaultTimeout(5_000);
    const page = await context.newPage();
    await joinAsAttendee(page, server.attendeeUrl);
    await attendeePoll(page, id('d2-s3-tools')).getByLabel('Your answer').waitFor();

    const multiple = attendeePoll(page, id('d2-s2-technologies'));
    await multiple.getByRole('checkbox', { name: 'Open Badges' }).check();
    await multiple.getByRole('checkbox', { name: 'Digital identity wallets' }).check();
    expect(await multiple.getByRole('checkbox', { name: 'AI for skills matching' }).isDisabled()).toBe(true);
    expect(await multiple.innerText()).toContain('2 of 2 picked');
    await attendeePoll(page, id('d2-s2-interoperability')).getByRole('radio', { name: '5 (Seamlessly)' }).check();

    found.push(...(await seriousViolations(page, 'attendee', '#polls')));
    await shot(page.locator('#polls'), 'attendee-forms');
    await page.emulateMedia({ colorScheme: 'dark' });
    found.push(...(await seriousViolations(page, 'attendee (dark)', '#polls')));
    await shot(page.locator('#polls'), 'attendee-forms-dark');
    await context.close();
    expect(found).toEqual([]);
  });

  it('has no serious or critical axe violations in the chair’s console and on the present view, light and dark', async () => {
    const found: string[] = [];
    found.push(...(await seriousViolations(chair, 'chair', '#polls')));
    await shot(chair.locator('#polls'), 'chair');
    await chair.emulateMedia({ colorScheme: 'dark' });
    found.push(...(await seriousViolations(chair, 'chair (dark)', '#polls')));
    await chair.emulateMedia({ colorScheme: 'light' });

    await presentPoll()
      .getByRole('heading', { level: 2, name: /supporting tool/ })
      .waitFor();
    found.push(...(await seriousViolations(present, 'present', '.present-poll')));
    await present.emulateMedia({ colorScheme: 'dark' });
    found.push(...(await seriousViolations(present, 'present (dark)', '.present-poll')));
    expect(found).toEqual([]);
  });

  it('fits a 320 px side panel with polls open, for the attendee and the chair (with the form open): no horizontal scroll', async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
    narrow.setDefaultTimeout(5_000);
    const page = await narrow.newPage();
    await joinAsAttendee(page, server.attendeeUrl);
    await attendeePoll(page, id('d2-s3-priorities')).getByRole('button', { name: 'Move up: Quality assurance' }).waitFor();
    await attendeePoll(page, id('d2-s2-issuing')).locator('.poll-bar-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await shot(page.locator('#polls'), 'attendee-320');

    await page.goto(server.link('Chair · Plenary').url);
    await page.locator('#polls').getByRole('button', { name: 'New poll' }).click();
    await page.locator('#polls form').getByLabel('Type').selectOption('rating');
    await page.locator('#polls .poll-console.poll-closed').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await shot(page.locator('#polls'), 'chair-320');
    await narrow.close();
  });

  it('announces changes in a polite live region, at most every 5 seconds', async () => {
    const log = await attendee.evaluate(() => (window as unknown as { pollAnnouncements: { at: number; text: string }[] }).pollAnnouncements);
    expect(log.length).toBeGreaterThanOrEqual(1);
    // A poll opening is said once, by the "New poll: vote" toast (test/browser/attendee-panel.test.ts): this region
    // does not say it again.
    expect(log.filter((a) => a.text.includes('New poll'))).toHaveLength(0);
    expect(log.some((a) => /Results: \d+ voters?\./.test(a.text))).toBe(true);
    for (let i = 1; i < log.length; i++) expect(log[i]!.at - log[i - 1]!.at).toBeGreaterThanOrEqual(4_800);
    expect(await attendee.locator('#polls [role="status"]').getAttribute('aria-live')).toBe('polite');
  });

  it('ran without page errors', () => {
    expect(errors.flat()).toEqual([]);
  });
});
