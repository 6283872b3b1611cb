import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from './ports';
import { TEST_SECRET } from './app';

/** The server as `npm start` runs it: bundled by `npm run build:server` (`npm test` and `npm run bench` build it first). */
export const SERVER_BUNDLE = path.resolve('dist/server/index.js');

/** Refuses to start a bundle older than the code it is built from: a test must never pass against stale code. */
function checkBundle(): void {
  const built = fs.existsSync(SERVER_BUNDLE) ? fs.statSync(SERVER_BUNDLE).mtimeMs : 0;
  const newer = (dir: string): string | null => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) {
        const found = newer(f);
        if (found) return found;
      } else if (fs.statSync(f).mtimeMs > built) return f;
    }
    return null;
  };
  const stale = built ? (newer(path.resolve('server')) ?? newer(path.resolve('shared'))) : SERVER_BUNDLE;
  if (stale) throw new Error(`The server bundle is missing or older than ${path.relative('.', stale)}: run \`npm run build:server\` first.`);
}

/** A real server process (`node --enable-source-maps --max-semi-space-size=16 --heap-growing-percent=40 dist/server/index.js`), as `npm start` runs it, on a free port. */
export class ServerProcess {
  proc: ChildProcess | null = null;
  port = 0;
  output = '';
  readonly dataDir: string;

  constructor(
    private readonly env: Record<string, string> = {},
    dataDir?: string,
  ) {
    this.dataDir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sc-proc-'));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort();
    checkBundle();
    // As `npm start` runs it (see package.json): a young generation of up to 3 x 16 MB, and the old one let grow by
    // 40% (not V8's doubling or more) between full collections, which keeps RSS near the live heap.
    this.proc = spawn(process.execPath, ['--enable-source-maps', '--max-semi-space-size=16', '--heap-growing-percent=40', SERVER_BUNDLE], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        SESSION_SECRET: TEST_SECRET,
        PUBLIC_URL: `http://127.0.0.1:${this.port}`,
        LOG_LEVEL: 'warn',
        CLIENT_DIR: path.join(this.dataDir, 'no-client'),
        // Every test client comes from 127.0.0.1: the per-address budgets of a real audience would cap a load test.
        QUESTIONS_PER_ADDRESS_PER_MINUTE: '100000000',
        UPVOTES_PER_ADDRESS_PER_MINUTE: '100000000',
        VOTES_PER_ADDRESS_PER_MINUTE: '100000000',
        CHAT_MESSAGES_PER_ADDRESS: '100000000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = this.proc;
    proc.stdout?.on('data', (d) => (this.output += d));
    proc.stderr?.on('data', (d) => (this.output += d));
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${this.output}`);
        const res = await fetch(`${this.url}/readyz`).catch(() => null);
        return res?.status === 200;
      },
      { what: `server on ${this.port} to be ready`, timeoutMs: 30_000, intervalMs: 100 },
    );
    // The URLs are printed right after listening.
    if (this.env.DEMO !== 'off') await waitFor(() => /Organiser\s+http/.test(this.output), { what: 'the printed links' });
    return this;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return proc?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill(signal);
    const code = await exited;
    this.proc = null;
    return code;
  }

  /** The role links it printed at start. */
  printedLinks(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of this.output.matchAll(/^\s+(\S.*?)\s{2,}(http\S+)$/gm)) out[m[1]!.trim()] = new URL(m[2]!).searchParams.get('t') ?? m[2]!;
    return out;
  }
}
