import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import { z } from 'zod';
import { TokenBucket } from 'limiter';
import { DomainError, fail, type Failure, type Reply } from '../../shared/protocol/errors';
import type { Actor } from '../../shared/domain/actor';
import { REQUESTS, type ClientToServer, type Joined, type RequestName, type ServerToClient, type Sync } from '../../shared/protocol/messages';
import { LIMITS } from '../../shared/limits';
import { StoreUnavailableError } from '../store/store';
import type { Metrics } from '../core/metrics';

export interface SocketData {
  eventId: string;
  actor: Actor;
  name: string | null;
  jti: string | null;
  /** The random id the browser keeps and sends with every connection (null when it sent none). */
  device: string | null;
  /** What the connection's welcome answers (the session its handshake made, if it joined; its sync), until sent. */
  welcome: { joined: Joined | null; sync: Sync } | null;
}
export type AppSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

type Payload<E extends RequestName> = Parameters<ClientToServer[E]>[0];
type Result<E extends RequestName> = Parameters<Parameters<ClientToServer[E]>[1]>[0] extends Reply<infer T> ? T : never;

/** A client event's handler; its payload was parsed with the contract's schema (`REQUESTS`) before. */
export interface Handler<E extends RequestName> {
  /** Roles that may send the event at all; the domain checks the finer rules (which room, whose question). */
  roles: Actor['role'][];
  /** Reads who is asking from `socket.data`: handlers are shared by every socket, so they capture no socket. */
  run: (input: Payload<E>, socket: AppSocket) => Promise<Result<E>>;
}

/** One handler per client event, built once per app (the features' tables joined; `createRouter` checks none is missing). */
export type Handlers = { [E in RequestName]: Handler<E> };

/**
 * A check every connection and every request passes, in one place (the handshake and the router), whatever feature
 * the request is for. A refusal stops it there; null lets it on.
 */
export interface Gate {
  /** At the handshake, once the person is known (`socket.data` is set). */
  connect(socket: AppSocket): Promise<Failure | null>;
  /** Every request, after its schema and role checks, before its handler. */
  request(socket: AppSocket, event: RequestName, input: object): Promise<Failure | null>;
}

/** The router only passes parsed input from schema to run, so it sees the handlers with their types erased. */
interface AnyHandler {
  roles: Actor['role'][];
  run(input: unknown, socket: AppSocket): Promise<object>;
}

/** Socket.IO calls a listener with `this` bound to the socket, so one function per event serves every socket. */
type SharedListener = (this: AppSocket, raw: unknown, ack: unknown) => Promise<void>;

/**
 * The one path every socket event takes: rate limit, parse with zod, authorise (role, and for role links a
 * revocation check against the store), run, and ack `{ ok: true, ... } | { ok: false, code, message, reason, params? }`.
 * Nothing thrown inside escapes: an unknown error is logged and answered INTERNAL.
 *
 * The listeners are made here, once; `attach` only adds one dispatcher to a socket, so a connection costs no closures.
 */
export function createRouter(
  handlers: Partial<Handlers>,
  deps: {
    log: Logger;
    metrics: Metrics;
    /** Re-checks a role link against the store on every privileged event. */
    linkStillValid: (eventId: string, jti: string) => Promise<boolean>;
    /** The features' gates (moderation: pauses and bans), asked before every handler. */
    gates?: readonly Gate[];
  },
) {
  // Per session, a token bucket that its sockets share (an attendee's tabs are one person: a hundred sockets on
  // one token get no more than one), dropped with the session's last socket. No timer or record per second, which
  // at a plenary's event rate was a steady stream of short-lived objects for the garbage collector. A role link
  // (possibly two people of a room's team) keeps a bucket per socket.
  const sessions = new Map<string, { bucket: TokenBucket; sockets: number }>();
  // Each socket holds its session's bucket: an event finds it without building the session's key.
  const buckets = new WeakMap<AppSocket, TokenBucket>();
  const bucketKey = (socket: AppSocket) => (socket.data.actor.role === 'attendee' ? `${socket.data.eventId}/${socket.data.actor.id}` : socket.id);
  const release = function (this: AppSocket) {
    const key = bucketKey(this);
    const held = sessions.get(key);
    if (held && --held.sockets <= 0) sessions.delete(key);
  };
  const perSecond = LIMITS.eventsPerSocketPerSecond;
  const gates = deps.gates ?? [];
  // Draining (SIGTERM): new events are refused with UNAVAILABLE, the ones in flight finish.
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | null = null;

  const events = Object.keys(REQUESTS) as RequestName[];
  const missing = events.filter((event) => !handlers[event]);
  if (missing.length) throw new Error(`No handler for ${missing.join(', ')}: add it to its feature's handlers.`);
  const listeners = new Map<string, SharedListener>(events.map((event) => [event, listenerFor(event, REQUESTS[event].schema, handlers[event] as AnyHandler)]));
  /**
   * One catch-all listener per socket that picks the event's shared listener: a listener per event and socket
   * made every connection carry a table of twenty-odd entries. Socket.IO calls it before its own check that the
   * socket is still connected, so that check is made here. An unknown event is answered (within the socket's
   * event limit), not left to time out.
   */
  const dispatch = function (this: AppSocket, event: string, ...args: unknown[]): void {
    if (!this.connected) return;
    const listener = listeners.get(event);
    if (listener) return void listener.call(this, args[0], args[1]);
    const ack = args[args.length - 1];
    if (typeof ack === 'function' && waitBeforeNext(this) === 0) ack(fail('BAD_REQUEST', 'There is no such action.', { reason: 'action.unknown' }));
  };

  /** Takes one of the socket's tokens: 0 when there was one, else the milliseconds until the next. */
  function waitBeforeNext(socket: AppSocket): number {
    const bucket = buckets.get(socket);
    if (!bucket) return 0; // never: attach gives every socket its session's bucket
    return bucket.tryRemoveTokens(1) ? 0 : Math.max(1, Math.ceil(bucket.getWaitTime(1)));
  }

  function listenerFor(event: string, schema: z.ZodType, handler: AnyHandler): SharedListener {
    return async function (this: AppSocket, raw: unknown, ack: unknown): Promise<void> {
      deps.metrics.eventsIn.inc({ event });
      if (draining) {
        if (typeof ack === 'function')
          ack(fail('UNAVAILABLE', 'The server is restarting; your app reconnects and sends this again.', { reason: 'server.restarting', retryAfterMs: 500 }));
        return;
      }
      inFlight++;
      const reply = await handle(this, event, schema, handler, raw).finally(() => {
        if (--inFlight === 0 && idle) idle();
      });
      if (!reply.ok) deps.metrics.errors.inc({ code: reply.code });
      if (typeof ack === 'function') ack(reply);
    };
  }

  /** Adds the shared dispatcher to a new connection. */
  function attach(socket: AppSocket): void {
    const key = bucketKey(socket);
    let held = sessions.get(key);
    if (held) held.sockets++;
    else {
      const bucket = new TokenBucket({ bucketSize: perSecond, tokensPerInterval: perSecond, interval: 'second' });
      bucket.content = perSecond; // a new bucket starts empty; a new session may send a second's worth at once
      sessions.set(key, (held = { bucket, sockets: 1 }));
    }
    buckets.set(socket, held.bucket);
    socket.on('disconnect', release);
    // Registered untyped: the payload is unknown until zod has parsed it, and the ack may be missing.
    socket.onAny(dispatch);
  }

  async function handle(socket: AppSocket, event: string, schema: z.ZodType, handler: AnyHandler, raw: unknown): Promise<Reply<object>> {
    const wait = waitBeforeNext(socket);
    if (wait > 0) return fail('RATE_LIMITED', 'Slow down a little: too many actions at once.', { reason: 'rate.tooFast', retryAfterMs: wait });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return badRequest(parsed.error);
    const { actor, jti, eventId } = socket.data;
    if (!handler.roles.includes(actor.role)) return fail('FORBIDDEN', 'Your role cannot do that.', { reason: 'role.forbidden' });
    try {
      if (jti && !(await deps.linkStillValid(eventId, jti))) {
        socket.emit('revoked', { message: 'This link was revoked by the organiser.' });
        socket.disconnect(true);
        return fail('UNAUTHORIZED', 'This link was revoked by the organiser.', { reason: 'link.revoked' });
      }
      for (const gate of gates) {
        const refusal = await gate.request(socket, event as RequestName, parsed.data as object);
        if (refusal) return refusal;
      }
      const result = await handler.run(parsed.data, socket);
      return { ok: true, ...result };
    } catch (error) {
      return toFailure(error, deps.log, { event });
    }
  }

  /**
   * One attendee's sockets are on `processes` processes (the tab limit's count): each process's bucket of the session
   * gets that share of the rate, so that tabs on several processes together get no more than one tab.
   */
  function spread(eventId: string, attendeeId: string, processes: number): void {
    const held = sessions.get(`${eventId}/${attendeeId}`);
    if (!held) return;
    const { bucket } = held;
    bucket.tokensPerInterval = perSecond / Math.max(1, processes);
    bucket.bucketSize = Math.max(1, Math.ceil(bucket.tokensPerInterval));
    bucket.content = Math.min(bucket.content, bucket.bucketSize);
  }

  /** Stops taking events and resolves once every event already taken has been answered. */
  function drain(): Promise<void> {
    draining = true;
    return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => (idle = resolve));
  }

  return { attach, drain, spread };
}
export type Router = ReturnType<typeof createRouter>;

/**
 * Input that failed its schema: TOO_LARGE when something is too long or too many (reason 'input.tooLarge'), else
 * BAD_REQUEST ('input.invalid'); the reason's `field` is the first problem's path. The message keeps zod's words.
 */
export function invalidInput(error: z.ZodError): DomainError {
  const tooBig = error.issues.some((i) => i.code === 'too_big');
  const first = (tooBig ? error.issues.find((i) => i.code === 'too_big') : undefined) ?? error.issues[0];
  const field = first ? first.path.map(String).join('.') : '';
  const where = field ? `${field}: ` : '';
  return new DomainError(tooBig ? 'TOO_LARGE' : 'BAD_REQUEST', `${where}${first?.message ?? 'invalid input'}`, {
    reason: tooBig ? 'input.tooLarge' : 'input.invalid',
    params: { field },
  });
}

export function badRequest(error: z.ZodError): Failure {
  return invalidInput(error).toFailure();
}

export function toFailure(error: unknown, log: Logger, context: object): Failure {
  if (error instanceof DomainError) return error.toFailure();
  if (error instanceof StoreUnavailableError) {
    log.warn({ ...context, err: error.message }, 'store unavailable');
    return fail('UNAVAILABLE', 'The service is briefly unavailable; your action was not saved. Try again in a moment.', {
      reason: 'server.unavailable',
      retryAfterMs: 1000,
    });
  }
  log.error({ ...context, err: error }, 'unexpected error');
  return fail('INTERNAL', 'Something went wrong on our side; your action was not saved.', { reason: 'server.internal' });
}
