import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadDemoProgramme } from '../../server/setup';
import { itemCard, launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/** The organiser's page: links (revoke, issue), the QR, and the programme import with its field-naming errors. */
describe('organiser view', { timeout: 20_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let organiser: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    organiser = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = watchErrors(organiser);
    await organiser.goto(server.link('Organiser').url);
    await organiser.locator('table.links-table').waitFor();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The table row of one of the demo event's links. */
  const row = (label: string) => organiser.locator(`tr[data-jti="${server.link(label).jti}"]`);

  it('shows the event code, the attendee link with its QR code, and every role link', async () => {
    expect(await organiser.locator('.event-code').innerText()).toBe('MC2023');
    const qr = organiser.getByRole('img', { name: /QR code to join/ });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;utf8,%3Csvg/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await organiser.getByText(server.attendeeUrl).count()).toBeGreaterThan(0);
    for (const link of server.links) await row(link.label).waitFor();
    expect(
      await row('Organiser')
        .getByRole('button', { name: /Revoke/ })
        .count(),
    ).toBe(0);
    expect(await organiser.getByRole('link', { name: 'Download the programme (.ics)' }).getAttribute('href')).toBe(
      `/api/events/${server.eventId}/programme.ics?lang=en`,
    );
    expect(await organiser.getByRole('link', { name: /Open the attendee view/ }).getAttribute('href')).toBe('/e/MC2023');
  });

  it('fits a 320 px panel: no horizontal scrolling on the organiser and chair views', async () => {
    const narrow = await browser.newPage({ viewport: { width: 320, height: 640 } });
    for (const url of [server.link('Organiser').url, server.link('Chair · Plenary').url]) {
      await narrow.goto(url);
      await narrow.locator('main h2').first().waitFor();
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(320);
    }
    // The links become cards; their buttons stay in view.
    const revoke = narrow.getByRole('button', { name: 'Revoke link: Chair · Plenary' });
    await narrow.goto(server.link('Organiser').url);
    await revoke.scrollIntoViewIfNeeded();
    const box = await revoke.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(320);
    await narrow.close();
  });

  it('revokes a chair link after confirming: its open page and a fresh visit both say the link is not valid', async () => {
    const link = server.link('Chair · Breakout 3');
    const holder = await browser.newPage();
    await holder.goto(link.url);
    await itemCard(holder, 'd1-breakout-3').getByRole('button', { name: 'Set live' }).waitFor();

    await row(link.label)
      .getByRole('button', { name: `Revoke link: ${link.label}` })
      .click();
    // Nothing happens before the confirmation.
    expect(await row(link.label).getByText('Active').count()).toBe(1);
    await row(link.label).getByRole('button', { name: 'Yes, revoke' }).click();
    await row(link.label)
      .getByText(/^Revoked/)
      .waitFor();

    // The holder's open page is told at once.
    await holder.getByRole('alert').filter({ hasText: 'This link is not valid (revoked or expired)' }).waitFor({ timeout: 2_000 });
    expect(await holder.getByRole('status').innerText()).toContain('Link not valid');
    // Opening the link again is refused at the handshake.
    const again = await browser.newPage();
    await again.goto(link.url);
    await again.getByRole('alert').filter({ hasText: 'This link is not valid (revoked or expired)' }).waitFor();
    expect(await again.getByRole('button', { name: 'Set live' }).count()).toBe(0);
    await holder.close();
    await again.close();

    // Other links are untouched.
    expect(await row('Chair · Breakout 2').getByText('Active').count()).toBe(1);
  });

  it('issues a new chair link that opens the chair view of its room', async () => {
    await organiser.getByLabel('Role', { exact: true }).selectOption('chair');
    await organiser.getByLabel('Room', { exact: true }).selectOption({ label: 'Breakout 2' });
    await organiser.getByRole('button', { name: 'Issue link' }).click();
    const issued = organiser.locator('.issued');
    await issued.waitFor();
    const url = await issued.locator('.url').innerText();
    expect(url).toMatch(/\/e\/MC2023\/chair\?t=/);
    await organiser.getByRole('row').filter({ hasText: 'Chair · Breakout 2' }).nth(1).waitFor();

    const chair = await browser.newPage();
    await chair.goto(url);
    await itemCard(chair, 'd1-breakout-2').getByRole('button', { name: 'Set live' }).waitFor();
    expect(await itemCard(chair, 'd1-s1').count()).toBe(0);
    await chair.close();
  });

  it('refuses an invalid programme file, naming the field, and changes nothing', async () => {
    const before = await server.agenda();
    const bad = loadDemoProgramme();
    const item = bad.items[3]!;
    bad.items[3] = { ...item, end: '09:00' };
    await organiser
      .getByLabel('Programme file (JSON)')
      .setInputFiles({ name: 'programme.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await organiser.getByRole('button', { name: 'Import programme' }).click();
    const alert = organiser.getByRole('alert').filter({ hasText: 'not imported' });
    await alert.waitFor();
    const text = await alert.innerText();
    // The problem is said once, in the list, with its field's path.
    expect(text.split('ends (09:00) before it starts (10:30)')).toHaveLength(2);
    expect(await alert.getByRole('listitem').allInnerTexts()).toEqual(['items[3].end: ends (09:00) before it starts (10:30)']);
    expect(text).toContain('not imported: one problem to fix');

    expect(await server.agenda()).toEqual(before);
    expect(await organiser.getByTestId('programme-summary').innerText()).toContain('19 items over 2 days');

    // Not JSON at all: said so without a request.
    await organiser.getByLabel('Programme file (JSON)').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{ nope') });
    await organiser.getByRole('button', { name: 'Import programme' }).click();
    await organiser.getByRole('alert').filter({ hasText: 'not valid JSON' }).waitFor();
    expect(await server.agenda()).toEqual(before);
  });

  it('A6 A11 imports a valid programme, says what it cleared and detached, and every view follows', async () => {
    // Something live before the import: the form says the import ended it.
    const chair = await browser.newPage();
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
    await expect.poll(async () => (await server.agenda()).live.plenary?.itemId).toBe('d1-s1');
    await chair.close();
    const attendee = await browser.newPage();
    await attendee.goto(server.attendeeUrl);
    await attendee.getByRole('button', { name: 'Join anonymously' }).click();
    await itemCard(attendee, 'd2-closing').waitFor({ state: 'attached' });

    const next = loadDemoProgramme();
    // d2-s3 has three of the demo's polls: they are kept without an item.
    next.items = next.items.filter((i) => i.id !== 'd2-closing' && i.id !== 'd2-s3');
    next.items[1] = { ...next.items[1]!, title: 'Welcome, and a word on the programme' };
    await organiser
      .getByLabel('Programme file (JSON)')
      .setInputFiles({ name: 'programme.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(next)) });
    expect(await organiser.getByText('Importing replaces the programme: nothing stays live').count()).toBe(1);
    await organiser.getByRole('button', { name: 'Import programme' }).click();
    const status = organiser.getByRole('status').filter({ hasText: 'Imported 17 items.' });
    await status.waitFor();
    expect(await status.innerText()).toBe('Imported 17 items. Rooms no longer live: 1. Polls kept without an item: 3.');
    await organiser.getByTestId('programme-summary').filter({ hasText: '17 items' }).waitFor();

    await attendee.getByRole('heading', { level: 3, name: 'Welcome, and a word on the programme' }).waitFor({ timeout: 2_000 });
    expect(await itemCard(attendee, 'd2-closing').count()).toBe(0);
    const agenda = await server.agenda();
    expect(agenda.programme.items).toHaveLength(17);
    expect(Object.values(agenda.live).filter((l) => l.itemId !== null)).toEqual([]);
    await attendee.close();
    // The refused import answered 400, which Chromium logs; nothing else went wrong.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
