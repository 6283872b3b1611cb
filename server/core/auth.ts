import { createSigner, createVerifier, TokenError as JwtError } from 'fast-jwt';
import type { LinkRole } from '../../shared/protocol/messages';
import { fail, type Failure, type ReasonId } from '../../shared/protocol/errors';

/**
 * Signed tokens (HS256): an attendee session token issued at join, and role links (chair, rapporteur,
 * organiser) handed out by the organiser. Roles come only from here, never from a payload.
 */
const ISSUER = 'session-companion';
const DAY_MS = 86_400_000;
export const AUDIENCE = { attendee: 'companion:attendee', link: 'companion:link' } as const;

export type Principal =
  | { kind: 'attendee'; eventId: string; attendeeId: string; name: string | null }
  | { kind: 'link'; eventId: string; jti: string; role: LinkRole; roomScope: string };

type TokenReason = Extract<
  ReasonId,
  'token.missing' | 'token.invalid' | 'token.noEvent' | 'token.noAttendee' | 'link.malformed' | 'link.expired' | 'link.revoked' | 'event.notFound'
>;

/** A token or link that is refused (UNAUTHORIZED), with the reason the client words. */
export class TokenError extends Error {
  override name = 'TokenError';
  constructor(
    message: string,
    readonly reason: TokenReason,
  ) {
    super(message);
  }

  /** The refusal as a reply. */
  toFailure(): Failure {
    return fail('UNAUTHORIZED', this.message, { reason: this.reason });
  }
}

export function createAuth(secret: Uint8Array) {
  // Synchronous HMAC through node:crypto: a plenary's thousands of joins each sign one token and verify it at the
  // handshake, and WebCrypto's promise per call cost several times more.
  const key = Buffer.from(secret);
  const signAttendeeToken = createSigner({ key, algorithm: 'HS256', iss: ISSUER, aud: AUDIENCE.attendee, expiresIn: 30 * DAY_MS });
  const signLinkToken = createSigner({ key, algorithm: 'HS256', iss: ISSUER, aud: AUDIENCE.link, expiresIn: 400 * DAY_MS });
  // Issuer, audience and expiry must be there, not only right when present.
  const verifyToken = createVerifier({
    key,
    algorithms: ['HS256'],
    allowedIss: ISSUER,
    allowedAud: [AUDIENCE.attendee, AUDIENCE.link],
    requiredClaims: ['iss', 'aud', 'exp', 'evt'],
  });
  return {
    async signAttendee(p: { eventId: string; attendeeId: string; name: string | null }): Promise<string> {
      return signAttendeeToken({ evt: p.eventId, name: p.name, sub: p.attendeeId });
    },

    async signLink(p: { eventId: string; jti: string; role: LinkRole; roomScope: string }): Promise<string> {
      return signLinkToken({ evt: p.eventId, role: p.role, room: p.roomScope, jti: p.jti });
    },

    /** Checks signature, algorithm, issuer, audience and expiry. Revocation is checked against the store by the caller. */
    async verify(token: unknown): Promise<Principal> {
      if (typeof token !== 'string' || token.length > 2048) throw new TokenError('No token, or not a token.', 'token.missing');
      let payload: Record<string, unknown>;
      try {
        payload = verifyToken(token) as Record<string, unknown>;
      } catch (error) {
        if (error instanceof JwtError && error.code === JwtError.codes.expired) throw new TokenError('The link has expired.', 'link.expired');
        throw new TokenError('The link or session is not valid.', 'token.invalid');
      }
      const evt = payload.evt;
      if (typeof evt !== 'string') throw new TokenError('The token names no event.', 'token.noEvent');
      if (payload.aud === AUDIENCE.attendee) {
        if (typeof payload.sub !== 'string') throw new TokenError('The token names no attendee.', 'token.noAttendee');
        return { kind: 'attendee', eventId: evt, attendeeId: payload.sub, name: typeof payload.name === 'string' ? payload.name : null };
      }
      const role = payload.role;
      if ((role !== 'chair' && role !== 'rapporteur' && role !== 'organiser') || typeof payload.jti !== 'string' || typeof payload.room !== 'string')
        throw new TokenError('The link is malformed.', 'link.malformed');
      return { kind: 'link', eventId: evt, jti: payload.jti, role, roomScope: payload.room };
    },
  };
}
export type Auth = ReturnType<typeof createAuth>;
