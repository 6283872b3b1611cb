import express from 'express';
import ExcelJS from 'exceljs';
import { fail } from '../../../shared/protocol/errors';
import { isRevoked } from '../../../shared/domain/access';
import { csvText } from '../../../shared/domain/csv';
import {
  EXPORT_TABLES,
  TABLE_COLUMNS,
  cellText,
  fileName,
  headerRow,
  isExportTable,
  sheetName,
  type Cell,
  type ExportTable,
} from '../../../shared/domain/exports';
import { TokenError } from '../../core/auth';
import type { FeatureDeps } from '../../core/feature';
import { toFailure } from '../../realtime/router';
import { sendFailure } from '../../http/respond';
import { wordsOf } from '../../http/language';
import { tableRows, type TableSource } from './tables';

/**
 * The organiser's exports after the event (the organiser's link as bearer, as for the sign-ups CSV):
 * - `GET /api/events/:id/export/workbook.xlsx`: every table, a sheet each, streamed to the response as it is read;
 * - `GET /api/events/:id/export/<table>.csv`: one table, UTF-8 with a BOM, through the one CSV writer (`csv.ts`).
 * Headers in the organiser's language (`?lang=`, else Accept-Language); times in the programme's zone.
 */
export function exportRoutes(deps: FeatureDeps): express.Router {
  const r = express.Router();
  r.get('/api/events/:id/export/:file', async (req, res) => {
    try {
      const ev = await deps.service.readEvent(req.params.id);
      if (!ev) return void res.status(404).json(fail('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' }));
      const principal = await deps.auth.verify((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
      if (principal.kind !== 'link' || principal.eventId !== req.params.id || principal.role !== 'organiser')
        return void res.status(403).json(fail('FORBIDDEN', "Only the event's organiser can download its exports.", { reason: 'exports.organiserOnly' }));
      if (isRevoked(ev.access, principal.jti))
        return void res.status(401).json(fail('UNAUTHORIZED', 'This link was revoked by the organiser.', { reason: 'link.revoked' }));

      const file = req.params.file;
      const words = wordsOf(req);
      const src: TableSource = { store: deps.store, eventId: ev.meta.id, programme: ev.agenda.programme, t: words.t };
      res.setHeader('Content-Language', words.language);
      res.setHeader('Cache-Control', 'no-store');
      if (file === 'workbook.xlsx') {
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(fileName(ev.meta.code, 'workbook', 'xlsx'));
        return void (await writeWorkbook(res, src));
      }
      const table = file.replace(/\.csv$/, '');
      if (!file.endsWith('.csv') || !isExportTable(table))
        return void res
          .status(404)
          .json(fail('NOT_FOUND', `There is no table called "${table}" to export.`, { reason: 'exports.tableUnknown', params: { table: table.slice(0, 64) } }));
      res.type('text/csv; charset=utf-8').attachment(fileName(ev.meta.code, table, 'csv'));
      await writeCsv(res, table, src);
    } catch (error) {
      if (res.headersSent) {
        // Part of the file is out: cut the connection, so the download fails rather than looks complete.
        deps.log.error({ err: error, route: 'export' }, 'export failed while streaming');
        return void res.destroy();
      }
      if (error instanceof TokenError) return void res.status(401).json(error.toFailure());
      sendFailure(res, toFailure(error, deps.log, { route: 'export' }));
    }
  });
  return r;
}

/** Writes a chunk and, when the socket's buffer is full, waits for it to drain (a slow client slows the reading). */
async function send(res: express.Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      res.off('drain', done);
      res.off('close', closed);
      if (error) reject(error);
      else resolve();
    };
    const closed = () => done(new Error('the client went away'));
    res.once('drain', done);
    res.once('close', closed);
  });
}

async function writeCsv(res: express.Response, table: ExportTable, src: TableSource): Promise<void> {
  // The byte-order mark, so spreadsheet programs read the names' accents right; every cell through csv.ts (N7).
  await send(res, '\uFEFF' + csvText([headerRow(table, src.t, src.programme.timeZone)]));
  for await (const rows of tableRows(table, src)) await send(res, csvText(rows.map((row) => row.map(cellText))));
  res.end();
}

/** Characters XML 1.0 cannot hold (a workbook with one would not open): control characters other than tab and line breaks. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * A cell of the workbook. Text is always written as a text cell, never as a formula, so `=HYPERLINK(…)` typed as a
 * name stays the words it is (X1); numbers stay numbers.
 */
function xlsxCell(cell: Cell): string | number | null {
  return typeof cell === 'string' ? cell.replace(NOT_XML, '') : cell;
}

/**
 * The workbook, streamed: each sheet's rows are committed as they are read, so the zip is written out to the
 * response as it grows rather than held whole. One sheet per table, the header row bold and frozen.
 */
async function writeWorkbook(res: express.Response, src: TableSource): Promise<void> {
  let gone = false;
  const finished = new Promise<void>((resolve, reject) => {
    res.once('finish', resolve);
    res.once('close', () => {
      gone = !res.writableFinished;
      if (gone) reject(new Error('the client went away'));
      else resolve();
    });
  });
  // The zip writes on after a client has gone until the next batch: its late writes' errors are expected, not fatal.
  res.on('error', () => {});
  finished.catch(() => {});
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Session companion';
  workbook.created = new Date();
  for (const table of EXPORT_TABLES) {
    const sheet = workbook.addWorksheet(sheetName(table, src.t), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = TABLE_COLUMNS[table].map((c) => ({ width: c.width }));
    const header = sheet.addRow(headerRow(table, src.t, src.programme.timeZone));
    header.font = { bold: true };
    header.commit();
    for await (const rows of tableRows(table, src)) {
      if (gone) throw new Error('the client went away');
      for (const row of rows) sheet.addRow(row.map(xlsxCell)).commit();
      // Let the zip's output reach the socket between batches.
      await new Promise((r) => setImmediate(r));
    }
    sheet.commit();
  }
  await workbook.commit();
  await finished;
}
