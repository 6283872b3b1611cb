import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../shared/protocol/errors';
import {
  breakoutItemOf,
  breakoutSlots,
  checkContributionUpvote,
  canSeeContribution,
  choose,
  contribute,
  contributionAudience,
  emptySlot,
  leave,
  moderateContribution,
  noChoice,
  setCapacity,
  type BreakoutSlot,
  type Decided,
} from '../../../shared/domain/breakouts';
import { isProfane } from '../../../shared/domain/profanity';
import { cleanText } from '../../../shared/domain/names';
import type { Actor } from '../../../shared/domain/actor';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { BreakoutsEvent, ChoiceRecord, Contribution, SlotState } from '../../../shared/protocol/breakouts';
import { LIMITS } from '../../../shared/limits';
import { KEYS } from '../../core/keys';
import { createLimiter } from '../../core/limits';
import type { Plan } from '../../core/service';
import type { FeatureDeps } from '../../core/feature';
import type { Handlers } from '../../realtime/router';
import { BREAKOUTS } from './keys';

function slotOf(agenda: AgendaState, slotId: string): BreakoutSlot {
  const slot = breakoutSlots(agenda.programme).find((s) => s.id === slotId);
  if (!slot) throw new DomainError('NOT_FOUND', `There is no breakout slot "${slotId}".`, { reason: 'breakouts.slotNotFound', params: { slot: slotId } });
  return slot;
}

/**
 * A slot's decision as a commit: its state, the changed choice records, the holders' sets, and its changes (the
 * seats for everybody, each attendee's own choice for them and staff). The records of promoted attendees are
 * written without being read: every change of a choice record commits the slot's state too, expecting the version
 * read, so a record cannot change between the read of the state (whose waiting entry says where its attendee is)
 * and this commit without making it conflict.
 */
function slotPlan(d: Decided): Plan {
  if (!d.events.length) return { changes: [] };
  const put: Record<string, unknown> = { [BREAKOUTS.slot(d.next.slotId)]: d.next };
  for (const c of d.mine) put[BREAKOUTS.mine(c.slotId, c.attendeeId)] = c;
  return {
    changes: d.events.map((event) => ({ event, audience: event.type === 'breakouts.mine' ? (`user:${event.mine.attendeeId}` as const) : 'all' })),
    put,
    sets: [
      { key: BREAKOUTS.slotIds, add: [d.next.slotId] },
      ...Object.entries(d.places).map(([roomId, p]) => ({ key: BREAKOUTS.holders(d.next.slotId, roomId), add: p.add, remove: p.remove })),
    ],
  };
}

function contributionPlan(events: BreakoutsEvent[], before: Contribution | null): Plan {
  const changes: Plan['changes'] = [];
  const put: Record<string, unknown> = {};
  for (const e of events) {
    if (e.type !== 'breakouts.contributed' && e.type !== 'breakouts.contributionChanged') continue;
    put[BREAKOUTS.contribution(e.contribution.id)] = e.contribution;
    changes.push({ event: e, audience: contributionAudience(before, e.contribution) });
  }
  return { changes, put };
}

function contributionOf(docs: Record<string, unknown>, id: string, actor: Actor): Contribution {
  const c = docs[BREAKOUTS.contribution(id)] as Contribution | undefined;
  if (!c || !canSeeContribution(actor, c)) throw new DomainError('NOT_FOUND', 'There is no such contribution.', { reason: 'breakouts.contributionNotFound' });
  return c;
}

/**
 * The breakouts' socket handlers. A choice reads the agenda (the slot and whether it is open), the slot's state and
 * the attendee's own choice record, and commits them expecting the versions it read: two choices racing for the last
 * place, on any processes, cannot both commit; the loser is decided again on the new state and waits.
 */
export function breakoutHandlers(deps: FeatureDeps): Pick<Handlers, Extract<keyof Handlers, `breakouts:${string}`>> {
  const { service, now } = deps;
  const contributeLimiter = createLimiter({
    points: LIMITS.contributionsPerAttendeePerMinute,
    durationSeconds: 60,
    prefix: 'contribute',
    redis: deps.redis,
  });
  const ctx = (actor: Actor) => ({ actor, now: now() });
  // Choices of one slot all write its state. Sent all at once, they would mostly conflict and be decided
  // again, each round letting one through; so this process sends them to the store one after another, and only
  // choices from other processes can still conflict. What keeps the capacity is the store's version check, not this.
  const queues = new Map<string, Promise<unknown>>();
  const inTurn = <T>(eventId: string, slotId: string, fn: () => Promise<T>): Promise<T> => {
    const key = `${eventId}\u0000${slotId}`;
    const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => queues.get(key) === tail && queues.delete(key));
    return run;
  };
  /** A decision on a slot: on the agenda, the slot's state and (for an attendee) their own choice record. */
  const onSlot = (
    socket: { data: { eventId: string; actor: Actor } },
    opId: string,
    slotId: string,
    decide: (agenda: AgendaState, slot: BreakoutSlot, state: SlotState, mine: ChoiceRecord) => Plan,
  ) => {
    const { actor } = socket.data;
    const mineKey = actor.role === 'attendee' ? BREAKOUTS.mine(slotId, actor.id) : null;
    return inTurn(socket.data.eventId, slotId, () =>
      service.execute({
        eventId: socket.data.eventId,
        actor,
        opId,
        keys: [KEYS.agenda, BREAKOUTS.slot(slotId), ...(mineKey ? [mineKey] : [])],
        plan: (docs) => {
          const agenda = docs[KEYS.agenda] as AgendaState;
          const state = (docs[BREAKOUTS.slot(slotId)] as SlotState | undefined) ?? emptySlot(slotId);
          const mine = (mineKey ? (docs[mineKey] as ChoiceRecord | undefined) : undefined) ?? noChoice(slotId, actor.id);
          return decide(agenda, slotOf(agenda, slotId), state, mine);
        },
      }),
    );
  };

  return {
    'breakouts:choose': {
      roles: ['attendee'],
      run: async (input, socket) => {
        const applied = await onSlot(socket, input.opId, input.slotId, (agenda, slot, state, mine) => {
          const d = choose(state, mine, slot, { roomId: input.roomId, name: socket.data.name }, agenda.live, ctx(socket.data.actor));
          return { ...slotPlan(d), reply: { outcome: d.outcome, roomId: input.roomId } };
        });
        return applied as typeof applied & { outcome: 'placed' | 'waiting'; roomId: string };
      },
    },

    'breakouts:leave': {
      roles: ['attendee'],
      run: (input, socket) =>
        onSlot(socket, input.opId, input.slotId, (agenda, slot, state, mine) => slotPlan(leave(state, mine, slot, agenda.live, ctx(socket.data.actor)))),
    },

    'breakouts:capacity': {
      roles: ['organiser'],
      run: (input, socket) =>
        onSlot(socket, input.opId, input.slotId, (_agenda, slot, state) => slotPlan(setCapacity(state, slot, input, ctx(socket.data.actor)))),
    },

    'breakouts:contribute': {
      roles: ['attendee', 'chair', 'rapporteur', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor, name } = socket.data;
        const wait = await contributeLimiter.consume(actor.id);
        if (wait)
          throw new DomainError('RATE_LIMITED', `You can send ${LIMITS.contributionsPerAttendeePerMinute} contributions a minute; try again shortly.`, {
            reason: 'breakouts.contributeRateLimited',
            params: { max: LIMITS.contributionsPerAttendeePerMinute },
            retryAfterMs: wait,
          });
        const id = randomUUID();
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda, BREAKOUTS.qaRoom(input.roomId)],
          plan: (docs) => {
            const agenda = docs[KEYS.agenda] as AgendaState;
            if (!agenda.programme.rooms.some((r) => r.id === input.roomId && r.kind === 'breakout'))
              throw new DomainError('NOT_FOUND', `There is no breakout "${input.roomId}".`, { reason: 'breakouts.notFound', params: { room: input.roomId } });
            const text = cleanText(input.text);
            if (text.length < LIMITS.contributionMin)
              throw new DomainError('BAD_REQUEST', 'The contribution is empty.', { reason: 'breakouts.contributionEmpty' });
            const qaRoom = docs[BREAKOUTS.qaRoom(input.roomId)] as { premoderation?: boolean } | undefined;
            const events = contribute(
              {
                id,
                roomId: input.roomId,
                item: breakoutItemOf(agenda.programme, agenda.live, input.roomId, now()),
                topic: input.topic,
                text,
                name,
                premoderation: qaRoom?.premoderation ?? true,
                flagged: isProfane(text),
              },
              ctx(actor),
            );
            const c = (events[0] as Extract<BreakoutsEvent, { type: 'breakouts.contributed' }>).contribution;
            return {
              ...contributionPlan(events, null),
              sets: [{ key: BREAKOUTS.ids(input.roomId), add: [id] }],
              reply: { contributionId: id, status: c.status },
            };
          },
        });
        return applied as typeof applied & { contributionId: string; status: Contribution['status'] };
      },
    },

    'breakouts:upvote': {
      roles: ['attendee', 'chair', 'rapporteur', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [BREAKOUTS.contribution(input.contributionId)],
          plan: (docs) => {
            const c = contributionOf(docs, input.contributionId, actor);
            checkContributionUpvote(c, actor);
            return {
              changes: [],
              sets: [{ key: BREAKOUTS.upvoters(c.id), ...(input.up ? { add: [actor.id] } : { remove: [actor.id] }) }],
              incr: [{ key: BREAKOUTS.ticks, field: c.id, by: 1 }],
              reply: { contributionId: c.id },
            };
          },
        });
        return applied as typeof applied & { contributionId: string };
      },
    },

    'breakouts:moderate': {
      roles: ['chair', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [BREAKOUTS.contribution(input.contributionId)],
          plan: (docs) => {
            const c = contributionOf(docs, input.contributionId, actor);
            return contributionPlan(moderateContribution(c, input, ctx(actor)), c);
          },
        });
      },
    },
  };
}
