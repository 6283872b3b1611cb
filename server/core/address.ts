import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import { DomainError, type Why } from '../../shared/protocol/errors';
import { clientAddress } from './admission';
import { createLimiter } from './limits';

/**
 * A budget of actions a minute per network address and event (questions, upvotes, votes: Q23). The address is the
 * connection's, as its handshake came (`clientAddress`: the forwarded one behind the local proxy). With Redis the
 * budget holds across processes. Sized in `shared/limits.ts` so that a company behind one NAT address is never
 * stopped.
 */
export function createAddressBudget(opts: { perMinute: number; prefix: string; redis: Redis | null; refusal: (waitMs: number) => [string, Why] }) {
  const limiter = createLimiter({ points: opts.perMinute, durationSeconds: 60, prefix: opts.prefix, redis: opts.redis });
  return {
    /** Counts one action from the request's address; throws RATE_LIMITED once the address used its budget. */
    async consume(eventId: string, request: IncomingMessage): Promise<void> {
      const wait = await limiter.consume(`${eventId}|${clientAddress(request)}`);
      if (!wait) return;
      const [message, why] = opts.refusal(wait);
      throw new DomainError('RATE_LIMITED', message, { ...why, retryAfterMs: wait });
    },
  };
}
