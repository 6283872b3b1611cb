import { defaultPrivacy, erasureDue, eventEnd, setRetention } from '../../../shared/domain/privacy';
import { LIMITS } from '../../../shared/limits';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { DomainError } from '../../../shared/protocol/errors';
import type { PrivacySettings, PrivacyView } from '../../../shared/protocol/privacy';
import type { EventMeta } from '../../../shared/protocol/messages';
import type { Actor } from '../../../shared/domain/actor';
import type { FeatureDeps } from '../../core/feature';
import { KEYS } from '../../core/keys';
import { createLimiter } from '../../core/limits';
import { mergeErasures, readPersonal } from '../../core/personal';
import type { Plan } from '../../core/service';
import type { Handlers } from '../../realtime/router';
import { eraseEvent } from './erase';
import { PRIVACY } from './keys';
import { startRetentionSweep } from './sweep';

type PrivacyHandlers = Pick<Handlers, Extract<keyof Handlers, `privacy:${string}`>>;

/** The settings and the dates they give, from the two documents. */
export function viewOf(settings: PrivacySettings | undefined, agenda: AgendaState | undefined, meta: EventMeta | undefined): PrivacyView {
  const s = settings ?? defaultPrivacy();
  const endsAt = eventEnd(agenda?.programme, meta?.createdAt ?? null);
  return { settings: s, endsAt, erasesAt: erasureDue(s, endsAt) };
}

/** The kinds of change that take one thing a person wrote away (a question, a chat message, a contribution). */
const REMOVALS = new Set(['qa.changed', 'chat.deleted', 'breakouts.contributionChanged']);

export function privacyHandlers(deps: FeatureDeps): PrivacyHandlers {
  const { service, store, now } = deps;
  const own = createLimiter({
    points: LIMITS.privacyRequestsPerAttendee,
    durationSeconds: LIMITS.privacyRateWindowSeconds,
    prefix: 'privacy',
    redis: deps.redis,
  });
  startRetentionSweep(deps);

  /** Downloads and deletes of one's own data are few: a budget per attendee (across processes with Redis). */
  async function limit(eventId: string, actor: Actor): Promise<void> {
    const wait = await own.consume(`${eventId}:${actor.id}`);
    if (wait) throw new DomainError('RATE_LIMITED', 'Too many requests for your data; wait a moment.', { reason: 'privacy.rateLimited', retryAfterMs: wait });
  }

  return {
    'privacy:get': {
      roles: ['organiser'],
      run: async (_input, socket) => {
        const docs = await store.read(socket.data.eventId, [PRIVACY.doc, KEYS.agenda, KEYS.meta]);
        return viewOf(
          docs[PRIVACY.doc]?.value as PrivacySettings | undefined,
          docs[KEYS.agenda]?.value as AgendaState | undefined,
          docs[KEYS.meta]?.value as EventMeta | undefined,
        );
      },
    },
    'privacy:setRetention': {
      roles: ['organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        let view: PrivacyView | null = null;
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [PRIVACY.doc, KEYS.agenda, KEYS.meta],
          plan: (docs) => {
            const before = (docs[PRIVACY.doc] as PrivacySettings | undefined) ?? defaultPrivacy();
            const after = setRetention(before, input);
            view = viewOf(after, docs[KEYS.agenda] as AgendaState | undefined, docs[KEYS.meta] as EventMeta | undefined);
            return { changes: [], put: after === before ? {} : { [PRIVACY.doc]: after }, reply: { ...view } };
          },
        });
        return { ...(view ?? (applied as unknown as PrivacyView)), seq: applied.seq };
      },
    },
    'privacy:erase': {
      roles: ['organiser'],
      run: async (input, socket) => {
        const done = await eraseEvent(deps, socket.data.eventId, socket.data.actor, input.opId);
        return { seq: done?.seq ?? 0, erasedAt: done?.erasedAt ?? now() };
      },
    },
    'privacy:mine': {
      roles: ['attendee'],
      run: async (_input, socket) => {
        // Who: the session token's attendee id, never a payload's.
        const { eventId, actor } = socket.data;
        await limit(eventId, actor);
        const found = await readPersonal(store, eventId, actor.id, deps.personalData);
        const read = found.docs.length ? await store.read(eventId, found.docs) : {};
        const docs: Record<string, unknown> = {};
        for (const key of found.docs) docs[key] = read[key]?.value;
        const parts: Record<string, unknown> = {};
        for (const p of deps.personalData) {
          const part = p.ofAttendee({ docs, sets: found.sets, memberOf: found.memberOf }, actor.id);
          if (part !== null) parts[p.part] = part;
        }
        return { data: { eventId, attendeeId: actor.id, name: socket.data.name ?? null, exportedAt: now(), parts } };
      },
    },
    'privacy:deleteMine': {
      roles: ['attendee'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        await limit(eventId, actor);
        const found = await readPersonal(store, eventId, actor.id, deps.personalData);
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: found.docs,
          plan: (docs) => {
            const c = { actor, now: now() };
            const plan: Plan = mergeErasures(
              { changes: [], put: {} },
              deps.personalData.map((p) => p.eraseAttendee({ docs, sets: found.sets, memberOf: found.memberOf }, actor.id, c)),
            );
            plan.reply = { removed: plan.changes.filter((ch) => REMOVALS.has(ch.event.type)).length };
            return plan;
          },
        });
        return { seq: applied.seq, removed: Number((applied as { removed?: number }).removed ?? 0) };
      },
    },
  };
}
