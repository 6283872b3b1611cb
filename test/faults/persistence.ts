/**
 * Redis persistence, measured: `npx tsx test/faults/persistence.ts`.
 * For AOF appendfsync `everysec` and `always`: the throughput of vote commits (the real commit script, one
 * client, pipelined 32 deep), and how many acknowledged commits are missing after Redis itself is SIGKILLed
 * in the middle of a stream of writes and started again on the same files.
 */
import { RedisStore } from '../../server/store/redis';
import { TestRedis } from '../helpers/redis';

const DURATION_MS = Number(process.env.DURATION_MS ?? 5000);
const DEPTH = 32;

async function measure(appendfsync: 'everysec' | 'always') {
  const redis = await new TestRedis({ appendfsync }).start();
  const store = new RedisStore({ url: redis.url });
  await store.open();
  let n = 0;
  const vote = () =>
    store.commit({
      scope: 'bench',
      opKey: `voter-${n}:op`,
      expect: {},
      put: { [`ballot:p:${n}`]: { choice: n % 3 } },
      changes: [],
      incr: [{ key: 'tally:p', field: `o:${n % 3}`, by: 1 }],
      reply: null,
      ...(n++, {}),
    });

  // Throughput
  const end = Date.now() + DURATION_MS;
  let done = 0;
  await Promise.all(
    Array.from({ length: DEPTH }, async () => {
      while (Date.now() < end) {
        await vote();
        done++;
      }
    }),
  );
  const perSecond = Math.round(done / (DURATION_MS / 1000));

  // Loss when Redis is SIGKILLed mid-stream
  const acked: string[] = [];
  let stop = false;
  const writers = Array.from({ length: DEPTH }, async () => {
    while (!stop) {
      const id = `k${n++}`;
      try {
        await store.commit({ scope: 'kill', opKey: null, expect: {}, put: { [id]: 1 }, changes: [], reply: null });
        acked.push(id);
      } catch {
        /* refused while Redis is down: not acknowledged */
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  await redis.stop('SIGKILL');
  stop = true;
  await Promise.all(writers);
  await redis.start();
  const check = new RedisStore({ url: redis.url });
  await check.open();
  const found = await check.read('kill', acked);
  const lost = acked.filter((k) => !found[k]).length;
  await Promise.all([store.close(), check.close()]);
  await redis.dispose();
  return { appendfsync, commitsPerSecond: perSecond, ackedBeforeKill: acked.length, lostAfterKill: lost };
}

const rows = [await measure('everysec'), await measure('always')];
console.table(rows);
console.log(JSON.stringify(rows));
process.exit(0);
