import { createHash, timingSafeEqual } from 'node:crypto';
import zlib from 'node:zlib';
import express from 'express';
import { fail } from '../../../shared/protocol/errors';
import { LIMITS } from '../../../shared/limits';
import { isRevoked } from '../../../shared/domain/access';
import { TokenError } from '../../core/auth';
import type { FeatureDeps } from '../../core/feature';
import { toFailure } from '../../realtime/router';
import { sendFailure } from '../../http/respond';
import { readBackup, writeBackup } from './format';
import { backupOf, importEvent } from './move';

const bearer = (req: express.Request) => (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');

/**
 * The whole event as one file, for its organiser (their link as a bearer token), and the import of such a file on
 * another instance (or this one), for whoever holds the instance's admin token.
 */
export function backupRoutes(deps: FeatureDeps): express.Router {
  const { auth, service, store, log } = deps;
  const r = express.Router();

  r.get('/api/events/:id/backup', async (req, res) => {
    try {
      const principal = await auth.verify(bearer(req));
      if (principal.kind !== 'link' || principal.role !== 'organiser' || principal.eventId !== req.params.id)
        return void res.status(403).json(fail('FORBIDDEN', 'Only the organiser of this event can download its backup.', { reason: 'backup.organiserOnly' }));
      const access = await service.accessOf(principal.eventId);
      if (!access || isRevoked(access, principal.jti))
        return void res.status(401).json(fail('UNAUTHORIZED', 'This link was revoked by the organiser.', { reason: 'link.revoked' }));
      const backup = await backupOf(store, principal.eventId, deps.now());
      if (!backup) return void res.status(404).json(fail('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' }));
      const day = backup.header.madeAt.slice(0, 10);
      res.status(200).type('application/gzip').attachment(`${backup.header.code}-backup-${day}.json.gz`).setHeader('cache-control', 'no-store');
      const gzip = zlib.createGzip();
      gzip.pipe(res);
      // Written as it is compressed and sent: a person who leaves half way stops it.
      res.once('close', () => gzip.destroy());
      await writeBackup(gzip, backup.header, backup.dump).catch((error: Error) => {
        if (!res.writableEnded) log.warn({ route: 'backup', err: error.message }, 'backup download ended early');
        res.destroy();
      });
    } catch (error) {
      if (error instanceof TokenError) return void res.status(401).json(error.toFailure());
      sendFailure(res, toFailure(error, log, { route: 'backup' }));
    }
  });

  // The admin token is checked before the body is read: nobody else can make this instance read 32 MB.
  const expected = deps.adminToken ? createHash('sha256').update(deps.adminToken).digest() : null;
  const admin: express.RequestHandler = (req, res, next) => {
    if (!expected)
      return void res.status(403).json(fail('FORBIDDEN', 'This instance takes no imports: ADMIN_TOKEN is not set.', { reason: 'backup.importOff' }));
    const given = createHash('sha256').update(bearer(req)).digest();
    if (!timingSafeEqual(given, expected))
      return void res.status(403).json(fail('FORBIDDEN', "Importing an event needs this instance's admin token.", { reason: 'backup.adminOnly' }));
    next();
  };
  const tooLarge = fail('TOO_LARGE', `The backup is larger than ${LIMITS.backupMaxBytes / 1024 / 1024} MB.`, {
    reason: 'backup.tooLarge',
    params: { max: LIMITS.backupMaxBytes / 1024 / 1024 },
  });

  // The body is the file as downloaded (gzip) or unpacked JSON; `?code=` imports it under another event code.
  r.post('/api/events', admin, express.raw({ type: () => true, limit: LIMITS.backupMaxBytes }), async (req, res) => {
    try {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        return void res
          .status(400)
          .json(fail('BAD_REQUEST', 'The backup was not imported: the request has no file.', { reason: 'backup.invalidFile', params: { issue: 'no file' } }));
      const file = await readBackup(req.body);
      const code = typeof req.query.code === 'string' && req.query.code ? req.query.code : undefined;
      const imported = await importEvent(deps, file, { code });
      log.info({ event: imported.eventId, code: imported.code, head: imported.head }, 'event imported from a backup');
      res.status(201).json({ ok: true, ...imported });
    } catch (error) {
      sendFailure(res, toFailure(error, log, { route: 'import' }));
    }
  });
  r.use('/api/events', (error: { type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error?.type === 'entity.too.large') return void res.status(413).json(tooLarge);
    next(error);
  });

  return r;
}
