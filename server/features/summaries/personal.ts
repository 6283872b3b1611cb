import type { AgendaState } from '../../../shared/protocol/agenda';
import type { Summary, SummaryVersion } from '../../../shared/protocol/summaries';
import { LIMITS } from '../../../shared/limits';
import { KEYS } from '../../core/keys';
import type { PersonalData } from '../../core/personal';
import type { Plan } from '../../core/service';
import { SUMMARIES } from './keys';

/**
 * The summaries' personal data. A published summary is the rapporteurs' work for the organiser and stays as
 * published (its text, and the label of the link that published it). The working copy keeps its text too, but not
 * who saved which version nor the reviewer's words: its history's names and labels, in the summary and in each kept
 * version, are cleared. An attendee's part is their marks on the key points (anonymous figures: they stay).
 */
export const personalSummaries: PersonalData = {
  part: 'summaries',
  async find(store, eventId, attendeeId) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const roomIds = agenda?.programme.rooms.filter((r) => r.kind === 'breakout').map((r) => r.id) ?? [];
    if (attendeeId) return { docs: roomIds.map((r) => SUMMARIES.marks(r, attendeeId)) };
    const slots = Array.from({ length: LIMITS.summaryVersionsKept }, (_, n) => n);
    return { docs: roomIds.flatMap((r) => [SUMMARIES.summary(r), ...slots.map((n) => SUMMARIES.version(r, n))]) };
  },
  erase(found) {
    const put: Record<string, unknown> = {};
    const changes: Plan['changes'] = [];
    for (const [key, value] of Object.entries(found.docs)) {
      if (!value) continue;
      if (key.startsWith('summary:')) {
        const s = value as Summary;
        const summary: Summary = {
          ...s,
          history: s.history.map((h) => ({ ...h, by: '', byLabel: '' })),
          review: s.review ? { ...s.review, byLabel: '', comment: '' } : null,
          rev: s.rev + 1,
        };
        put[key] = summary;
        changes.push({ event: { type: 'summary.changed', summary }, audience: 'staff' });
      } else if (key.startsWith('summaryVersion:')) put[key] = { ...(value as SummaryVersion), by: '', byLabel: '' } satisfies SummaryVersion;
    }
    return { changes, put };
  },
  ofAttendee(found) {
    const marks = Object.entries(found.docs).flatMap(([key, value]) =>
      key.startsWith('marks:') && value ? [{ roomId: key.split(':')[1], marks: value }] : [],
    );
    return marks.length ? { marks } : null;
  },
  eraseAttendee: () => ({ changes: [], put: {} }),
};
