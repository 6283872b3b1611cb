import type { IncomingMessage } from 'node:http';
import { DomainError, type Why } from '../../shared/protocol/errors';
import { clientAddress } from './admission';
import { createLimiter } from './limits';

/**
 * A budget of actions a minute per network address and event (questions, upvotes, votes: Q23). The address is the
 * connection's, as its handshake came (`clientAddress`: the forwarded one behind the local proxy). Sized in
 * `shared/limits.ts` so that a company behind one NAT address is never stopped.
 *
 * Kept in each process's memory, also with Redis: a vote is the most frequent request there is, and a budget in
 * Redis cost it a round trip of three commands (measured: 4,300 of Redis's 37,000 commands a second in
 * `plenary-2p-redis`). Behind the proxy's `ip_hash` (deploy/nginx.conf) an address reaches one process, whose
 * budget then sees all of it; without it an address gets at most one budget per process.
 */
export function createAddressBudget(opts: { perMinute: number; prefix: string; refusal: (waitMs: number) => [string, Why] }) {
  const limiter = createLimiter({ points: opts.perMinute, durationSeconds: 60, prefix: opts.prefix, redis: null });
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
