import { io, type Socket } from 'socket.io-client';
import { LIMITS } from '../../../shared/limits';
import type { ErrorCode, Failure, Reply } from '../../../shared/protocol/errors';
import type { Change, ClientToServer, Handshake, Joined, JoinRequest, LiveBatch, Notice, ServerToClient, Sync, SyncResult, Welcome } from '../../../shared/protocol/messages';
import type { MyBallot } from '../../../shared/protocol/polls';
import { useApp } from '../state/store';
import { newOpId } from './opId';
import { heldProgramme, holdProgramme } from './programme';
import { stopWatchingTabs, watchTabs } from './tabs';

/**
 * The one live connection, typed by the shared contract. `connect(token)` opens it and attaches every listener;
 * `joinLive(code, name)` opens it as a new attendee (the handshake joins); `disconnect()` detaches them and closes
 * it: nothing is registered at import time.
 *
 * Changes are numbered per event. The store keeps the last applied number (`lastSeq`): a change numbered
 * lastSeq + 1 is applied, an older one ignored, a later one buffered while a `sync` fills the gap.
 * Every (re)connection syncs first: its handshake says what the store holds, and the server's `welcome` answers
 * with the missing changes, or a snapshot.
 */

type AppSocket = Socket<ServerToClient, ClientToServer>;
export type EventName = keyof ClientToServer;
type PayloadOf<E extends EventName> = Parameters<ClientToServer[E]>[0];
export type ReplyOf<E extends EventName> = Parameters<Parameters<ClientToServer[E]>[1]>[0];
/** What a caller passes: the payload without the operation id, which `request` adds to every mutation. */
export type InputOf<E extends EventName> = PayloadOf<E> extends { opId: string } ? Omit<PayloadOf<E>, 'opId'> : PayloadOf<E>;

const MUTATIONS: ReadonlySet<EventName> = new Set<EventName>([
  'agenda:setLive',
  'links:issue',
  'links:revoke',
  'qa:ask',
  'qa:upvote',
  'qa:moderate',
  'qa:reply',
  'qa:edit',
  'qa:merge',
  'qa:answerNow',
  'qa:queue',
  'qa:settings',
  'poll:create',
  'poll:update',
  'poll:control',
  'poll:vote',
]);
const RETRIES = 3;
/**
 * How long a gap may stay open before a catch-up: a change that went missing on the way (a dropped frame, a
 * reconnect mid-tick) shows as a gap at the next change; waiting a few ticks lets a late one arrive first.
 */
const GAP_SYNC_DELAY_MS = 4 * LIMITS.flushIntervalMs;

interface Active {
  socket: AppSocket;
  /** The session's token; null until the welcome of a joining handshake brings it. */
  token: () => string | null;
  dispose: () => void;
}
let active: Active | null = null;

const failure = (code: ErrorCode, message: string): Failure => ({ ok: false, code, message });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends an event and waits for its reply. Mutations get an operation id; on a timeout the same payload (same id)
 * is sent again up to 3 times with a growing pause, so a lost reply never applies a change twice.
 */
export async function request<E extends EventName>(event: E, input: InputOf<E>): Promise<ReplyOf<E>> {
  const socket = active?.socket;
  if (!socket) return failure('UNAVAILABLE', 'Not connected.') as ReplyOf<E>;
  const payload = MUTATIONS.has(event) ? { ...input, opId: newOpId() } : input;
  for (let attempt = 0; ; attempt++) {
    try {
      // emitWithAck is typed per event; the generic E cannot pick an overload, hence the narrow cast.
      const emitter = socket.timeout(LIMITS.ackTimeoutMs) as unknown as { emitWithAck(ev: string, p: unknown): Promise<Reply<object>> };
      return (await emitter.emitWithAck(event, payload)) as ReplyOf<E>;
    } catch {
      // Only a timeout lands here (the server always acks).
      if (attempt >= RETRIES || active?.socket !== socket) {
        return failure('UNAVAILABLE', 'No answer from the server. Your action may not have been saved; please try again.') as ReplyOf<E>;
      }
      await sleep(400 * 2 ** attempt);
    }
  }
}

/** Opens the live connection of a session. A connection that `joinLive` opened for this token is kept. */
export function connect(token: string): void {
  if (active && active.token() === token) return;
  open({ token }, null);
}

/**
 * Joins the event as a new attendee in the handshake of the live connection, which stays open for the session:
 * the answer is the session to keep (its token), or why the join was refused.
 */
export function joinLive(code: string, name: string | undefined): Promise<Reply<Joined>> {
  return new Promise((resolve) => open({ join: name ? { code, name } : { code } }, resolve));
}

/** Closes a join still under way (the page that started it is gone); a connection that has its session stays. */
export function cancelJoin(): void {
  if (active && active.token() === null) disconnect();
}

type Credentials = { token: string } | { join: JoinRequest };

/** What this browser holds, as a sync (in a handshake or a request) names it: the epoch, the last change, the programme. */
function holding(): Sync {
  const { epoch, lastSeq } = useApp.getState().connection;
  const held = heldProgramme();
  return { epoch, lastSeq, ...(held ? { programmeRev: held.rev } : {}) };
}

function open(credentials: Credentials, onJoin: ((reply: Reply<Joined>) => void) | null): void {
  disconnect();
  const store = useApp.getState;
  store().reset();
  let token = 'token' in credentials ? credentials.token : null;
  if (token) watchTabs(token);

  const socket: AppSocket = io({
    // Asked again at every connection attempt: who this is (the token once there is one) and what the store holds.
    auth: (cb) => {
      const handshake: Handshake = { ...(token ? { token } : credentials), sync: holding() };
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

  /** Changes that arrived ahead of a gap, by number. */
  const pending = new Map<number, Change>();
  let syncing = false;
  let syncAgain = false;
  let disposed = false;
  let connectedAt = 0;
  let gapTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
  const lostStatus = () => store().setStatus(offline() ? 'offline' : 'reconnecting');

  function refuse(reason: string) {
    store().refuse(reason);
    clearTimeout(gapTimer);
    clearTimeout(retryTimer);
    // Stops the reconnection loop: this token will not be accepted again.
    socket.disconnect();
  }

  /** Applies buffered changes that now follow on, and drops the ones already covered. */
  function drain() {
    for (;;) {
      const { lastSeq } = store().connection;
      for (const seq of pending.keys()) if (seq <= lastSeq) pending.delete(seq);
      const next = pending.get(lastSeq + 1);
      if (!next) return;
      pending.delete(next.seq);
      store().applyChange(next);
    }
  }

  const hasGap = () => pending.size > 0 && store().connection.epoch !== null;

  function accept(change: Change, fromSync = false) {
    const { epoch, lastSeq } = store().connection;
    if (epoch === null) {
      // No snapshot yet: keep it for after the first sync.
      pending.set(change.seq, change);
      return;
    }
    if (change.seq <= lastSeq) return;
    if (change.seq === lastSeq + 1) {
      store().applyChange(change);
      drain();
      return;
    }
    pending.set(change.seq, change);
    if (!fromSync) scheduleGapSync();
  }

  function scheduleGapSync() {
    if (gapTimer !== undefined) return;
    gapTimer = setTimeout(() => {
      gapTimer = undefined;
      if (hasGap()) void sync();
    }, GAP_SYNC_DELAY_MS);
  }

  async function sync(): Promise<void> {
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    try {
      const rounds = 3;
      for (let round = 0; round < rounds; round++) {
        syncAgain = false;
        const sentAt = Date.now();
        const reply = await request('sync', holding());
        if (disposed) return;
        const outcome = settle(reply, (sentAt + Date.now()) / 2);
        if (outcome === 'stopped') return;
        if (outcome === 'again') {
          // The snapshot left out a programme this browser no longer holds: ask again for all of it (in the next
          // round, or shortly when this was the last).
          if (round === rounds - 1 && socket.connected) scheduleRetry(0);
          continue;
        }
        if (!syncAgain && !hasGap()) return;
      }
    } finally {
      syncing = false;
    }
  }

  /** Applies the answer to a sync (asked, or the welcome's): 'again' when it must be asked again in full. */
  function settle(reply: Reply<SyncResult>, midpoint: number): 'done' | 'again' | 'stopped' {
    if (!reply.ok) {
      if (reply.code === 'UNAUTHORIZED' || reply.code === 'NOT_FOUND') {
        refuse(reply.message);
        return 'stopped';
      }
      // Unavailable or rate limited: the socket stays up; try again shortly.
      store().toast('error', reply.message);
      if (socket.connected) scheduleRetry(reply.retryAfterMs ?? 2_000);
      return 'stopped';
    }
    if (!applySync(reply, midpoint)) return 'again';
    if (socket.connected) store().setStatus('online');
    return 'done';
  }

  /** False when a snapshot could not be applied (it left out a programme that is not held any more). */
  function applySync(result: SyncResult, midpoint: number): boolean {
    if (result.mode === 'snapshot') {
      const { snapshot } = result;
      // An answer older than what is applied (a sync sent before a reconnection, answered after its welcome).
      const { epoch, lastSeq } = store().connection;
      if (snapshot.epoch === epoch && snapshot.seq < lastSeq) return true;
      const held = heldProgramme();
      const programme = snapshot.agenda.programme ?? (held?.rev === snapshot.programmeRev ? held.programme : null);
      if (!programme) {
        holdProgramme(null);
        return false;
      }
      if (snapshot.agenda.programme) holdProgramme({ rev: snapshot.programmeRev, programme });
      store().loadSnapshot({ ...snapshot, agenda: { ...snapshot.agenda, programme } });
      store().setClockOffset(snapshot.serverTime - midpoint);
    } else {
      for (const change of result.changes) accept(change, true);
      store().applyLiveCounts(result.live);
      store().setClockOffset(result.serverTime - midpoint);
    }
    drain();
    return true;
  }

  function scheduleRetry(ms: number) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void sync(), ms);
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
    const outcome = settle(reply, (connectedAt + Date.now()) / 2);
    if (outcome === 'again' || (outcome === 'done' && hasGap())) void sync();
  };
  const onDisconnect = (reason: Socket.DisconnectReason) => {
    if (disposed || store().connection.status === 'refused') return;
    lostStatus();
    // The server closed us (a restart, or a revoked link without the 'revoked' event reaching us): socket.io
    // does not retry by itself then. Reconnect: the handshake says whether the token is still good.
    if (reason === 'io server disconnect') {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), 1_000);
    }
  };
  const onConnectError = (error: Error & { data?: Failure }) => {
    if (!token) {
      // The join itself was refused (or the server is out of reach): the join page says why, and nothing stays open.
      finishJoin(error.data?.code ? error.data : failure('UNAVAILABLE', 'The server cannot be reached. Check your connection and try again.'));
      return disconnect();
    }
    if (error.message.startsWith('UNAUTHORIZED:')) return refuse(error.message.slice('UNAUTHORIZED:'.length).trim());
    lostStatus();
  };
  function finishJoin(reply: Reply<Joined>) {
    const resolve = onJoin;
    onJoin = null;
    resolve?.(reply);
  }
  const onLive = (batch: LiveBatch) => {
    for (const change of batch.changes ?? []) accept(change);
    if (batch.tallies) store().applyTallies(batch.tallies);
    if (batch.counts) store().applyUpvoteCounts(batch.counts);
  };
  const onRevoked = (payload: { message: string }) => refuse(payload.message);
  const onMyBallot = (payload: MyBallot) => store().setMyBallot(payload.pollId, payload.choice);
  const onNotice = (notice: Notice) => {
    if (notice.code === 'DATA_LOST') store().setNotice(notice);
    else store().toast('info', notice.message);
  };
  const onBrowserOffline = () => {
    if (store().connection.status !== 'refused') store().setStatus('offline');
  };
  const onBrowserOnline = () => {
    if (store().connection.status === 'refused') return;
    store().setStatus(socket.connected ? 'online' : 'reconnecting');
    if (!socket.connected) socket.connect();
  };

  socket.on('connect', onConnect);
  socket.on('welcome', onWelcome);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('live', onLive);
  socket.on('revoked', onRevoked);
  socket.on('poll:myBallot', onMyBallot);
  socket.on('notice', onNotice);
  window.addEventListener('offline', onBrowserOffline);
  window.addEventListener('online', onBrowserOnline);

  active = {
    socket,
    token: () => token,
    dispose: () => {
      disposed = true;
      finishJoin(failure('UNAVAILABLE', 'The join was cancelled.'));
      clearTimeout(gapTimer);
      clearTimeout(retryTimer);
      socket.off('connect', onConnect);
      socket.off('welcome', onWelcome);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('live', onLive);
      socket.off('revoked', onRevoked);
      socket.off('poll:myBallot', onMyBallot);
      socket.off('notice', onNotice);
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
  // Nothing of this session may leak into the next view (a 'refused' status, its agenda).
  useApp.getState().reset();
}
