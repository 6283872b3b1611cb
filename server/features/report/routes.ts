import express from 'express';
import { fail, type Failure } from '../../../shared/protocol/errors';
import type { ReportData, ReportPublication } from '../../../shared/protocol/report';
import { isRevoked } from '../../../shared/domain/access';
import { TokenError } from '../../core/auth';
import type { FeatureDeps } from '../../core/feature';
import { toFailure } from '../../realtime/router';
import { sendFailure } from '../../http/respond';
import { wordsOf } from '../../http/language';
import { REPORT } from './keys';
import { readReport } from './read';
import { notPublishedHtml, reportHtml } from './html';
import { PdfError, type PdfPrinter } from './pdf';

/**
 * The public page's data is read again at most this often (a published report can be opened by many at once), and at
 * once after any numbered change of the event (an erase of people's data among them: it must not linger here).
 */
const PUBLIC_FRESH_MS = 10_000;

/**
 * The report's addresses, by event code: `GET /report/<code>` (the page) and `GET /report/<code>/report.pdf` (its PDF)
 * are public once the organiser published it, and always open to the organiser's link as a bearer;
 * `POST /report/<code>` with the link in the form (`t`) is the organiser's preview from their page, so the link never
 * sits in an address. The page has no script: its own policy allows its inline stylesheet and nothing else.
 */
export function reportRouter(deps: FeatureDeps, printer: PdfPrinter): express.Router {
  const r = express.Router();
  const publicData = new Map<string, { at: number; seq: number; data: ReportData }>();

  /** The event, whether the asker holds its organiser's link, and whether the report is published. */
  async function access(code: string, token: string | null): Promise<{ eventId: string; organiser: boolean; published: boolean } | Failure> {
    const eventId = await deps.service.findEventByCode(code);
    if (!eventId) return fail('NOT_FOUND', 'There is no such event.', { reason: 'event.codeUnknown', params: { code } });
    let organiser = false;
    if (token) {
      const principal = await deps.auth.verify(token);
      if (principal.kind !== 'link' || principal.eventId !== eventId || principal.role !== 'organiser')
        return fail('FORBIDDEN', 'Only the organiser can see an unpublished report.', { reason: 'report.organiserOnly' });
      const links = await deps.service.accessOf(eventId);
      if (!links || isRevoked(links, principal.jti)) return fail('UNAUTHORIZED', 'This link was revoked by the organiser.', { reason: 'link.revoked' });
      organiser = true;
    }
    const doc = (await deps.store.read(eventId, [REPORT.publication]))[REPORT.publication];
    return { eventId, organiser, published: (doc?.value as ReportPublication | undefined)?.published ?? false };
  }

  async function dataOf(eventId: string, organiser: boolean): Promise<ReportData | null> {
    const now = deps.now();
    const seq = await deps.store.head(eventId);
    const kept = publicData.get(eventId);
    if (!organiser && kept && kept.seq === seq && now - kept.at < PUBLIC_FRESH_MS) return kept.data;
    const data = await readReport(deps.store, eventId, now);
    if (data && !organiser) publicData.set(eventId, { at: now, seq, data });
    return data;
  }

  const bearer = (req: express.Request) => (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '').trim() || null;
  const pageHeaders = (res: express.Response, organiser: boolean) =>
    res.set({
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
      'Cache-Control': organiser ? 'no-store' : 'no-cache',
      'Referrer-Policy': 'no-referrer',
    });

  const failed = (res: express.Response, error: unknown, route: string) => {
    if (error instanceof TokenError) return void res.status(401).json(error.toFailure());
    sendFailure(res, toFailure(error, deps.log, { route }));
  };

  async function page(req: express.Request, res: express.Response, token: string | null) {
    const words = wordsOf(req);
    const found = await access(String(req.params.code), token);
    if ('ok' in found) {
      if (found.code === 'NOT_FOUND' || !token) return void pageHeaders(res, false).status(404).type('html').send(notPublishedHtml(words));
      return sendFailure(res, found);
    }
    if (!found.organiser && !found.published) return void pageHeaders(res, false).status(404).type('html').send(notPublishedHtml(words));
    const data = await dataOf(found.eventId, found.organiser);
    if (!data) return void pageHeaders(res, false).status(404).type('html').send(notPublishedHtml(words));
    pageHeaders(res, found.organiser).type('html').send(reportHtml(data, words));
  }

  r.get('/report/:code', async (req, res) => {
    try {
      await page(req, res, bearer(req));
    } catch (error) {
      failed(res, error, 'report-page');
    }
  });

  r.post('/report/:code', express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 4 }), async (req, res) => {
    try {
      const token = typeof req.body?.t === 'string' ? req.body.t.trim() : '';
      if (!token) return sendFailure(res, fail('UNAUTHORIZED', 'The organiser link is missing.', { reason: 'report.organiserOnly' }));
      await page(req, res, token);
    } catch (error) {
      failed(res, error, 'report-preview');
    }
  });

  r.get('/report/:code/report.pdf', async (req, res) => {
    try {
      const found = await access(String(req.params.code), bearer(req));
      if ('ok' in found) return sendFailure(res, found);
      if (!found.organiser && !found.published) return sendFailure(res, fail('NOT_FOUND', 'This report is not published.', { reason: 'report.notPublished' }));
      if (!printer.available)
        return sendFailure(res, fail('UNAVAILABLE', 'PDFs cannot be made on this server: no Chromium is installed.', { reason: 'report.pdfUnavailable' }));
      const data = await dataOf(found.eventId, found.organiser);
      if (!data) return sendFailure(res, fail('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' }));
      const pdf = await printer.print(reportHtml(data, wordsOf(req)));
      res
        .type('application/pdf')
        .set('Cache-Control', found.organiser ? 'no-store' : 'no-cache')
        .attachment(`report-${data.code}.pdf`)
        .send(pdf);
    } catch (error) {
      if (error instanceof PdfError) {
        if (error.kind === 'unavailable')
          return sendFailure(res, fail('UNAVAILABLE', 'PDFs cannot be made on this server.', { reason: 'report.pdfUnavailable' }));
        if (error.kind === 'busy')
          return sendFailure(res, fail('RATE_LIMITED', 'Several PDFs are being made; try again shortly.', { reason: 'report.pdfBusy', retryAfterMs: 5_000 }));
        return sendFailure(res, fail('UNAVAILABLE', 'The PDF took too long to make.', { reason: 'report.pdfTimeout', retryAfterMs: 1_000 }));
      }
      failed(res, error, 'report-pdf');
    }
  });
  return r;
}
