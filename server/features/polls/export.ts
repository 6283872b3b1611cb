import express from 'express';
import { fail } from '../../../shared/protocol/errors';
import type { Poll, Tally } from '../../../shared/protocol/polls';
import { results } from '../../../shared/domain/polls';
import { csvText } from '../../../shared/domain/csv';
import { canRunRoom, type Actor } from '../../../shared/domain/actor';
import { isRevoked } from '../../../shared/domain/access';
import { TokenError } from '../../core/auth';
import type { FeatureDeps } from '../../core/feature';
import { toFailure } from '../../realtime/router';
import { wordsIn, wordsOf, type Words } from '../../http/language';
import { POLL_TYPE_KEYS } from '../../../shared/locales/catalogue';
import { POLLS } from './keys';
import { readTally } from './snapshot';

/**
 * A poll's results as CSV (UTF-8 with a BOM, so spreadsheet programs read accents right), for its room's chairs,
 * its headers in the chair's language (`?lang=`, else Accept-Language, else English).
 */
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
        .send('\uFEFF' + pollCsv(poll, tally, wordsOf(req)));
    } catch (error) {
      if (error instanceof TokenError) return void res.status(401).json(error.toFailure());
      const failure = toFailure(error, deps.log, { route: 'poll-csv' });
      res.status(failure.code === 'UNAVAILABLE' ? 503 : 500).json(failure);
    }
  });
  return r;
}

/** The results as CSV rows: headers and the type in `words`' language, percentages and decimals in its notation. */
export function pollCsv(poll: Poll, tally: Tally, words: Words = wordsIn('en')): string {
  const { t, language } = words;
  const percentOf = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 2, useGrouping: false });
  const percent = (n: number) => percentOf.format(n / 100);
  const r = results(poll, tally);
  const head = [[t('exports.csvPoll'), poll.question], [t('exports.csvType'), t(POLL_TYPE_KEYS[poll.type])], [t('exports.csvVoters'), String(r.voters)], []];
  let rows: string[][];
  switch (r.kind) {
    case 'choice':
      rows = [
        [t('exports.csvOption'), t('exports.csvVotes'), t('exports.csvPercentOfVoters')],
        ...r.options.map((o) => [o.label, String(o.count), percent(o.percent)]),
      ];
      break;
    case 'rating':
      rows = [
        [t('exports.csvRating'), t('exports.csvVotes'), t('exports.csvPercent')],
        ...r.distribution.map((d) => [String(d.value), String(d.count), percent(d.percent)]),
        [],
        [t('exports.csvAverage'), r.average === null ? '' : decimal.format(r.average)],
      ];
      break;
    case 'wordcloud':
      rows = [[t('exports.csvWord'), t('exports.csvCount')], ...r.words.map((w) => [w.word, String(w.count)])];
      break;
    case 'ranking':
      rows = [
        [t('exports.csvOption'), t('exports.csvBordaPoints'), t('exports.csvAveragePosition')],
        ...r.options.map((o) => [o.label, String(o.points), o.averagePosition === null ? '' : decimal.format(o.averagePosition)]),
      ];
      break;
    case 'open':
      rows = [[t('exports.csvAnswer')], ...r.answers.map((a) => [a])];
      break;
  }
  return csvText([...head, ...rows]);
}
