import { DomainError } from '../../../shared/protocol/errors';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { AccessState } from '../../../shared/protocol/links';
import type { Mark, PublishedSummary, ReportBack, Summary, SummaryVersion } from '../../../shared/protocol/summaries';
import {
  canReview,
  canWrite,
  emptyReportBack,
  emptySummary,
  markPoint,
  restoreVersion,
  reviewSummary,
  saveSummary,
  setReportBack,
  type Saved,
} from '../../../shared/domain/summaries';
import type { Actor } from '../../../shared/domain/actor';
import { KEYS } from '../../core/keys';
import type { Plan } from '../../core/service';
import type { FeatureDeps } from '../../core/feature';
import type { Handlers } from '../../realtime/router';
import { byKey } from '../../store/store';
import { SUMMARIES, TICK } from './keys';

const staff: Actor['role'][] = ['chair', 'rapporteur', 'organiser'];

/** The breakout room a request names (a summary is a breakout's), and the plenary's id (its chair reviews too). */
function breakout(agenda: AgendaState | undefined, roomId: string): { plenaryId: string | undefined } {
  const rooms = agenda?.programme.rooms ?? [];
  if (!rooms.some((r) => r.id === roomId && r.kind === 'breakout'))
    throw new DomainError('NOT_FOUND', `There is no breakout "${roomId}".`, { reason: 'summary.notBreakout', params: { room: roomId } });
  return { plenaryId: rooms.find((r) => r.kind === 'plenary')?.id };
}

/** Who acts, in the words the others see: the link's label ("Rapporteur · Breakout 1"). */
function labelOf(access: AccessState | undefined, actor: Actor): string {
  const jti = actor.id.startsWith('link:') ? actor.id.slice(5) : null;
  return access?.links.find((l) => l.jti === jti)?.label ?? actor.role;
}

/** A new working copy (for staff) and its version's text in its slot. */
function savedPlan({ summary, saved }: Saved): Plan {
  if (!saved) return { changes: [], reply: { version: summary.version } };
  const put = byKey<unknown>();
  put[SUMMARIES.summary(summary.roomId)] = summary;
  put[SUMMARIES.version(summary.roomId, saved.version)] = saved;
  return { changes: [{ event: { type: 'summary.changed', summary }, audience: 'staff' }], put, reply: { version: summary.version } };
}

/** The summaries' socket handlers: who acts comes from the socket's data at each event. */
export function summaryHandlers(deps: FeatureDeps): Pick<Handlers, Extract<keyof Handlers, `summary:${string}`>> {
  const { service, store, now } = deps;
  const ctx = (actor: Actor) => ({ actor, now: now() });

  return {
    'summary:save': {
      roles: ['rapporteur', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const key = SUMMARIES.summary(input.roomId);
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda, KEYS.access, key],
          plan: (docs) => {
            breakout(docs[KEYS.agenda] as AgendaState | undefined, input.roomId);
            const summary = (docs[key] as Summary | undefined) ?? emptySummary(input.roomId);
            const byLabel = labelOf(docs[KEYS.access] as AccessState | undefined, actor);
            return savedPlan(saveSummary(summary, { baseVersion: input.baseVersion, sections: input.sections, byLabel }, ctx(actor)));
          },
        });
        return applied as typeof applied & { version: number };
      },
    },

    'summary:restore': {
      roles: ['rapporteur', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const key = SUMMARIES.summary(input.roomId);
        const slot = SUMMARIES.version(input.roomId, input.version);
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda, KEYS.access, key, slot],
          plan: (docs) => {
            breakout(docs[KEYS.agenda] as AgendaState | undefined, input.roomId);
            const summary = (docs[key] as Summary | undefined) ?? emptySummary(input.roomId);
            const byLabel = labelOf(docs[KEYS.access] as AccessState | undefined, actor);
            const old = docs[slot] as SummaryVersion | undefined;
            return savedPlan(restoreVersion(summary, old, { baseVersion: input.baseVersion, version: input.version, byLabel }, ctx(actor)));
          },
        });
        return applied as typeof applied & { version: number };
      },
    },

    'summary:review': {
      roles: staff,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const key = SUMMARIES.summary(input.roomId);
        const pubKey = SUMMARIES.published(input.roomId);
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda, KEYS.access, key, pubKey],
          plan: (docs) => {
            const { plenaryId } = breakout(docs[KEYS.agenda] as AgendaState | undefined, input.roomId);
            const summary = (docs[key] as Summary | undefined) ?? emptySummary(input.roomId);
            const byLabel = labelOf(docs[KEYS.access] as AccessState | undefined, actor);
            const previous = (docs[pubKey] as PublishedSummary | undefined) ?? null;
            const { summary: next, published } = reviewSummary(summary, previous, { ...input, byLabel, plenaryId }, ctx(actor));
            const put = byKey<unknown>();
            put[key] = next;
            const changes: Plan['changes'] = [{ event: { type: 'summary.changed', summary: next }, audience: 'staff' }];
            if (published) {
              put[pubKey] = published;
              changes.push({ event: { type: 'summary.published', published }, audience: 'all' });
            }
            return { changes, put };
          },
        });
      },
    },

    'summary:version': {
      roles: staff,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const docs = await store.read(eventId, [KEYS.agenda, SUMMARIES.version(input.roomId, input.version)]);
        const { plenaryId } = breakout(docs[KEYS.agenda]?.value as AgendaState | undefined, input.roomId);
        if (!canWrite(actor, input.roomId) && !canReview(actor, input.roomId, plenaryId))
          throw new DomainError('FORBIDDEN', "Only this breakout's rapporteur and reviewers see its versions.", { reason: 'summary.reviewerOnly' });
        const version = docs[SUMMARIES.version(input.roomId, input.version)]?.value as SummaryVersion | undefined;
        if (!version || version.version !== input.version || version.roomId !== input.roomId)
          throw new DomainError('NOT_FOUND', `Version ${input.version} is no longer kept.`, {
            reason: 'summary.versionGone',
            params: { version: input.version },
          });
        return { version };
      },
    },

    'summary:reportBack': {
      roles: ['chair', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
        const rooms = agenda?.programme.rooms ?? [];
        const breakouts = rooms.filter((r) => r.kind === 'breakout').map((r) => r.id);
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [SUMMARIES.reportBack, ...breakouts.map(SUMMARIES.published)],
          plan: (docs) => {
            const state = (docs[SUMMARIES.reportBack] as ReportBack | undefined) ?? emptyReportBack();
            const published = breakouts.filter((r) => docs[SUMMARIES.published(r)]);
            const plenaryId = rooms.find((r) => r.kind === 'plenary')?.id;
            const next = setReportBack(state, { live: input.live, current: input.current, plenaryId, published }, ctx(actor));
            if (!next) return { changes: [] };
            return { changes: [{ event: { type: 'reportBack.changed', reportBack: next }, audience: 'all' }], put: { [SUMMARIES.reportBack]: next } };
          },
        });
      },
    },

    'summary:mark': {
      roles: ['attendee', ...staff],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const pubKey = SUMMARIES.published(input.roomId);
        const mine = SUMMARIES.marks(input.roomId, actor.id);
        // The published copy's version is expected unchanged: a mark that races a correction is decided again on it.
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [SUMMARIES.reportBack, pubKey, mine],
          plan: (docs) => {
            const reportBack = (docs[SUMMARIES.reportBack] as ReportBack | undefined) ?? emptyReportBack();
            const published = (docs[pubKey] as PublishedSummary | undefined) ?? null;
            const previous = (docs[mine] as Record<string, Mark> | undefined) ?? {};
            const { marks, deltas } = markPoint(published, reportBack, previous, input);
            const put = byKey<unknown>();
            put[mine] = marks;
            return {
              changes: [],
              put,
              incr: [
                ...Object.entries(deltas).map(([field, by]) => ({ key: SUMMARIES.tally(input.roomId), field, by })),
                { key: SUMMARIES.tally(input.roomId), field: TICK, by: 1 },
                { key: SUMMARIES.ticks, field: input.roomId, by: 1 },
              ],
            };
          },
        });
      },
    },
  };
}
