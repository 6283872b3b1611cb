import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/** The organiser's Backup card: the whole event downloads from the keyboard, in every language, and axe is content. */
describe('backup card', { timeout: 30_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('K1 K2 downloads the whole event from the keyboard, and says so', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const errors = watchErrors(page);
    await page.goto(server.link('Organiser').url);
    const card = page.getByRole('region', { name: 'Backup' });
    const button = card.getByRole('button', { name: 'Download the whole event' });
    await button.focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^MC2023-backup-\d{4}-\d{2}-\d{2}\.json\.gz$/);
    const file = JSON.parse(zlib.gunzipSync(fs.readFileSync((await download.path())!)).toString('utf8'));
    expect(file).toMatchObject({ format: 'session-companion-backup', code: 'MC2023', eventId: server.eventId });
    await card.getByRole('status').getByText(`Downloaded ${download.suggestedFilename()}.`).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks French and German', async () => {
    for (const [locale, heading, label] of [
      ['fr-FR', 'Sauvegarde', 'Télécharger tout l’événement'],
      ['de-DE', 'Sicherung', 'Ganze Veranstaltung herunterladen'],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(server.link('Organiser').url);
      await page.getByRole('region', { name: heading }).getByRole('button', { name: label }).waitFor();
      await context.close();
    }
  });

  it('has nothing serious for axe, in the light and the dark scheme, and fits 320 px', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme, viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      await page.goto(server.link('Organiser').url);
      const card = page.locator('#backup');
      await card.getByRole('button').waitFor();
      const results = await new AxeBuilder({ page }).include('#backup').analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${colorScheme}: ${v.id}`);
      expect(bad).toEqual([]);
      const box = await card.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(320);
      await context.close();
    }
  });
});
