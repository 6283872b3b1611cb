import type { Role } from '../protocol/common';

/** Who is acting, as the server established it from a verified token: never from a payload. */

export interface Actor {
  role: Role;
  /** Attendee id from the session token, or `link:<jti>` for a role-link holder. */
  id: string;
  /** For chairs and rapporteurs: the room the link is for, or '*' for every room. */
  roomScope: string;
}

export interface Context {
  actor: Actor;
  /** Milliseconds since the epoch, from the server's clock: the domain never reads the time itself. */
  now: number;
}

export function canRunRoom(actor: Actor, roomId: string): boolean {
  if (actor.role === 'organiser') return true;
  if (actor.role !== 'chair') return false;
  return actor.roomScope === '*' || actor.roomScope === roomId;
}
