import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../shared/protocol/errors';
import {
  answerNow,
  ask,
  audienceOf,
  canSee,
  checkUpvote,
  edit,
  merge,
  moderate,
  newRoomQa,
  pendingPage,
  reply,
  setPremoderation,
  setQueue,
  withdraw,
  type Question,
  type QaEvent,
  type RoomQa,
} from '../../../shared/domain/qa';
import { isProfane } from '../../../shared/domain/profanity';
import { cleanText } from '../../../shared/domain/names';
import { liveAndNext } from '../../../shared/domain/agenda';
import { canRunRoom, type Actor } from '../../../shared/domain/actor';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { LIMITS } from '../../../shared/limits';
import { KEYS } from '../../core/keys';
import { createLimiter } from '../../core/limits';
import { createAddressBudget } from '../../core/address';
import { clientAddress } from '../../core/admission';
import { origins } from '../../core/origins';
import type { Plan } from '../../core/service';
import type { FeatureDeps } from '../../core/feature';
import type { Handlers, SocketData } from '../../realtime/router';
import { QA } from './keys';
import { readQaDocs, upvoteCountsOf } from './snapshot';

/** Each change carries the whole new document; who may see it follows the question's visibility. */
function plan(events: QaEvent[], before: Map<string, Question>, extra: Omit<Plan, 'changes' | 'put'> = {}): Plan {
  const put: Record<string, unknown> = {};
  const changes: Plan['changes'] = [];
  for (const e of events) {
    if (e.type === 'qa.roomChanged') {
      put[QA.room(e.room.roomId)] = e.room;
      changes.push({ event: e, audience: 'all' });
    } else {
      put[QA.question(e.question.id)] = e.question;
      changes.push({ event: e, audience: audienceOf(before.get(e.question.id) ?? null, e.question) });
    }
  }
  return { changes, put, ...extra };
}

function roomOf(docs: Record<string, unknown>, roomId: string): RoomQa {
  return (docs[QA.room(roomId)] as RoomQa | undefined) ?? newRoomQa(roomId);
}

function questionOf(docs: Record<string, unknown>, id: string, actor: Actor): Question {
  const q = docs[QA.question(id)] as Question | undefined;
  if (!q || !canSee(actor, q)) throw new DomainError('NOT_FOUND', 'There is no such question.', { reason: 'question.notFound' });
  return q;
}

const everyone: Actor['role'][] = ['attendee', 'chair', 'rapporteur', 'organiser'];
const moderators: Actor['role'][] = ['chair', 'organiser'];

/** The Q&A's socket handlers, built once per app: who asks comes from the socket's data at each event. */
export function qaHandlers(deps: FeatureDeps): Pick<Handlers, Extract<keyof Handlers, `qa:${string}`>> {
  const { service, store, now } = deps;
  const askLimiter = createLimiter({ points: LIMITS.questionsPerAttendeePerMinute, durationSeconds: 60, prefix: 'ask', redis: deps.redis });
  const questionsPerAddress = deps.addressBudgets?.questions ?? LIMITS.questionsPerAddressPerMinute;
  const askBudget = createAddressBudget({
    perMinute: questionsPerAddress,
    prefix: 'ask-address',
    refusal: () => [
      'Too many questions from your network at once; try again in a minute.',
      { reason: 'qa.askAddressLimited', params: { max: questionsPerAddress } },
    ],
  });
  const upvoteBudget = createAddressBudget({
    perMinute: deps.addressBudgets?.upvotes ?? LIMITS.upvotesPerAddressPerMinute,
    prefix: 'upvote-address',
    refusal: () => ['Too many upvotes from your network at once; try again in a minute.', { reason: 'qa.upvoteAddressLimited' }],
  });
  const ctx = (actor: Actor) => ({ actor, now: now() });
  /** Reads a question first to learn its room, so the command can read (and expect) the room's document too. */
  const roomIdOf = async (eventId: string, actor: Actor, questionId: string) => {
    const q = (await store.read(eventId, [QA.question(questionId)]))[QA.question(questionId)]?.value as Question | undefined;
    if (!q || !canSee(actor, q)) throw new DomainError('NOT_FOUND', 'There is no such question.', { reason: 'question.notFound' });
    return q.roomId;
  };
  /** A command on one question alone (reply, edit): read it, let the domain decide, write it. */
  const onQuestion = ({ eventId, actor }: SocketData, questionId: string, opId: string, decide: (q: Question) => QaEvent[]) =>
    service.execute({
      eventId,
      actor,
      opId,
      keys: [QA.question(questionId)],
      plan: (docs) => {
        const q = questionOf(docs, questionId, actor);
        return plan(decide(q), new Map([[q.id, q]]));
      },
    });
  /** A command on one question and its room (the queue and the highlight may change with it). */
  const onQuestionInRoom = async ({ eventId, actor }: SocketData, questionId: string, opId: string, decide: (q: Question, room: RoomQa) => QaEvent[]) => {
    const roomId = await roomIdOf(eventId, actor, questionId);
    return service.execute({
      eventId,
      actor,
      opId,
      keys: [QA.question(questionId), QA.room(roomId)],
      plan: (docs) => {
        const q = questionOf(docs, questionId, actor);
        return plan(decide(q, roomOf(docs, roomId)), new Map([[q.id, q]]));
      },
    });
  };

  return {
    'qa:ask': {
      roles: everyone,
      run: async (input, socket) => {
        const { eventId, actor, name } = socket.data;
        const wait = await askLimiter.consume(actor.id);
        if (wait)
          throw new DomainError('RATE_LIMITED', `You can ask ${LIMITS.questionsPerAttendeePerMinute} questions a minute; try again shortly.`, {
            reason: 'qa.askRateLimited',
            params: { max: LIMITS.questionsPerAttendeePerMinute },
            retryAfterMs: wait,
          });
        await askBudget.consume(eventId, socket.request);
        // The room's declared maximum (Q22), counted before the commit: asks in flight at the same moment may pass it
        // by their number, never by more.
        const [asked] = await store.sets(eventId, [QA.ids(input.roomId)]);
        if ((asked?.size ?? 0) >= LIMITS.questionsPerRoom)
          throw new DomainError('TOO_MANY', `This room has taken its ${LIMITS.questionsPerRoom} questions; no more can be asked here.`, {
            reason: 'qa.roomFull',
            params: { max: LIMITS.questionsPerRoom },
          });
        const questionId = randomUUID();
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda, QA.room(input.roomId)],
          plan: (docs) => {
            const agenda = docs[KEYS.agenda] as AgendaState;
            if (!agenda.programme.rooms.some((r) => r.id === input.roomId))
              throw new DomainError('NOT_FOUND', `There is no room "${input.roomId}".`, { reason: 'room.notFound', params: { room: input.roomId } });
            const { live } = liveAndNext(agenda, input.roomId);
            const people = live ? [...live.chairs, ...live.speakers].map((p) => p.name) : [];
            const text = cleanText(input.text);
            if (text.length < LIMITS.questionMin) throw new DomainError('BAD_REQUEST', 'The question is empty.', { reason: 'question.empty' });
            const events = ask(
              roomOf(docs, input.roomId),
              {
                questionId,
                roomId: input.roomId,
                text,
                target: input.target,
                anonymous: input.anonymous,
                itemId: live?.id ?? null,
                people,
                flagged: isProfane(text),
                name,
              },
              ctx(actor),
            );
            const q = (events[0] as Extract<QaEvent, { type: 'qa.asked' }>).question;
            return plan(events, new Map(), { sets: [{ key: QA.ids(input.roomId), add: [questionId] }], reply: { questionId, status: q.status } });
          },
        });
        return applied as typeof applied & { questionId: string; status: string };
      },
    },

    'qa:upvote': {
      roles: everyone,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        await upvoteBudget.consume(eventId, socket.request);
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [QA.question(input.questionId)],
          plan: async (docs) => {
            // An upvote on a merged question (a tab still showing it) goes to the question it was merged into.
            const raw = docs[QA.question(input.questionId)] as Question | undefined;
            let q = raw?.mergedInto ? raw : questionOf(docs, input.questionId, actor);
            if (q.mergedInto) {
              const target = (await store.read(eventId, [QA.question(q.mergedInto)]))[QA.question(q.mergedInto)]?.value as Question | undefined;
              if (!target || !canSee(actor, target)) throw new DomainError('NOT_FOUND', 'There is no such question.', { reason: 'question.notFound' });
              q = target;
            }
            // Checked on the question the upvote lands on: the asker of a merge target can't upvote it through a duplicate.
            checkUpvote(q, actor);
            return {
              changes: [],
              sets: [{ key: QA.upvoters(q.id), ...(input.up ? { add: [actor.id] } : { remove: [actor.id] }) }],
              incr: [{ key: QA.ticks, field: q.id, by: 1 }],
              reply: { questionId: q.id },
            };
          },
        });
        // The upvote's network, as a keyed hash in this process's memory only (Q25): never stored with the upvote.
        origins.record(QA.origin(store.epoch(), eventId, String(applied.questionId)), actor.id, clientAddress(socket.request), input.up);
        return applied as typeof applied & { questionId: string };
      },
    },

    'qa:moderate': {
      roles: moderators,
      run: async (input, socket) => onQuestionInRoom(socket.data, input.questionId, input.opId, (q, room) => moderate(q, room, input, ctx(socket.data.actor))),
    },

    'qa:withdraw': {
      // The asker's own action (Q21): the question and its room (it leaves the queue and the highlight).
      roles: ['attendee'],
      run: async (input, socket) => onQuestionInRoom(socket.data, input.questionId, input.opId, (q, room) => withdraw(q, room, ctx(socket.data.actor))),
    },

    'qa:reply': {
      roles: moderators,
      run: async (input, socket) =>
        onQuestion(socket.data, input.questionId, input.opId, (q) => reply(q, { text: cleanText(input.text), rev: input.rev }, ctx(socket.data.actor))),
    },

    'qa:edit': {
      roles: moderators,
      run: async (input, socket) =>
        onQuestion(socket.data, input.questionId, input.opId, (q) => edit(q, { text: cleanText(input.text), rev: input.rev }, ctx(socket.data.actor))),
    },

    'qa:merge': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const roomId = await roomIdOf(eventId, actor, input.questionId);
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [QA.question(input.questionId), QA.question(input.intoId), QA.room(roomId)],
          plan: (docs) => {
            const dup = questionOf(docs, input.questionId, actor);
            const into = questionOf(docs, input.intoId, actor);
            const events = merge(dup, into, roomOf(docs, roomId), input, ctx(actor));
            return plan(
              events,
              new Map([
                [dup.id, dup],
                [into.id, into],
              ]),
              {
                // Upvoters of both count once; the tick orders the new count after the old ones.
                unions: [{ into: QA.upvoters(into.id), from: QA.upvoters(dup.id) }],
                incr: [{ key: QA.ticks, field: into.id, by: 1 }],
              },
            );
          },
        });
        return applied;
      },
    },

    'qa:answerNow': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          // The agenda, read by key (as qa:ask reads it): the highlight records the room's live item it was set under,
          // and ends when that changes (Q20). A live change racing this one conflicts, and this is decided again.
          keys: [KEYS.agenda, QA.room(input.roomId), ...(input.questionId ? [QA.question(input.questionId)] : [])],
          plan: (docs) => {
            const agenda = docs[KEYS.agenda] as AgendaState | undefined;
            const q = input.questionId ? questionOf(docs, input.questionId, actor) : null;
            return plan(answerNow(roomOf(docs, input.roomId), q, agenda?.live[input.roomId], ctx(actor)), new Map());
          },
        });
      },
    },

    'qa:queue': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [QA.room(input.roomId), ...input.queue.map(QA.question)],
          plan: (docs) => {
            const questions = new Map(input.queue.flatMap((id) => (docs[QA.question(id)] ? [[id, docs[QA.question(id)] as Question] as const] : [])));
            return plan(setQueue(roomOf(docs, input.roomId), input, questions, ctx(actor)), new Map());
          },
        });
      },
    },

    'qa:discount': {
      // The chair sets aside the upvotes of the network behind a question's marker, or counts them again (Q25). The
      // store keeps the attendee ids set aside, never an address; counting again puts back whoever is set aside.
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const item = QA.origin(store.epoch(), eventId, input.questionId);
        const aside = input.discount ? null : await store.members(eventId, QA.discounted(input.questionId));
        let moved: string[] = [];
        const applied = await service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [QA.question(input.questionId)],
          plan: async (docs) => {
            const q = questionOf(docs, input.questionId, actor);
            if (!canRunRoom(actor, q.roomId))
              throw new DomainError('FORBIDDEN', 'Only a chair of this room can moderate its questions.', { reason: 'qa.chairOnly' });
            if (input.discount) {
              const [upvoters] = await store.sets(eventId, [QA.upvoters(q.id)]);
              moved = origins.concentration(item, upvoters?.size ?? 0)?.voters ?? [];
            } else moved = aside ?? [];
            if (!moved.length)
              throw new DomainError('BAD_REQUEST', 'No network stands out among these upvotes any more; nothing was changed.', {
                reason: 'qa.nothingToDiscount',
              });
            const [from, to] = input.discount ? [QA.upvoters(q.id), QA.discounted(q.id)] : [QA.discounted(q.id), QA.upvoters(q.id)];
            return {
              changes: [],
              sets: [
                { key: from, remove: moved },
                { key: to, add: moved },
              ],
              incr: [{ key: QA.ticks, field: q.id, by: 1 }],
            };
          },
        });
        origins.setAside(item, moved, input.discount);
        return applied;
      },
    },

    'qa:pending': {
      // The next page of a room's Incoming list (Q24), for the staff who see it.
      roles: ['chair', 'organiser', 'rapporteur'],
      run: async (input, socket) => {
        const { eventId } = socket.data;
        const docs = await readQaDocs(store, eventId, [input.roomId]);
        const { page, more } = pendingPage(docs.questions, input.roomId, input.after, LIMITS.pendingPage);
        return {
          questions: page,
          counts: await upvoteCountsOf(
            store,
            eventId,
            page.map((q) => q.id),
          ),
          more,
        };
      },
    },

    'qa:settings': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda, QA.room(input.roomId)],
          plan: (docs) => {
            const agenda = docs[KEYS.agenda] as AgendaState;
            if (!agenda.programme.rooms.some((r) => r.id === input.roomId))
              throw new DomainError('NOT_FOUND', `There is no room "${input.roomId}".`, { reason: 'room.notFound', params: { room: input.roomId } });
            return plan(setPremoderation(roomOf(docs, input.roomId), input, ctx(actor)), new Map());
          },
        });
      },
    },
  };
}
