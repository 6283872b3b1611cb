import { describe, it, expect } from 'vitest';
import { applyAccess, isRevoked, issueLink, joinAllowed, revokeLink, setJoinKey } from '../../shared/domain/access';
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
  it('L8 only the organiser sets the join link; the first key is the fresh one, kept until a rotation; the same setting again changes nothing', () => {
    const ctx = { actor: organiser, now: 9 };
    expect(refusalOf(() => setJoinKey(state, { required: true, rotate: false, freshKey: 'k1' }, { actor: chair, now: 9 }))).toBe(
      'FORBIDDEN link.issueOrganiserOnly',
    );
    const on = setJoinKey(state, { required: true, rotate: false, freshKey: 'k1' }, ctx).reduce(applyAccess, state);
    expect(on.joinKey).toEqual({ required: true, key: 'k1' });
    expect(on.links).toEqual(state.links);
    expect(setJoinKey(on, { required: true, rotate: false, freshKey: 'k2' }, ctx)).toEqual([]);
    const off = setJoinKey(on, { required: false, rotate: false, freshKey: 'k3' }, ctx).reduce(applyAccess, on);
    expect(off.joinKey).toEqual({ required: false, key: 'k1' });
    const rotated = setJoinKey(off, { required: true, rotate: true, freshKey: 'k4' }, ctx).reduce(applyAccess, off);
    expect(rotated.joinKey).toEqual({ required: true, key: 'k4' });
    // Links issued or revoked afterwards keep the setting.
    const issued = issueLink(rotated, { jti: 'c2', role: 'chair', roomScope: '*', label: 'x' }, ctx).reduce(applyAccess, rotated);
    expect(revokeLink(issued, { jti: 'c2' }, ctx).reduce(applyAccess, issued).joinKey).toEqual({ required: true, key: 'k4' });
  });
  it('L9 a join needs the key only while the event requires it; any other key, or none, is refused', () => {
    expect(joinAllowed(state, undefined)).toBe(true);
    const required = { ...state, joinKey: { required: true, key: 'k1' } };
    expect(joinAllowed(required, 'k1')).toBe(true);
    for (const given of [undefined, '', 'k2', 'K1', 'k1 ']) expect(joinAllowed(required, given)).toBe(false);
    expect(joinAllowed({ ...state, joinKey: { required: false, key: 'k1' } }, undefined)).toBe(true);
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
