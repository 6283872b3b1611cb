import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { freePort, waitFor } from './ports';

/**
 * A redis-server of the test's own: free loopback port, its own temporary folder, AOF as asked. The test can
 * stop, restart and wipe it. Never a Redis the test did not start.
 */
export class TestRedis {
  private proc: ChildProcess | null = null;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-redis-'));
  port = 0;

  constructor(private readonly options: { appendfsync?: 'everysec' | 'always' | 'no-aof' } = {}) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort();
    const aof = this.options.appendfsync ?? 'everysec';
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--protected-mode',
      'no',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ];
    if (aof !== 'no-aof') args.push('--appendonly', 'yes', '--appendfsync', aof);
    this.proc = spawn(process.env.REDIS_SERVER ?? 'redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const proc = this.proc;
    let stderr = '';
    proc.stderr?.on('data', (d) => (stderr += d));
    await waitFor(() => (proc.exitCode !== null ? Promise.reject(new Error(`redis-server exited: ${stderr}`)) : ping(this.port)), {
      what: 'redis-server to answer',
      timeoutMs: 10_000,
    });
    return this;
  }

  /** SIGKILL or SIGTERM; waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(signal);
    await exited;
    this.proc = null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server and deletes its data: it comes back empty. */
  async wipe(): Promise<void> {
    await this.stop('SIGKILL');
    for (const f of fs.readdirSync(this.dir)) fs.rmSync(path.join(this.dir, f), { recursive: true, force: true });
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    s.once('error', () => resolve(false));
  });
}
