import express from 'express';
import { createEvents, type EventAttributes } from 'ics';
import { fail } from '../../../shared/protocol/errors';
import { Programme, describeIssues } from '../../../shared/protocol/programme';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { isRevoked } from '../../../shared/domain/access';
import { instantOf } from '../../../shared/time';
import { LIMITS } from '../../../shared/limits';
import { TokenError } from '../../core/auth';
import type { FeatureDeps } from '../../core/feature';
import { toFailure } from '../../realtime/router';
import { sendFailure } from '../../http/respond';
import { wordsIn, wordsOf, type Words } from '../../http/language';
import { importProgramme } from './import';

/** The programme's routes: its `.ics` export (public; its few labels in `?lang=`, else Accept-Language) and the organiser's import, validated whole before anything changes. */
export function agendaRoutes(deps: FeatureDeps): express.Router {
  const { auth, service, log } = deps;
  const r = express.Router();

  r.get('/api/events/:id/programme.ics', async (req, res) => {
    try {
      const ev = await service.readEvent(req.params.id);
      if (!ev) return void res.status(404).json(fail('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' }));
      const ics = programmeToIcs(ev.agenda, ev.meta.id, wordsOf(req));
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
      const applied = await importProgramme(deps, principal.eventId, actor, opId, parsed.data);
      res.json({ ok: true, ...applied });
    } catch (error) {
      if (error instanceof TokenError) return void res.status(401).json(error.toFailure());
      sendFailure(res, toFailure(error, log, { route: 'import' }));
    }
  });

  return r;
}

/** The programme as an iCalendar file, times in UTC (derived from the programme's zone), its labels in `words`' language. */
export function programmeToIcs(agenda: AgendaState, eventId: string, { t }: Words = wordsIn('en')): string {
  const { programme } = agenda;
  const rooms = new Map(programme.rooms.map((r) => [r.id, r.name]));
  const events: EventAttributes[] = programme.items.map((item) => {
    const start = new Date(instantOf(item.date, item.start, programme.timeZone));
    const end = new Date(instantOf(item.date, item.end, programme.timeZone));
    const people = [
      ...item.chairs.map((p) => t('exports.icsChair', { name: p.name })),
      ...item.speakers.map((p) => p.name + (p.affiliation ? ` (${p.affiliation})` : '')),
    ];
    return {
      uid: `${eventId}-${item.id}@session-companion`,
      title: item.title,
      start: [start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), start.getUTCHours(), start.getUTCMinutes()],
      end: [end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate(), end.getUTCHours(), end.getUTCMinutes()],
      startInputType: 'utc',
      startOutputType: 'utc',
      endInputType: 'utc',
      endOutputType: 'utc',
      location: `${programme.venue ?? t('exports.icsOnline')} · ${rooms.get(item.roomId) ?? item.roomId}`,
      description: [item.description, ...people, ...item.keyTopics.map((t) => `• ${t}`)].filter(Boolean).join('\n'),
      calName: programme.title,
    };
  });
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error('could not write the calendar');
  return value;
}
