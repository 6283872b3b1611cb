import { TestRedis } from '../helpers/redis';
import { ServerProcess } from '../helpers/process';
import { client, snapshotOf } from '../helpers/app';
import { FaultClient } from './client';
import { FaultProxy } from './proxy';

/**
 * The processes under test, on loopback: a redis-server of the suite's own (AOF everysec) with two app processes,
 * or one app process on the embedded store. It knows which processes it stopped on purpose, so any other exit
 * counts as a crash.
 */
export class Topology {
  apps: ServerProcess[] = [];
  redis: TestRedis | null = null;
  redisProxy: FaultProxy | null = null;
  private expectedDown = new Set<ServerProcess>();
  crashes = 0;

  static async redis(env: Record<string, string> = {}, opts: { proxyFor?: number[]; appendfsync?: 'everysec' | 'always' } = {}): Promise<Topology> {
    return new Topology().startedBy(async (t) => {
      t.redis = await new TestRedis({ appendfsync: opts.appendfsync ?? 'everysec' }).start();
      if (opts.proxyFor?.length) t.redisProxy = await new FaultProxy(t.redis.port).start();
      const appEnv = (i: number) => ({ REDIS_URL: opts.proxyFor?.includes(i) ? `redis://127.0.0.1:${t.redisProxy!.port}` : t.redis!.url, ...env });
      t.apps = [new ServerProcess(appEnv(0)), new ServerProcess(appEnv(1))];
      return t.apps.map((a) => t.watch(a.start()));
    });
  }

  static async embedded(env: Record<string, string> = {}): Promise<Topology> {
    return new Topology().startedBy(async (t) => {
      t.apps = [new ServerProcess(env)];
      return [t.watch(t.apps[0]!.start())];
    });
  }

  /** Runs `start`; if anything in it fails, stops whatever it had started (Redis, proxy, servers) and rethrows. */
  private async startedBy(start: (t: this) => Promise<Promise<ServerProcess>[]>): Promise<this> {
    try {
      const results = await Promise.allSettled(await start(this));
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      return this;
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  private async watch(started: Promise<ServerProcess>): Promise<ServerProcess> {
    const app = await started;
    app.proc!.once('exit', () => {
      if (!this.expectedDown.has(app)) this.crashes++;
    });
    return app;
  }

  get urls(): string[] {
    return this.apps.map((a) => a.url);
  }

  link(label = 'Chair · Plenary'): string {
    return this.apps[0]!.printedLinks()[label]!;
  }

  async kill(i: number, signal: NodeJS.Signals): Promise<number | null> {
    const app = this.apps[i]!;
    this.expectedDown.add(app);
    return app.stop(signal);
  }

  async restart(i: number): Promise<void> {
    const app = this.apps[i]!;
    if (app.proc && app.proc.exitCode === null && app.proc.signalCode === null) return;
    await this.watch(app.start());
    this.expectedDown.delete(app);
  }

  /** Attendees joined through the first process, connected round-robin across all, each able to fail over. */
  async attendees(n: number): Promise<FaultClient[]> {
    const urls = this.urls;
    return Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await fetch(`${urls[0]}/api/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: 'MC2023' }),
        });
        const { token } = (await res.json()) as { token: string };
        const order = urls.map((_, k) => urls[(i + k) % urls.length]!);
        return new FaultClient(token, order).start();
      }),
    );
  }

  async chair(label = 'Chair · Plenary'): Promise<FaultClient> {
    return new FaultClient(this.link(label), this.urls).start();
  }

  /** What the store holds, through a fresh connection's snapshot (read from the store, not from any process's memory). */
  async truth(token = this.link(), url = this.urls.find((_, i) => !this.expectedDown.has(this.apps[i]!))!) {
    // Like any client, it tries again when the service is briefly unavailable or slow to answer (a storm, an outage).
    for (let attempt = 0; ; attempt++) {
      let s: Awaited<ReturnType<typeof client>> | null = null;
      try {
        s = await client(url, token);
        return await snapshotOf(s);
      } catch (error) {
        if (attempt >= 10 || !/UNAVAILABLE|timed out|timeout/i.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        s?.close();
      }
    }
  }

  /** Lines the servers logged about unhandled rejections or uncaught errors. */
  unhandled(): number {
    return this.apps.reduce((n, a) => n + (a.output.match(/unhandled rejection|uncaughtException|UnhandledPromiseRejection/gi)?.length ?? 0), 0);
  }

  async stop(): Promise<void> {
    for (const a of this.apps) this.expectedDown.add(a);
    await Promise.all(this.apps.map((a) => a.stop('SIGKILL')));
    await this.redisProxy?.stop();
    await this.redis?.dispose();
  }
}
