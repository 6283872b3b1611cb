import { io, type Socket } from 'socket.io-client';
import { LIMITS } from '../../../shared/limits';
import type { Failure, Reply } from '../../../shared/protocol/errors';
// Types only: the schemas (zod) stay off the attendee's first load; the mutations are a plain list.
import type { ClientToServer, Handshake, Joined, JoinRequest, LiveBatch, Notice, ServerToClient, Welcome } from '../../../shared/protocol/messages';
import { isMutation } from '../../../shared/protocol/mutations';
import type { MyBallot } from '../../../shared/protocol/polls';
import type { Renamed } from '../../../shared/protocol/session';
import type { Banned } from '../../../shared/protocol/moderation';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { clientFailure, describeFailure, NOTICE_WORDS } from '../lib/failures';
import { t } from '../i18n/i18n';
import { useApp } from '../state/store';
import { deviceId } from '../lib/storage';
import { newOpId } from './opId';
import { heldProgramme, holdProgramme } from './programme';
import { createSequencer } from './sequencer';
import { stopWatchingTabs, watchTabs } from './tabs';

/**
 * The one live connection, typed by the shared contract. `connect(token)` opens it and attaches every listener;
 * `joinLive(code, name)` opens it as a new attendee (the handshake joins); `disconnect()` detaches them and closes
 * it: nothing is registered at import time. `renameSession(name)` changes the attendee's name in place: the
 * connection stays open and reconnects with the new token from then on.
 *
 * Changes are numbered per event; their sequencing (apply the next, ignore older ones, buffer behind a gap, catch
 * up with a `sync`) is the sequencer's (./sequencer.ts), which this wires to the socket and the store.
 * Every (re)connection syncs first: its handshake says what the store holds, and the server's `welcome` answers
 * with the missing changes, or a snapshot. A server that speaks another version of the protocol refuses the
 * handshake (OUTDATED): nothing connects again and the page asks to be reloaded.
 */

type AppSocket = Socket<ServerToClient, ClientToServer>;
export type EventName = keyof ClientToServer;
type PayloadOf<E extends EventName> = Parameters<ClientToServer[E]>[0];
export type ReplyOf<E extends EventName> = Parameters<Parameters<ClientToServer[E]>[1]>[0];
/** What a caller passes: the payload without the operation id, which `request` adds to every mutation. */
export type InputOf<E extends EventName> = PayloadOf<E> extends { opId: string } ? Omit<PayloadOf<E>, 'opId'> : PayloadOf<E>;

const RETRIES = 3;

interface Active {
  socket: AppSocket;
  /** The session's token; null until the welcome of a joining handshake brings it. */
  token: () => string | null;
  /** Takes the token of a rename (same attendee, new name): reconnections use it; the views are told. */
  adopt: (renamed: Renamed) => void;
  dispose: () => void;
}
let active: Active | null = null;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends an event and waits for its reply. Mutations get an operation id; on a timeout the same payload (same id)
 * is sent again up to 3 times with a growing pause, so a lost reply never applies a change twice.
 */
export async function request<E extends EventName>(event: E, input: InputOf<E>, opId?: string): Promise<ReplyOf<E>> {
  const socket = active?.socket;
  if (!socket) return clientFailure('UNAVAILABLE', { reason: 'net.notConnected' }) as ReplyOf<E>;
  // A caller that retries by hand (a chat message's "send again") passes the first try's id: stored once.
  const payload = isMutation(event) ? { ...(input as object), opId: opId ?? newOpId() } : input;
  for (let attempt = 0; ; attempt++) {
    try {
      // emitWithAck is typed per event; the generic E cannot pick an overload, hence the narrow cast.
      const emitter = socket.timeout(LIMITS.ackTimeoutMs) as unknown as { emitWithAck(ev: string, p: unknown): Promise<Reply<object>> };
      return (await emitter.emitWithAck(event, payload)) as ReplyOf<E>;
    } catch {
      // Only a timeout lands here (the server always acks).
      if (attempt >= RETRIES || active?.socket !== socket) {
        return clientFailure('UNAVAILABLE', { reason: 'net.noAnswer' }) as ReplyOf<E>;
      }
      await sleep(400 * 2 ** attempt);
    }
  }
}

/** Opens the live connection of a session. A connection that `joinLive` opened (or a rename renewed) for this token is kept. */
export function connect(token: string): void {
  if (active && active.token() === token) return;
  open({ token }, null);
}

/**
 * Closes the connection opened for this token, when it is still the one open: not when the session has moved on to
 * a rename's new token (the view that opened it follows with that token and keeps the connection).
 */
export function release(token: string): void {
  if (active?.token() === token) disconnect();
}

type RenamedListener = (renamed: Renamed) => void;
const renamedListeners = new Set<RenamedListener>();

/** Calls `listener` with the session's new token and name after every rename, this tab's or another tab's of the person. */
export function onSessionRenamed(listener: RenamedListener): () => void {
  renamedListeners.add(listener);
  return () => void renamedListeners.delete(listener);
}

/**
 * Changes the attendee's display name (empty: anonymous), keeping the session: the same attendee, their votes,
 * upvotes and questions. The server checks the name as at join; on success the connection keeps the new token.
 */
export async function renameSession(name: string): Promise<ReplyOf<'session:rename'>> {
  const current = active;
  const reply = await request('session:rename', { name });
  // A reply for a connection since closed (the person left) changes nothing.
  if (reply.ok && current && active === current) current.adopt({ token: reply.token, name: reply.name });
  return reply;
}

/**
 * Joins the event as a new attendee in the handshake of the live connection, which stays open for the session:
 * the answer is the session to keep (its token), or why the join was refused.
 */
export function joinLive(code: string, name: string | undefined, key?: string): Promise<Reply<Joined>> {
  return new Promise((resolve) => open({ join: { code, ...(name ? { name } : {}), ...(key ? { key } : {}) } }, resolve));
}

/** Closes a join still under way (the page that started it is gone); a connection that has its session stays. */
export function cancelJoin(): void {
  if (active && active.token() === null) disconnect();
}

type Credentials = { token: string } | { join: JoinRequest };

/**
 * Set when the server refused this build (OUTDATED: the wire contract moved on in a deploy): nothing connects
 * again, since only a reload brings the new build, and the store says so after every reset.
 */
let outdated = false;

const isOutdated = (error: Error & { data?: Failure }) => error.data?.code === 'OUTDATED' || error.message.startsWith('OUTDATED:');

function open(credentials: Credentials, onJoin: ((reply: Reply<Joined>) => void) | null): void {
  disconnect();
  const store = useApp.getState;
  if (outdated) {
    store().setOutdated();
    onJoin?.(clientFailure('OUTDATED', { reason: 'version.outdated' }));
    return;
  }
  store().reset();
  let token = 'token' in credentials ? credentials.token : null;
  if (token) watchTabs(token);

  const socket: AppSocket = io({
    // Asked again at every connection attempt: who this is (the token once there is one) and what the store holds.
    auth: (cb) => {
      // `v` is the wire contract this build speaks; a server that speaks another refuses it with OUTDATED.
      // `device`: this browser's kept random id, so that a banned person's browser cannot simply join again.
      const handshake: Handshake = { v: PROTOCOL_VERSION, ...(token ? { token } : credentials), sync: sequencer.holding(), device: deviceId() };
      cb(handshake);
    },
    transports: ['websocket'],
    autoConnect: false,
    forceNew: true,
    reconnectionDelay: 800,
    reconnectionDelayMax: 5_000,
    // A connection accepted and then dropped before the handshake (a proxy mid-deploy) is only noticed by this
    // timeout, after which socket.io tries again: 8 s rather than the default 20 s.
    timeout: 8_000,
  });

  // The numbering of changes (apply, ignore, buffer, catch up), between this socket and the store.
  const sequencer = createSequencer({
    position: () => store().connection,
    applyChange: (change) => store().applyChange(change),
    loadSnapshot: (snapshot) => store().loadSnapshot(snapshot),
    applyLiveCounts: (live) => store().applyLiveCounts(live),
    setClockOffset: (ms) => store().setClockOffset(ms),
    synced: () => store().setStatus('online'),
    failed: (failure) => store().toast('error', describeFailure(failure)),
    refuse: (failure) => refuse(failure),
    requestSync: (sync) => request('sync', sync),
    isConnected: () => socket.connected,
    programme: { held: heldProgramme, hold: holdProgramme },
  });

  let disposed = false;
  let connectedAt = 0;
  /** Reconnects after the server closed the connection. */
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
  const lostStatus = () => store().setStatus(offline() ? 'offline' : 'reconnecting');

  /** The server will not take this session (a revoked or expired link, an event that is gone): say why and stop. */
  function refuse(failure: Failure) {
    store().refuse(describeFailure(failure), failure.code);
    sequencer.stop();
    clearTimeout(reconnectTimer);
    // Stops the reconnection loop: this token will not be accepted again.
    socket.disconnect();
  }

  /** The server speaks another protocol version: stop for good (no reconnection) and ask for a reload. */
  function outdate(error: Error & { data?: Failure }) {
    outdated = true;
    // A join under way learns why; the page is replaced by the one asking for a reload.
    finishJoin(error.data ?? clientFailure('OUTDATED', { reason: 'version.outdated' }));
    disconnect();
  }

  // ---- listeners ------------------------------------------------------------------------------------------
  const onConnect = () => {
    connectedAt = Date.now();
    if (store().connection.status !== 'online') store().setStatus(store().connection.epoch === null ? 'connecting' : 'reconnecting');
  };
  const onWelcome = ({ joined, sync: reply }: Welcome) => {
    if (joined && !token) {
      token = joined.token;
      watchTabs(token);
      finishJoin({ ok: true, ...joined });
    }
    sequencer.welcome(reply, connectedAt);
  };
  const onDisconnect = (reason: Socket.DisconnectReason) => {
    if (disposed || closedByServer || store().connection.status === 'refused') return;
    lostStatus();
    // The server closed us (a restart, or a revoked link without the 'revoked' event reaching us): socket.io
    // does not retry by itself then. Reconnect: the handshake says whether the token is still good (and its
    // welcome catches up, so a sync retry still scheduled is dropped).
    if (reason === 'io server disconnect') {
      sequencer.cancelRetry();
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(() => socket.connect(), 1_000);
    }
  };
  const onConnectError = (error: Error & { data?: Failure }) => {
    if (isOutdated(error)) return outdate(error);
    if (!token) {
      // The join itself was refused (or the server is out of reach): the join page says why, and nothing stays open.
      finishJoin(error.data?.code ? error.data : clientFailure('UNAVAILABLE', { reason: 'net.unreachable' }));
      return disconnect();
    }
    // The failure in `data` carries the reason; a server without it only prefixes the message with the code.
    if (error.data?.code === 'UNAUTHORIZED' || error.data?.code === 'BANNED') return refuse(error.data);
    if (error.message.startsWith('UNAUTHORIZED:'))
      return refuse({ ok: false, code: 'UNAUTHORIZED', message: error.message.slice('UNAUTHORIZED:'.length).trim() });
    lostStatus();
  };
  function finishJoin(reply: Reply<Joined>) {
    const resolve = onJoin;
    onJoin = null;
    resolve?.(reply);
  }
  const onLive = (batch: LiveBatch) => {
    for (const change of batch.changes ?? []) sequencer.accept(change);
    store().applyTotals(batch);
  };
  // The push is the reason itself: the organiser revoked this link.
  const onRevoked = (payload: { message: string }) => refuse({ ok: false, code: 'UNAUTHORIZED', message: payload.message, reason: 'link.revoked' });
  // The staff banned this person: the push carries the reason they are shown; their sockets close right after.
  const onBanned = (payload: Banned) =>
    refuse({ ok: false, code: 'BANNED', message: payload.reason, reason: 'moderation.banned', params: { message: payload.reason } });
  const onMyBallot = (payload: MyBallot) => store().setMyBallot(payload.pollId, payload.choice, payload.rev);
  // Another tab of this person changed the name: keep the new token (and the name) here too.
  const onRenamed = (payload: Renamed) => adopt(payload);
  function adopt(renamed: Renamed) {
    if (!token || disposed) return;
    token = renamed.token;
    // The person's tabs follow one another under the newest token (each of them adopts it).
    watchTabs(token);
    store().setMyName(renamed.name);
    for (const listener of [...renamedListeners]) listener(renamed);
  }
  // The server closed this tab, the oldest of a session open in too many: it stays closed (reconnecting would close
  // another tab, which would do the same); a reload takes it back.
  let closedByServer = false;
  const onClosed = (failure: Failure) => {
    closedByServer = true;
    sequencer.cancelRetry();
    clearTimeout(reconnectTimer);
    socket.disconnect();
    store().setStatus('offline');
    store().toast('error', describeFailure(failure));
  };
  const onNotice = (notice: Notice) => {
    if (notice.code === 'DATA_LOST') store().setNotice(notice);
    else store().toast('info', t(NOTICE_WORDS[notice.code]));
    // The event's names and texts were erased and its history forgotten: what is shown is taken again in full.
    if (notice.code === 'ERASED') void sequencer.sync(true);
  };
  const onBrowserOffline = () => {
    if (store().connection.status !== 'refused') store().setStatus('offline');
  };
  const onBrowserOnline = () => {
    if (store().connection.status === 'refused' || closedByServer) return;
    store().setStatus(socket.connected ? 'online' : 'reconnecting');
    if (!socket.connected) socket.connect();
  };

  socket.on('connect', onConnect);
  socket.on('welcome', onWelcome);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('live', onLive);
  socket.on('revoked', onRevoked);
  socket.on('banned', onBanned);
  socket.on('poll:myBallot', onMyBallot);
  socket.on('session:renamed', onRenamed);
  socket.on('notice', onNotice);
  socket.on('closed', onClosed);
  window.addEventListener('offline', onBrowserOffline);
  window.addEventListener('online', onBrowserOnline);

  active = {
    socket,
    token: () => token,
    adopt,
    dispose: () => {
      disposed = true;
      finishJoin(clientFailure('UNAVAILABLE', { reason: 'net.joinCancelled' }));
      sequencer.dispose();
      clearTimeout(reconnectTimer);
      socket.off('connect', onConnect);
      socket.off('welcome', onWelcome);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('live', onLive);
      socket.off('revoked', onRevoked);
      socket.off('banned', onBanned);
      socket.off('poll:myBallot', onMyBallot);
      socket.off('session:renamed', onRenamed);
      socket.off('notice', onNotice);
      socket.off('closed', onClosed);
      window.removeEventListener('offline', onBrowserOffline);
      window.removeEventListener('online', onBrowserOnline);
      socket.disconnect();
      stopWatchingTabs();
    },
  };
  socket.connect();
}

export function disconnect(): void {
  const current = active;
  active = null;
  if (!current) return;
  current.dispose();
  // Nothing of this session may leak into the next view (a 'refused' status, its agenda); only a reload ends
  // 'outdated'.
  useApp.getState().reset();
  if (outdated) useApp.getState().setOutdated();
}
