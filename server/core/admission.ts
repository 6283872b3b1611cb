import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import proxyaddr from 'proxy-addr';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { JoinRequest, type Joined } from '../../shared/protocol/messages';
import { DomainError } from '../../shared/protocol/errors';
import { admissibleName } from '../../shared/domain/names';
import { joinAllowed, type AccessState } from '../../shared/domain/access';
import { confusableSkeleton, type NameRules } from './names';
import type { Auth } from './auth';
import type { Service } from './service';
import { invalidInput } from '../realtime/router';

/** Behind a proxy on the same machine, the client's address is the one it forwards. */
const trustLoopback = proxyaddr.compile('loopback');
/** A request's address, worked out once per request (a socket's handshake request serves every event on it). */
const addresses = new WeakMap<IncomingMessage, string>();
export const clientAddress = (req: IncomingMessage): string => {
  let address = addresses.get(req);
  if (address === undefined) addresses.set(req, (address = proxyaddr(req, trustLoopback)));
  return address;
};

export type Admission = ReturnType<typeof createAdmission>;

/** How long a read of an event's join setting is used for new joins. */
const ACCESS_FRESH_MS = 1_000;

/**
 * Making a new attendee: the one rule of joining, for `POST /api/join` and for a handshake that joins (see
 * `Handshake.join`). Both draw on the same per-address budget of joins.
 */
export function createAdmission(deps: {
  auth: Auth;
  service: Pick<Service, 'findEventByCode' | 'accessOf'>;
  names: NameRules;
  joinsPerAddressPerMinute: number;
}) {
  const limiter = new RateLimiterMemory({ points: deps.joinsPerAddressPerMinute, duration: 60 });
  // The event's access document, read at most once a second per event: a plenary joins at once, and a change of the
  // join-link setting reaches every process within that second.
  const access = new Map<string, { at: number; state: Promise<AccessState | null> }>();
  function accessOf(eventId: string): Promise<AccessState | null> {
    const now = Date.now();
    const held = access.get(eventId);
    if (held && now - held.at < ACCESS_FRESH_MS) return held.state;
    const state = deps.service.accessOf(eventId);
    access.set(eventId, { at: now, state });
    state.catch(() => access.delete(eventId));
    return state;
  }
  return {
    /** Counts a join from this address; RATE_LIMITED when it has used its budget. */
    async limit(address: string): Promise<void> {
      try {
        await limiter.consume(address);
      } catch (e) {
        throw new DomainError('RATE_LIMITED', 'Too many joins from your network; try again shortly.', {
          reason: 'join.rateLimited',
          retryAfterMs: e instanceof RateLimiterRes ? e.msBeforeNext : 60_000,
        });
      }
    },

    /** A new attendee of the event the code names, with their session token. Bad input changes nothing. */
    async admit(request: unknown): Promise<Joined> {
      const parsed = JoinRequest.safeParse(request);
      if (!parsed.success) throw invalidInput(parsed.error);
      // A role word is refused before anything is read; a staff member's name once the event is known.
      admissibleName(parsed.data.name, { skeleton: confusableSkeleton });
      const eventId = await deps.service.findEventByCode(parsed.data.code);
      if (!eventId)
        throw new DomainError('NOT_FOUND', `No event has the code "${parsed.data.code}".`, { reason: 'event.codeUnknown', params: { code: parsed.data.code } });
      const state = await accessOf(eventId);
      if (state && !joinAllowed(state, parsed.data.key))
        throw new DomainError('FORBIDDEN', 'This event can be joined only through the link the organiser shared.', { reason: 'join.linkRequired' });
      const name = await deps.names.admissible(eventId, parsed.data.name);
      const attendeeId = randomUUID();
      const token = await deps.auth.signAttendee({ eventId, attendeeId, name });
      return { token, eventId, attendeeId, name };
    },
  };
}
