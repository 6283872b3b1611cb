import { defaultPrivacy, eventEnd, retentionDue } from '../../../shared/domain/privacy';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { EventMeta } from '../../../shared/protocol/messages';
import type { PrivacySettings } from '../../../shared/protocol/privacy';
import type { Actor } from '../../../shared/domain/actor';
import type { FeatureDeps } from '../../core/feature';
import { GLOBAL_SCOPE, KEYS } from '../../core/keys';
import { eraseEvent, type EraseDeps } from './erase';
import { PRIVACY } from './keys';

/** How often a process looks for events whose retention is over (a day late would still be a day late: a minute is plenty). */
export const SWEEP_INTERVAL_MS = 60_000;

/** The retention's own actor: it acts for the organiser, on the whole event. */
const RETENTION: Actor = { role: 'organiser', id: 'retention', roomScope: '*' };

/**
 * One pass: every event people joined whose retention is over (V4) and not erased since is erased. Each process
 * sweeps; the erase decides again on the privacy document inside its command (its version is checked at the
 * commit), so two processes erase an event once, and a pass after it does nothing.
 */
export async function sweepRetention(deps: EraseDeps): Promise<string[]> {
  const erased: string[] = [];
  for (const eventId of await deps.store.members(GLOBAL_SCOPE, PRIVACY.events)) {
    // Three small reads first: the erase's own reads (every question, page, contribution...) only once it is due.
    const docs = await deps.store.read(eventId, [PRIVACY.doc, KEYS.agenda, KEYS.meta]);
    const settings = (docs[PRIVACY.doc]?.value as PrivacySettings | undefined) ?? defaultPrivacy();
    const end = eventEnd(
      (docs[KEYS.agenda]?.value as AgendaState | undefined)?.programme,
      (docs[KEYS.meta]?.value as EventMeta | undefined)?.createdAt ?? null,
    );
    if (!retentionDue(settings, end, deps.now())) continue;
    const done = await eraseEvent(deps, eventId, RETENTION, null, retentionDue);
    if (done) erased.push(eventId);
  }
  return erased;
}

/** Runs the sweep every SWEEP_INTERVAL_MS with the app's clock, until the HTTP server closes. */
export function startRetentionSweep(deps: FeatureDeps): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepRetention(deps)
      .then((events) => events.length && deps.log.info({ events }, 'retention over: personal data erased'))
      .catch((error: unknown) => deps.log.warn({ err: error }, 'retention sweep failed; tried again at the next pass'))
      .finally(() => (running = false));
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  deps.io.httpServer?.on('close', () => clearInterval(timer));
}
