import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** A per-person limit (e.g. questions per minute). With Redis it holds across processes. */
export interface Limiter {
  /** 0 when allowed, else the milliseconds to wait. */
  consume(key: string): Promise<number>;
}

export function createLimiter(opts: { points: number; durationSeconds: number; prefix: string; redis?: Redis | null }): Limiter {
  const memory = new RateLimiterMemory({ points: opts.points, duration: opts.durationSeconds, keyPrefix: opts.prefix });
  const limiter = opts.redis
    ? new RateLimiterRedis({
        storeClient: opts.redis,
        points: opts.points,
        duration: opts.durationSeconds,
        keyPrefix: `rl:${opts.prefix}`,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (res) {
        if (res instanceof RateLimiterRes) return Math.max(1, res.msBeforeNext);
        throw res;
      }
    },
  };
}
