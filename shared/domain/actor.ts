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

/**
 * What an attendee is shown of what others wrote (questions, chat messages, key-topic answers, anywhere in
 * `value`): everything but the author's id, which becomes ''. The name an author chose to show stays; the id would
 * tie an anonymous question to the same person's named messages (and a staff link's id names the link). The
 * viewer's own items keep theirs: the app marks them as "you". Returns `value` itself when nothing in it changes.
 */
export function authorsHidden<T>(value: T, viewerId: string | null): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = authorsHidden(value[i] as unknown, viewerId);
      if (item !== value[i] && !out) out = value.slice(0, i);
      if (out) out.push(item);
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | null = null;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const before = record[key];
    const after = key === 'authorId' && typeof before === 'string' && before !== viewerId ? '' : authorsHidden(before, viewerId);
    if (after !== before) (out ??= { ...record })[key] = after;
  }
  return (out ?? value) as T;
}

/** The authors' ids of everything in `value` (see `authorsHidden`). */
export function authorsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value !== 'object' || value === null) return into;
  if (Array.isArray(value)) for (const item of value) authorsIn(item, into);
  else
    for (const [key, item] of Object.entries(value)) {
      if (key === 'authorId' && typeof item === 'string' && item !== '') into.add(item);
      else authorsIn(item, into);
    }
  return into;
}

/** What a person is shown of items others wrote: staff all of it, an attendee no author's id but their own. */
export function shownTo<T>(actor: Actor, value: T): T {
  return actor.role === 'attendee' ? authorsHidden(value, actor.id) : value;
}
