import { describe, it, expect } from 'vitest';
import { defaultPrivacy, erasureDue, eventEnd, markErased, retentionDue, setRetention } from '../../shared/domain/privacy';
import { DomainError } from '../../shared/protocol/errors';
import type { Programme } from '../../shared/protocol/programme';
import { loadDemoProgramme } from '../../server/setup';

const DAY = 24 * 60 * 60 * 1000;
const programme = loadDemoProgramme();

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the event privacy', () => {
  it('V1 keeps names and texts 30 days by default; the organiser sets 1 to 365 whole days', () => {
    expect(defaultPrivacy()).toEqual({ retentionDays: 30, erasedAt: null, rev: 0 });
    expect(setRetention(defaultPrivacy(), { retentionDays: 1, rev: 0 })).toEqual({ retentionDays: 1, erasedAt: null, rev: 1 });
    expect(setRetention(defaultPrivacy(), { retentionDays: 365, rev: 0 }).retentionDays).toBe(365);
    for (const days of [0, -3, 366, 2.5, Number.NaN]) {
      const e = refusal(() => setRetention(defaultPrivacy(), { retentionDays: days, rev: 0 }));
      expect([e.code, e.reason, e.params]).toEqual(['BAD_REQUEST', 'privacy.retentionRange', { min: 1, max: 365 }]);
    }
    // The same value again changes nothing.
    const same = defaultPrivacy();
    expect(setRetention(same, { retentionDays: 30, rev: 0 })).toBe(same);
  });

  it('V2 a change names the revision it was decided on; a stale one is a conflict', () => {
    const once = setRetention(defaultPrivacy(), { retentionDays: 7, rev: 0 });
    const e = refusal(() => setRetention(once, { retentionDays: 9, rev: 0 }));
    expect([e.code, e.reason]).toEqual(['VERSION_CONFLICT', 'privacy.conflict']);
  });

  it("V3 the event ends when its last item ends, in the programme's zone, and never before it was set up", () => {
    // The demo's last item ends on 23 June 2023 at 13:00 in Brussels (CEST: 11:00 UTC).
    const last = programme.items
      .map((i) => `${i.date} ${i.end}`)
      .sort()
      .at(-1)!;
    const end = eventEnd(programme, null)!;
    expect(new Date(end).toISOString().slice(0, 10)).toBe(last.slice(0, 10));
    expect(eventEnd(programme, Date.parse('2023-01-01'))).toBe(end);
    // Set up after its programme: from the setup.
    const setUp = Date.parse('2026-12-07T10:00:00Z');
    expect(eventEnd(programme, setUp)).toBe(setUp);
    // No items: the end of its last day.
    const empty: Programme = { ...programme, items: [], days: [{ date: '2023-06-22' }, { date: '2023-06-23' }] };
    expect(new Date(eventEnd(empty, null)!).toISOString()).toBe('2023-06-23T22:00:00.000Z');
    expect(eventEnd(undefined, 5)).toBe(5);
    expect(erasureDue({ ...defaultPrivacy(), retentionDays: 10 }, end)).toBe(end + 10 * DAY);
    expect(erasureDue(defaultPrivacy(), null)).toBeNull();
  });

  it('V4 the retention erases once it is over, and once: not again after an erase at or after that time', () => {
    const end = Date.parse('2023-06-23T11:00:00Z');
    const s = { ...defaultPrivacy(), retentionDays: 10 };
    const due = end + 10 * DAY;
    expect(retentionDue(s, end, due - 1)).toBe(false);
    expect(retentionDue(s, end, due)).toBe(true);
    expect(retentionDue(markErased(s, due + 5), end, due + DAY)).toBe(false);
    // An organiser's erase during the event does not stand for the retention's.
    expect(retentionDue(markErased(s, end - DAY), end, due + 1)).toBe(true);
    expect(retentionDue(s, null, due)).toBe(false);
  });

  it('V5 an erase is recorded with its time and a new revision', () => {
    expect(markErased(defaultPrivacy(), 1234)).toEqual({ retentionDays: 30, erasedAt: 1234, rev: 1 });
  });
});
