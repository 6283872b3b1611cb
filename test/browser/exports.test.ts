import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { launchBrowser, startServer, watchErrors, type TestServer } from '../helpers/browser';

/**
 * The organiser's Exports card in a real browser against the real server: the workbook and a CSV downloaded with
 * the keyboard, read back (sheets, BOM, headers in the page's language); axe finds nothing serious, light and dark,
 * and it fits 320 px; in French the labels and the file's headers are French.
 */
async function seriousViolations(page: Page, view: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('#exports').analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) console.error(bad.map((v) => `[${view}] ${v.impact} ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`).join('\n'));
  return bad.map((v) => `${view}: ${v.id}`);
}

async function bytesOf(download: Download): Promise<Buffer> {
  return fs.readFileSync((await download.path())!);
}

describe('exports card', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function organiser(viewport = { width: 1280, height: 900 }, locale = 'en-GB', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport, locale, colorScheme, acceptDownloads: true });
    const page = await context.newPage();
    errors.push(...watchErrors(page));
    await page.goto(server.link('Organiser').url);
    await page.locator('#exports').waitFor();
    return page;
  }

  it('downloads the workbook and a CSV with the keyboard; axe finds nothing serious', async () => {
    const page = await organiser();
    const card = page.locator('#exports');
    await card.getByRole('heading', { name: 'Exports' }).waitFor();

    const workbookButton = card.getByRole('button', { name: 'Download the workbook (XLSX)' });
    await workbookButton.focus();
    const [workbookFile] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(workbookFile.suggestedFilename()).toBe('MC2023-workbook.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await bytesOf(workbookFile)).buffer);
    expect(workbook.worksheets.map((w) => w.name)).toContain('Key-topic contributions');
    expect(workbook.worksheets).toHaveLength(9);
    expect(workbook.getWorksheet('Programme')!.getRow(1).getCell(2).value).toBe('Start (Europe/Brussels)');

    const list = card.getByRole('list', { name: 'Tables as CSV' });
    expect(await list.getByRole('button').count()).toBe(9);
    await list.getByRole('button', { name: 'Questions (CSV)' }).focus();
    const [csvFile] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Space')]);
    expect(csvFile.suggestedFilename()).toBe('MC2023-questions.csv');
    const csv = (await bytesOf(csvFile)).toString('utf8');
    expect(csv.split('\n')[0]).toBe('\uFEFFRoom,Session,Question,Display name,Status,Upvotes,Reply,Asked at (Europe/Brussels),Replied at (Europe/Brussels)');

    expect(await seriousViolations(page, 'organiser')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('fits 320 px in the dark scheme, with nothing serious for axe; French labels and French headers', async () => {
    const narrow = await organiser({ width: 320, height: 640 }, 'fr-FR', 'dark');
    const card = narrow.locator('#exports');
    await card.getByRole('heading', { name: 'Exports' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    for (const button of await card.getByRole('button').all()) {
      const box = await button.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(320);
    }
    expect(await seriousViolations(narrow, 'organiser, 320 px, dark, French')).toEqual([]);
    const [file] = await Promise.all([narrow.waitForEvent('download'), card.getByRole('button', { name: 'Contributions aux thèmes clés (CSV)' }).click()]);
    expect(file.suggestedFilename()).toBe('MC2023-contributions.csv');
    expect((await bytesOf(file)).toString('utf8').split('\n')[0]).toBe(
      '\uFEFFAtelier,Thème clé,Contribution,Nom affiché,Soutiens,Statut,Heure (Europe/Brussels)',
    );
    await card.getByRole('button', { name: 'Télécharger le classeur (XLSX)' }).waitFor();
    expect(errors).toEqual([]);
  });
});
