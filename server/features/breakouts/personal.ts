import { contributionAudience, moderateContribution, type Contribution } from '../../../shared/domain/breakouts';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { Signup, SlotChoices } from '../../../shared/protocol/breakouts';
import { KEYS } from '../../core/keys';
import type { Found, PersonalData } from '../../core/personal';
import { forEvent } from '../../core/removal';
import type { Plan } from '../../core/service';
import { BREAKOUTS } from './keys';

/** A contribution without its words or its author's name: it still counts (the topic's answers, their upvotes). */
const blank = (c: Contribution): Contribution => ({ ...c, authorName: null, text: '' });

function contributionsIn(found: Found): Contribution[] {
  return Object.entries(found.docs).flatMap(([key, value]) => (key.startsWith('bo:c:') && value ? [value as Contribution] : []));
}

function slotsIn(found: Found): [string, SlotChoices][] {
  return Object.entries(found.docs).flatMap(([key, value]) =>
    key.startsWith('bo:slot:') && value ? [[key, value as SlotChoices] as [string, SlotChoices]] : [],
  );
}

/** A slot's choices with the names of the sign-ups that `who` picks replaced by none (places and order kept). */
function unnamed(slot: SlotChoices, who: (s: Signup) => boolean): SlotChoices | null {
  let changed = false;
  const strip = (lists: Record<string, Signup[]>) =>
    Object.fromEntries(
      Object.entries(lists).map(([room, list]) => [
        room,
        list.map((s) => {
          if (!who(s) || s.name === null) return s;
          changed = true;
          return { ...s, name: null };
        }),
      ]),
    );
  const next = { ...slot, places: strip(slot.places), waiting: strip(slot.waiting) };
  return changed ? next : null;
}

/**
 * The breakouts' personal data: key-topic contributions (text and author's name) and the names on the sign-up
 * lists. The contributions stay as figures; the places and waiting lists stay as they are, without names.
 */
export const personalBreakouts: PersonalData = {
  part: 'breakouts',
  async find(store, eventId, attendeeId) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const roomIds = agenda?.programme.rooms.filter((r) => r.kind === 'breakout').map((r) => r.id) ?? [];
    const [slotIds, ...idLists] = await Promise.all([
      store.members(eventId, BREAKOUTS.slotIds),
      ...roomIds.map((r) => store.members(eventId, BREAKOUTS.ids(r))),
    ]);
    const ids = idLists.flat();
    return {
      docs: [...slotIds!.map(BREAKOUTS.slot), ...ids.map(BREAKOUTS.contribution)],
      memberOf: attendeeId ? ids.map(BREAKOUTS.upvoters) : [],
    };
  },
  erase(found) {
    const put: Record<string, unknown> = {};
    const changes: Plan['changes'] = [];
    for (const c of contributionsIn(found)) {
      if (!c.text && c.authorName === null) continue;
      const erased = { ...blank(c), rev: c.rev + 1 };
      put[BREAKOUTS.contribution(c.id)] = erased;
      changes.push({ event: { type: 'breakouts.contributionChanged', contribution: erased }, audience: contributionAudience(c, erased) });
    }
    for (const [key, slot] of slotsIn(found)) {
      const next = unnamed(slot, () => true);
      if (next) put[key] = next;
    }
    return { changes, put };
  },
  ofAttendee(found, attendeeId) {
    const contributions = contributionsIn(found)
      .filter((c) => c.authorId === attendeeId && c.text !== '')
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((c) => ({ id: c.id, roomId: c.roomId, topic: c.topicText, name: c.authorName, text: c.text, at: c.createdAt }));
    const signups = slotsIn(found).flatMap(([, slot]) =>
      (['places', 'waiting'] as const).flatMap((list) =>
        Object.entries(slot[list]).flatMap(([roomId, people]) =>
          people.filter((s) => s.attendeeId === attendeeId).map((s) => ({ slotId: slot.slotId, roomId, waiting: list === 'waiting', name: s.name, at: s.at })),
        ),
      ),
    );
    const upvoted = Object.keys(found.memberOf)
      .filter((k) => found.memberOf[k])
      .map((k) => k.slice('bo:up:'.length));
    return contributions.length || signups.length || upvoted.length ? { contributions, signups, upvoted } : null;
  },
  eraseAttendee(found, attendeeId, ctx) {
    const c = forEvent(ctx);
    const changes: Plan['changes'] = [];
    const put: Record<string, unknown> = {};
    for (const before of contributionsIn(found)) {
      if (before.authorId !== attendeeId) continue;
      // Hidden as a chair hides one (B10): off the room's and the rapporteur's lists.
      let after = before;
      if (before.status !== 'hidden') {
        for (const event of moderateContribution(before, { action: 'hide', rev: before.rev }, c)) {
          if (event.type === 'breakouts.contributionChanged') after = event.contribution;
        }
      }
      const erased = blank({ ...after, rev: after === before ? after.rev + 1 : after.rev });
      put[BREAKOUTS.contribution(before.id)] = erased;
      changes.push({ event: { type: 'breakouts.contributionChanged', contribution: erased }, audience: contributionAudience(before, erased) });
    }
    for (const [key, slot] of slotsIn(found)) {
      const next = unnamed(slot, (s) => s.attendeeId === attendeeId);
      if (next) put[key] = next;
    }
    return { changes, put };
  },
};
