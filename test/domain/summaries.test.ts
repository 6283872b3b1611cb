import { describe, expect, it } from 'vitest';
import {
  applyMarkTally,
  applySummaryEvent,
  breakoutItem,
  canReview,
  emptyReportBack,
  emptySummary,
  keyPoints,
  markPoint,
  pointCounts,
  restoreVersion,
  reviewSummary,
  saveSummary,
  setReportBack,
  templateSections,
  versionSlot,
  type SummariesState,
} from '../../shared/domain/summaries';
import type { Actor } from '../../shared/domain/actor';
import type { Mark, PublishedSummary, Section, Summary, SummaryVersion } from '../../shared/protocol/summaries';
import { Programme } from '../../shared/protocol/programme';
import { LIMITS } from '../../shared/limits';
import { refusalOf, thrown } from './refusal';

const rapporteur: Actor = { role: 'rapporteur', id: 'link:r1', roomScope: 'breakout-1' };
const otherRapporteur: Actor = { role: 'rapporteur', id: 'link:r2', roomScope: 'breakout-2' };
const breakoutChair: Actor = { role: 'chair', id: 'link:c1', roomScope: 'breakout-1' };
const otherChair: Actor = { role: 'chair', id: 'link:c2', roomScope: 'breakout-2' };
const plenaryChair: Actor = { role: 'chair', id: 'link:cp', roomScope: 'plenary' };
const organiser: Actor = { role: 'organiser', id: 'link:o', roomScope: '*' };
const attendee: Actor = { role: 'attendee', id: 'a1', roomScope: '*' };
const at = (actor: Actor, now = 100) => ({ actor, now });

const sections = (...bodies: string[]): Section[] => bodies.map((body, i) => ({ id: `t${i + 1}`, kind: 'topic', title: `Topic ${i + 1}`, body }));
const save = (s: Summary, body: string, actor = rapporteur, baseVersion = s.version, now = 100) =>
  saveSummary(s, { baseVersion, sections: sections(body), byLabel: 'Rapporteur' }, at(actor, now));
const review = (s: Summary, action: 'submit' | 'publish' | 'sendBack', actor: Actor, comment = '', previous: PublishedSummary | null = null) =>
  reviewSummary(s, previous, { action, rev: s.rev, comment, byLabel: actor.role, plenaryId: 'plenary' }, at(actor, 200));

/** A summary written and saved n times. */
function written(n: number): Summary {
  let s = emptySummary('breakout-1');
  for (let i = 1; i <= n; i++) s = save(s, `text ${i}`, rapporteur, s.version, i).summary;
  return s;
}
const inReview = () => review(written(1), 'submit', rapporteur).summary;

describe('summaries: sections and versions', () => {
  it('S1 one section per key topic of the breakout, then other points and recommendations', () => {
    const programme = Programme.parse({
      title: 'T',
      timeZone: 'Europe/Brussels',
      days: [{ date: '2023-06-22' }],
      rooms: [
        { id: 'plenary', name: 'Plenary', kind: 'plenary' },
        { id: 'breakout-1', name: 'Breakout 1', kind: 'breakout' },
      ],
      items: [
        { id: 'b1', roomId: 'breakout-1', date: '2023-06-22', start: '11:45', end: '13:15', kind: 'breakout', title: 'Skills', keyTopics: ['Why?', 'How?'] },
      ],
    });
    const t = templateSections(breakoutItem(programme, 'breakout-1'));
    expect(t.map((s) => [s.id, s.kind, s.title])).toEqual([
      ['t1', 'topic', 'Why?'],
      ['t2', 'topic', 'How?'],
      ['other', 'other', ''],
      ['recs', 'recommendations', ''],
    ]);
    expect(templateSections(undefined).map((s) => s.id)).toEqual(['other', 'recs']);
  });

  it.each([
    ['the room’s rapporteur', rapporteur, null],
    ['a rapporteur for every room', { ...rapporteur, roomScope: '*' }, null],
    ['the organiser', organiser, null],
    ['another room’s rapporteur', otherRapporteur, 'FORBIDDEN summary.rapporteurOnly'],
    ['the breakout’s chair', breakoutChair, 'FORBIDDEN summary.rapporteurOnly'],
    ['an attendee', attendee, 'FORBIDDEN summary.rapporteurOnly'],
  ] as const)('S2 who may write: %s', (_who, actor, refusal) => {
    expect(refusalOf(() => save(emptySummary('breakout-1'), 'x', actor))).toBe(refusal);
  });

  it('S2 a save on an older version is refused with VERSION_CONFLICT, naming the version saved meanwhile, and changes nothing', () => {
    const s = written(3);
    const e = thrown(() => save(s, 'mine', rapporteur, 2));
    expect([e.code, e.reason, e.params]).toEqual(['VERSION_CONFLICT', 'summary.conflict', { version: 3 }]);
    expect(s.version).toBe(3);
    expect(refusalOf(() => save(s, 'mine', rapporteur, 4))).toBe('VERSION_CONFLICT summary.conflict');
    expect(save(s, 'mine', rapporteur, 3).summary.version).toBe(4);
  });

  it('S2 distinct section ids, and the whole text within its limit', () => {
    const s = emptySummary('breakout-1');
    const twice = [...sections('a'), ...sections('b')];
    expect(refusalOf(() => saveSummary(s, { baseVersion: 0, sections: twice, byLabel: 'R' }, at(rapporteur)))).toBe('BAD_REQUEST summary.sectionIds');
    const long = sections('x'.repeat(LIMITS.summarySectionMax), 'y'.repeat(LIMITS.summarySectionMax), 'z'.repeat(LIMITS.summarySectionMax));
    expect(thrown(() => saveSummary(s, { baseVersion: 0, sections: long, byLabel: 'R' }, at(rapporteur))).params).toEqual({ max: LIMITS.summaryTextMax });
  });

  it('S3 each save that changes the text is the next version, with who and when; an unchanged save is none', () => {
    const first = save(emptySummary('breakout-1'), 'hello', rapporteur, 0, 5);
    expect(first.summary).toMatchObject({ version: 1, status: 'drafting', sections: sections('hello') });
    expect(first.summary.history).toEqual([{ version: 1, by: 'link:r1', byLabel: 'Rapporteur', at: 5 }]);
    expect(first.saved).toMatchObject({ version: 1, roomId: 'breakout-1', sections: sections('hello') });
    const again = save(first.summary, 'hello');
    expect(again.saved).toBeNull();
    expect(again.summary).toBe(first.summary);
  });

  it('S3 the history keeps the last 50 versions, each in its own slot', () => {
    const s = written(LIMITS.summaryVersionsKept + 7);
    expect(s.history).toHaveLength(LIMITS.summaryVersionsKept);
    expect(s.history[0]!.version).toBe(8);
    expect(s.history.at(-1)!.version).toBe(57);
    expect(new Set(s.history.map((h) => versionSlot(h.version))).size).toBe(LIMITS.summaryVersionsKept);
  });

  it('S4 restoring an older version makes its text the next version; a version no longer kept is refused', () => {
    const s = written(3);
    const v1: SummaryVersion = { version: 1, by: 'link:r1', byLabel: 'R', at: 1, roomId: 'breakout-1', sections: sections('text 1') };
    const r = restoreVersion(s, v1, { baseVersion: 3, version: 1, byLabel: 'R' }, at(rapporteur, 9));
    expect(r.summary).toMatchObject({ version: 4, sections: sections('text 1') });
    expect(r.summary.history.at(-1)).toEqual({ version: 4, by: 'link:r1', byLabel: 'R', at: 9, restoredFrom: 1 });
    // The slot holds another version now (version 51 overwrote 1's slot), or nothing.
    expect(refusalOf(() => restoreVersion(s, { ...v1, version: 51 }, { baseVersion: 3, version: 1, byLabel: 'R' }, at(rapporteur)))).toBe(
      'NOT_FOUND summary.versionGone',
    );
    expect(refusalOf(() => restoreVersion(s, undefined, { baseVersion: 3, version: 1, byLabel: 'R' }, at(rapporteur)))).toBe('NOT_FOUND summary.versionGone');
    expect(refusalOf(() => restoreVersion(s, v1, { baseVersion: 2, version: 1, byLabel: 'R' }, at(rapporteur)))).toBe('VERSION_CONFLICT summary.conflict');
  });
});

describe('summaries: review and publication', () => {
  it('S5 empty, drafting, in review: the rapporteur submits a drafted summary; in review the text is locked', () => {
    expect(emptySummary('breakout-1').status).toBe('empty');
    expect(refusalOf(() => review(emptySummary('breakout-1'), 'submit', rapporteur))).toBe('BAD_REQUEST summary.badTransition');
    const s = inReview();
    expect(s.status).toBe('review');
    expect(refusalOf(() => save(s, 'more'))).toBe('BAD_REQUEST summary.inReview');
    expect(refusalOf(() => review(written(1), 'submit', breakoutChair))).toBe('FORBIDDEN summary.rapporteurOnly');
  });

  it.each([
    ['the breakout’s chair', breakoutChair, null],
    ['the plenary chair', plenaryChair, null],
    ['the organiser', organiser, null],
    ['another breakout’s chair', otherChair, 'FORBIDDEN summary.reviewerOnly'],
    ['the rapporteur', rapporteur, 'FORBIDDEN summary.reviewerOnly'],
    ['an attendee', attendee, 'FORBIDDEN summary.reviewerOnly'],
  ] as const)('S6 who may publish: %s', (_who, actor, refusal) => {
    expect(refusalOf(() => review(inReview(), 'publish', actor))).toBe(refusal);
    expect(canReview(actor, 'breakout-1', 'plenary')).toBe(refusal === null);
  });

  it('S6 publishing copies the text at its version, with who and when; only from review', () => {
    const s = inReview();
    const { summary, published } = review(s, 'publish', plenaryChair);
    expect(summary).toMatchObject({ status: 'published', review: { outcome: 'published', byLabel: 'chair', at: 200 } });
    expect(published).toEqual({ roomId: 'breakout-1', version: 1, sections: sections('text 1'), byLabel: 'chair', at: 200, edition: 1 });
    expect(refusalOf(() => review(written(1), 'publish', plenaryChair))).toBe('BAD_REQUEST summary.badTransition');
    expect(refusalOf(() => review(summary, 'publish', plenaryChair))).toBe('BAD_REQUEST summary.badTransition');
  });

  it('S6 sending back needs a comment and returns the summary to drafting', () => {
    const s = inReview();
    expect(refusalOf(() => review(s, 'sendBack', breakoutChair, '  '))).toBe('BAD_REQUEST summary.commentNeeded');
    const { summary, published } = review(s, 'sendBack', breakoutChair, 'Add the Danish example');
    expect(published).toBeNull();
    expect(summary).toMatchObject({ status: 'drafting', review: { outcome: 'sentBack', comment: 'Add the Danish example' } });
    expect(save(summary, 'with the example').summary.version).toBe(2);
  });

  it('S6 a review on a revision that changed since is refused with VERSION_CONFLICT', () => {
    const s = inReview();
    expect(
      refusalOf(() => reviewSummary(s, null, { action: 'publish', rev: s.rev - 1, comment: '', byLabel: 'c', plenaryId: 'plenary' }, at(breakoutChair))),
    ).toBe('VERSION_CONFLICT summary.changed');
  });

  it('S7 a correction: drafting again while attendees keep the published text, then a new edition', () => {
    const first = review(inReview(), 'publish', breakoutChair);
    const corrected = save(first.summary, 'text 1, corrected').summary;
    expect(corrected).toMatchObject({ status: 'drafting', version: 2 });
    const second = review(review(corrected, 'submit', rapporteur).summary, 'publish', breakoutChair, '', first.published);
    expect(second.published).toMatchObject({ version: 2, edition: 2, sections: sections('text 1, corrected') });
  });
});

describe('summaries: the report-back and marks', () => {
  const off = emptyReportBack();
  const set = (live: boolean, current: string | null, actor: Actor, state = off) =>
    setReportBack(state, { live, current, plenaryId: 'plenary', published: ['breakout-1'] }, at(actor, 50));

  it('S8 the plenary chair or the organiser runs it; only a published summary is shown; none while off', () => {
    expect(set(true, null, plenaryChair)).toEqual({ live: true, current: null, since: 50, rev: 1 });
    expect(set(true, 'breakout-1', organiser)).toMatchObject({ live: true, current: 'breakout-1' });
    expect(refusalOf(() => set(true, null, breakoutChair))).toBe('FORBIDDEN summary.plenaryChairOnly');
    expect(refusalOf(() => set(true, null, rapporteur))).toBe('FORBIDDEN summary.plenaryChairOnly');
    expect(refusalOf(() => set(true, 'breakout-2', plenaryChair))).toBe('BAD_REQUEST summary.notPublished');
    const on = set(true, 'breakout-1', plenaryChair)!;
    expect(set(true, 'breakout-1', plenaryChair, on)).toBeNull();
    expect(set(false, 'breakout-1', plenaryChair, on)).toMatchObject({ live: false, current: null, rev: 2 });
  });

  it('S9 key points: top-level list items, or the whole section; ids follow the words', () => {
    const body = '- Recognition by employers\n  across borders\n- Quality assurance\n  - a nested detail\n\n1. Stackability';
    const points = keyPoints([
      { id: 't1', kind: 'topic', title: 'A', body },
      { id: 'other', kind: 'other', title: '', body: 'One paragraph.\nStill the same.' },
      { id: 'recs', kind: 'recommendations', title: '', body: '  ' },
    ]);
    expect(points.map((p) => [p.sectionId, p.text])).toEqual([
      ['t1', 'Recognition by employers across borders'],
      ['t1', 'Quality assurance - a nested detail'],
      ['t1', 'Stackability'],
      ['other', 'One paragraph.\nStill the same.'],
    ]);
    const again = keyPoints([{ id: 't1', kind: 'topic', title: 'A', body: '- Quality assurance\n  - a nested detail\n- New point' }]);
    expect(again[0]!.id).toBe(points[1]!.id);
    expect(again[1]!.id).not.toBe(points[0]!.id);
  });

  const pub: PublishedSummary = { roomId: 'breakout-1', version: 1, sections: sections('- Yes\n- No'), byLabel: 'c', at: 1, edition: 1 };
  const [p1, p2] = keyPoints(pub.sections).map((p) => p.id) as [string, string];
  const live = { live: true, current: null, since: 1, rev: 1 };

  /** Runs marks through markPoint and sums the deltas, as the store's counters would. */
  function count(marks: [string, string, Mark | null][]): Record<string, number> {
    const counters: Record<string, number> = {};
    const mine: Record<string, Record<string, Mark>> = {};
    for (const [who, point, mark] of marks) {
      const r = markPoint(pub, live, mine[who] ?? {}, { pointId: point, mark });
      mine[who] = r.marks;
      for (const [k, v] of Object.entries(r.deltas)) counters[k] = (counters[k] ?? 0) + v;
    }
    return counters;
  }

  it('S10 one mark per person and point, which they can change or take back', () => {
    const c = count([
      ['a1', p1, 'agree'],
      ['a1', p1, 'agree'],
      ['a2', p1, 'agree'],
      ['a2', p1, 'disagree'],
      ['a3', p1, 'unsure'],
      ['a3', p1, null],
      ['a1', p2, 'unsure'],
    ]);
    expect(pointCounts({ counters: c }, p1)).toEqual({ agree: 1, disagree: 1, unsure: 0 });
    expect(pointCounts({ counters: c }, p2)).toEqual({ agree: 0, disagree: 0, unsure: 1 });
    const r = markPoint(pub, live, { [p1]: 'agree' }, { pointId: p1, mark: 'agree' });
    expect(r.deltas).toEqual({});
  });

  it('S10 only during the report-back, on a published summary’s point', () => {
    expect(refusalOf(() => markPoint(pub, off, {}, { pointId: p1, mark: 'agree' }))).toBe('BAD_REQUEST summary.reportBackOff');
    expect(refusalOf(() => markPoint(null, live, {}, { pointId: p1, mark: 'agree' }))).toBe('NOT_FOUND summary.notPublished');
    expect(refusalOf(() => markPoint(pub, live, {}, { pointId: 't1.nothing', mark: 'agree' }))).toBe('NOT_FOUND summary.pointGone');
  });

  it('S12 clients keep the newest working copy, edition, report-back and tally', () => {
    const s1 = written(1);
    const s2 = written(2);
    let state: SummariesState = { summaries: {}, published: {}, reportBack: off, marks: {}, myMarks: {} };
    state = applySummaryEvent(state, { type: 'summary.changed', summary: s2 });
    state = applySummaryEvent(state, { type: 'summary.changed', summary: s1 });
    expect(state.summaries['breakout-1']).toBe(s2);
    state = applySummaryEvent(state, { type: 'summary.published', published: { ...pub, edition: 2 } });
    state = applySummaryEvent(state, { type: 'summary.published', published: pub });
    expect(state.published['breakout-1']!.edition).toBe(2);
    state = applySummaryEvent(state, { type: 'reportBack.changed', reportBack: { ...live, rev: 3 } });
    state = applySummaryEvent(state, { type: 'reportBack.changed', reportBack: { ...off, rev: 2 } });
    expect(state.reportBack.live).toBe(true);
    state = applyMarkTally(state, { roomId: 'breakout-1', counters: { x: 2 }, tick: 5 });
    state = applyMarkTally(state, { roomId: 'breakout-1', counters: { x: 1 }, tick: 4 });
    expect(state.marks['breakout-1']!.counters).toEqual({ x: 2 });
  });
});
