/**
 * Screenshots of the main views for docs/screenshots (not a test): `npx vite build && npx tsx test/browser/screenshots.ts`.
 * Options: SCHEME=dark for the dark scheme; OUT=<dir> to write elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { itemCard, joinAsAttendee, launchBrowser, startServer } from '../helpers/browser';

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

    const orgContext = await browser.newContext({ ...options, viewport: { width: 1280, height: 900 } });
    const organiser = await orgContext.newPage();
    await organiser.goto(server.link('Organiser').url);
    await organiser.getByRole('img', { name: /QR code/ }).waitFor();
    await organiser.getByRole('table').waitFor();
    await organiser.screenshot({ path: path.join(out, `organiser${suffix}.png`) });

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
