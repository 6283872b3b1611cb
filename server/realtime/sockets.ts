import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { fail, type Failure } from '../../shared/protocol/errors';
import { isRevoked } from '../../shared/domain/access';
import { Sync } from '../../shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { LIMITS } from '../../shared/limits';
import { TokenError, type Auth } from '../core/auth';
import { clientAddress, type Admission } from '../core/admission';
import type { FeatureDeps, ServerFeature } from '../core/feature';
import type { Metrics } from '../core/metrics';
import type { Service } from '../core/service';
import { badRequest, createRouter, toFailure, type AppSocket, type Handlers } from './router';
import { channels, type IO } from './channels';
import { createSync, isStaff } from './sync';
import { createTabLimit } from './tabs';
import type { Outbox } from './outbox';

export interface SocketDeps {
  io: IO;
  auth: Auth;
  admission: Admission;
  service: Service;
  metrics: Metrics;
  log: Logger;
  outbox: Outbox;
  features: readonly ServerFeature[];
  /** What each feature's handlers are built with. */
  featureDeps: FeatureDeps;
}

/** A handshake's refusal as Socket.IO carries it: `CODE: message`, and the failure itself (its reason) in `data`. */
function refused(failure: Failure): Error {
  return Object.assign(new Error(`${failure.code}: ${failure.message}`), { data: failure });
}

/** The sync of a handshake that names none: a whole snapshot. */
const FRESH = { success: true, data: { epoch: null, lastSeq: 0 } } as const;

/**
 * The live connections: the handshake (a token, a role link, or a join), the welcome, and every client event
 * through one router whose handler table is the features' tables joined.
 */
export function attachSockets(deps: SocketDeps): { drain: () => Promise<void>; stop: () => void } {
  const { io, auth, service, metrics, log } = deps;
  const { sync, welcome } = createSync({ store: deps.featureDeps.store, service, features: deps.features, now: deps.featureDeps.now, log });
  const handlers: Partial<Handlers> = {
    sync: { roles: ['attendee', 'chair', 'rapporteur', 'organiser'], run: async (input, socket) => sync(socket, input) },
  };
  for (const feature of deps.features) Object.assign(handlers, feature.handlers?.(deps.featureDeps));
  const gates = deps.features.flatMap((feature) => (feature.gate ? [feature.gate(deps.featureDeps)] : []));
  const watchers = deps.features.flatMap((feature) => (feature.connections ? [feature.connections(deps.featureDeps)] : []));
  // Built once: every socket shares these handlers and the router's listeners.
  const router = createRouter(handlers, {
    log,
    metrics,
    gates,
    linkStillValid: async (eventId, jti) => {
      const access = await service.accessOf(eventId);
      return !!access && !isRevoked(access, jti);
    },
  });
  const tabs = createTabLimit(io, deps.featureDeps.redis, randomUUID());
  // The session's rate shared among the processes its sockets are on: this one at once, the others told.
  const spread = (eventId: string, attendeeId: string, processes: number | null) => {
    if (processes === null) return;
    router.spread(eventId, attendeeId, processes);
    if (deps.featureDeps.crossProcess) io.serverSideEmit('session:spread', eventId, attendeeId, processes);
  };
  io.on('session:spread', (eventId, attendeeId, processes) => router.spread(eventId, attendeeId, processes));
  // Socket.IO calls listeners with `this` bound to the socket: one function serves every connection.
  const onDisconnect = function (this: AppSocket, reason: string) {
    metrics.connections.dec();
    metrics.disconnections.inc({ reason });
    deps.outbox.detach(this.data.eventId);
    const { eventId, actor } = this.data;
    if (!this.data.jti && actor.role === 'attendee')
      void tabs.closed(channels.person(eventId, actor.id), this.id).then((processes) => spread(eventId, actor.id, processes));
    for (const watcher of watchers) watcher.disconnected(this);
  };

  // Authentication at the handshake: a verified token, and for role links a link the store still knows as valid;
  // or a join (an event code and a name), which makes a new attendee as `POST /api/join` does.
  io.use(async (socket, next) => {
    const handshake = (socket.handshake.auth ?? {}) as { v?: unknown; token?: unknown; join?: unknown; sync?: unknown; device?: unknown };
    // A tab built for another version of the protocol (open across a deploy) is told to reload, before anything.
    if (handshake.v !== PROTOCOL_VERSION) {
      return next(refusal(fail('OUTDATED', 'This page is out of date: reload it to continue.', { reason: 'version.outdated' }), 'version'));
    }
    // A malformed sync is refused before anything is made (a join's session among them).
    const sync = handshake.sync === undefined ? FRESH : Sync.safeParse(handshake.sync);
    if (!sync.success) return next(refusal(badRequest(sync.error), 'handshake'));
    // A device id that is not a short string is ignored (not refused): it only helps keep a banned browser out.
    const device = typeof handshake.device === 'string' && handshake.device.length <= LIMITS.deviceIdMax ? handshake.device : null;
    if (handshake.join !== undefined) {
      try {
        await deps.admission.limit(clientAddress(socket.request));
        const joined = await deps.admission.admit(handshake.join);
        socket.data = {
          eventId: joined.eventId,
          actor: { role: 'attendee', id: joined.attendeeId, roomScope: '*' },
          name: joined.name,
          jti: null,
          device,
          welcome: { joined, sync: sync.data },
        };
        return admitted(socket as AppSocket, next);
      } catch (error) {
        return next(refusal(toFailure(error, log, { handshake: 'join' }), 'join'));
      }
    }
    try {
      const principal = await auth.verify(handshake.token);
      if (principal.kind === 'link') {
        const access = await service.accessOf(principal.eventId);
        if (!access) throw new TokenError('There is no such event.', 'event.notFound');
        if (isRevoked(access, principal.jti)) throw new TokenError('This link was revoked by the organiser.', 'link.revoked');
        socket.data = {
          eventId: principal.eventId,
          actor: { role: principal.role, id: `link:${principal.jti}`, roomScope: principal.roomScope },
          name: null,
          jti: principal.jti,
          device,
          welcome: { joined: null, sync: sync.data },
        };
      } else {
        if (!(await service.eventExists(principal.eventId))) throw new TokenError('There is no such event.', 'event.notFound');
        socket.data = {
          eventId: principal.eventId,
          actor: { role: 'attendee', id: principal.attendeeId, roomScope: '*' },
          name: principal.name,
          jti: null,
          device,
          welcome: { joined: null, sync: sync.data },
        };
      }
    } catch (error) {
      const failure =
        error instanceof TokenError ? error.toFailure() : fail('UNAVAILABLE', 'The service is briefly unavailable.', { reason: 'server.unavailable' });
      metrics.refusedConnections.inc({ reason: error instanceof TokenError ? 'token' : 'unavailable' });
      log.warn({ reason: failure.message, address: socket.handshake.address }, 'connection refused');
      return next(refused(failure));
    }
    return admitted(socket as AppSocket, next);
  });

  /** The person is known: the features' gates (a ban) may still refuse the connection. */
  async function admitted(socket: AppSocket, next: (err?: Error) => void): Promise<void> {
    try {
      for (const gate of gates) {
        const refusalOfGate = await gate.connect(socket);
        if (refusalOfGate) return next(refusal(refusalOfGate, 'gate'));
      }
      next();
    } catch (error) {
      next(refusal(toFailure(error, log, { handshake: 'gate' }), 'gate'));
    }
  }

  /** A refused handshake, counted and logged: the code prefixes the message; `data` carries the whole failure. */
  function refusal(failure: Failure, reason: string): Error {
    metrics.refusedConnections.inc({ reason });
    log.info({ code: failure.code, reason: failure.message }, 'handshake refused');
    return refused(failure);
  }

  io.on('connection', (raw) => {
    const socket = raw as AppSocket;
    const { eventId, actor, jti } = socket.data;
    metrics.connections.inc();
    socket.on('disconnect', onDisconnect);
    socket.join([...deps.outbox.attach(eventId, isStaff(actor)), channels.person(eventId, actor.id)]);
    if (jti) socket.join(channels.link(jti));
    else if (actor.role === 'attendee')
      tabs.opened(channels.person(eventId, actor.id), socket.id).then(
        ({ closed, processes }) => {
          if (closed > 0) metrics.refusedConnections.inc({ reason: 'tabs' });
          spread(eventId, actor.id, processes);
        },
        (error: unknown) => log.warn({ err: error }, 'the tab limit could not be checked'),
      );
    router.attach(socket);
    for (const watcher of watchers) watcher.connected(socket);
    void welcome(socket);
  });

  return { drain: router.drain, stop: () => watchers.forEach((watcher) => watcher.stop()) };
}
