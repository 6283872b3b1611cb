import { contributionAudience, moderateContribution, type Contribution } from '../../../shared/domain/breakouts';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { ChoiceRecord, SlotState, Waiter } from '../../../shared/protocol/breakouts';
import { KEYS } from '../../core/keys';
import type { Found, PersonalData } from '../../core/personal';
import { forEvent } from '../../core/removal';
import type { Plan } from '../../core/service';
import type { Store } from '../../store/store';
import { BREAKOUTS } from './keys';

/** A contribution without its words or its author's name: it still counts (the topic's answers, their upvotes). */
const blank = (c: Contribution): Contribution => ({ ...c, authorName: null, text: '' });

function contributionsIn(found: Found): Contribution[] {
  return Object.entries(found.docs).flatMap(([key, value]) => (key.startsWith('bo:c:') && value ? [value as Contribution] : []));
}

function slotsIn(found: Found): [string, SlotState][] {
  return Object.entries(found.docs).flatMap(([key, value]) => (key.startsWith('bo:slot:') && value ? [[key, value as SlotState] as [string, SlotState]] : []));
}

function recordsIn(found: Found): [string, ChoiceRecord][] {
  return Object.entries(found.docs).flatMap(([key, value]) =>
    key.startsWith('bo:mine:') && value ? [[key, value as ChoiceRecord] as [string, ChoiceRecord]] : [],
  );
}

/** A slot's state with the names of the waiters that `who` picks replaced by none (lists and order kept). */
function unnamed(state: SlotState, who: (w: Waiter) => boolean): SlotState | null {
  let changed = false;
  const waiting = Object.fromEntries(
    Object.entries(state.waiting).map(([room, list]) => [
      room,
      list.map((w) => {
        if (!who(w) || w.name === null) return w;
        changed = true;
        return { ...w, name: null };
      }),
    ]),
  );
  return changed ? { ...state, waiting } : null;
}

/** The names taken off the slots' waiting lists and off the choice records that `who` picks. */
function unnameAll(found: Found, who: (attendeeId: string) => boolean): Record<string, unknown> {
  const put: Record<string, unknown> = {};
  for (const [key, state] of slotsIn(found)) {
    const next = unnamed(state, (w) => who(w.attendeeId));
    if (next) put[key] = next;
  }
  for (const [key, c] of recordsIn(found)) if (who(c.attendeeId) && c.name !== null) put[key] = { ...c, name: null };
  return put;
}

/**
 * The choice records to read: one attendee's in every slot; for the whole event, those of everyone holding a place
 * (the holders' sets) or waiting (the slots' states).
 */
async function recordKeys(store: Store, eventId: string, slotIds: string[], roomIds: string[], attendeeId: string | null): Promise<string[]> {
  if (attendeeId) return slotIds.map((slotId) => BREAKOUTS.mine(slotId, attendeeId));
  if (!slotIds.length) return [];
  const states = await store.read(eventId, slotIds.map(BREAKOUTS.slot));
  const keys = await Promise.all(
    slotIds.map(async (slotId) => {
      const holders = await Promise.all(roomIds.map((r) => store.members(eventId, BREAKOUTS.holders(slotId, r))));
      const waiters = Object.values((states[BREAKOUTS.slot(slotId)]?.value as SlotState | undefined)?.waiting ?? {}).flatMap((list) =>
        list.map((w) => w.attendeeId),
      );
      return [...new Set([...holders.flat(), ...waiters])].map((id) => BREAKOUTS.mine(slotId, id));
    }),
  );
  return keys.flat();
}

/**
 * The breakouts' personal data: key-topic contributions (text and author's name) and the names on the sign-up
 * lists (the choice records of those with a place or waiting, and the waiting lists). The contributions stay as
 * figures; the places and waiting lists stay as they are, without names. A record without a place or a waiting
 * list keeps no name (B7), so the holders' sets and the waiting lists find every name.
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
      docs: [...slotIds!.map(BREAKOUTS.slot), ...(await recordKeys(store, eventId, slotIds!, roomIds, attendeeId)), ...ids.map(BREAKOUTS.contribution)],
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
    Object.assign(
      put,
      unnameAll(found, () => true),
    );
    return { changes, put };
  },
  ofAttendee(found, attendeeId) {
    const contributions = contributionsIn(found)
      .filter((c) => c.authorId === attendeeId && c.text !== '')
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((c) => ({ id: c.id, roomId: c.roomId, topic: c.topicText, name: c.authorName, text: c.text, at: c.createdAt }));
    const states = new Map(slotsIn(found).map(([, state]) => [state.slotId, state]));
    const signups = recordsIn(found)
      .filter(([, c]) => c.attendeeId === attendeeId)
      .flatMap(([, c]) => {
        const waiter = c.waitingFor ? states.get(c.slotId)?.waiting[c.waitingFor]?.find((w) => w.attendeeId === attendeeId) : undefined;
        return [
          ...(c.roomId ? [{ slotId: c.slotId, roomId: c.roomId, waiting: false, name: c.name, at: c.at }] : []),
          ...(c.waitingFor ? [{ slotId: c.slotId, roomId: c.waitingFor, waiting: true, name: waiter?.name ?? c.name, at: waiter?.at ?? c.at }] : []),
        ];
      });
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
    Object.assign(
      put,
      unnameAll(found, (id) => id === attendeeId),
    );
    return { changes, put };
  },
};
