import { create, type StateCreator } from 'zustand';
import type { AgendaState } from '../../../shared/protocol/agenda';
import type { Change, EventMeta, LiveCounts, LiveTotals, Me, Notice, Snapshot } from '../../../shared/protocol/messages';
import type { Choice } from '../../../shared/protocol/polls';
import type { MessageKey, MessageValues } from '../../../shared/locales/catalogue';
import type { ErrorCode } from '../../../shared/protocol/errors';
import type { ClientFeature, FeatureStates } from './feature';
import { initialFeatureStates } from './initial';
import { lastOf } from '../../../shared/protocol/changes';
import { withMyBallot } from '../../../shared/domain/polls';

/**
 * One store for the live session. Every part keeps its data under its own key (`connection`, `session`, `ui`, and
 * each feature's: `agenda`, `links`, `qa`, `polls`) so that selectors name what they read. The features' parts
 * follow the server through one loop over the feature list (`client/src/features/index.ts`).
 */

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'refused';

export interface ConnectionSlice {
  connection: {
    status: ConnectionStatus;
    /** The store epoch the sequence numbers below belong to (null until the first snapshot). */
    epoch: string | null;
    /** The last change applied: every later change is applied exactly once, in order. */
    lastSeq: number;
    /** Server time minus local time, in ms: `Date.now() + clockOffset` is the server's now. */
    clockOffset: number;
    /** Why the server refused this link or session (status 'refused'). */
    refusal: string | null;
    /** The refusal's code (BANNED: the person was banned, and sees why instead of a new join). */
    refusalCode: ErrorCode | null;
    /** The server speaks another version of the protocol than this build (OUTDATED): only a reload helps. */
    outdated: boolean;
  };
  setStatus: (status: ConnectionStatus) => void;
  refuse: (reason: string, code?: ErrorCode) => void;
  setOutdated: () => void;
  setClockOffset: (ms: number) => void;
}

export interface SessionSlice {
  session: {
    me: Me | null;
    event: EventMeta | null;
    /** A notice from the server that stays on screen (the data store was reset). */
    notice: Notice | null;
  };
  setNotice: (notice: Notice) => void;
  /** The person's display name after a rename (the session is the same; null: anonymous). */
  setMyName: (name: string | null) => void;
}

/** What the connection does to the features' parts, and the optimistic marks a person's own actions set. */
export interface FeaturesSlice extends FeatureStates {
  /** Replaces everything with a snapshot (first sync, a new epoch, or a gap too old to fill). */
  loadSnapshot: (snapshot: Snapshot & { agenda: AgendaState }) => void;
  /** Applies the next change (or run of changes: `through`); the caller guarantees `change.seq === lastSeq + 1`. */
  applyChange: (change: Change) => void;
  /** A live message's totals (counts, tallies): a figure older than the one shown (a lower tick) is dropped. */
  applyTotals: (totals: LiveTotals) => void;
  /** A catch-up's current totals (they are not numbered changes). */
  applyLiveCounts: (live: LiveCounts) => void;
  /** This person's upvote, shown at once; the ack or the next catch-up confirms it. */
  setMyUpvote: (questionId: string, up: boolean) => void;
  /** This person's ballot, from a vote's reply or another tab's echo: the higher revision wins (`withMyBallot`). */
  setMyBallot: (pollId: string, choice: Choice, rev: number | undefined) => void;
}

export type ToastKind = 'info' | 'error';
/**
 * A toast's words: a catalogue message, worded when shown (a language change re-words it), or a text worded
 * already (a refusal described by `describeFailure`).
 */
export type ToastWords = string | { key: MessageKey; values?: MessageValues };
export interface ToastAction {
  label: ToastWords;
  target: string;
}
export interface Toast {
  id: number;
  kind: ToastKind;
  text: ToastWords;
  action?: ToastAction;
}

const sameWords = (a: ToastWords, b: ToastWords) =>
  typeof a === 'string' || typeof b === 'string' ? a === b : a.key === b.key && JSON.stringify(a.values) === JSON.stringify(b.values);

export interface UiSlice {
  ui: {
    /** The programme day shown (YYYY-MM-DD), null: the default one. */
    day: string | null;
    /** The room the viewer follows, null: the plenary. */
    room: string | null;
    toasts: Toast[];
  };
  selectDay: (day: string) => void;
  selectRoom: (room: string) => void;
  /** `action`: a link after the text that moves the focus to `target` (a CSS selector), e.g. a new poll's "vote". */
  toast: (kind: ToastKind, text: ToastWords, action?: ToastAction) => void;
  dismissToast: (id: number) => void;
}

export type AppState = ConnectionSlice & SessionSlice & FeaturesSlice & UiSlice & { reset: () => void };
type Slice<T> = StateCreator<AppState, [], [], T>;

const initialConnection: ConnectionSlice['connection'] = {
  status: 'connecting',
  epoch: null,
  lastSeq: 0,
  clockOffset: 0,
  refusal: null,
  refusalCode: null,
  outdated: false,
};

const connectionSlice: Slice<ConnectionSlice> = (set) => ({
  connection: initialConnection,
  setStatus: (status) => set((s) => (s.connection.status === status || s.connection.status === 'refused' ? s : { connection: { ...s.connection, status } })),
  refuse: (reason, code) => set((s) => ({ connection: { ...s.connection, status: 'refused', refusal: reason, refusalCode: code ?? null } })),
  setOutdated: () => set((s) => (s.connection.outdated ? s : { connection: { ...s.connection, outdated: true } })),
  setClockOffset: (ms) => set((s) => ({ connection: { ...s.connection, clockOffset: ms } })),
});

const sessionSlice: Slice<SessionSlice> = (set) => ({
  session: { me: null, event: null, notice: null },
  setNotice: (notice) => set((s) => ({ session: { ...s.session, notice } })),
  setMyName: (name) => set((s) => (s.session.me ? { session: { ...s.session, me: { ...s.session.me, name } } } : s)),
});

/**
 * The features' reducers (each feature's `slice.ts` and the shared rules they apply) are not on the attendee's first
 * load: the join page needs none of them. `loadFeatures()` fetches them with the live page's panels (on Join) or with
 * a staff view; until they are here, what a snapshot, a change or a live message brings for them waits in order,
 * while the connection's own part (epoch, sequence number, session) applies at once, so the sequencer's view of the
 * stream never waits on a chunk.
 */
type AnyFeature = ClientFeature<keyof FeatureStates>;
let features: readonly AnyFeature[] | null = null;
let waiting: (() => void)[] = [];
let loadingFeatures: Promise<void> | null = null;

export function loadFeatures(): Promise<void> {
  loadingFeatures ??= import('../features').then(({ FEATURES }) => {
    if (features) return;
    // Each seen through the general shape (its key's state in, the same out).
    features = FEATURES as readonly AnyFeature[];
    const queued = waiting;
    waiting = [];
    for (const run of queued) run();
  });
  return loadingFeatures;
}

type States = Record<keyof FeatureStates, unknown>;
/** Each feature's part after `step`, which returns the same object when nothing changed. */
function each(
  list: readonly AnyFeature[],
  s: AppState,
  step: (f: AnyFeature, state: FeatureStates[keyof FeatureStates]) => FeatureStates[keyof FeatureStates],
): Partial<FeatureStates> {
  const out: Partial<States> = {};
  for (const f of list) {
    const next = step(f, s[f.key]);
    if (next !== s[f.key]) out[f.key] = next;
  }
  return out as Partial<FeatureStates>;
}

const orSame = (s: AppState, changed: Partial<FeatureStates>) => (Object.keys(changed).length ? changed : s);

const featuresSlice: Slice<FeaturesSlice> = (set) => {
  /** `own` at once; `part` (the features') with it when they are here, else after them, in order. */
  function update(own: ((s: AppState) => Partial<AppState>) | null, part: (list: readonly AnyFeature[], s: AppState) => Partial<AppState> | AppState): void {
    const list = features;
    if (list) return set((s) => (own ? { ...own(s), ...part(list, s) } : part(list, s)));
    if (own) set(own);
    waiting.push(() => set((s) => part(features!, s)));
  }
  return {
    ...initialFeatureStates(),
    loadSnapshot: (snapshot) =>
      update(
        (s) => ({
          session: { ...s.session, me: snapshot.me, event: snapshot.event },
          connection: { ...s.connection, epoch: snapshot.epoch, lastSeq: snapshot.seq },
        }),
        (list, s) => each(list, s, (f, state) => f.fromSnapshot(snapshot, state)),
      ),
    applyChange: (change) =>
      update(
        (s) => ({ connection: { ...s.connection, lastSeq: lastOf(change) } }),
        (list, s) => {
          const event = change.event;
          const owner = event && list.find((f) => f.owns(event));
          return event && owner ? { [owner.key]: owner.applyEvent(s[owner.key], event) } : {};
        },
      ),
    // Most live messages move a few figures of one feature: the state stays the same object when none moved.
    applyTotals: (totals) =>
      update(null, (list, s) =>
        orSame(
          s,
          each(list, s, (f, state) => (f.applyTotals ? f.applyTotals(state, totals) : state)),
        ),
      ),
    applyLiveCounts: (live) => update(null, (list, s) => each(list, s, (f, state) => (f.applyCatchUp ? f.applyCatchUp(state, live) : state))),
    setMyUpvote: (questionId, up) =>
      set(({ qa }) => ({
        qa: { ...qa, myUpvotes: up ? [...new Set([...qa.myUpvotes, questionId])] : qa.myUpvotes.filter((id) => id !== questionId) },
      })),
    setMyBallot: (pollId, choice, rev) => set(({ polls }) => ({ polls: withMyBallot(polls, pollId, choice, rev) })),
  };
};

let toastSeq = 0;
const uiSlice: Slice<UiSlice> = (set) => ({
  ui: { day: null, room: null, toasts: [] },
  selectDay: (day) => set((s) => ({ ui: { ...s.ui, day } })),
  selectRoom: (room) => set((s) => ({ ui: { ...s.ui, room } })),
  toast: (kind, text, action) =>
    set((s) => ({
      ui: {
        ...s.ui,
        toasts: [...s.ui.toasts.filter((t) => !sameWords(t.text, text)), { id: ++toastSeq, kind, text, ...(action ? { action } : {}) }].slice(-4),
      },
    })),
  dismissToast: (id) => set((s) => ({ ui: { ...s.ui, toasts: s.ui.toasts.filter((t) => t.id !== id) } })),
});

export const useApp = create<AppState>()((...a) => ({
  ...connectionSlice(...a),
  ...sessionSlice(...a),
  ...featuresSlice(...a),
  ...uiSlice(...a),
  /** Forgets the session (a new token connects): the next sync asks for a snapshot. Links keep their revision. */
  reset: () => {
    // What waited for the features' code was the previous session's.
    waiting = [];
    a[0]((s) => ({
      connection: initialConnection,
      session: { me: null, event: null, notice: null },
      ...initialFeatureStates(),
      links: s.links,
      ui: { ...s.ui, toasts: [] },
    }));
  },
}));
