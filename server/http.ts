import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Request, type Response, type NextFunction } from 'express';
import { createEvents, type EventAttributes } from 'ics';
import QRCode from 'qrcode';
import type { Logger } from 'pino';
import { type AgendaState, type JoinResponse } from '../shared/protocol/messages';
import { Programme, describeIssues } from '../shared/protocol/programme';
import { fail } from '../shared/protocol/errors';
import { applyAgenda, replaceProgramme } from '../shared/domain/agenda';
import { isRevoked } from '../shared/domain/access';
import { instantOf } from '../shared/time';
import { LIMITS } from '../shared/limits';
import { TokenError, type Auth } from './auth';
import { KEYS, type Service } from './service';
import { toFailure } from './router';
import { clientAddress, type Admission } from './admission';
import type { Metrics } from './metrics';
import type { Store } from './store/store';

export interface HttpDeps {
  auth: Auth;
  service: Service;
  store: Store;
  metrics: Metrics;
  log: Logger;
  now: () => number;
  redisPing: (() => Promise<unknown>) | null;
  publicUrl: string;
}

/** The JSON API: join, public event info, the .ics export, the programme import; health and metrics. */
export function apiRouter(deps: HttpDeps): express.Router {
  const { auth, service, store, metrics, log, now } = deps;
  const r = express.Router();

  r.get('/livez', (_req, res) => {
    res.json({ ok: true });
  });

  r.get('/readyz', async (_req, res) => {
    try {
      await withTimeout(store.ping(), 1500);
      if (deps.redisPing) await withTimeout(deps.redisPing(), 1500);
      res.json({ ok: true, store: store.kind, epoch: store.epoch() });
    } catch (error) {
      res.status(503).json({ ok: false, store: store.kind, message: (error as Error).message });
    }
  });

  r.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  r.get('/api/events/by-code/:code', async (req, res) => {
    try {
      const eventId = await service.findEventByCode(req.params.code);
      const ev = eventId && (await service.readEvent(eventId));
      if (!ev) return void res.status(404).json(fail('NOT_FOUND', `No event has the code "${req.params.code}".`));
      res.json({ ok: true, id: ev.meta.id, code: ev.meta.code, title: ev.meta.title });
    } catch (error) {
      sendFailure(res, toFailure(error, log, { route: 'by-code' }));
    }
  });

  // The join QR code for the present view (public: it encodes the public attendee address).
  r.get('/api/events/by-code/:code/qr.svg', async (req, res) => {
    try {
      const eventId = await service.findEventByCode(req.params.code);
      const ev = eventId && (await service.readEvent(eventId));
      if (!ev) return void res.status(404).json(fail('NOT_FOUND', `No event has the code "${req.params.code}".`));
      const svg = await QRCode.toString(`${deps.publicUrl}/e/${encodeURIComponent(ev.meta.code)}`, { type: 'svg', margin: 1 });
      res.type('image/svg+xml').set('cache-control', 'public, max-age=300').send(svg);
    } catch (error) {
      sendFailure(res, toFailure(error, log, { route: 'qr' }));
    }
  });

  r.get('/api/events/:id/programme.ics', async (req, res) => {
    try {
      const ev = await service.readEvent(req.params.id);
      if (!ev) return void res.status(404).json(fail('NOT_FOUND', 'There is no such event.'));
      const ics = programmeToIcs(ev.agenda, ev.meta.id);
      res.type('text/calendar; charset=utf-8').attachment(`${ev.meta.code}.ics`).send(ics);
    } catch (error) {
      sendFailure(res, toFailure(error, log, { route: 'ics' }));
    }
  });

  // Programme import: the organiser's link as a bearer token; the file is validated whole before anything changes.
  r.post(
    '/api/events/:id/programme',
    express.json({ limit: LIMITS.importMaxBytes }),
    async (req, res) => {
      try {
        const principal = await auth.verify((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
        if (principal.kind !== 'link' || principal.role !== 'organiser' || principal.eventId !== req.params.id)
          return void res.status(403).json(fail('FORBIDDEN', 'Only the organiser of this event can import a programme.'));
        const access = await service.accessOf(principal.eventId);
        if (!access || isRevoked(access, principal.jti)) return void res.status(401).json(fail('UNAUTHORIZED', 'This link was revoked.'));
        const parsed = Programme.safeParse(req.body);
        if (!parsed.success) {
          const issues = describeIssues(parsed.error);
          return void res.status(400).json({ ...fail('BAD_REQUEST', `The programme was not imported: ${issues[0]}`), issues });
        }
        const actor = { role: 'organiser' as const, id: `link:${principal.jti}`, roomScope: '*' };
        const opId = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'].slice(0, LIMITS.opIdMax) : null;
        const { seq } = await service.executeOn({
          eventId: principal.eventId, key: KEYS.agenda, actor, opId,
          decide: (state) => replaceProgramme(state, { programme: parsed.data }, { actor, now: now() }),
          apply: applyAgenda,
        });
        res.json({ ok: true, seq, items: parsed.data.items.length });
      } catch (error) {
        if (error instanceof TokenError) return void res.status(401).json(fail('UNAUTHORIZED', error.message));
        sendFailure(res, toFailure(error, log, { route: 'import' }));
      }
    },
  );

  // Body-parser errors (a too large or malformed JSON body) get the same reply shape as everything else.
  r.use((error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (error?.type === 'entity.too.large') return void res.status(413).json(fail('TOO_LARGE', 'The file is too large.'));
    if (error?.type === 'entity.parse.failed') return void res.status(400).json(fail('BAD_REQUEST', 'The body is not valid JSON.'));
    next(error);
  });
  return r;
}

const STATUS: Record<string, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VERSION_CONFLICT: 409, TOO_LARGE: 413, RATE_LIMITED: 429, UNAVAILABLE: 503 };
function sendFailure(res: Response, failure: ReturnType<typeof fail>): void {
  res.status(STATUS[failure.code] ?? 500).json(failure);
}

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

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

const JOIN_BODY_MAX = 4 * 1024;
const CLOSE_BRACE = Buffer.from('}');

/**
 * `POST /api/join`, served ahead of Express: for clients that join over HTTP (the app joins in its socket's
 * handshake instead, see `Handshake.join`), and every attendee of a plenary may call it within seconds of the
 * start, when Express's routing, body parsing and per-response header work would cost more than the join itself.
 * The security headers are Helmet's, computed once (`headers`). Same contract as the other routes: JSON in,
 * `{ ok, ... }` out.
 */
export function joinEndpoint(deps: Pick<HttpDeps, 'service' | 'log'> & { admission: Admission }, headers: Record<string, string>) {
  const reply = (res: ServerResponse, status: number, body: object | Buffer) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    res.writeHead(status, {
      ...headers, ...(res.getHeader('connection') ? { connection: 'close' } : {}),
      'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length), 'cache-control': 'no-store',
    });
    res.end(bytes);
  };
  const refuse = (res: ServerResponse, error: unknown) => {
    const failure = toFailure(error, deps.log, { route: 'join' });
    reply(res, STATUS[failure.code] ?? 500, failure);
  };

  return async function join(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await deps.admission.limit(clientAddress(req));
    } catch (error) {
      req.resume();
      return refuse(res, error);
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      return reply(res, 415, fail('BAD_REQUEST', 'Send the join as JSON (content-type: application/json).'));
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, JOIN_BODY_MAX));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      if (tooLarge) res.setHeader('connection', 'close');
      return reply(res, tooLarge ? 413 : 400, fail(tooLarge ? 'TOO_LARGE' : 'BAD_REQUEST', tooLarge ? 'The request is too large.' : 'The request is not valid JSON.'));
    }
    try {
      const joined = await deps.admission.admit(body);
      const info = await deps.service.joinInfo(joined.eventId);
      if (!info) return reply(res, 404, fail('NOT_FOUND', 'There is no such event.'));
      const head = { ok: true, ...joined, title: info.meta.title, programmeRev: info.programme.rev } satisfies Omit<JoinResponse, 'programme'> & { ok: true };
      // The programme's JSON is encoded once per version (ProgrammeText): spliced in as bytes, not encoded per join.
      const bytes = Buffer.concat([Buffer.from(`${JSON.stringify(head).slice(0, -1)},"programme":`), info.programme.json, CLOSE_BRACE]);
      reply(res, 200, bytes);
    } catch (error) {
      refuse(res, error);
    }
  };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else if (!refused) {
        // Refused at once; the rest is read and dropped, and the connection closes after the reply.
        refused = true;
        chunks.length = 0;
        reject(new BodyTooLarge());
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the request was aborted'));
    });
  });
}
