import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { Logger } from 'pino';

/**
 * The report's PDF: the system's Chromium prints the report's own HTML (its print stylesheet, A4), offline (no request
 * leaves the page, no script runs). One PDF at a time, a few waiting at most; each has a deadline. The browser starts
 * on the first PDF and closes after a quiet minute. A recent PDF of the same HTML is served again. Without a Chromium
 * on the machine every PDF is refused with `PdfError('unavailable')` and nothing else changes.
 */
export class PdfError extends Error {
  constructor(readonly kind: 'unavailable' | 'busy' | 'timeout') {
    super(`report PDF: ${kind}`);
    this.name = 'PdfError';
  }
}

export interface PdfOptions {
  /** Chromium's path; null: none found. */
  executablePath: string | null;
  timeoutMs?: number;
  idleMs?: number;
  /** PDFs waiting behind the one being printed. */
  maxWaiting?: number;
  log?: Logger;
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** `CHROMIUM_PATH` when set (an empty or missing file: no PDFs), else the first system Chromium found. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const exists = (p: string) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (env.CHROMIUM_PATH !== undefined) return env.CHROMIUM_PATH && exists(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CHROMIUM_CANDIDATES.find(exists) ?? null;
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CACHED = 4;

export class PdfPrinter {
  private browser: Promise<Browser> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private idle: NodeJS.Timeout | null = null;
  private readonly cache = new Map<string, Buffer>();
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly maxWaiting: number;

  constructor(private readonly options: PdfOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.idleMs = options.idleMs ?? 60_000;
    this.maxWaiting = options.maxWaiting ?? 4;
  }

  get available(): boolean {
    return this.options.executablePath !== null;
  }

  print(html: string): Promise<Buffer> {
    if (!this.available) return Promise.reject(new PdfError('unavailable'));
    const key = createHash('sha256').update(html).digest('base64url');
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    if (this.waiting > this.maxWaiting) return Promise.reject(new PdfError('busy'));
    this.waiting++;
    const job = this.queue.then(() => this.printNow(html, key));
    this.queue = job
      .catch(() => undefined)
      .finally(() => {
        this.waiting--;
        this.scheduleClose();
      });
    return job;
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const browser = this.browser;
    this.browser = null;
    await browser?.then((b) => b.close()).catch(() => undefined);
  }

  private scheduleClose(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.waiting === 0) void this.close();
    }, this.idleMs);
    this.idle.unref();
  }

  private launch(): Promise<Browser> {
    if (this.idle) clearTimeout(this.idle);
    if (!this.browser) {
      // playwright-core is loaded with the first PDF, not at every server start.
      const launching = import('playwright-core').then(({ chromium }) =>
        chromium.launch({ executablePath: this.options.executablePath!, args: ARGS, timeout: this.timeoutMs }),
      );
      this.browser = launching;
      launching.then(
        (b) => b.on('disconnected', () => this.browser === launching && (this.browser = null)),
        () => this.browser === launching && (this.browser = null),
      );
    }
    return this.browser;
  }

  private async printNow(html: string, key: string): Promise<Buffer> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PdfError('timeout')), this.timeoutMs);
    });
    const work = (async () => {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        // Offline: nothing the page names is fetched (a summary's link is only a link).
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print', colorScheme: 'light' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, outline: true, tagged: true });
      } finally {
        await context.close().catch(() => undefined);
      }
    })();
    try {
      const pdf = await Promise.race([work, deadline]);
      this.cache.set(key, pdf);
      while (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
      return pdf;
    } catch (error) {
      // A print that hangs takes the browser with it: the next PDF starts a fresh one.
      if (error instanceof PdfError) {
        this.options.log?.warn('report PDF took too long; browser restarted');
        work.catch(() => undefined);
        await this.close();
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
