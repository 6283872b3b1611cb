/**
 * Screenshots of the main views for docs/screenshots (not a test): `npx vite build && npx tsx test/browser/screenshots.ts`.
 * Options: SCHEME=dark for the dark scheme; OUT=<dir> to write elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { itemCard, joinAsAttendee, launchBrowser, startServer } from '../helpers/browser';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';

/** Some activity for the pictures: questions with upvotes, one being answered, and an open poll with votes. */
async function seedActivity(base: string, chairToken: string): Promise<void> {
  let n = 0;
  const opId = () => `shot-${Date.now()}-${++n}`;
  const open = async (token: string) => {
    const s = io(base, { auth: { v: PROTOCOL_VERSION, token }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((r) => s.once('connect', () => r()));
    return s;
  };
  const chair = await open(chairToken);
  await chair.emitWithAck('qa:settings', { opId: opId(), roomId: 'plenary', premoderation: false });
  await chair.emitWithAck('poll:control', { opId: opId(), pollId: 'd2-s2-issuing', action: 'launch' });
  const people = await Promise.all(
    ['Maria', undefined, 'Jonas', undefined, 'Elena', undefined, undefined].map(async (name) => {
      const res = await fetch(`${base}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'MC2023', name }),
      });
      return open(((await res.json()) as { token: string }).token);
    }),
  );
  const questions = [
    ['How can social partners make sure microcredentials are recognised in collective agreements?', false],
    ['Will the Council Recommendation be followed by a common quality framework?', true],
    ['How do we keep microcredentials accessible for people who are unemployed?', false],
  ] as const;
  const ids: string[] = [];
  for (const [i, [text, anonymous]] of questions.entries()) {
    const r = await people[i]!.emitWithAck('qa:ask', { opId: opId(), roomId: 'plenary', text, target: null, anonymous });
    ids.push(r.questionId);
  }
  for (const [i, p] of people.entries()) {
    // Nobody upvotes their own question (the first two askers upvote each other's).
    await p.emitWithAck('qa:upvote', { opId: opId(), questionId: ids[(i + 1) % 2]!, up: true });
    if (i % 3 === 0) await p.emitWithAck('qa:upvote', { opId: opId(), questionId: ids[2]!, up: true });
    await p.emitWithAck('poll:vote', {
      opId: opId(),
      pollId: 'd2-s2-issuing',
      choice: { type: 'single', option: ['issue', 'recognise', 'both', 'planned', 'both', 'recognise', 'issue'][i]! },
    });
  }
  const chatLines = ['Good morning from Lisbon!', 'Will the slides be shared after the session?', 'Thanks, very clear so far.'];
  for (const [i, text] of chatLines.entries()) await people[i + 2]!.emitWithAck('chat:post', { opId: opId(), roomId: 'plenary', text });
  await chair.emitWithAck('qa:answerNow', { opId: opId(), roomId: 'plenary', questionId: ids[0] });
  for (const s of [chair, ...people]) s.close();
}

const out = process.env.OUT ?? fileURLToPath(new URL('../../docs/screenshots', import.meta.url));
const colorScheme = process.env.SCHEME === 'dark' ? 'dark' : 'light';
const suffix = colorScheme === 'dark' ? '-dark' : '';

async function main(): Promise<void> {
  fs.mkdirSync(out, { recursive: true });
  const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  try {
    const options = { timezoneId: 'Europe/London', colorScheme, deviceScaleFactor: 1 } as const;

    // The chair sets Session 1 live, so that the views show a live item.
    const chairContext = await browser.newContext({ ...options, viewport: { width: 1280, height: 900 } });
    const chair = await chairContext.newPage();
    await chair.goto(server.link('Chair · Plenary').url);
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Set live' }).click();
    await itemCard(chair, 'd1-s1').getByRole('button', { name: 'Live now' }).waitFor();
    await seedActivity(new URL(server.attendeeUrl).origin, new URL(server.link('Chair · Plenary').url).searchParams.get('t')!);
    await chair.mouse.move(0, 0);
    await chair.evaluate(() => window.scrollTo(0, 0));
    await chair.waitForTimeout(5_500); // let the confirmation toast fade
    await chair.screenshot({ path: path.join(out, `chair${suffix}.png`) });

    const desktop = await browser.newContext({ ...options, viewport: { width: 1280, height: 800 } });
    const attendee = await desktop.newPage();
    await joinAsAttendee(attendee, server.attendeeUrl);
    await itemCard(attendee, 'd1-s1').getByText('Live now').waitFor();
    await attendee.screenshot({ path: path.join(out, `attendee-desktop${suffix}.png`) });

    const mobile = await browser.newContext({ ...options, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const phone = await mobile.newPage();
    await joinAsAttendee(phone, server.attendeeUrl, 'Ada');
    await phone.locator('#now').getByText('Live now').waitFor();
    await phone.screenshot({ path: path.join(out, `attendee-mobile${suffix}.png`) });

    // The side panel as browsers set to French and German get it.
    for (const locale of ['fr-FR', 'de-DE']) {
      const localized = await browser.newContext({ ...options, locale, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      const page = await localized.newPage();
      await page.goto(server.attendeeUrl);
      await page.locator('form button[type="submit"]').first().click();
      await page.locator('#now .live-card').waitFor();
      await page.screenshot({ path: path.join(out, `attendee-mobile-${locale.slice(0, 2)}${suffix}.png`) });
      await localized.close();
    }

    // The plenary's chat on the phone, below the questions.
    await phone.locator('#chat').getByText('Thanks, very clear so far.').waitFor();
    await phone.locator('#chat').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(out, `chat-mobile${suffix}.png`) });

    // A breakout's rapporteur writing the summary, with what the room produced beside the editor.
    const rapporteurContext = await browser.newContext({ ...options, viewport: { width: 1280, height: 900 } });
    const rapporteur = await rapporteurContext.newPage();
    await rapporteur.goto(server.link('Rapporteur · Breakout 1').url);
    await rapporteur
      .locator('#summary textarea')
      .first()
      .fill('- Trust needs **transparent quality assurance** of providers\n- Portability: one European format for the credentials');
    await rapporteur.locator('#summary textarea').nth(1).focus();
    await rapporteur.locator('.summary-save-state').getByText(/Saved/).waitFor();
    await rapporteur.locator('#summary .summary-status', { hasText: 'Drafting' }).waitFor();
    await rapporteur.locator('#summary li').first().waitFor();
    await rapporteur.mouse.move(0, 0);
    await rapporteur.screenshot({ path: path.join(out, `rapporteur${suffix}.png`) });

    const orgContext = await browser.newContext({ ...options, viewport: { width: 1280, height: 900 } });
    const organiser = await orgContext.newPage();
    await organiser.goto(server.link('Organiser').url);
    await organiser.getByRole('img', { name: /QR code/ }).waitFor();
    await organiser.locator('table.links-table').waitFor();
    await organiser.screenshot({ path: path.join(out, `organiser${suffix}.png`) });

    const presentContext = await browser.newContext({ ...options, viewport: { width: 1280, height: 720 } });
    const present = await presentContext.newPage();
    await present.goto(`${new URL(server.attendeeUrl).origin}/e/MC2023/present/plenary`);
    await present.getByText('How can social partners').first().waitFor();
    await present.waitForTimeout(800);
    await present.screenshot({ path: path.join(out, `present${suffix}.png`) });

    // The organiser's live figures (the counts are written every few seconds, the card asks every ten).
    const figures = organiser.locator('#attendance');
    await figures.scrollIntoViewIfNeeded();
    await figures.locator('.figures-totals dd').first().filter({ hasNotText: /^0$/ }).waitFor({ timeout: 30_000 });
    // The chart needs the first attendance sample, taken once a minute.
    await figures.getByRole('img', { name: 'People connected over time, per room' }).waitFor({ timeout: 75_000 });
    await figures.screenshot({ path: path.join(out, `overview${suffix}.png`) });

    // The end-of-event report as the organiser previews it (the same page the public sees once published).
    const reportContext = await browser.newContext({
      ...options,
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${new URL(server.link('Organiser').url).searchParams.get('t')!}` },
    });
    const report = await reportContext.newPage();
    await report.goto(`${new URL(server.attendeeUrl).origin}/report/MC2023?lang=en`);
    await report.locator('#glance').waitFor();
    await report.screenshot({ path: path.join(out, `report${suffix}.png`) });

    // A breakout slot opens: the side panel offers its three sessions side by side (stacked at 360 px).
    const breakoutChair = await chairContext.newPage();
    await breakoutChair.goto(server.link('Chair · Breakout 1').url);
    await itemCard(breakoutChair, 'd1-breakout-1').getByRole('button', { name: 'Set live' }).click();
    await phone.locator('#breakouts').waitFor();
    await phone.locator('#breakouts').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(out, `breakouts-mobile${suffix}.png`) });

    if (process.env.FULL) {
      await attendee.screenshot({ path: path.join(out, `attendee-desktop-full${suffix}.png`), fullPage: true });
      await phone.screenshot({ path: path.join(out, `attendee-mobile-full${suffix}.png`), fullPage: true });
      await organiser.screenshot({ path: path.join(out, `organiser-full${suffix}.png`), fullPage: true });
      await chair.screenshot({ path: path.join(out, `chair-full${suffix}.png`), fullPage: true });
    }
    console.log(`Screenshots written to ${out}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
