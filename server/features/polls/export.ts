import express from 'express';
import { stringify } from 'csv-stringify/sync';
import { fail } from '../../../shared/protocol/errors';
import type { Poll, Tally } from '../../../shared/protocol/polls';
import { results } from '../../../shared/domain/polls';
import { canRunRoom, type Actor } from '../../../shared/domain/actor';
import { isRevoked } from '../../../shared/domain/access';
import { TokenError } from '../../core/auth';
import type { FeatureDeps } from '../../core/feature';
import { toFailure } from '../../realtime/router';
import { POLLS } from './keys';
import { readTally } from './snapshot';

/** A poll's results as CSV (UTF-8 with a BOM, so spreadsheet programs read accents right), for its room's chairs. */
export function pollExportRouter(deps: FeatureDeps): express.Router {
  const r = express.Router();
  r.get('/api/events/:id/polls/:pollId/results.csv', async (req, res) => {
    try {
      const principal = await deps.auth.verify((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
      if (principal.kind !== 'link' || principal.eventId !== req.params.id)
        return void res.status(403).json(fail('FORBIDDEN', "Only the event's staff can export results.", { reason: 'export.staffOnly' }));
      const access = await deps.service.accessOf(principal.eventId);
      if (!access || isRevoked(access, principal.jti))
        return void res.status(401).json(fail('UNAUTHORIZED', 'This link was revoked by the organiser.', { reason: 'link.revoked' }));
      const actor: Actor = { role: principal.role, id: `link:${principal.jti}`, roomScope: principal.roomScope };
      const poll = (await deps.store.read(req.params.id, [POLLS.poll(req.params.pollId)]))[POLLS.poll(req.params.pollId)]?.value as Poll | undefined;
      if (!poll || !canRunRoom(actor, poll.roomId)) return void res.status(404).json(fail('NOT_FOUND', 'There is no such poll.', { reason: 'poll.notFound' }));
      const tally = await readTally(deps.store, req.params.id, poll, true, Infinity);
      res
        .type('text/csv; charset=utf-8')
        .attachment(`poll-${poll.id.slice(0, 8)}.csv`)
        .send('\uFEFF' + pollCsv(poll, tally));
    } catch (error) {
      if (error instanceof TokenError) return void res.status(401).json(error.toFailure());
      const failure = toFailure(error, deps.log, { route: 'poll-csv' });
      res.status(failure.code === 'UNAVAILABLE' ? 503 : 500).json(failure);
    }
  });
  return r;
}

export function pollCsv(poll: Poll, tally: Tally): string {
  const r = results(poll, tally);
  const head = [['Poll', poll.question], ['Type', poll.type], ['Voters', String(r.voters)], []];
  let rows: string[][];
  switch (r.kind) {
    case 'choice':
      rows = [['Option', 'Votes', 'Percent of voters'], ...r.options.map((o) => [o.label, String(o.count), `${o.percent}%`])];
      break;
    case 'rating':
      rows = [
        ['Rating', 'Votes', 'Percent'],
        ...r.distribution.map((d) => [String(d.value), String(d.count), `${d.percent}%`]),
        [],
        ['Average', r.average === null ? '' : String(r.average)],
      ];
      break;
    case 'wordcloud':
      rows = [['Word', 'Count'], ...r.words.map((w) => [w.word, String(w.count)])];
      break;
    case 'ranking':
      rows = [
        ['Option', 'Borda points', 'Average position'],
        ...r.options.map((o) => [o.label, String(o.points), o.averagePosition === null ? '' : String(o.averagePosition)]),
      ];
      break;
    case 'open':
      rows = [['Answer'], ...r.answers.map((a) => [a])];
      break;
  }
  return stringify([...head, ...rows].map((row) => row.map(inert)));
}

/** A cell that starts like a formula (=, +, -, @) is prefixed so that a spreadsheet shows it as text. */
function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
