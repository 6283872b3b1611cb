import { contributionAudience, moderateContribution, type Contribution } from '../../../shared/domain/breakouts';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { KEYS } from '../../core/keys';
import { forEvent, type PastMessageRemover } from '../../core/removal';
import type { Plan } from '../../core/service';
import { BREAKOUTS } from './keys';

/** A banned person's key-topic contributions are hidden as a chair hides one (B10): off the room's and the rapporteur's lists. */
export const pastContributions: PastMessageRemover = {
  async keys(store, eventId, attendeeId) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const roomIds = agenda?.programme.rooms.filter((r) => r.kind === 'breakout').map((r) => r.id) ?? [];
    const ids = (await Promise.all(roomIds.map((r) => store.members(eventId, BREAKOUTS.ids(r))))).flat();
    const docs = ids.length ? await store.read(eventId, ids.map(BREAKOUTS.contribution)) : {};
    return ids.filter((id) => (docs[BREAKOUTS.contribution(id)]?.value as Contribution | undefined)?.authorId === attendeeId).map(BREAKOUTS.contribution);
  },
  remove(docs, attendeeId, ctx) {
    const c = forEvent(ctx);
    const changes: Plan['changes'] = [];
    const put: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(docs)) {
      const before = value as Contribution | undefined;
      if (key !== BREAKOUTS.contribution(before?.id ?? '') || !before || before.authorId !== attendeeId || before.status === 'hidden') continue;
      for (const event of moderateContribution(before, { action: 'hide', rev: before.rev }, c)) {
        if (event.type !== 'breakouts.contributionChanged') continue;
        put[key] = event.contribution;
        changes.push({ event, audience: contributionAudience(before, event.contribution) });
      }
    }
    return { changes, put };
  },
};
