import { create, type StateCreator } from 'zustand';
import { applyAgenda } from '../../../shared/domain/agenda';
import { applyCounts, applyQa, type QaState } from '../../../shared/domain/qa';
import { applyPoll, applyTally, type PollsState } from '../../../shared/domain/polls';
import type { AgendaEvent, AgendaState, Change, DomainEvent, EventMeta, LiveCounts, Me, Notice, Snapshot } from '../../../shared/protocol/messages';
import type { QaEvent, UpvoteCount } from '../../../shared/protocol/qa';
import type { Choice, PollEvent, Tally } from '../../../shared/protocol/polls';

/**
 * One store for the live session, made of per-feature slices. Every slice keeps its data under its own key
 * (`connection`, `session`, `agenda`, `ui`) so that selectors name what they read.
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
  };
  setStatus: (status: ConnectionStatus) => void;
  refuse: (reason: string) => void;
  setClockOffset: (ms: number) => void;
}

export interface SessionSlice {
  session: {
    me: Me | null;
    event: EventMeta | null;
    /** Bumped on every access change (links issued or revoked): the organiser view refetches its links. */
    linksRevision: number;
    /** A notice from the server that stays on screen (the data store was reset). */
    notice: Notice | null;
  };
  setNotice: (notice: Notice) => void;
}

/** Q&A: the questions this person may see, every room's Q&A settings, upvote counts, their own upvotes. */
export interface QaSlice {
  qa: QaState;
  /** Coalesced upvote counts (a count with an older tick than the one shown is dropped). */
  applyUpvoteCounts: (counts: Record<string, UpvoteCount>) => void;
  /** This person's upvote, shown at once; the ack or the next catch-up confirms it. */
  setMyUpvote: (questionId: string, up: boolean) => void;
}

/** Polls: the polls this person may see, the tallies they may see now, their own choices. */
export interface PollsSlice {
  polls: PollsState;
  applyTallies: (tallies: Tally[]) => void;
  setMyBallot: (pollId: string, choice: Choice) => void;
  /** A catch-up's current counts and tallies (they are not numbered changes). */
  applyLiveCounts: (live: LiveCounts) => void;
}

export interface AgendaSlice {
  agenda: AgendaState | null;
  /** Replaces everything with a snapshot (first sync, a new epoch, or a gap too old to fill). */
  loadSnapshot: (snapshot: Snapshot & { agenda: AgendaState }) => void;
  /** Applies the next change; the caller guarantees `change.seq === lastSeq + 1`. */
  applyChange: (change: Change) => void;
}

export type ToastKind = 'info' | 'error';
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

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
  toast: (kind: ToastKind, text: string) => void;
  dismissToast: (id: number) => void;
}

export type AppState = ConnectionSlice & SessionSlice & AgendaSlice & QaSlice & PollsSlice & UiSlice & { reset: () => void };
type Slice<T> = StateCreator<AppState, [], [], T>;

const initialConnection: ConnectionSlice['connection'] = {
  status: 'connecting',
  epoch: null,
  lastSeq: 0,
  clockOffset: 0,
  refusal: null,
};

const connectionSlice: Slice<ConnectionSlice> = (set) => ({
  connection: initialConnection,
  setStatus: (status) =>
    set((s) => (s.connection.status === status || s.connection.status === 'refused' ? s : { connection: { ...s.connection, status } })),
  refuse: (reason) => set((s) => ({ connection: { ...s.connection, status: 'refused', refusal: reason } })),
  setClockOffset: (ms) => set((s) => ({ connection: { ...s.connection, clockOffset: ms } })),
});

const sessionSlice: Slice<SessionSlice> = (set) => ({
  session: { me: null, event: null, linksRevision: 0, notice: null },
  setNotice: (notice) => set((s) => ({ session: { ...s.session, notice } })),
});

const emptyQa: QaState = { rooms: {}, questions: {}, counts: {}, myUpvotes: [] };
const emptyPolls: PollsState = { polls: {}, tallies: {}, myBallots: {} };

export function isQaEvent(event: DomainEvent): event is QaEvent {
  return event.type.startsWith('qa.');
}
export function isPollEvent(event: DomainEvent): event is PollEvent {
  return event.type.startsWith('poll.');
}

const qaSlice: Slice<QaSlice> = (set) => ({
  qa: emptyQa,
  applyUpvoteCounts: (counts) => set((s) => ({ qa: applyCounts(s.qa, counts) })),
  setMyUpvote: (questionId, up) =>
    set((s) => ({ qa: { ...s.qa, myUpvotes: up ? [...new Set([...s.qa.myUpvotes, questionId])] : s.qa.myUpvotes.filter((id) => id !== questionId) } })),
});

const pollsSlice: Slice<PollsSlice> = (set) => ({
  polls: emptyPolls,
  applyTallies: (tallies) => set((s) => ({ polls: tallies.reduce(applyTally, s.polls) })),
  setMyBallot: (pollId, choice) => set((s) => ({ polls: { ...s.polls, myBallots: { ...s.polls.myBallots, [pollId]: choice } } })),
  applyLiveCounts: (live) =>
    set((s) => ({
      qa: applyCounts({ ...s.qa, myUpvotes: live.myUpvotes }, live.counts),
      polls: { ...Object.values(live.tallies).reduce(applyTally, s.polls), myBallots: live.myBallots },
    })),
});

export function isAgendaEvent(event: DomainEvent): event is AgendaEvent {
  return event.type === 'agenda.liveSet' || event.type === 'agenda.programmeReplaced';
}

/** access.* (links issued or revoked). Compared as text: the union grows as features land (qa.* next). */
export function isAccessEvent(event: DomainEvent): boolean {
  return String(event.type).startsWith('access.');
}

const agendaSlice: Slice<AgendaSlice> = (set) => ({
  agenda: null,
  loadSnapshot: (snapshot) =>
    set((s) => ({
      agenda: snapshot.agenda,
      qa: {
        rooms: snapshot.qa.rooms,
        questions: Object.fromEntries(snapshot.qa.questions.map((q) => [q.id, q])),
        counts: snapshot.qa.counts,
        myUpvotes: snapshot.qa.myUpvotes,
      },
      polls: { polls: Object.fromEntries(snapshot.polls.polls.map((p) => [p.id, p])), tallies: snapshot.polls.tallies, myBallots: snapshot.polls.myBallots },
      session: { ...s.session, me: snapshot.me, event: snapshot.event, linksRevision: s.session.linksRevision + 1 },
      connection: { ...s.connection, epoch: snapshot.epoch, lastSeq: snapshot.seq },
    })),
  applyChange: (change) =>
    set((s) => {
      const connection = { ...s.connection, lastSeq: change.seq };
      const event = change.event;
      if (!event) return { connection };
      if (isAgendaEvent(event)) return { connection, agenda: s.agenda ? applyAgenda(s.agenda, event) : s.agenda };
      if (isQaEvent(event)) return { connection, qa: applyQa(s.qa, event) };
      if (isPollEvent(event)) return { connection, polls: applyPoll(s.polls, event) };
      // access.* events matter only to the organiser view, which refetches its links when this number moves.
      if (isAccessEvent(event)) return { connection, session: { ...s.session, linksRevision: s.session.linksRevision + 1 } };
      return { connection };
    }),
});

let toastSeq = 0;
const uiSlice: Slice<UiSlice> = (set) => ({
  ui: { day: null, room: null, toasts: [] },
  selectDay: (day) => set((s) => ({ ui: { ...s.ui, day } })),
  selectRoom: (room) => set((s) => ({ ui: { ...s.ui, room } })),
  toast: (kind, text) =>
    set((s) => ({ ui: { ...s.ui, toasts: [...s.ui.toasts.filter((t) => t.text !== text), { id: ++toastSeq, kind, text }].slice(-4) } })),
  dismissToast: (id) => set((s) => ({ ui: { ...s.ui, toasts: s.ui.toasts.filter((t) => t.id !== id) } })),
});

export const useApp = create<AppState>()((...a) => ({
  ...connectionSlice(...a),
  ...sessionSlice(...a),
  ...agendaSlice(...a),
  ...qaSlice(...a),
  ...pollsSlice(...a),
  ...uiSlice(...a),
  /** Forgets the session (a new token connects): the next sync asks for a snapshot. */
  reset: () =>
    a[0]((s) => ({
      connection: initialConnection,
      session: { me: null, event: null, linksRevision: s.session.linksRevision, notice: null },
      agenda: null,
      qa: emptyQa,
      polls: emptyPolls,
      ui: { ...s.ui, toasts: [] },
    })),
}));
