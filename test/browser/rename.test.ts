import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { joinAsAttendee, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * "Change name" in a real browser against the real server: the attendee joins, votes and asks, then changes their
 * name in place. They stay the same person: the vote stays recorded (no vote form comes back), the chair still
 * counts one voter, their pending question stays theirs, and the new name shows, in this tab, in their other tab
 * and after a reload. A role name is refused as at join, changing nothing. The form works by keyboard and at 320 px.
 */
describe('changing one’s name', { timeout: 45_000 }, () => {
  const POLL = 'd2-s2-issuing';
  const QUESTION = 'Will the slides be shared after the session?';
  let server: TestServer;
  let browser: Browser;
  let attendeeContext: BrowserContext;
  let attendee: Page;
  let chair: Page;
  let errors: string[][] = [];

  const attendeePoll = (page: Page) => page.locator(`#polls [data-poll="${POLL}"]`);
  const chairPoll = () => chair.locator(`#polls [data-poll="${POLL}"]`);
  const myQuestion = (page: Page) => page.locator('#qa').getByRole('listitem').filter({ hasText: QUESTION });
  const meBar = (page: Page) => page.locator('.me-bar');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const chairContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    attendeeContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    // Fail fast with the locator in the message rather than at the test's timeout.
    for (const c of [chairContext, attendeeContext]) c.setDefaultTimeout(5_000);
    chair = await chairContext.newPage();
    attendee = await attendeeContext.newPage();
    errors = [chair, attendee].map(watchErrors);
    await Promise.all([
      chair.goto(server.link('Chair · Plenary').url).then(() => chair.getByRole('heading', { level: 2, name: 'Polls' }).waitFor()),
      joinAsAttendee(attendee, server.attendeeUrl, 'Ana'),
    ]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the vote, the count and the pending question; the new name shows here, in the other tab and after a reload', async () => {
    // The chair launches a poll; the attendee votes and asks a question (pre-moderation holds it as pending).
    await chairPoll().getByRole('button', { name: 'Launch' }).click();
    const poll = attendeePoll(attendee);
    await poll.getByRole('radio', { name: 'Both' }).check();
    await poll.getByRole('button', { name: 'Vote' }).click();
    await poll.getByText('Your vote: Both').waitFor();
    await chairPoll().getByText('1 voter', { exact: true }).waitFor();
    await attendee.locator('#ask-card').getByLabel('Your question').fill(QUESTION);
    await attendee.locator('#ask-card').getByRole('button', { name: 'Send question' }).click();
    await myQuestion(attendee).getByText('Waiting for the moderator').waitFor();
    // A second tab of the same person.
    const tab2 = await attendeeContext.newPage();
    errors.push(watchErrors(tab2));
    await tab2.goto(server.attendeeUrl);
    await attendeePoll(tab2).getByText('Your vote: Both').waitFor();
    expect(await meBar(tab2).innerText()).toMatch(/Joined as\s+Ana/);

    // Change name: the field offers the current name; type the new one, Enter.
    await meBar(attendee).getByRole('button', { name: 'Change name' }).click();
    const field = attendee.getByLabel(/Display name/);
    expect(await field.inputValue()).toBe('Ana');
    await field.fill('Ana Maria');
    await field.press('Enter');
    await meBar(attendee).getByText('Ana Maria', { exact: true }).waitFor();
    expect(await meBar(attendee).innerText()).toMatch(/Joined as\s+Ana Maria/);

    // Still the same person: no join page, the vote recorded (no vote form), the pending question still there.
    expect(await attendee.getByRole('button', { name: /^Join/ }).count()).toBe(0);
    await poll.getByText('Your vote: Both').waitFor();
    expect(await poll.getByRole('button', { name: 'Vote', exact: true }).count()).toBe(0);
    expect(await poll.getByRole('radio').count()).toBe(0);
    await myQuestion(attendee).getByText('Waiting for the moderator').waitFor();
    // Questions are now shown with the new name when not anonymous.
    await attendee.locator('#ask-card').getByRole('checkbox', { name: 'Ask anonymously' }).uncheck();
    await attendee.locator('#ask-card').getByText('Shown as Ana Maria.').waitFor();

    // Changing the vote after the rename: still one voter for the chair.
    await poll.getByRole('button', { name: 'Change your vote' }).click();
    await poll.getByRole('radio', { name: 'No', exact: true }).check();
    await poll.getByRole('button', { name: 'Update your vote' }).click();
    await poll.getByText('Your vote: No').waitFor();
    await chairPoll().locator('.poll-bar-row.is-top .poll-bar-label', { hasText: /^No$/ }).waitFor();
    expect(await chairPoll().getByText('1 voter', { exact: true }).count()).toBe(1);
    expect(
      await chairPoll()
        .getByText(/2 voters/)
        .count(),
    ).toBe(0);

    // The other tab was told: it shows the new name, and keeps the person's vote.
    await meBar(tab2).getByText('Ana Maria', { exact: true }).waitFor();
    await attendeePoll(tab2).getByText('Your vote: No').waitFor();
    await tab2.close();
    for (const e of errors) expect(e).toEqual([]);

    // A reload comes back as the same person, with the new name.
    await attendee.reload();
    await attendee.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();
    expect(await meBar(attendee).innerText()).toMatch(/Joined as\s+Ana Maria/);
    await attendeePoll(attendee).getByText('Your vote: No').waitFor();
    await myQuestion(attendee).getByText('Waiting for the moderator').waitFor();
    expect(await chairPoll().getByText('1 voter', { exact: true }).count()).toBe(1);
  });

  it('refuses a role name as the join does, in an alert, and changes nothing; by keyboard, Escape closes the form', async () => {
    await meBar(attendee).getByRole('button', { name: 'Change name' }).focus();
    await attendee.keyboard.press('Enter');
    const field = meBar(attendee).getByLabel(/Display name/);
    // The field has the focus, the current name selected (typing replaces it).
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await attendee.keyboard.type('Moderator');
    expect(await field.inputValue()).toBe('Moderator');
    await meBar(attendee).getByRole('button', { name: 'Save name' }).click();
    const alert = meBar(attendee).getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/looks like a role/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.press('Escape');
    await meBar(attendee).getByRole('button', { name: 'Change name' }).waitFor();
    // The focus is back on the button that opened the form.
    await expect.poll(() => attendee.evaluate(() => document.activeElement?.textContent)).toBe('Change name');
    expect(await meBar(attendee).innerText()).toMatch(/Joined as\s+Ana Maria/);
    // Nothing changed on the server either: a reload still says Ana Maria, the vote is still there.
    await attendee.reload();
    await attendee.getByRole('heading', { level: 2, name: 'Programme' }).waitFor();
    expect(await meBar(attendee).innerText()).toMatch(/Joined as\s+Ana Maria/);
    await attendeePoll(attendee).getByText('Your vote: No').waitFor();
  });

  it('works in a 320 px side panel: the form fits without horizontal scroll; an empty name is anonymous', async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
    narrow.setDefaultTimeout(5_000);
    const page = await narrow.newPage();
    const pageErrors = watchErrors(page);
    await joinAsAttendee(page, server.attendeeUrl, 'Grace');
    await meBar(page).getByRole('button', { name: 'Change name' }).click();
    await meBar(page)
      .getByLabel(/Display name/)
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await meBar(page)
      .getByLabel(/Display name/)
      .fill('');
    await meBar(page).getByRole('button', { name: 'Save name' }).click();
    await meBar(page).getByRole('button', { name: 'Change name' }).waitFor();
    expect(await meBar(page).innerText()).toMatch(/Joined as\s+anonymous/);
    // Saved: the focus is back on the button that opened the form.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Change name');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(pageErrors).toEqual([]);
    await narrow.close();
  });
});
