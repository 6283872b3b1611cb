import type { Actor } from '../../../shared/domain/actor';
import { defaultPrivacy, eventEnd, markErased } from '../../../shared/domain/privacy';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { EventMeta } from '../../../shared/protocol/messages';
import type { PrivacySettings } from '../../../shared/protocol/privacy';
import type { FeatureDeps } from '../../core/feature';
import { KEYS } from '../../core/keys';
import { mergeErasures, readPersonal } from '../../core/personal';
import type { Plan } from '../../core/service';
import { channels } from '../../realtime/channels';
import { PUBLIC_SHARDS } from '../../realtime/outbox';
import { PRIVACY } from './keys';

export type EraseDeps = Pick<FeatureDeps, 'service' | 'store' | 'io' | 'now' | 'personalData'>;

/**
 * Erases the event's names and texts in one command: every feature's `erase`, decided on the documents as read (a
 * write that races it makes it decide again), with the privacy document's `erasedAt` in the same commit. Then the
 * store forgets the event's change log and stored replies (they carry the texts; clients behind get `gone` and a
 * fresh snapshot), and everybody connected is told to take one now. `when` decides on the settings read in the
 * command (the retention sweep: "still due?"), so two processes sweeping at once erase once.
 */
export async function eraseEvent(
  deps: EraseDeps,
  eventId: string,
  actor: Actor,
  opId: string | null,
  when: (settings: PrivacySettings, end: number | null, now: number) => boolean = () => true,
): Promise<{ seq: number; erasedAt: number } | null> {
  const { service, store, io, now } = deps;
  const found = await readPersonal(store, eventId, null, deps.personalData);
  let erasedAt: number | null = null;
  const applied = await service.execute({
    eventId,
    actor,
    opId,
    keys: [...new Set([PRIVACY.doc, KEYS.agenda, KEYS.meta, ...found.docs])],
    plan: (docs) => {
      const settings = (docs[PRIVACY.doc] as PrivacySettings | undefined) ?? defaultPrivacy();
      const at = now();
      erasedAt = null;
      const end = eventEnd((docs[KEYS.agenda] as AgendaState | undefined)?.programme, (docs[KEYS.meta] as EventMeta | undefined)?.createdAt ?? null);
      if (!when(settings, end, at)) return { changes: [] };
      erasedAt = at;
      const c = { actor, now: at };
      const plan: Plan = { changes: [], put: { [PRIVACY.doc]: markErased(settings, at) }, reply: { erasedAt: at } };
      return mergeErasures(
        plan,
        deps.personalData.map((p) => p.erase({ docs, sets: found.sets, memberOf: {} }, c)),
      );
    },
  });
  // A retry whose first commit went through (its reply still kept) erased already: the history is forgotten again.
  const done = erasedAt ?? (applied as { erasedAt?: number }).erasedAt ?? null;
  if (done === null) return null;
  await store.forgetHistory(eventId);
  const everyone = [channels.staff(eventId), ...Array.from({ length: PUBLIC_SHARDS }, (_, k) => channels.publicShard(eventId, k))];
  io.to(everyone).emit('notice', { code: 'ERASED', message: "The event's names and texts were erased; the page shows what remains." });
  return { seq: applied.seq, erasedAt: done };
}
