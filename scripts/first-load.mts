// The attendee's first load on a slow connection: `npx vite build` first, then `npm run first-load`
// (npx tsx scripts/first-load.mts). Starts the app in-process on the built client (test/helpers/browser.ts: an
// embedded store in a temporary folder, the demo event) and opens /e/CODE in Chromium with the network throttled
// through CDP (150 ms latency, 1.6 Mbps down, 750 kbps up), each load in a fresh context (an empty cache).
// Prints, per load and as the median of LOADS (3): the script and style bytes received on the wire (CDP's
// encodedDataLength: compressed bodies plus response headers), every byte received, and the time from the
// navigation's start until the join page's Join button is visible and enabled (the page's own clock).
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, startServer } from '../test/helpers/browser';

const LOADS = Number(process.env.LOADS ?? 3);
const CONDITIONS = {
  offline: false,
  latency: 150, // ms, added to every request's round trip
  downloadThroughput: (1.6 * 1_000_000) / 8, // bytes/s
  uploadThroughput: (750 * 1_000) / 8, // bytes/s
};

interface Load {
  scriptBytes: number;
  styleBytes: number;
  allBytes: number;
  requests: number;
  /** ms from the navigation's start until the Join button is visible and enabled. */
  joinReadyMs: number;
  files: string[];
}

/** Bytes on the wire per request, by the resource type Chromium gives it, from the CDP Network domain. */
function watchNetwork(cdp: CDPSession) {
  const types = new Map<string, { type: string; url: string }>();
  const finished: { type: string; url: string; bytes: number }[] = [];
  cdp.on('Network.requestWillBeSent', (e) => types.set(e.requestId, { type: e.type ?? 'Other', url: e.request.url }));
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { type: e.type, url: e.response.url }));
  cdp.on('Network.loadingFinished', (e) => {
    const seen = types.get(e.requestId) ?? { type: 'Other', url: '?' };
    finished.push({ ...seen, bytes: e.encodedDataLength });
  });
  return finished;
}

async function loadOnce(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page: Page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', CONDITIONS);
    const finished = watchNetwork(cdp);

    await page.goto(url, { waitUntil: 'commit' });
    // Measured in the page: performance.now() counts from the navigation's start.
    const ready = await page.waitForFunction(
      () => {
        const button = [...document.querySelectorAll('button')].find((b) => /^Join/.test(b.textContent ?? ''));
        if (!button || button.disabled) return false;
        const box = button.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(button).visibility !== 'hidden' ? performance.now() : false;
      },
      undefined,
      { polling: 10, timeout: 60_000 },
    );
    const joinReadyMs = (await ready.jsonValue()) as number;
    // Whatever the page asked for at start (a lazy chunk, the live connection's first requests) finishes first.
    await page.waitForLoadState('networkidle');

    const sum = (type?: string) => finished.filter((f) => !type || f.type === type).reduce((total, f) => total + f.bytes, 0);
    return {
      scriptBytes: sum('Script'),
      styleBytes: sum('Stylesheet'),
      allBytes: sum(),
      requests: finished.length,
      joinReadyMs,
      files: finished.filter((f) => f.type === 'Script' || f.type === 'Stylesheet').map((f) => `${new URL(f.url).pathname} ${(f.bytes / 1000).toFixed(1)} kB`),
    };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
try {
  console.log(`first load of ${server.attendeeUrl}: latency ${CONDITIONS.latency} ms, 1.6 Mbps down, 750 kbps up, ${LOADS} loads, fresh context each`);
  const loads: Load[] = [];
  for (let i = 0; i < LOADS; i++) {
    const load = await loadOnce(browser, server.attendeeUrl);
    loads.push(load);
    console.log(
      `  load ${i + 1}: script ${kB(load.scriptBytes)}, style ${kB(load.styleBytes)}, all ${kB(load.allBytes)} in ${load.requests} requests; ` +
        `Join ready at ${Math.round(load.joinReadyMs)} ms`,
    );
    if (i === 0) for (const file of load.files) console.log(`    ${file}`);
  }
  const script = median(loads.map((l) => l.scriptBytes));
  const style = median(loads.map((l) => l.styleBytes));
  console.log(
    `median: script ${kB(script)} + style ${kB(style)} = ${kB(median(loads.map((l) => l.scriptBytes + l.styleBytes)))} on the wire ` +
      `(all ${kB(median(loads.map((l) => l.allBytes)))}); Join ready at ${Math.round(median(loads.map((l) => l.joinReadyMs)))} ms`,
  );
} finally {
  await browser.close();
  await server.close();
}
