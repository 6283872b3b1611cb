import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../shared/protocol/errors';
import type { Ballot, Choice, Poll, PollEvent } from '../../../shared/protocol/polls';
import { controlPoll, createPoll, pollVisible, setBallotsAside, updatePoll, vote } from '../../../shared/domain/polls';
import { canRunRoom, type Actor } from '../../../shared/domain/actor';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { KEYS } from '../../core/keys';
import type { Plan } from '../../core/service';
import type { FeatureDeps } from '../../core/feature';
import { channels } from '../../realtime/channels';
import { createAddressBudget } from '../../core/address';
import { clientAddress } from '../../core/admission';
import { origins } from '../../core/origins';
import { LIMITS } from '../../../shared/limits';
import type { Handlers } from '../../realtime/router';
import { byKey } from '../../store/store';
import { POLLS, TICK } from './keys';
import { openAnswers } from './snapshot';

/** A draft is for staff only; everything after that is for everybody. */
function plan(events: PollEvent[], before: Poll | null, extra: Omit<Plan, 'changes' | 'put'> = {}): Plan {
  const put: Record<string, unknown> = {};
  const changes: Plan['changes'] = [];
  for (const e of events) {
    if (e.type === 'poll.changed') put[POLLS.poll(e.poll.id)] = e.poll;
    const draftOnly = (before?.status ?? 'draft') === 'draft' && (e.type === 'poll.deleted' || e.poll.status === 'draft');
    changes.push({ event: e, audience: draftOnly ? 'staff' : 'all' });
  }
  return { changes, put, ...extra };
}

function pollOf(docs: Record<string, unknown>, id: string, actor: Actor): Poll {
  const p = docs[POLLS.poll(id)] as Poll | undefined;
  if (!p || !pollVisible(p, actor)) throw new DomainError('NOT_FOUND', 'There is no such poll.', { reason: 'poll.notFound' });
  return p;
}

const moderators: Actor['role'][] = ['chair', 'organiser'];

/** The polls' socket handlers, built once per app: who acts comes from the socket's data at each event. */
export function pollHandlers(deps: FeatureDeps): Pick<Handlers, Extract<keyof Handlers, `poll:${string}`>> {
  const { service, store, now } = deps;
  const ctx = (actor: Actor) => ({ actor, now: now() });
  const voteBudget = createAddressBudget({
    perMinute: deps.addressBudgets?.votes ?? LIMITS.votesPerAddressPerMinute,
    prefix: 'vote-address',
    refusal: () => ['Too many votes from your network at once; try again in a minute.', { reason: 'poll.voteAddressLimited' }],
  });

  return {
    'poll:create': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const pollId = randomUUID();
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda],
          plan: (docs) => {
            checkPlace(docs[KEYS.agenda] as AgendaState, input.draft.roomId, input.draft.itemId);
            return plan(createPoll(input.draft, pollId, ctx(actor)), null, { sets: [{ key: POLLS.ids, add: [pollId] }], reply: { pollId } });
          },
        });
        return applied as typeof applied & { pollId: string };
      },
    },

    'poll:update': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda, POLLS.poll(input.pollId)],
          plan: (docs) => {
            const poll = pollOf(docs, input.pollId, actor);
            checkPlace(docs[KEYS.agenda] as AgendaState, input.draft.roomId, input.draft.itemId);
            return plan(updatePoll(poll, input.draft, input.rev, ctx(actor)), poll);
          },
        });
      },
    },

    'poll:control': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [POLLS.poll(input.pollId)],
          plan: (docs) => {
            const poll = pollOf(docs, input.pollId, actor);
            const events = controlPoll(poll, input.action, ctx(actor));
            // Closing or revealing can make the results visible to attendees: the tick has the tally sent.
            const tick = [{ key: POLLS.ticks, field: poll.id, by: 1 }];
            return plan(
              events,
              poll,
              input.action === 'delete' && events.length ? { sets: [{ key: POLLS.ids, remove: [poll.id] }], incr: tick } : { incr: tick },
            );
          },
        });
        return applied;
      },
    },

    'poll:vote': {
      roles: ['attendee', 'chair', 'rapporteur', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        await voteBudget.consume(eventId, socket.request);
        const ballotKey = POLLS.ballot(input.pollId, actor.id);
        let choice: Choice | null = null;
        // The poll's version is expected unchanged: a close that lands first makes this commit conflict, and the
        // retry reads the closed poll and refuses with POLL_CLOSED. The ballot's version makes two tabs take turns.
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [POLLS.poll(input.pollId), ballotKey],
          plan: (docs) => {
            // A draft is hidden from attendees, but a vote on one says plainly that it has not started.
            const poll = (docs[POLLS.poll(input.pollId)] as Poll | undefined) ?? pollOf(docs, input.pollId, actor);
            const previous = (docs[ballotKey] as Ballot | undefined) ?? null;
            const { ballot, deltas } = vote(poll, previous, input.choice, ctx(actor));
            choice = ballot.choice;
            const put = byKey<unknown>();
            put[ballotKey] = ballot;
            return {
              changes: [],
              put,
              incr: [
                ...Object.entries(deltas).map(([field, by]) => ({ key: POLLS.tally(poll.id), field, by })),
                { key: POLLS.tally(poll.id), field: TICK, by: 1 },
                { key: POLLS.ticks, field: poll.id, by: 1 },
              ],
              sets: poll.type === 'open' ? [{ key: POLLS.answerers(poll.id), add: [actor.id] }] : [],
              // Only a vote that may have other tabs to be ordered against gets the revision back: the others keep
              // their operation's stored reply empty (one number in the embedded store, not an object per vote).
              reply: input.otherTabs === false ? undefined : { rev: ballot.rev },
            };
          },
        });
        // The vote's network, as a keyed hash in this process's memory only (P14): never stored with the ballot.
        origins.record(POLLS.origin(store.epoch(), eventId, input.pollId), actor.id, clientAddress(socket.request));
        // The voter's other tabs show the same choice (this one has it from the reply): unless the vote says there
        // is none (with several processes the echo goes through Redis to all of them), and on one process only when
        // it holds another of them (an emit to a room of the voter alone still encodes and frames the message).
        const tabs = channels.person(eventId, actor.id);
        const echo = input.otherTabs !== false && (deps.crossProcess || (socket.nsp.adapter.rooms.get(tabs)?.size ?? 0) > 1);
        // With the stored reply's revision: a retry of this vote echoes the ballot it stored, not a later one (an
        // operation stored before revisions has none: 0, the lowest).
        if (choice && echo) socket.to(tabs).emit('poll:myBallot', { pollId: input.pollId, choice, rev: Number(applied.rev ?? 0) });
        return applied as typeof applied & { rev?: number };
      },
    },

    'poll:discount': {
      // The chair sets aside the ballots of the network behind a poll's marker, or counts them again (P15). The
      // store keeps who is set aside by attendee id (the ballots' flag and a set), never an address.
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const item = POLLS.origin(store.epoch(), eventId, input.pollId);
        const voters = input.discount
          ? (origins.concentration(item, (await store.counters(eventId, POLLS.tally(input.pollId)))._voters ?? 0)?.voters ?? [])
          : await store.members(eventId, POLLS.discounted(input.pollId));
        let moved: string[] = [];
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [POLLS.poll(input.pollId), ...voters.map((v) => POLLS.ballot(input.pollId, v))],
          plan: (docs) => {
            const poll = pollOf(docs, input.pollId, actor);
            if (!canRunRoom(actor, poll.roomId))
              throw new DomainError('FORBIDDEN', 'Only a chair of this room can run its polls.', { reason: 'poll.chairOnly' });
            const ballots = new Map(voters.flatMap((v) => (docs[POLLS.ballot(poll.id, v)] ? [[v, docs[POLLS.ballot(poll.id, v)] as Ballot] as const] : [])));
            const { ballots: changed, deltas } = setBallotsAside(poll, ballots, input.discount);
            moved = [...changed.keys()];
            if (!moved.length)
              throw new DomainError('BAD_REQUEST', 'No network stands out among these votes any more; nothing was changed.', {
                reason: 'poll.nothingToDiscount',
              });
            const put = byKey<unknown>();
            for (const [v, b] of changed) put[POLLS.ballot(poll.id, v)] = b;
            return {
              changes: [],
              put,
              sets: [{ key: POLLS.discounted(poll.id), ...(input.discount ? { add: moved } : { remove: moved }) }],
              incr: [
                ...Object.entries(deltas).map(([field, by]) => ({ key: POLLS.tally(poll.id), field, by })),
                { key: POLLS.tally(poll.id), field: TICK, by: 1 },
                { key: POLLS.ticks, field: poll.id, by: 1 },
              ],
            };
          },
        });
        origins.setAside(item, moved, input.discount);
        return applied;
      },
    },

    'poll:answers': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const poll = (await store.read(eventId, [POLLS.poll(input.pollId)]))[POLLS.poll(input.pollId)]?.value as Poll | undefined;
        if (!poll || !canRunRoom(actor, poll.roomId)) throw new DomainError('NOT_FOUND', 'There is no such poll.', { reason: 'poll.notFound' });
        return { answers: await openAnswers(store, eventId, poll.id) };
      },
    },
  };
}

function checkPlace(agenda: AgendaState, roomId: string, itemId: string | null): void {
  if (!agenda.programme.rooms.some((r) => r.id === roomId))
    throw new DomainError('NOT_FOUND', `There is no room "${roomId}".`, { reason: 'room.notFound', params: { room: roomId } });
  if (itemId && !agenda.programme.items.some((i) => i.id === itemId && i.roomId === roomId))
    throw new DomainError('BAD_REQUEST', `"${itemId}" is not a programme item of that room.`, { reason: 'poll.itemNotInRoom', params: { item: itemId } });
}
