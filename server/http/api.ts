import type http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type NextFunction } from 'express';
import type { Logger } from 'pino';
import { fail } from '../../shared/protocol/errors';
import type { Service } from '../core/service';
import type { Metrics } from '../core/metrics';
import { toFailure } from '../realtime/router';
import type { Store } from '../store/store';
import { qrImage } from './qr';
import { sendFailure } from './respond';

export interface HttpDeps {
  service: Service;
  store: Store;
  metrics: Metrics;
  log: Logger;
  redisPing: (() => Promise<unknown>) | null;
  publicUrl: string;
  /** `/metrics` on the public port answers this bearer token only; null: not served there (404). */
  metricsToken: string | null;
}

/** The JSON API every event has: public event info and its QR code; health and metrics. */
export function apiRouter(deps: HttpDeps): express.Router {
  const { service, store, metrics, log } = deps;
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

  // Process, heap and connection figures time an attack nicely: only the monitoring sees them (docs/SECURITY.md).
  // Without a token it is not served here at all (a 404, not the page of the client routes either).
  r.get('/metrics', deps.metricsToken ? metricsEndpoint(metrics, deps.metricsToken) : (_req, res) => void res.status(404).type('text/plain').send('Not found'));

  r.get('/api/events/by-code/:code', async (req, res) => {
    try {
      const eventId = await service.findEventByCode(req.params.code);
      const ev = eventId && (await service.readEvent(eventId));
      if (!ev)
        return void res
          .status(404)
          .json(fail('NOT_FOUND', `No event has the code "${req.params.code}".`, { reason: 'event.codeUnknown', params: { code: req.params.code } }));
      res.json({ ok: true, id: ev.meta.id, code: ev.meta.code, title: ev.meta.title });
    } catch (error) {
      sendFailure(res, toFailure(error, log, { route: 'by-code' }));
    }
  });

  // The join QR code for the present view and for slides (public: it encodes the public attendee address): SVG to
  // scale, PNG for tools that take no SVG.
  const qr = (format: 'svg' | 'png') => async (req: Request<{ code: string }>, res: Response) => {
    try {
      const eventId = await service.findEventByCode(req.params.code);
      const ev = eventId && (await service.readEvent(eventId));
      if (!ev)
        return void res
          .status(404)
          .json(fail('NOT_FOUND', `No event has the code "${req.params.code}".`, { reason: 'event.codeUnknown', params: { code: req.params.code } }));
      const address = `${deps.publicUrl}/e/${encodeURIComponent(ev.meta.code)}`;
      res.set('cache-control', 'public, max-age=300');
      res.type(format === 'svg' ? 'image/svg+xml' : 'image/png').send(await qrImage(address, format));
    } catch (error) {
      sendFailure(res, toFailure(error, log, { route: 'qr' }));
    }
  };
  r.get('/api/events/by-code/:code/qr.svg', qr('svg'));
  r.get('/api/events/by-code/:code/qr.png', qr('png'));

  return r;
}

/**
 * The Prometheus figures, to the bearer token when one is set (compared in constant time), as a plain Node handler:
 * Express mounts it on the public port, or it is the whole server on METRICS_ADDR.
 */
export function metricsEndpoint(metrics: Metrics, token: string | null) {
  const expected = token ? createHash('sha256').update(`Bearer ${token}`).digest() : null;
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if ((req.url ?? '').split('?')[0] !== '/metrics' || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Not found');
    }
    const given = createHash('sha256')
      .update(req.headers.authorization ?? '')
      .digest();
    if (expected && !timingSafeEqual(given, expected)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
      return void res.end('A bearer token is required.');
    }
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  };
}

/** Body-parser errors (a too large or malformed JSON body) get the same reply shape as everything else. */
export function bodyErrors(error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction): void {
  if (error?.type === 'entity.too.large') return void res.status(413).json(fail('TOO_LARGE', 'The file is too large.', { reason: 'file.tooLarge' }));
  if (error?.type === 'entity.parse.failed')
    return void res.status(400).json(fail('BAD_REQUEST', 'The request is not valid JSON.', { reason: 'request.notJson' }));
  next(error);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
