import { describe, it, expect } from 'vitest';
import { applyAccess, isRevoked, issueLink, revokeLink } from '../../shared/domain/access';
import { canRunRoom, type Actor } from '../../shared/domain/actor';
import { admissibleName, cleanName, cleanText, reservedNameReason } from '../../shared/domain/names';
import { instantOf, zoneAbbreviation, zonesDiffer, clockIn } from '../../shared/time';
import { DomainError } from '../../shared/protocol/errors';
import { refusalOf } from './refusal';
import type { AccessState } from '../../shared/protocol/messages';

const organiser: Actor = { role: 'organiser', id: 'link:org', roomScope: '*' };
const chair: Actor = { role: 'chair', id: 'link:c1', roomScope: 'plenary' };
const state: AccessState = {
  links: [
    { jti: 'org', role: 'organiser', roomScope: '*', label: 'Organiser', issuedAt: 1, revokedAt: null },
    { jti: 'c1', role: 'chair', roomScope: 'plenary', label: 'Chair', issuedAt: 1, revokedAt: null },
  ],
};

describe('access: role links', () => {
  it('L3 L4 the organiser revokes a link; it is revoked from then on; revoking twice is a no-op', () => {
    const events = revokeLink(state, { jti: 'c1' }, { actor: organiser, now: 5 });
    const next = events.reduce(applyAccess, state);
    expect(isRevoked(next, 'c1')).toBe(true);
    expect(isRevoked(next, 'org')).toBe(false);
    expect(revokeLink(next, { jti: 'c1' }, { actor: organiser, now: 6 })).toEqual([]);
  });
  it('L4 an unknown link counts as revoked', () => {
    expect(isRevoked(state, 'forged')).toBe(true);
  });
  it('L1 L3 only the organiser issues and revokes, and not their own link', () => {
    expect(() => revokeLink(state, { jti: 'org' }, { actor: chair, now: 5 })).toThrow(DomainError);
    expect(() => issueLink(state, { jti: 'x', role: 'chair', roomScope: '*', label: 'x' }, { actor: chair, now: 5 })).toThrow(DomainError);
    expect(() => revokeLink(state, { jti: 'org' }, { actor: organiser, now: 5 })).toThrow(/cannot revoke the link you are using/);
    expect(refusalOf(() => revokeLink(state, { jti: 'org' }, { actor: chair, now: 5 }))).toBe('FORBIDDEN link.revokeOrganiserOnly');
    expect(refusalOf(() => issueLink(state, { jti: 'x', role: 'chair', roomScope: '*', label: 'x' }, { actor: chair, now: 5 }))).toBe(
      'FORBIDDEN link.issueOrganiserOnly',
    );
    expect(refusalOf(() => revokeLink(state, { jti: 'org' }, { actor: organiser, now: 5 }))).toBe('BAD_REQUEST link.revokeOwn');
  });
  it('L1 issues a new link', () => {
    const next = issueLink(state, { jti: 'c2', role: 'chair', roomScope: 'plenary', label: 'Chair 2' }, { actor: organiser, now: 9 }).reduce(
      applyAccess,
      state,
    );
    expect(next.links.at(-1)).toEqual({ jti: 'c2', role: 'chair', roomScope: 'plenary', label: 'Chair 2', issuedAt: 9, revokedAt: null });
  });
  it('L2 a link id is issued once; L3 revoking an unknown link is NOT_FOUND', () => {
    expect(refusalOf(() => issueLink(state, { jti: 'c1', role: 'chair', roomScope: '*', label: 'again' }, { actor: organiser, now: 9 }))).toBe(
      'BAD_REQUEST link.exists',
    );
    expect(refusalOf(() => revokeLink(state, { jti: 'forged' }, { actor: organiser, now: 9 }))).toBe('NOT_FOUND link.notFound');
  });
  it('L5 the organiser runs every room; a chair its own room, or every room with scope *; rapporteurs and attendees none', () => {
    expect(canRunRoom(organiser, 'b1')).toBe(true);
    expect(canRunRoom(chair, 'plenary')).toBe(true);
    expect(canRunRoom(chair, 'b1')).toBe(false);
    expect(canRunRoom({ role: 'chair', id: 'link:c3', roomScope: '*' }, 'b1')).toBe(true);
    expect(canRunRoom({ role: 'rapporteur', id: 'link:r', roomScope: 'b1' }, 'b1')).toBe(false);
    expect(canRunRoom({ role: 'attendee', id: 'a1', roomScope: '*' }, 'b1')).toBe(false);
  });
});

describe('display names', () => {
  it.each([
    'Moderator',
    'moderator ',
    'M0DERATOR',
    'Chair',
    'the chair',
    'Organizer',
    'Admin',
    'CHAIR',
    'Host 2',
    'Modérateur',
    'Modératrice',
    'Moderatorin',
    'Modération',
    'Organisatrice',
    'Veranstalterin',
    'Gastgeber',
    'Berichterstatterin',
  ])('N2 refuses "%s"', (name) => {
    expect(reservedNameReason(cleanName(name)!)).toMatchObject({ code: 'BAD_REQUEST', reason: 'name.reserved', params: { name: cleanName(name) } });
  });
  it.each(['Ana', 'Iraklis Pliakis', 'Jørgen', 'Charlotte', 'Anima Müller', 'Émilie Rapport'])('N2 accepts "%s"', (name) => {
    expect(reservedNameReason(name)).toBeNull();
  });
  it('N1 strips bidi and zero-width characters; empty is anonymous', () => {
    expect(cleanName('\u202EAna\u200B  Maria ')).toBe('Ana Maria');
    expect(cleanName('  \u200B ')).toBeNull();
    expect(cleanName(undefined)).toBeNull();
  });
  it('N1 N2 the name a person may take (at join or in a rename): cleaned, null for anonymous, a role name thrown', () => {
    expect(admissibleName('  Ana\u200B  Maria ')).toBe('Ana Maria');
    expect(admissibleName('')).toBeNull();
    expect(admissibleName(undefined)).toBeNull();
    expect(refusalOf(() => admissibleName(' M0derator '))).toBe('BAD_REQUEST name.reserved');
  });
  it('N3 user text keeps at most one blank line in a row, and its line breaks otherwise', () => {
    expect(cleanText('First line\nsecond\n\n\n\nthird')).toBe('First line\nsecond\n\nthird');
  });
});

describe('time zones', () => {
  it('A8 June in Europe/Brussels is CEST (UTC+2), whatever the programme calls it; November is CET', () => {
    const june = instantOf('2023-06-22', '09:30', 'Europe/Brussels');
    expect(new Date(june).toISOString()).toBe('2023-06-22T07:30:00.000Z');
    expect(zoneAbbreviation(june, 'Europe/Brussels')).toBe('CEST');
    const nov = instantOf('2021-11-25', '09:30', 'Europe/Brussels');
    expect(zoneAbbreviation(nov, 'Europe/Brussels')).toBe('CET');
  });
  it('A9 shows the viewer their own time when the zones differ', () => {
    const june = instantOf('2023-06-22', '09:30', 'Europe/Brussels');
    expect(zonesDiffer(june, 'Europe/Brussels', 'Europe/Paris')).toBe(false);
    expect(zonesDiffer(june, 'Europe/Brussels', 'Europe/Athens')).toBe(true);
    expect(clockIn(june, 'Europe/Athens')).toBe('10:30');
    expect(clockIn(june, 'America/New_York')).toBe('03:30');
  });
});
