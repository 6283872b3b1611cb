import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../shared/protocol/errors';
import {
  afterPost,
  approve,
  audienceOfMessage,
  canSeeMessage,
  checkReaction,
  cleanChatText,
  moveToQuestion,
  mute,
  newAttendeeChat,
  newEventChat,
  newRoomChat,
  pageFor,
  pageOfId,
  pin,
  post,
  reactionKey,
  reactionKeysOf,
  remove,
  setEventSettings,
  setRoomSettings,
  type AttendeeChat,
  type ChatPage,
} from '../../../shared/domain/chat';
import { ask, audienceOf as questionAudience, newRoomQa, type RoomQa } from '../../../shared/domain/qa';
import { isProfane } from '../../../shared/domain/profanity';
import { liveAndNext } from '../../../shared/domain/agenda';
import type { Actor } from '../../../shared/domain/actor';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { ChatEvent, ChatMessage, EventChat, RoomChat } from '../../../shared/protocol/chat';
import type { Question } from '../../../shared/protocol/qa';
import { LIMITS } from '../../../shared/limits';
import { KEYS } from '../../core/keys';
import { clientAddress } from '../../core/admission';
import { createLimiter } from '../../core/limits';
import type { Plan } from '../../core/service';
import type { FeatureDeps } from '../../core/feature';
import type { Handlers } from '../../realtime/router';
import { CHAT, QA_DOCS, type ChatHead } from './keys';
import { historyPage } from './snapshot';

const everyone: Actor['role'][] = ['attendee', 'chair', 'rapporteur', 'organiser'];
const moderators: Actor['role'][] = ['chair', 'organiser'];

/** The head page moved further than the command read (a burst of messages): read the head again and retry. */
class HeadMoved extends Error {}

const roomOf = (docs: Record<string, unknown>, roomId: string) => (docs[CHAT.room(roomId)] as RoomChat | undefined) ?? newRoomChat(roomId);
const headOf = (docs: Record<string, unknown>, roomId: string) => (docs[CHAT.head(roomId)] as ChatHead | undefined)?.page ?? 0;

function requireRoom(agenda: AgendaState | undefined, roomId: string): void {
  if (!agenda?.programme.rooms.some((r) => r.id === roomId))
    throw new DomainError('NOT_FOUND', `There is no room "${roomId}".`, { reason: 'room.notFound', params: { room: roomId } });
}

const notFound = () => new DomainError('NOT_FOUND', 'There is no such message.', { reason: 'chat.messageNotFound' });

/** The message a request names, from its page, if the person may see it; its page too. */
function messageOf(docs: Record<string, unknown>, roomId: string, messageId: string, actor: Actor): { page: ChatPage; message: ChatMessage } {
  const n = pageOfId(messageId);
  const page = n === null ? undefined : (docs[CHAT.page(roomId, n)] as ChatPage | undefined);
  const message = page && page.page === n ? page.messages.find((m) => m.id === messageId) : undefined;
  if (!page || !message || !canSeeMessage(actor, message)) throw notFound();
  return { page, message };
}

/** The record's line for an export: what happened, when, by whom. */
const recordLine = (entry: Record<string, unknown>) => JSON.stringify(entry);

/** The chat's socket handlers, built once per app: who writes comes from the socket's data at each event. */
export function chatHandlers(deps: FeatureDeps): Pick<Handlers, Extract<keyof Handlers, `chat:${string}`>> {
  const { service, store, now, redis } = deps;
  const window = LIMITS.chatRateWindowSeconds;
  const perAttendee = createLimiter({ points: LIMITS.chatMessagesPerAttendee, durationSeconds: window, prefix: 'chat', redis });
  const perAddress = createLimiter({
    points: deps.addressBudgets?.chatMessages ?? LIMITS.chatMessagesPerAddress,
    durationSeconds: window,
    prefix: 'chat-addr',
    redis,
  });
  const reactions = createLimiter({ points: LIMITS.chatReactionsPerAttendee, durationSeconds: window, prefix: 'chat-react', redis });
  const ctx = (actor: Actor) => ({ actor, now: now() });
  /**
   * A room's messages all go to its head page: taken one at a time per room in this process, they follow each other
   * instead of conflicting on that document (a burst would otherwise retry until it gave up). Other processes'
   * writes still conflict now and then, and are decided again.
   */
  const rooms = new Map<string, Promise<unknown>>();
  const oneAtATime = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const turn = (rooms.get(key) ?? Promise.resolve()).then(run, run);
    const settled = turn.catch(() => undefined);
    rooms.set(key, settled);
    void settled.then(() => rooms.get(key) === settled && rooms.delete(key));
    return turn;
  };
  const limitAttendee = async (attendeeId: string, address: string) => {
    const wait = await perAttendee.consume(attendeeId);
    if (wait)
      throw new DomainError('RATE_LIMITED', 'Too many messages; try again shortly.', {
        reason: 'chat.rateLimited',
        params: { max: LIMITS.chatMessagesPerAttendee, seconds: window },
        retryAfterMs: wait,
      });
    const addressWait = await perAddress.consume(address);
    if (addressWait)
      throw new DomainError('RATE_LIMITED', 'Too many messages from your network; try again shortly.', {
        reason: 'chat.addressRateLimited',
        retryAfterMs: addressWait,
      });
  };

  /** A command on one message in its page (and the room's settings, which a deletion or a pin may change). */
  const onMessage = (
    eventId: string,
    actor: Actor,
    opId: string,
    roomId: string,
    messageId: string,
    extraKeys: string[],
    decide: (docs: Record<string, unknown>, page: ChatPage, message: ChatMessage) => Plan,
  ) => {
    const n = pageOfId(messageId);
    if (n === null) throw notFound();
    return service.execute({
      eventId,
      actor,
      opId,
      keys: [CHAT.room(roomId), CHAT.page(roomId, n), ...extraKeys],
      plan: (docs) => {
        const { page, message } = messageOf(docs, roomId, messageId, actor);
        return decide(docs, page, message);
      },
    });
  };

  /** The page with one message replaced (or removed). */
  const pageWith = (page: ChatPage, id: string, next: ChatMessage | null): ChatPage => ({
    ...page,
    messages: next ? page.messages.map((m) => (m.id === id ? next : m)) : page.messages.filter((m) => m.id !== id),
  });

  /** The documents and changes of chat events decided on one message's page. */
  const chatPlan = (
    roomId: string,
    page: ChatPage,
    messageId: string,
    events: ChatEvent[],
    extra: Omit<Plan, 'changes' | 'put'> & Partial<Plan> = {},
  ): Plan => {
    const put: Record<string, unknown> = { ...extra.put };
    const changes: Plan['changes'] = [...(extra.changes ?? [])];
    for (const e of events) {
      if (e.type === 'chat.changed') {
        put[CHAT.page(roomId, page.page)] = pageWith(page, messageId, e.message);
        changes.push({ event: e, audience: audienceOfMessage(e.message) });
      } else if (e.type === 'chat.deleted') {
        put[CHAT.page(roomId, page.page)] = pageWith(page, messageId, null);
        changes.push({ event: e, audience: 'all' });
      } else if (e.type === 'chat.roomChanged') {
        put[CHAT.room(roomId)] = e.room;
        changes.push({ event: e, audience: 'all' });
      }
    }
    return { ...extra, put, changes };
  };

  return {
    'chat:post': {
      roles: everyone,
      run: async (input, socket) => {
        const { eventId, actor, name } = socket.data;
        // Attendees' budgets, per person and per network address (staff hold signed links and are few).
        if (actor.role === 'attendee')
          try {
            await limitAttendee(actor.id, clientAddress(socket.request));
          } catch (error) {
            // A retry of a message already stored (its acknowledgement lost) gets its first reply, not a refusal.
            const first = await store.reply(eventId, `${actor.id}:${input.opId}`);
            if (first) return { ...(first.reply as { message: ChatMessage }), seq: first.seq };
            throw error;
          }
        const text = cleanChatText(input.text);
        const flagged = isProfane(text);
        const random = randomUUID();
        const { roomId } = input;
        return oneAtATime(`${eventId}\u0000${roomId}`, async () => {
          for (let attempt = 0; ; attempt++) {
            const read = (await store.read(eventId, [CHAT.head(roomId)]))[CHAT.head(roomId)]?.value as ChatHead | undefined;
            const h = read?.page ?? 0;
            try {
              const applied = await service.execute({
                eventId,
                actor,
                opId: input.opId,
                keys: [KEYS.agenda, CHAT.room(roomId), CHAT.head(roomId), CHAT.page(roomId, h), CHAT.page(roomId, h + 1), CHAT.attendee(actor.id)],
                plan: (docs) => {
                  requireRoom(docs[KEYS.agenda] as AgendaState | undefined, roomId);
                  const head = headOf(docs, roomId);
                  if (head !== h && head !== h + 1) throw new HeadMoved();
                  const headPage = docs[CHAT.page(roomId, head)] as ChatPage | undefined;
                  const room = roomOf(docs, roomId);
                  const me = (docs[CHAT.attendee(actor.id)] as AttendeeChat | undefined) ?? newAttendeeChat();
                  const at = pageFor(head, headPage);
                  if (at.page !== h && at.page !== h + 1) throw new HeadMoved();
                  const c = ctx(actor);
                  const message = post(room, me, { id: `${at.page}.${random}`, roomId, text, name, flagged }, c);
                  const page: ChatPage = at.fresh ? { page: at.page, messages: [message] } : { ...headPage!, messages: [...headPage!.messages, message] };
                  // A new page overwrites the oldest in the ring (C11): that page's reactions, counts and reactors,
                  // go with it (the record keeps the messages; reactions are not part of it).
                  const overwritten = at.fresh ? (docs[CHAT.page(roomId, at.page)] as ChatPage | undefined) : undefined;
                  const aged = overwritten && overwritten.page !== at.page ? reactionKeysOf(overwritten) : [];
                  return {
                    changes: [{ event: { type: 'chat.posted', message }, audience: audienceOfMessage(message) }],
                    put: {
                      [CHAT.page(roomId, at.page)]: page,
                      ...(at.page !== head || !docs[CHAT.head(roomId)] ? { [CHAT.head(roomId)]: { page: at.page } } : {}),
                      // Slow mode needs the time of the attendee's last message; without it, no write per message.
                      ...(room.slowSeconds > 0 && actor.role === 'attendee' ? { [CHAT.attendee(actor.id)]: afterPost(me, roomId, c.now) } : {}),
                    },
                    sets: [{ key: CHAT.record(roomId), add: [recordLine({ at: c.now, kind: 'posted', message })] }],
                    ...(aged.length ? { forget: { sets: aged.map(CHAT.reactors), counters: [{ key: CHAT.ticks, fields: aged }] } } : {}),
                    reply: { message },
                  };
                },
              });
              return applied as typeof applied & { message: ChatMessage };
            } catch (error) {
              if (!(error instanceof HeadMoved) || attempt >= 3) {
                if (error instanceof HeadMoved) throw new DomainError('UNAVAILABLE', 'Too many messages at once; please try again.', { reason: 'server.busy' });
                throw error;
              }
            }
          }
        });
      },
    },

    'chat:history': {
      roles: everyone,
      run: async (input, socket) => historyPage(store, socket.data.eventId, input.roomId, input.page, socket.data.actor),
    },

    'chat:react': {
      roles: everyone,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const wait = actor.role === 'attendee' ? await reactions.consume(actor.id) : 0;
        if (wait) throw new DomainError('RATE_LIMITED', 'Too many reactions; try again shortly.', { reason: 'chat.reactRateLimited', retryAfterMs: wait });
        const n = pageOfId(input.messageId);
        if (n === null) throw notFound();
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [CHAT.page(input.roomId, n)],
          plan: (docs) => {
            const { message } = messageOf(docs, input.roomId, input.messageId, actor);
            checkReaction(message);
            const key = reactionKey(message.id, input.reaction);
            return {
              changes: [],
              sets: [{ key: CHAT.reactors(key), ...(input.on ? { add: [actor.id] } : { remove: [actor.id] }) }],
              incr: [{ key: CHAT.ticks, field: key, by: 1 }],
            };
          },
        });
      },
    },

    'chat:moderate': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const { roomId, messageId } = input;
        if (input.action === 'delete')
          return onMessage(eventId, actor, input.opId, roomId, messageId, [], (docs, page, message) => {
            const c = ctx(actor);
            return chatPlan(roomId, page, messageId, remove(message, roomOf(docs, roomId), c), {
              sets: [{ key: CHAT.record(roomId), add: [recordLine({ at: c.now, kind: 'deleted', messageId, by: actor.id })] }],
            });
          });
        if (input.action === 'approve')
          return onMessage(eventId, actor, input.opId, roomId, messageId, [], (_docs, page, message) => {
            const c = ctx(actor);
            return chatPlan(roomId, page, messageId, approve(message, c), {
              sets: [{ key: CHAT.record(roomId), add: [recordLine({ at: c.now, kind: 'approved', messageId, by: actor.id })] }],
            });
          });
        // Into the Q&A: a question by the message's author, under the Q&A's rules (pre-moderation, the profanity
        // filter), written by key in the same commit as the message's mark, with a link back to the message.
        const questionId = randomUUID();
        const applied = await onMessage(eventId, actor, input.opId, roomId, messageId, [KEYS.agenda, QA_DOCS.room(roomId)], (docs, page, message) => {
          const c = ctx(actor);
          const marked = moveToQuestion(message, questionId, c);
          const agenda = docs[KEYS.agenda] as AgendaState;
          const { live } = liveAndNext(agenda, roomId);
          const qaRoom = (docs[QA_DOCS.room(roomId)] as RoomQa | undefined) ?? newRoomQa(roomId);
          const author: Actor = { role: message.badge ?? 'attendee', id: message.authorId, roomScope: message.badge ? '*' : roomId };
          const asked = ask(
            qaRoom,
            {
              questionId,
              roomId,
              text: message.text.slice(0, LIMITS.questionMax),
              target: null,
              anonymous: message.authorName === null,
              itemId: live?.id ?? null,
              people: [],
              flagged: isProfane(message.text),
              name: message.authorName,
            },
            { actor: author, now: c.now },
          );
          const question: Question = { ...(asked[0] as Extract<(typeof asked)[number], { type: 'qa.asked' }>).question, chatMessageId: message.id };
          return chatPlan(roomId, page, messageId, marked, {
            put: { [QA_DOCS.question(questionId)]: question },
            changes: [{ event: { type: 'qa.asked', question }, audience: questionAudience(null, question) }],
            sets: [{ key: QA_DOCS.ids(roomId), add: [questionId] }],
            reply: { questionId },
          });
        });
        return applied;
      },
    },

    'chat:pin': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const { roomId, messageId } = input;
        if (messageId === null)
          return service.execute({
            eventId,
            actor,
            opId: input.opId,
            keys: [CHAT.room(roomId)],
            plan: (docs) => {
              const events = pin(roomOf(docs, roomId), null, ctx(actor));
              return {
                changes: events.map((event) => ({ event, audience: 'all' as const })),
                put: events.length ? { [CHAT.room(roomId)]: (events[0] as { room: RoomChat }).room } : {},
              };
            },
          });
        return onMessage(eventId, actor, input.opId, roomId, messageId, [], (docs, page, message) =>
          chatPlan(roomId, page, messageId, pin(roomOf(docs, roomId), message, ctx(actor))),
        );
      },
    },

    'chat:roomSettings': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [KEYS.agenda, CHAT.room(input.roomId)],
          plan: (docs) => {
            requireRoom(docs[KEYS.agenda] as AgendaState | undefined, input.roomId);
            const events = setRoomSettings(roomOf(docs, input.roomId), input, ctx(actor));
            return {
              changes: events.map((event) => ({ event, audience: 'all' as const })),
              put: events.length ? { [CHAT.room(input.roomId)]: (events[0] as { room: RoomChat }).room } : {},
            };
          },
        });
      },
    },

    'chat:eventSettings': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [CHAT.event],
          plan: (docs) => {
            const events = setEventSettings((docs[CHAT.event] as EventChat | undefined) ?? newEventChat(), input, ctx(actor));
            return {
              changes: events.map((event) => ({ event, audience: 'all' as const })),
              put: events.length ? { [CHAT.event]: (events[0] as { settings: EventChat }).settings } : {},
            };
          },
        });
      },
    },

    'chat:mute': {
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId,
          actor,
          opId: input.opId,
          keys: [CHAT.attendee(input.attendeeId)],
          plan: (docs) => {
            const c = ctx(actor);
            const done = mute((docs[CHAT.attendee(input.attendeeId)] as AttendeeChat | undefined) ?? newAttendeeChat(), input, c);
            return {
              changes: done.events.map((event) => ({ event, audience: `user:${input.attendeeId}` as const })),
              put: { [CHAT.attendee(input.attendeeId)]: done.me },
            };
          },
        });
      },
    },
  };
}
