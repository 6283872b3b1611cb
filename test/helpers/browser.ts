import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../server/app';
import { configFromEnv } from '../../server/core/config';
import { EmbeddedStore } from '../../server/store/embedded';
import { DEMO_EVENT, demoPolls, ensureEvent, loadDemoProgramme } from '../../server/setup';
import { linkView } from '../../server/features/links/view';
import type { AgendaState, LinkRecord } from '../../shared/protocol/messages';

/**
 * Browser tests against the real server: the built client (dist/client), an embedded store in a temporary
 * folder, the demo event, and Chromium driven by playwright-core. Not a test file: also used by
 * test/browser/screenshots.ts.
 */

export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface RoleLink {
  label: string;
  role: LinkRecord['role'];
  roomScope: string;
  jti: string;
  url: string;
}

export interface TestServer {
  origin: string;
  port: number;
  code: string;
  eventId: string;
  /** /e/CODE */
  attendeeUrl: string;
  /** The demo event's role links, signed for this server ("Organiser", "Chair · Plenary", "Rapporteur · Breakout 1"...). */
  links: RoleLink[];
  link(label: string): RoleLink;
  /** The agenda as the store holds it now. */
  agenda(): Promise<AgendaState>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the app in-process on a free port with the demo event, serving the built client.
 * `clockAt`: the server's clock starts at that instant and runs from there (the browser keeps the real time,
 * so the client must go by the server's clock).
 */
export async function startServer(options: { clockAt?: number } = {}): Promise<TestServer> {
  if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error(`The client is not built: ${CLIENT_DIR}/index.html is missing. Run \`npx vite build\` (npm test does) before the browser tests.`);
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'companion-browser-'));
  const origin = `http://127.0.0.1:${port}`;
  const config = configFromEnv({
    PORT: String(port),
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'x'.repeat(40),
    PUBLIC_URL: origin,
    CLIENT_DIR,
  });
  const startedAt = Date.now();
  const clock = { now: options.clockAt === undefined ? () => Date.now() : () => options.clockAt! + (Date.now() - startedAt) };
  const store = new EmbeddedStore({ dir });
  await store.open();
  await ensureEvent(store, { ...DEMO_EVENT, programme: loadDemoProgramme(), polls: demoPolls(), now: clock.now() });
  const { server, io, auth } = createApp({ store, clock, config });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const docs = await store.read(DEMO_EVENT.id, ['access']);
  const records = (docs.access?.value as { links: LinkRecord[] } | undefined)?.links ?? [];
  const links: RoleLink[] = await Promise.all(
    records.map(async (record) => {
      const view = await linkView({ auth, publicUrl: origin }, DEMO_EVENT.id, DEMO_EVENT.code, record);
      return { label: record.label, role: record.role, roomScope: record.roomScope, jti: record.jti, url: view.url };
    }),
  );

  return {
    origin,
    port,
    code: DEMO_EVENT.code,
    eventId: DEMO_EVENT.id,
    attendeeUrl: `${origin}/e/${DEMO_EVENT.code}`,
    links,
    link(label) {
      const found = links.find((l) => l.label === label);
      if (!found) throw new Error(`No link labelled "${label}"; there are: ${links.map((l) => l.label).join(', ')}`);
      return found;
    },
    async agenda() {
      const read = await store.read(DEMO_EVENT.id, ['agenda']);
      return read.agenda?.value as AgendaState;
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Joins the demo event from the attendee page: anonymously, or with a name. Waits for the programme. */
export async function joinAsAttendee(page: Page, attendeeUrl: string, name?: string): Promise<void> {
  await page.goto(attendeeUrl);
  if (name) await page.getByLabel(/Display name/).fill(name);
  await page.getByRole('button', { name: name ? 'Join' : 'Join anonymously', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'Programme', exact: true }).waitFor();
}

/** The item card of a programme item, by id. */
export const itemCard = (page: Page, itemId: string) => page.locator(`article[data-item="${itemId}"]`);

/** Collects uncaught page errors and console errors, to assert a view ran cleanly. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}
