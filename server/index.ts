import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { configFromEnv } from './core/config';
import { createApp, upgradeStored } from './app';
import { EmbeddedStore } from './store/embedded';
import { RedisStore } from './store/redis';
import { DEMO_EVENT, demoPolls, ensureEvent, loadDemoProgramme } from './setup';
import { linkView } from './features/links/view';
import type { Store } from './store/store';

/** Reads the environment, opens the store, loads the demo event, listens, and prints the URLs to open. */
async function main(): Promise<void> {
  const config = configFromEnv();
  const log = pino({ level: config.logLevel });
  const clock = { now: () => Date.now() };

  let store: Store;
  let adapter;
  let redisPing: (() => Promise<unknown>) | undefined;
  const closers: (() => Promise<unknown> | void)[] = [];
  if (config.redisUrl) {
    const redisStore = new RedisStore({ url: config.redisUrl, changeLogKeep: config.changeLogKeep });
    redisStore.onEpochChange((epoch) => log.error({ epoch }, 'Redis lost its data: a new epoch began; the organiser must set the event up again'));
    store = redisStore;
    // The adapter needs its own connections (one subscribes); they queue while Redis is away so pub/sub resumes.
    const pub = new Redis(config.redisUrl, { retryStrategy: (n) => Math.min(n * 100, 1000) });
    const sub = pub.duplicate();
    for (const c of [pub, sub]) c.on('error', () => undefined);
    adapter = createAdapter(pub, sub);
    redisPing = () => pub.ping();
    closers.push(
      () => pub.disconnect(),
      () => sub.disconnect(),
    );
  } else {
    store = new EmbeddedStore({ dir: config.dataDir, changeLogKeep: config.changeLogKeep });
  }
  await store.open();
  await upgradeStored(store, log);

  const redis = config.redisUrl ? (store as RedisStore).client : undefined;
  const { server, metricsServer, auth, shutdown } = createApp({
    store,
    clock,
    config,
    log,
    adapter,
    redisPing,
    redis,
    coalesce: process.env.COALESCE !== 'off',
  });

  if (config.loadDemo) {
    const outcome = await ensureEvent(store, { ...DEMO_EVENT, programme: loadDemoProgramme(), polls: demoPolls(), now: clock.now() });
    log.info({ event: DEMO_EVENT.id, outcome }, 'demo event ready');
  }

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  log.info({ port: config.port, store: store.kind }, 'listening');
  if (metricsServer && config.metricsAddr) {
    const { host, port } = config.metricsAddr;
    await new Promise<void>((resolve) => metricsServer.listen(port, host, resolve));
    closers.push(() => void metricsServer.close());
    log.info({ metrics: `${host}:${port}` }, 'metrics on their own address');
  }
  if (config.loadDemo) await printUrls();

  async function printUrls(): Promise<void> {
    const docs = await store.read(DEMO_EVENT.id, ['access']);
    const access = docs.access?.value as { links: Parameters<typeof linkView>[3][] } | undefined;
    const lines = [`\n  Attendee:    ${config.publicUrl}/e/${DEMO_EVENT.code}   (or type the code ${DEMO_EVENT.code} at ${config.publicUrl}/)`];
    for (const link of access?.links ?? []) {
      if (link.revokedAt !== null) continue;
      const view = await linkView({ auth, publicUrl: config.publicUrl }, DEMO_EVENT.id, DEMO_EVENT.code, link);
      lines.push(`  ${link.label.padEnd(26)} ${view.url}`);
    }
    process.stdout.write(lines.join('\n') + '\n\n');
  }

  // SIGTERM (rolling restart): stop taking connections, let acknowledged work finish, close sockets, then exit.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await shutdown();
    for (const close of closers) await close();
    await store.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
