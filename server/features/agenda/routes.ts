import express from 'express';
import { createEvents, type EventAttributes } from 'ics';
import { DomainError, fail } from '../../../shared/protocol/errors';
import { Programme, describeIssues } from '../../../shared/protocol/programme';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { Poll } from '../../../shared/protocol/polls';
import { applyAgenda, liveRooms, replaceProgramme } from '../../../shared/domain/agenda';
import { detachFromProgramme } from '../../../shared/domain/polls';
import { isRevoked } from '../../../shared/domain/access';
import { instantOf } from '../../../shared/time';
import { LIMITS } from '../../../shared/limits';
import { TokenError } from '../../core/auth';
import { KEYS } from '../../core/keys';
import type { FeatureDeps } from '../../core/feature';
import type { Plan } from '../../core/service';
import { toFailure } from '../../realtime/router';
import { sendFailure } from '../../http/respond';

/** The programme's routes: its `.ics` export (public) and the organiser's import, validated whole before anything changes. */
export function agendaRoutes(deps: FeatureDeps): express.Router {
  const { auth, service, store, log, now } = deps;
  const r = express.Router();

  r.get('/api/events/:id/programme.ics', async (req, res) => {
    try {
      const ev = await service.readEvent(req.params.id);
      if (!ev) return void res.status(404).json(fail('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' }));
      const ics = programmeToIcs(ev.agenda, ev.meta.id);
      res.type('text/calendar; charset=utf-8').attachment(`${ev.meta.code}.ics`).send(ics);
    } catch (error) {
      sendFailure(res, toFailure(error, log, { route: 'ics' }));
    }
  });

  // The organiser's link as a bearer token.
  r.post('/api/events/:id/programme', express.json({ limit: LIMITS.importMaxBytes }), async (req, res) => {
    try {
      const principal = await auth.verify((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
      if (principal.kind !== 'link' || principal.role !== 'organiser' || principal.eventId !== req.params.id)
        return void res.status(403).json(fail('FORBIDDEN', 'Only the organiser of this event can import a programme.', { reason: 'programme.organiserOnly' }));
      const access = await service.accessOf(principal.eventId);
      if (!access || isRevoked(access, principal.jti))
        return void res.status(401).json(fail('UNAUTHORIZED', 'This link was revoked by the organiser.', { reason: 'link.revoked' }));
      const parsed = Programme.safeParse(req.body);
      if (!parsed.success) {
        const issues = describeIssues(parsed.error);
        const issue = issues[0] ?? '';
        return void res
          .status(400)
          .json({ ...fail('BAD_REQUEST', `The programme was not imported: ${issue}`, { reason: 'programme.invalid', params: { issue } }), issues });
      }
      const actor = { role: 'organiser' as const, id: `link:${principal.jti}`, roomScope: '*' };
      const opId = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'].slice(0, LIMITS.opIdMax) : null;
      const programme = parsed.data;
      // The polls are read by their keys (the polls feature's documents, not imported): each one is expected at the
      // version read, so a poll edited meanwhile makes the import conflict and decide again, never overwritten.
      let applied: Awaited<ReturnType<typeof service.execute>> | null = null;
      for (let round = 0; round < 5 && !applied; round++) {
        const ids = await store.members(principal.eventId, POLL_IDS);
        try {
          applied = await service.execute({
            eventId: principal.eventId,
            actor,
            opId,
            keys: [KEYS.agenda, ...ids.map(pollKey)],
            plan: async (docs) => {
              const state = docs[KEYS.agenda] as AgendaState | undefined;
              if (!state) throw new DomainError('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' });
              const events = replaceProgramme(state, { programme }, { actor, now: now() });
              const current = new Set(await store.members(principal.eventId, POLL_IDS));
              // A poll created since the ids were read would be left out: read them again and start over.
              if ([...current].some((id) => !ids.includes(id))) throw new PollsMoved();
              const changes: Plan['changes'] = events.map((event) => ({ event, audience: 'all' }));
              const put: Record<string, unknown> = { [KEYS.agenda]: events.reduce(applyAgenda, state) };
              let detachedPolls = 0;
              for (const id of ids) {
                const poll = docs[pollKey(id)] as Poll | undefined;
                if (!poll || !current.has(id)) continue; // deleted meanwhile
                for (const e of detachFromProgramme(poll, programme)) {
                  if (e.type !== 'poll.changed') continue;
                  put[pollKey(id)] = e.poll;
                  // As the polls feature does: a draft's change is for staff only.
                  changes.push({ event: e, audience: poll.status === 'draft' ? 'staff' : 'all' });
                  detachedPolls++;
                }
              }
              return { changes, put, reply: { items: programme.items.length, cleared: { liveRooms: liveRooms(state).length }, detachedPolls } };
            },
          });
        } catch (error) {
          if (!(error instanceof PollsMoved)) throw error;
        }
      }
      if (!applied) throw new DomainError('UNAVAILABLE', 'Too many changes at once; please try again.', { reason: 'server.busy' });
      res.json({ ok: true, ...applied });
    } catch (error) {
      if (error instanceof TokenError) return void res.status(401).json(error.toFailure());
      sendFailure(res, toFailure(error, log, { route: 'import' }));
    }
  });

  return r;
}

/** The polls' keys, read as strings (features do not import each other): the set of poll ids and each poll. */
const POLL_IDS = 'polls:ids';
const pollKey = (id: string) => `poll:${id}`;

/** The set of polls changed between reading it and deciding: read it again. */
class PollsMoved extends Error {}

/** The programme as an iCalendar file, times in UTC (derived from the programme's zone). */
export function programmeToIcs(agenda: AgendaState, eventId: string): string {
  const { programme } = agenda;
  const rooms = new Map(programme.rooms.map((r) => [r.id, r.name]));
  const events: EventAttributes[] = programme.items.map((item) => {
    const start = instantOf(item.date, item.start, programme.timeZone).toUTC();
    const end = instantOf(item.date, item.end, programme.timeZone).toUTC();
    const people = [...item.chairs.map((p) => `Chair: ${p.name}`), ...item.speakers.map((p) => p.name + (p.affiliation ? ` (${p.affiliation})` : ''))];
    return {
      uid: `${eventId}-${item.id}@session-companion`,
      title: item.title,
      start: [start.year, start.month, start.day, start.hour, start.minute],
      end: [end.year, end.month, end.day, end.hour, end.minute],
      startInputType: 'utc',
      startOutputType: 'utc',
      endInputType: 'utc',
      endOutputType: 'utc',
      location: `${programme.venue ?? 'Online'} · ${rooms.get(item.roomId) ?? item.roomId}`,
      description: [item.description, ...people, ...item.keyTopics.map((t) => `• ${t}`)].filter(Boolean).join('\n'),
      calName: programme.title,
    };
  });
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error('could not write the calendar');
  return value;
}
