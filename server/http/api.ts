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

  r.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

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
