import { DomainError } from '../protocol/errors';
import type { AccessEvent, AccessState, LinkRecord } from '../protocol/links';
import type { Context } from './actor';

export type { AccessEvent, AccessState, LinkRecord };

export function issueLink(state: AccessState, cmd: { jti: string; role: LinkRecord['role']; roomScope: string; label: string }, ctx: Context): AccessEvent[] {
  if (ctx.actor.role !== 'organiser') throw new DomainError('FORBIDDEN', 'Only the organiser can hand out links.', { reason: 'link.issueOrganiserOnly' });
  if (state.links.some((l) => l.jti === cmd.jti)) throw new DomainError('BAD_REQUEST', 'That link exists already.', { reason: 'link.exists' });
  return [{ type: 'access.linkIssued', link: { ...cmd, issuedAt: ctx.now, revokedAt: null } }];
}

export function revokeLink(state: AccessState, cmd: { jti: string }, ctx: Context): AccessEvent[] {
  if (ctx.actor.role !== 'organiser') throw new DomainError('FORBIDDEN', 'Only the organiser can revoke links.', { reason: 'link.revokeOrganiserOnly' });
  const link = state.links.find((l) => l.jti === cmd.jti);
  if (!link) throw new DomainError('NOT_FOUND', 'There is no such link.', { reason: 'link.notFound' });
  if (link.revokedAt !== null) return [];
  if (`link:${link.jti}` === ctx.actor.id) throw new DomainError('BAD_REQUEST', 'You cannot revoke the link you are using.', { reason: 'link.revokeOwn' });
  return [{ type: 'access.linkRevoked', jti: cmd.jti, at: ctx.now }];
}

/**
 * L8: the organiser turns the join-link requirement on or off, and may make a new key; the first time there is no
 * key yet, `freshKey` (made by the caller: the rules have no randomness) becomes it.
 */
export function setJoinKey(state: AccessState, cmd: { required: boolean; rotate: boolean; freshKey: string }, ctx: Context): AccessEvent[] {
  if (ctx.actor.role !== 'organiser')
    throw new DomainError('FORBIDDEN', 'Only the organiser can change how attendees join.', { reason: 'link.issueOrganiserOnly' });
  const key = cmd.rotate || !state.joinKey ? cmd.freshKey : state.joinKey.key;
  if (state.joinKey && state.joinKey.required === cmd.required && state.joinKey.key === key) return [];
  return [{ type: 'access.joinKeySet', joinKey: { required: cmd.required, key } }];
}

/** L9: whether a join bringing `given` may make a new attendee of the event. */
export function joinAllowed(state: AccessState, given: string | undefined): boolean {
  if (!state.joinKey?.required) return true;
  return given !== undefined && given === state.joinKey.key;
}

export function applyAccess(state: AccessState, event: AccessEvent): AccessState {
  switch (event.type) {
    case 'access.linkIssued':
      return { ...state, links: [...state.links, event.link] };
    case 'access.linkRevoked':
      return { ...state, links: state.links.map((l) => (l.jti === event.jti ? { ...l, revokedAt: event.at } : l)) };
    case 'access.joinKeySet':
      return { ...state, joinKey: event.joinKey };
  }
}

export function isRevoked(state: AccessState, jti: string): boolean {
  const link = state.links.find((l) => l.jti === jti);
  return !link || link.revokedAt !== null;
}
