import express from 'express';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { PrivacySettings } from '../../../shared/protocol/privacy';
import type { EventMeta } from '../../../shared/protocol/messages';
import type { FeatureDeps } from '../../core/feature';
import { KEYS } from '../../core/keys';
import { toFailure } from '../../realtime/router';
import { viewOf } from './handlers';
import { PRIVACY } from './keys';

/** What the join page says before anybody joins: how long the event keeps names and texts after it ends. Public. */
export function privacyRouter(deps: FeatureDeps): express.Router {
  const r = express.Router();
  r.get('/api/events/:id/privacy', async (req, res) => {
    try {
      const docs = await deps.store.read(req.params.id, [PRIVACY.doc, KEYS.agenda, KEYS.meta]);
      const agenda = docs[KEYS.agenda]?.value as AgendaState | undefined;
      if (!agenda) return void res.status(404).json({ ok: false, code: 'NOT_FOUND', message: 'There is no such event.', reason: 'event.notFound' });
      const view = viewOf(docs[PRIVACY.doc]?.value as PrivacySettings | undefined, agenda, docs[KEYS.meta]?.value as EventMeta | undefined);
      res.set('Cache-Control', 'no-cache').json({ ok: true, retentionDays: view.settings.retentionDays, endsAt: view.endsAt, erasesAt: view.erasesAt });
    } catch (error) {
      const failure = toFailure(error, deps.log, { route: 'privacy' });
      res.status(failure.code === 'UNAVAILABLE' ? 503 : 500).json(failure);
    }
  });
  return r;
}
