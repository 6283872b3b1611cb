import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { JoinResponse } from '../../shared/protocol/messages';
import { fail } from '../../shared/protocol/errors';
import { clientAddress, type Admission } from '../core/admission';
import type { Service } from '../core/service';
import { toFailure } from '../realtime/router';
import { STATUS } from './respond';

const JOIN_BODY_MAX = 4 * 1024;
const CLOSE_BRACE = Buffer.from('}');

/**
 * `POST /api/join`, served ahead of Express: for clients that join over HTTP (the app joins in its socket's
 * handshake instead, see `Handshake.join`), and every attendee of a plenary may call it within seconds of the
 * start, when Express's routing, body parsing and per-response header work would cost more than the join itself.
 * The security headers are Helmet's, computed once (`headers`). Same contract as the other routes: JSON in,
 * `{ ok, ... }` out.
 */
export function joinEndpoint(deps: { service: Service; log: Logger; admission: Admission }, headers: Record<string, string>) {
  const reply = (res: ServerResponse, status: number, body: object | Buffer) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    res.writeHead(status, {
      ...headers,
      ...(res.getHeader('connection') ? { connection: 'close' } : {}),
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(bytes.length),
      'cache-control': 'no-store',
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
      return reply(res, 415, fail('BAD_REQUEST', 'Send the join as JSON (content-type: application/json).', { reason: 'request.jsonRequired' }));
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, JOIN_BODY_MAX));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      if (tooLarge) res.setHeader('connection', 'close');
      return reply(
        res,
        tooLarge ? 413 : 400,
        tooLarge
          ? fail('TOO_LARGE', 'The request is too large.', { reason: 'request.tooLarge' })
          : fail('BAD_REQUEST', 'The request is not valid JSON.', { reason: 'request.notJson' }),
      );
    }
    try {
      const joined = await deps.admission.admit(body);
      const info = await deps.service.joinInfo(joined.eventId);
      if (!info) return reply(res, 404, fail('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' }));
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
