import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { Logger } from 'pino';
import { DomainError } from '../shared/protocol/errors';
import { applyAgenda, setLive } from '../shared/domain/agenda';
import { applyAccess, isRevoked, issueLink, revokeLink } from '../shared/domain/access';
import { IssueLink, ListLinks, RevokeLink, SetLive, Sync, type Change, type LinkRecord, type LinkView, type SyncResult } from '../shared/protocol/messages';
import type { Actor } from '../shared/domain/actor';
import type { Poll } from '../shared/protocol/polls';
import { TokenError, type Auth } from './auth';
import { badRequest, createRouter, toFailure, type AppSocket, type Handlers } from './router';
import { clientAddress, type Admission } from './admission';
import type { Failure, Reply } from '../shared/protocol/errors';
import { KEYS, rooms, type IO, type Service } from './service';
import { qaHandlers, qaSnapshot, readQaDocs, upvoteState, type QaDocs } from './qa';
import { pollHandlers, pollsSnapshot, readPolls } from './polls';
import type { Limiter } from './limits';
import type { LiveOutbox } from './outbox';
import type { Metrics } from './metrics';
import type { Store } from './store/store';

export interface SocketDeps {
  io: IO;
  auth: Auth;
  admission: Admission;
  service: Service;
  store: Store;
  metrics: Metrics;
  log: Logger;
  now: () => number;
  publicUrl: string;
  askLimiter: Limiter;
  outbox: LiveOutbox;
  /** Broadcasts reach other processes (the Redis adapter is set). */
  crossProcess: boolean;
}

/** Signs the link of a record and builds the URL its holder opens. */
export async function linkView(deps: Pick<SocketDeps, 'auth' | 'publicUrl'>, eventId: string, code: string, link: LinkRecord, withQr = false): Promise<LinkView> {
  const token = await deps.auth.signLink({ eventId, jti: link.jti, role: link.role, roomScope: link.roomScope });
  const url = `${deps.publicUrl}/e/${encodeURIComponent(code)}/${link.role}?t=${token}`;
  return { ...link, url, ...(withQr ? { qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1 }) } : {}) };
}

/** The sync of a handshake that names none: a whole snapshot. */
const FRESH = { success: true, data: { epoch: null, lastSeq: 0 } } as const;

export function attachSockets(deps: SocketDeps): { drain: () => Promise<void> } {
  const { io, auth, service, store, metrics, log, now } = deps;
  // Built once: every socket shares these handlers and the router's listeners.
  const router = createRouter(socketHandlers(), {
    log,
    metrics,
    linkStillValid: async (eventId, jti) => {
      const access = await service.accessOf(eventId);
      return !!access && !isRevoked(access, jti);
    },
  });
  // Socket.IO calls listeners with `this` bound to the socket: one function serves every connection.
  const onDisconnect = function (this: AppSocket) {
    metrics.connections.dec();
    deps.outbox.detach(this.data.eventId);
  };

  // Authentication at the handshake: a verified token, and for role links a link the store still knows as valid;
  // or a join (an event code and a name), which makes a new attendee as `POST /api/join` does.
  io.use(async (socket, next) => {
    const handshake = (socket.handshake.auth ?? {}) as { token?: unknown; join?: unknown; sync?: unknown };
    // A malformed sync is refused before anything is made (a join's session among them).
    const sync = handshake.sync === undefined ? FRESH : Sync.safeParse(handshake.sync);
    if (!sync.success) return next(refusal(badRequest(sync.error), 'handshake'));
    if (handshake.join !== undefined) {
      try {
        await deps.admission.limit(clientAddress(socket.request));
        const joined = await deps.admission.admit(handshake.join);
        socket.data = { eventId: joined.eventId, actor: { role: 'attendee', id: joined.attendeeId, roomScope: '*' }, name: joined.name, jti: null, welcome: { joined, sync: sync.data } };
        return next();
      } catch (error) {
        return next(refusal(toFailure(error, log, { handshake: 'join' }), 'join'));
      }
    }
    try {
      const principal = await auth.verify(handshake.token);
      if (principal.kind === 'link') {
        const access = await service.accessOf(principal.eventId);
        if (!access) throw new TokenError('There is no such event.');
        if (isRevoked(access, principal.jti)) throw new TokenError('This link was revoked by the organiser.');
        socket.data = {
          eventId: principal.eventId,
          actor: { role: principal.role, id: `link:${principal.jti}`, roomScope: principal.roomScope },
          name: null,
          jti: principal.jti,
          welcome: { joined: null, sync: sync.data },
        };
      } else {
        if (!(await service.eventExists(principal.eventId))) throw new TokenError('There is no such event.');
        socket.data = {
          eventId: principal.eventId,
          actor: { role: 'attendee', id: principal.attendeeId, roomScope: '*' },
          name: principal.name,
          jti: null,
          welcome: { joined: null, sync: sync.data },
        };
      }
      next();
    } catch (error) {
      const reason = error instanceof TokenError ? error.message : 'The service is briefly unavailable.';
      metrics.refusedConnections.inc({ reason: error instanceof TokenError ? 'token' : 'unavailable' });
      log.warn({ reason, address: socket.handshake.address }, 'connection refused');
      next(new Error(error instanceof TokenError ? `UNAUTHORIZED: ${reason}` : `UNAVAILABLE: ${reason}`));
    }
  });

  /** A refused handshake: the code prefixes the message, as for a refused token; `data` carries the whole failure. */
  function refusal(failure: Failure, reason: string): Error {
    metrics.refusedConnections.inc({ reason });
    log.info({ code: failure.code, reason: failure.message }, 'handshake refused');
    return Object.assign(new Error(`${failure.code}: ${failure.message}`), { data: failure });
  }

  io.on('connection', (raw) => {
    const socket = raw as AppSocket;
    const { eventId, actor, jti } = socket.data;
    metrics.connections.inc();
    socket.on('disconnect', onDisconnect);
    socket.join([...deps.outbox.attach(eventId, isStaff(actor)), rooms.person(eventId, actor.id)]);
    if (jti) socket.join(rooms.link(jti));
    router.attach(socket);
    void welcome(socket);
  });

  // The documents every snapshot is made from, by event (see sharedDocs).
  const sharedByEvent = new Map<string, { epoch: string; seq: number; docs: Promise<{ qa: QaDocs; polls: Poll[] }> }>();

  return { drain: router.drain };

  /** Every client event's handler: Q&A and polls from their modules, sync, the live item and the links here. */
  function socketHandlers(): Handlers {
    return {
      ...qaHandlers({ service, store, io, now, log, askLimiter: deps.askLimiter }),
      ...pollHandlers({ service, store, io, now, crossProcess: deps.crossProcess }),

      sync: {
        schema: Sync,
        roles: ['attendee', 'chair', 'rapporteur', 'organiser'],
        run: async (input, socket) => sync(socket, input),
      },

      'agenda:setLive': {
        schema: SetLive,
        roles: ['chair', 'organiser'],
        run: async (input, socket) => {
          const { eventId, actor } = socket.data;
          const { seq } = await service.executeOn({
            eventId, key: KEYS.agenda, actor, opId: input.opId,
            decide: (state) => setLive(state, input, { actor, now: now() }),
            apply: applyAgenda,
          });
          return { seq };
        },
      },

      'links:list': {
        schema: ListLinks,
        roles: ['organiser'],
        run: async (_input, socket) => {
          const { eventId } = socket.data;
          const ev = await service.readEvent(eventId);
          if (!ev) throw new DomainError('NOT_FOUND', 'There is no such event.');
          const attendeeUrl = `${deps.publicUrl}/e/${encodeURIComponent(ev.meta.code)}`;
          return {
            code: ev.meta.code,
            attendeeUrl,
            attendeeQrSvg: await QRCode.toString(attendeeUrl, { type: 'svg', margin: 1 }),
            links: await Promise.all(ev.access.links.map((l) => linkView(deps, eventId, ev.meta.code, l))),
          };
        },
      },

      'links:issue': {
        schema: IssueLink,
        roles: ['organiser'],
        run: async (input, socket) => {
          const { eventId, actor } = socket.data;
          const ev = await service.readEvent(eventId);
          if (!ev) throw new DomainError('NOT_FOUND', 'There is no such event.');
          const room = ev.agenda.programme.rooms.find((r) => r.id === input.roomScope);
          if (input.roomScope !== '*' && !room) throw new DomainError('NOT_FOUND', `There is no room "${input.roomScope}".`);
          // Derived from the operation id, so a retry names the same link.
          const jti = createHash('sha256').update(`${actor.id}:${input.opId}`).digest('base64url').slice(0, 22);
          const label = `${capitalise(input.role)} · ${room ? room.name : 'all rooms'}`;
          const { seq } = await service.executeOn({
            eventId, key: KEYS.access, actor, opId: input.opId,
            decide: (state) => issueLink(state, { jti, role: input.role, roomScope: input.roomScope, label }, { actor, now: now() }),
            apply: applyAccess,
            audience: () => 'staff',
          });
          const link = (await service.accessOf(eventId))?.links.find((l) => l.jti === jti);
          if (!link) throw new DomainError('INTERNAL', 'The link was not found after issuing it.');
          return { seq, link: await linkView(deps, eventId, ev.meta.code, link) };
        },
      },

      'links:revoke': {
        schema: RevokeLink,
        roles: ['organiser'],
        run: async (input, socket) => {
          const { eventId, actor } = socket.data;
          const { seq } = await service.executeOn({
            eventId, key: KEYS.access, actor, opId: input.opId,
            decide: (state) => revokeLink(state, input, { actor, now: now() }),
            apply: applyAccess,
            audience: () => 'staff',
          });
          // Every process: tell the link's holders and close their sockets.
          io.to(rooms.link(input.jti)).emit('revoked', { message: 'This link was revoked by the organiser.' });
          io.in(rooms.link(input.jti)).disconnectSockets(true);
          return { seq };
        },
      },
    };
  }

  /**
   * The documents every snapshot of an event is made from (the rooms' Q&A settings, the questions, the polls), read
   * once per sequence number and shared by the snapshots at it: the burst of joins at the start of a session reads
   * them once instead of once per person. Sound because every write to these documents is a numbered change; votes
   * and upvotes change counters and sets only, which each snapshot reads for itself. Read after the sequence number,
   * the documents may be newer than it, as a snapshot's always could (see `service.core`).
   */
  function sharedDocs(eventId: string, seq: number, roomIds: string[]): Promise<{ qa: QaDocs; polls: Poll[] }> {
    const epoch = store.epoch();
    const hit = sharedByEvent.get(eventId);
    if (hit && hit.epoch === epoch && hit.seq === seq) return hit.docs;
    const docs = Promise.all([readQaDocs(store, eventId, roomIds), readPolls(store, eventId)]).then(([qa, polls]) => ({ qa, polls }));
    sharedByEvent.set(eventId, { epoch, seq, docs });
    // A failed read (the store away) is not kept: the next snapshot reads again.
    docs.catch(() => sharedByEvent.get(eventId)?.docs === docs && sharedByEvent.delete(eventId));
    return docs;
  }

  /**
   * The first message of every connection: the session its handshake made, if it joined, and the answer to the
   * handshake's `sync` (a whole snapshot when it has none). One push instead of a request and its answer.
   */
  async function welcome(socket: AppSocket): Promise<void> {
    const pending = socket.data.welcome;
    if (!pending) return;
    // Not kept for the connection's life (a token, per connection, on the path where memory per connection counts).
    socket.data.welcome = null;
    let reply: Reply<SyncResult>;
    try {
      reply = { ok: true, ...(await sync(socket, pending.sync)) };
    } catch (error) {
      reply = toFailure(error, log, { event: 'welcome' });
    }
    if (socket.connected) socket.emit('welcome', { joined: pending.joined, sync: reply });
  }

  /** Catch-up: the changes after lastSeq when the store still has them and the epoch matches, else a snapshot. */
  async function sync(socket: AppSocket, { epoch, lastSeq, programmeRev }: Sync): Promise<SyncResult> {
    const { eventId, actor, name } = socket.data;
    if (epoch === store.epoch() && lastSeq > 0) {
      const since = await store.changesSince(eventId, lastSeq);
      if (since.kind === 'changes') {
        const staff = isStaff(actor);
        const visible = (audience: string) => staff || audience === 'all' || audience === `user:${actor.id}`;
        const changes = since.changes.map((c): Change => ({ seq: c.seq, event: visible(c.audience) ? (c.event as Change['event']) : null }));
        const [upvotes, polls] = await Promise.all([upvoteState(store, eventId, actor), readPolls(store, eventId).then((all) => pollsSnapshot(store, eventId, all, actor))]);
        const live = { ...upvotes, tallies: polls.tallies, myBallots: polls.myBallots };
        return { mode: 'changes', epoch, changes, live, serverTime: now() };
      }
    }
    const core = await service.core(eventId);
    if (!core) throw new DomainError('NOT_FOUND', 'There is no such event.');
    const docs = await sharedDocs(eventId, core.seq, core.agenda.programme.rooms.map((r) => r.id));
    const [qa, polls] = await Promise.all([qaSnapshot(store, eventId, docs.qa, actor), pollsSnapshot(store, eventId, docs.polls, actor)]);
    const me = { role: actor.role, id: actor.id, name, roomScope: actor.roomScope };
    const agenda = programmeRev === core.programmeRev ? { live: core.agenda.live } : core.agenda;
    return { mode: 'snapshot', snapshot: { epoch: store.epoch(), seq: core.seq, serverTime: now(), event: core.meta, agenda, programmeRev: core.programmeRev, qa, polls, me } };
  }
}

function isStaff(actor: Actor): boolean {
  return actor.role !== 'attendee';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
