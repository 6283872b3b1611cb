import { DomainError } from '../protocol/errors';
import type { AgendaItem, Programme } from '../protocol/programme';
import type {
  Mark,
  MarkTally,
  PublishedSummary,
  ReportBack,
  ReviewAction,
  Section,
  Summary,
  SummaryEvent,
  SummaryVersion,
  VersionInfo,
} from '../protocol/summaries';
import { LIMITS } from '../limits';
import type { Actor, Context } from './actor';

export { applyMarkTally, applySummaryEvent, emptyReportBack, type SummariesState } from './summariesState';

/**
 * Breakout summaries (SPEC S1-S12). A summary is one document per breakout room: the working copy's sections, its
 * version (every save that changes the text is the next number), its status and the last versions' who and when.
 * The text of each kept version sits in one of `LIMITS.summaryVersionsKept` slots beside it (version n in slot
 * n mod 50), so a restore finds it and nothing grows without bound. A save names the version it was written on:
 * on an older one it is refused with VERSION_CONFLICT, so two people never overwrite each other unseen. What
 * attendees see is the published copy, a separate document that only a publish writes.
 */
export type { Mark, MarkTally, PublishedSummary, ReportBack, Section, Summary, SummaryEvent, SummaryVersion, VersionInfo };

export const FREE_SECTIONS = ['other', 'recommendations'] as const;

/** The breakout's programme item (the one its room holds: the seeds give a breakout room one item). */
export function breakoutItem(programme: Programme, roomId: string): AgendaItem | undefined {
  return programme.items.find((i) => i.roomId === roomId && i.kind === 'breakout') ?? programme.items.find((i) => i.roomId === roomId);
}

/** S1: one section per key topic of the breakout, then "other points" and "recommendations". */
export function templateSections(item: AgendaItem | undefined): Section[] {
  const topics = (item?.keyTopics ?? []).map((title, i): Section => ({ id: `t${i + 1}`, kind: 'topic', title, body: '' }));
  return [...topics, { id: 'other', kind: 'other', title: '', body: '' }, { id: 'recs', kind: 'recommendations', title: '', body: '' }];
}

export function emptySummary(roomId: string): Summary {
  return { roomId, status: 'empty', version: 0, sections: [], history: [], review: null, rev: 0 };
}

/** The slot that holds version n's text. */
export const versionSlot = (version: number) => version % LIMITS.summaryVersionsKept;

/** S2: the room's rapporteur (a link for that room, or for every room) or the organiser writes its summary. */
export function canWrite(actor: Actor, roomId: string): boolean {
  if (actor.role === 'organiser') return true;
  return actor.role === 'rapporteur' && (actor.roomScope === '*' || actor.roomScope === roomId);
}

/** S6: the breakout's chair, the plenary's chair (the report-back is theirs) or the organiser reviews. */
export function canReview(actor: Actor, roomId: string, plenaryId: string | undefined): boolean {
  if (actor.role === 'organiser') return true;
  return actor.role === 'chair' && (actor.roomScope === '*' || actor.roomScope === roomId || actor.roomScope === plenaryId);
}

function writer(actor: Actor, roomId: string): void {
  if (!canWrite(actor, roomId))
    throw new DomainError('FORBIDDEN', "Only this breakout's rapporteur can write its summary.", { reason: 'summary.rapporteurOnly' });
}

const sameText = (a: Section[], b: Section[]) =>
  a.length === b.length && a.every((s, i) => s.id === b[i]!.id && s.kind === b[i]!.kind && s.title === b[i]!.title && s.body === b[i]!.body);

function checkSections(sections: Section[]): void {
  if (new Set(sections.map((s) => s.id)).size !== sections.length)
    throw new DomainError('BAD_REQUEST', 'Each section of a summary needs its own id.', { reason: 'summary.sectionIds' });
  const size = sections.reduce((n, s) => n + s.body.length + s.title.length, 0);
  if (size > LIMITS.summaryTextMax)
    throw new DomainError('TOO_LARGE', `A summary holds at most ${LIMITS.summaryTextMax} characters.`, {
      reason: 'summary.tooLong',
      params: { max: LIMITS.summaryTextMax },
    });
}

function conflict(summary: Summary, baseVersion: number): void {
  if (summary.version !== baseVersion)
    throw new DomainError('VERSION_CONFLICT', `Someone saved version ${summary.version} of this summary meanwhile; here it is beside yours.`, {
      reason: 'summary.conflict',
      params: { version: summary.version },
    });
}

export interface Saved {
  summary: Summary;
  /** The new version's text, for its slot; null when the text did not change (no new version). */
  saved: SummaryVersion | null;
}

function newVersion(summary: Summary, sections: Section[], byLabel: string, ctx: Context, restoredFrom?: number): Saved {
  const info: VersionInfo = { version: summary.version + 1, by: ctx.actor.id, byLabel, at: ctx.now, ...(restoredFrom ? { restoredFrom } : {}) };
  // S7: a change to a published summary is a correction in the making: drafting again, the published copy stays.
  const status = 'drafting';
  const history = [...summary.history, info].slice(-LIMITS.summaryVersionsKept);
  return {
    summary: { ...summary, status, sections, version: info.version, history, rev: summary.rev + 1 },
    saved: { ...info, roomId: summary.roomId, sections },
  };
}

/** S2, S3, S5, S7: a save on the version it names; an unchanged text is no new version. */
export function saveSummary(summary: Summary, cmd: { baseVersion: number; sections: Section[]; byLabel: string }, ctx: Context): Saved {
  writer(ctx.actor, summary.roomId);
  if (summary.status === 'review')
    throw new DomainError('BAD_REQUEST', 'This summary is being reviewed; it can be changed once it is published or sent back.', {
      reason: 'summary.inReview',
    });
  conflict(summary, cmd.baseVersion);
  checkSections(cmd.sections);
  if (summary.version > 0 && sameText(summary.sections, cmd.sections)) return { summary, saved: null };
  return newVersion(summary, cmd.sections, cmd.byLabel, ctx);
}

/** S4: an older version's text comes back as the next version (the versions in between stay in the history). */
export function restoreVersion(
  summary: Summary,
  old: SummaryVersion | undefined,
  cmd: { baseVersion: number; version: number; byLabel: string },
  ctx: Context,
): Saved {
  writer(ctx.actor, summary.roomId);
  if (summary.status === 'review')
    throw new DomainError('BAD_REQUEST', 'This summary is being reviewed; it can be changed once it is published or sent back.', {
      reason: 'summary.inReview',
    });
  conflict(summary, cmd.baseVersion);
  if (!old || old.version !== cmd.version || old.roomId !== summary.roomId)
    throw new DomainError('NOT_FOUND', `Version ${cmd.version} is no longer kept.`, { reason: 'summary.versionGone', params: { version: cmd.version } });
  return newVersion(summary, old.sections, cmd.byLabel, ctx, old.version);
}

const STATUS_WORDS: Record<Summary['status'], string> = { empty: 'empty', drafting: 'being drafted', review: 'in review', published: 'published' };
const ACTION_WORDS: Record<ReviewAction, string> = { submit: 'submitted', publish: 'published', sendBack: 'sent back' };

/** What a review does: the working copy after it, and the published copy when it publishes. */
export interface Reviewed {
  summary: Summary;
  published: PublishedSummary | null;
}

/**
 * S5, S6: the rapporteur submits a drafted summary for review; the breakout's chair, the plenary chair or the
 * organiser publishes it or sends it back with a comment. A review names the `rev` it was decided on.
 */
export function reviewSummary(
  summary: Summary,
  previous: PublishedSummary | null,
  cmd: { action: ReviewAction; rev: number; comment: string; byLabel: string; plenaryId: string | undefined },
  ctx: Context,
): Reviewed {
  const { action } = cmd;
  if (action === 'submit') writer(ctx.actor, summary.roomId);
  else if (!canReview(ctx.actor, summary.roomId, cmd.plenaryId))
    throw new DomainError('FORBIDDEN', "Only the breakout's chair, the plenary chair or the organiser can review a summary.", {
      reason: 'summary.reviewerOnly',
    });
  if (summary.rev !== cmd.rev)
    throw new DomainError('VERSION_CONFLICT', 'This summary changed a moment ago; here is its current version.', {
      reason: 'summary.changed',
    });
  const from: Record<ReviewAction, Summary['status'][]> = { submit: ['drafting'], publish: ['review'], sendBack: ['review'] };
  if (!from[action].includes(summary.status))
    throw new DomainError('BAD_REQUEST', `A summary that is ${STATUS_WORDS[summary.status]} cannot be ${ACTION_WORDS[action]}.`, {
      reason: 'summary.badTransition',
      params: { status: summary.status, action },
    });
  const comment = cmd.comment.trim();
  const rev = summary.rev + 1;
  switch (action) {
    case 'submit':
      return { summary: { ...summary, status: 'review', rev }, published: null };
    case 'sendBack':
      if (!comment) throw new DomainError('BAD_REQUEST', 'Say what to change when sending a summary back.', { reason: 'summary.commentNeeded' });
      return { summary: { ...summary, status: 'drafting', review: { outcome: 'sentBack', byLabel: cmd.byLabel, at: ctx.now, comment }, rev }, published: null };
    case 'publish': {
      const published: PublishedSummary = {
        roomId: summary.roomId,
        version: summary.version,
        sections: summary.sections,
        byLabel: cmd.byLabel,
        at: ctx.now,
        edition: (previous?.edition ?? 0) + 1,
      };
      return { summary: { ...summary, status: 'published', review: { outcome: 'published', byLabel: cmd.byLabel, at: ctx.now, comment }, rev }, published };
    }
  }
}

/** S8: the plenary's chair or the organiser turns the report-back on and off and picks the summary on the big screen. */
export function setReportBack(
  state: ReportBack,
  cmd: { live: boolean; current: string | null; plenaryId: string | undefined; published: readonly string[] },
  ctx: Context,
): ReportBack | null {
  const { actor } = ctx;
  const allowed = actor.role === 'organiser' || (actor.role === 'chair' && (actor.roomScope === '*' || actor.roomScope === cmd.plenaryId));
  if (!allowed) throw new DomainError('FORBIDDEN', 'Only the plenary chair or the organiser runs the report-back.', { reason: 'summary.plenaryChairOnly' });
  if (cmd.current !== null && !cmd.published.includes(cmd.current))
    throw new DomainError('BAD_REQUEST', 'This summary is not published yet.', { reason: 'summary.notPublished' });
  const current = cmd.live ? cmd.current : null;
  if (state.live === cmd.live && state.current === current) return null;
  return { live: cmd.live, current, since: state.live === cmd.live ? state.since : ctx.now, rev: state.rev + 1 };
}

// ---- key points and marks ---------------------------------------------------------------------------------------

export interface KeyPoint {
  id: string;
  sectionId: string;
  /** The point's Markdown (a list item's, or the whole section's). */
  text: string;
}

/** FNV-1a, 32 bits, base 36: a short id that follows a point's text (no crypto on the attendee's page). */
function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

const LIST_ITEM = /^ ?(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;

/**
 * S9: a section's key points are its top-level list items; a section with text but no list is one point. A point's
 * id is its section's and a hash of its words, so a correction keeps the marks of the points it leaves unchanged.
 */
export function keyPoints(sections: readonly Section[]): KeyPoint[] {
  const points: KeyPoint[] = [];
  for (const section of sections) {
    const items: string[] = [];
    let inItem = false;
    for (const line of section.body.split('\n')) {
      const m = LIST_ITEM.exec(line);
      if (m) {
        items.push(m[1]!.trim());
        inItem = true;
      } else if (inItem && /^\s{2,}\S/.test(line)) items[items.length - 1] += ` ${line.trim()}`;
      else if (!line.trim()) continue;
      else inItem = false;
    }
    const texts = items.length ? items : section.body.trim() ? [section.body.trim()] : [];
    const seen = new Set<string>();
    for (const text of texts) {
      let id = `${section.id}.${textHash(text.replace(/\s+/g, ' '))}`;
      while (seen.has(id)) id += '_';
      seen.add(id);
      points.push({ id, sectionId: section.id, text });
    }
  }
  return points;
}

/**
 * S10, S11: during the report-back, anyone may mark a key point of a published summary agree, disagree or unsure:
 * one mark per person and point, which they may change or take back (null). The counters change by the
 * difference, in the same commit as the person's marks.
 */
export function markPoint(
  published: PublishedSummary | null,
  reportBack: ReportBack,
  previous: Readonly<Record<string, Mark>>,
  cmd: { pointId: string; mark: Mark | null },
): { marks: Record<string, Mark>; deltas: Record<string, number> } {
  if (!reportBack.live) throw new DomainError('BAD_REQUEST', 'Points can be marked during the report-back.', { reason: 'summary.reportBackOff' });
  if (!published) throw new DomainError('NOT_FOUND', 'This summary is not published yet.', { reason: 'summary.notPublished' });
  if (!keyPoints(published.sections).some((p) => p.id === cmd.pointId))
    throw new DomainError('NOT_FOUND', 'That point is no longer in the summary.', { reason: 'summary.pointGone' });
  const before = previous[cmd.pointId] ?? null;
  const marks = { ...previous };
  if (cmd.mark) marks[cmd.pointId] = cmd.mark;
  else delete marks[cmd.pointId];
  const deltas: Record<string, number> = {};
  if (before !== cmd.mark) {
    if (before) deltas[`${cmd.pointId}:${before}`] = -1;
    if (cmd.mark) deltas[`${cmd.pointId}:${cmd.mark}`] = 1;
  }
  return { marks, deltas };
}

/** A point's counts from a summary's mark counters. */
export function pointCounts(tally: Pick<MarkTally, 'counters'> | undefined, pointId: string): Record<Mark, number> {
  const c = tally?.counters ?? {};
  return { agree: c[`${pointId}:agree`] ?? 0, disagree: c[`${pointId}:disagree`] ?? 0, unsure: c[`${pointId}:unsure`] ?? 0 };
}
