import { DomainError } from '../../../shared/protocol/errors';
import type { Actor } from '../../../shared/domain/actor';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { Programme } from '../../../shared/protocol/programme';
import type { Poll } from '../../../shared/protocol/polls';
import { applyAgenda, liveRooms, replaceProgramme } from '../../../shared/domain/agenda';
import { detachFromProgramme } from '../../../shared/domain/polls';
import { KEYS } from '../../core/keys';
import type { FeatureDeps } from '../../core/feature';
import type { Applied, Plan } from '../../core/service';

/** The polls' keys, read as strings (features do not import each other): the set of poll ids and each poll. */
const POLL_IDS = 'polls:ids';
const pollKey = (id: string) => `poll:${id}`;

/** The set of polls changed between reading it and deciding: read it again. */
class PollsMoved extends Error {}

/**
 * Replaces the programme (A6, A11): nothing stays live, and polls of items that are gone are kept without an item.
 * Answers what it did: the items imported, the rooms that had something live, the polls detached.
 */
export async function importProgramme(
  deps: Pick<FeatureDeps, 'service' | 'store' | 'now'>,
  eventId: string,
  actor: Actor,
  opId: string | null,
  programme: Programme,
): Promise<Applied> {
  const { service, store, now } = deps;
  // The polls are read by their keys (the polls feature's documents, not imported): each one is expected at the
  // version read, so a poll edited meanwhile makes the import conflict and decide again, never overwritten.
  let applied: Applied | null = null;
  for (let round = 0; round < 5 && !applied; round++) {
    const ids = await store.members(eventId, POLL_IDS);
    try {
      applied = await service.execute({
        eventId,
        actor,
        opId,
        keys: [KEYS.agenda, ...ids.map(pollKey)],
        plan: async (docs) => {
          const state = docs[KEYS.agenda] as AgendaState | undefined;
          if (!state) throw new DomainError('NOT_FOUND', 'There is no such event.', { reason: 'event.notFound' });
          const events = replaceProgramme(state, { programme }, { actor, now: now() });
          const current = new Set(await store.members(eventId, POLL_IDS));
          // A poll created since the ids were read would be left out: read them again and start over.
          if ([...current].some((id) => !ids.includes(id))) throw new PollsMoved();
          const changes: Plan['changes'] = events.map((event) => ({ event, audience: 'all' }));
          const put: Record<string, unknown> = { [KEYS.agenda]: events.reduce(applyAgenda, state) };
          let detachedPolls = 0;
          for (const id of ids) {
            const poll = docs[pollKey(id)] as Poll | undefined;
            if (!poll || !current.has(id)) continue; // deleted meanwhile
            for (const e of detachFromProgramme(poll, programme)) {
              if (e.type !== 'poll.changed') continue;
              put[pollKey(id)] = e.poll;
              // As the polls feature does: a draft's change is for staff only.
              changes.push({ event: e, audience: poll.status === 'draft' ? 'staff' : 'all' });
              detachedPolls++;
            }
          }
          return { changes, put, reply: { items: programme.items.length, cleared: { liveRooms: liveRooms(state).length }, detachedPolls } };
        },
      });
    } catch (error) {
      if (!(error instanceof PollsMoved)) throw error;
    }
  }
  if (!applied) throw new DomainError('UNAVAILABLE', 'Too many changes at once; please try again.', { reason: 'server.busy' });
  return applied;
}
