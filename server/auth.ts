import { SignJWT, jwtVerify, errors } from 'jose';
import type { LinkRole } from '../shared/protocol/messages';

/**
 * Signed tokens (HS256): an attendee session token issued at join, and role links (chair, rapporteur,
 * organiser) handed out by the organiser. Roles come only from here, never from a payload.
 */
const ISSUER = 'session-companion';
export const AUDIENCE = { attendee: 'companion:attendee', link: 'companion:link' } as const;

export type Principal =
  | { kind: 'attendee'; eventId: string; attendeeId: string; name: string | null }
  | { kind: 'link'; eventId: string; jti: string; role: LinkRole; roomScope: string };

export class TokenError extends Error {
  override name = 'TokenError';
}

export function createAuth(secret: Uint8Array) {
  return {
    async signAttendee(p: { eventId: string; attendeeId: string; name: string | null }): Promise<string> {
      return new SignJWT({ evt: p.eventId, name: p.name })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE.attendee)
        .setSubject(p.attendeeId)
        .setIssuedAt()
        .setExpirationTime('30d')
        .sign(secret);
    },

    async signLink(p: { eventId: string; jti: string; role: LinkRole; roomScope: string }): Promise<string> {
      return new SignJWT({ evt: p.eventId, role: p.role, room: p.roomScope })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE.link)
        .setJti(p.jti)
        .setIssuedAt()
        .setExpirationTime('400d')
        .sign(secret);
    },

    /** Checks signature, algorithm, issuer, audience and expiry. Revocation is checked against the store by the caller. */
    async verify(token: unknown): Promise<Principal> {
      if (typeof token !== 'string' || token.length > 2048) throw new TokenError('No token, or not a token.');
      try {
        const { payload } = await jwtVerify(token, secret, {
          issuer: ISSUER,
          audience: [AUDIENCE.attendee, AUDIENCE.link],
          algorithms: ['HS256'],
        });
        const evt = payload.evt;
        if (typeof evt !== 'string') throw new TokenError('The token names no event.');
        if (payload.aud === AUDIENCE.attendee) {
          if (typeof payload.sub !== 'string') throw new TokenError('The token names no attendee.');
          return { kind: 'attendee', eventId: evt, attendeeId: payload.sub, name: typeof payload.name === 'string' ? payload.name : null };
        }
        const role = payload.role;
        if ((role !== 'chair' && role !== 'rapporteur' && role !== 'organiser') || typeof payload.jti !== 'string' || typeof payload.room !== 'string')
          throw new TokenError('The link is malformed.');
        return { kind: 'link', eventId: evt, jti: payload.jti, role, roomScope: payload.room };
      } catch (error) {
        if (error instanceof TokenError) throw error;
        if (error instanceof errors.JWTExpired) throw new TokenError('The link has expired.');
        throw new TokenError('The link or session is not valid.');
      }
    },
  };
}
export type Auth = ReturnType<typeof createAuth>;
