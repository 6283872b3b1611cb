import type { AgendaState } from '../../../shared/protocol/agenda';
import type { DomainEvent, LiveCounts, LiveTotals, Snapshot } from '../../../shared/protocol/messages';
import type { QaState } from '../../../shared/domain/qa';
import type { PollsState } from '../../../shared/domain/polls';
import type { BreakoutsState } from '../../../shared/domain/breakoutsState';
import type { SummariesState } from '../../../shared/domain/summaries';
import type { Ban, Pauses } from '../../../shared/protocol/moderation';
import type { ChatState } from '../../../shared/domain/chatState';

/** Each feature's part of the client's state, under its own key. */
export interface FeatureStates {
  agenda: AgendaState | null;
  links: LinksState;
  qa: QaState;
  polls: PollsState;
  breakouts: BreakoutsState;
  summaries: SummariesState;
  moderation: ModerationView;
  chat: ChatState;
}

export interface ModerationView {
  /** What is paused (everybody sees it: attendees are told why they are refused). */
  pauses: Pauses;
  /** The banned attendees, by id (staff only: empty for attendees). */
  bans: Record<string, Ban>;
}

export interface LinksState {
  /** Bumped on every access change (links issued or revoked) and snapshot: the organiser view refetches its links. */
  revision: number;
}

/**
 * A feature as the client's store sees it: how its part of the state starts, loads from a snapshot, and follows
 * its numbered changes and live totals. `client/src/features/index.ts` lists them; the store loops over that list,
 * so a new feature adds a file to its folder, a line there, and its starting state in `initial.ts`. Pure functions of its own state: no store, no I/O.
 */
export interface ClientFeature<K extends keyof FeatureStates> {
  key: K;
  /** Its part of a snapshot (the snapshot's programme is filled in by then). */
  fromSnapshot(snapshot: Snapshot & { agenda: AgendaState }, current: FeatureStates[K]): FeatureStates[K];
  /** Whether a numbered change is one of its events, and how it applies. */
  owns(event: DomainEvent): boolean;
  applyEvent(state: FeatureStates[K], event: DomainEvent): FeatureStates[K];
  /** The totals of a live message that are its own (counts, tallies). */
  applyTotals?(state: FeatureStates[K], totals: LiveTotals): FeatureStates[K];
  /** A catch-up's current totals, with this person's own marks. */
  applyCatchUp?(state: FeatureStates[K], live: LiveCounts): FeatureStates[K];
}

/** Declares a feature with its key's types checked. */
export const clientFeature = <K extends keyof FeatureStates>(feature: ClientFeature<K>): ClientFeature<K> => feature;
