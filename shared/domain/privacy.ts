import { LIMITS } from '../limits';
import { DomainError } from '../protocol/errors';
import type { Programme } from '../protocol/programme';
import type { PrivacySettings } from '../protocol/privacy';
import { instantOf } from '../time';

/** The rules of the event's privacy (SPEC V1-V6): pure, the clock is given. */

const DAY_MS = 24 * 60 * 60 * 1000;

export function defaultPrivacy(): PrivacySettings {
  return { retentionDays: LIMITS.retentionDefaultDays, erasedAt: null, rev: 0 };
}

/** V1, V2: the organiser sets the retention in whole days within the limits, on the revision they saw. */
export function setRetention(state: PrivacySettings, input: { retentionDays: number; rev: number }): PrivacySettings {
  if (input.rev !== state.rev)
    throw new DomainError('VERSION_CONFLICT', 'The privacy settings changed a moment ago; here they are.', { reason: 'privacy.conflict' });
  const { retentionMinDays: min, retentionMaxDays: max } = LIMITS;
  if (!Number.isInteger(input.retentionDays) || input.retentionDays < min || input.retentionDays > max)
    throw new DomainError('BAD_REQUEST', `Keep the data between ${min} and ${max} days.`, { reason: 'privacy.retentionRange', params: { min, max } });
  if (input.retentionDays === state.retentionDays) return state;
  return { ...state, retentionDays: input.retentionDays, rev: state.rev + 1 };
}

/**
 * V3: the event ends when its last item ends (in the programme's zone; a programme without items, at its last day's
 * end), and never before it was set up: an event whose programme is already past (the demo, an import after the
 * fact) counts its retention from its setup.
 */
export function eventEnd(programme: Programme | undefined, setUpAt: number | null): number | null {
  if (!programme) return setUpAt;
  const ends = programme.items.map((item) => instantOf(item.date, item.end, programme.timeZone));
  const lastDay = programme.days
    .map((d) => d.date)
    .sort()
    .at(-1);
  const end = ends.length ? Math.max(...ends) : lastDay ? instantOf(lastDay, '23:59', programme.timeZone) + 60_000 : null;
  return end === null ? setUpAt : Math.max(end, setUpAt ?? -Infinity);
}

/** V3: when the names and texts are due to go: the end plus the retention's days. */
export function erasureDue(settings: PrivacySettings, end: number | null): number | null {
  return end === null ? null : end + settings.retentionDays * DAY_MS;
}

/** V4: the retention erases once it is due, and only once: not when an erase already ran at or after that time. */
export function retentionDue(settings: PrivacySettings, end: number | null, now: number): boolean {
  const due = erasureDue(settings, end);
  return due !== null && now >= due && !(settings.erasedAt !== null && settings.erasedAt >= due);
}

/** V5: an erase is recorded with its time (the organiser's or the retention's). */
export function markErased(settings: PrivacySettings, now: number): PrivacySettings {
  return { ...settings, erasedAt: now, rev: settings.rev + 1 };
}
