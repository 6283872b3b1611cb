import type { BreakoutsEvent, Contribution, MyChoice, SlotSeats } from '../protocol/breakouts';
import type { UpvoteCount } from '../protocol/qa';

/**
 * The client's view of the breakouts: the store's breakouts part and its reducers. Apart from the rules
 * (breakouts.ts), so that the attendee's first load, which carries every feature's slice, carries only these.
 */

export interface BreakoutsState {
  /** This person's id (from the snapshot): a change to another attendee's choice (seen by staff) is not theirs. */
  me: string | null;
  seats: Record<string, SlotSeats>;
  mine: Record<string, MyChoice>;
  contributions: Record<string, Contribution>;
  counts: Record<string, UpvoteCount>;
  myUpvotes: string[];
  /** The breakout a freed place just came to (the slot's id and the room), for the notice; null once seen. */
  promotedTo: { slotId: string; roomId: string } | null;
}

/** Applies a change, unless the state already holds a newer revision (a snapshot read after it). */
export function applyBreakouts(state: BreakoutsState, event: BreakoutsEvent): BreakoutsState {
  switch (event.type) {
    case 'breakouts.seats': {
      const known = state.seats[event.seats.slotId];
      if (known && known.rev > event.seats.rev) return state;
      return { ...state, seats: { ...state.seats, [event.seats.slotId]: event.seats } };
    }
    case 'breakouts.mine': {
      if (event.mine.attendeeId !== state.me) return state;
      const known = state.mine[event.mine.slotId];
      if (known && known.rev > event.mine.rev) return state;
      const promotedTo = event.promoted && event.mine.roomId ? { slotId: event.mine.slotId, roomId: event.mine.roomId } : state.promotedTo;
      return { ...state, mine: { ...state.mine, [event.mine.slotId]: event.mine }, promotedTo };
    }
    case 'breakouts.contributed':
    case 'breakouts.contributionChanged': {
      const known = state.contributions[event.contribution.id];
      if (known && known.rev > event.contribution.rev) return state;
      return { ...state, contributions: { ...state.contributions, [event.contribution.id]: event.contribution } };
    }
  }
}

/** Newer counts replace older ones; a count with a lower tick than the one held is older and ignored. */
export function applyContributionCounts(state: BreakoutsState, counts: Record<string, UpvoteCount>): BreakoutsState {
  let next: Record<string, UpvoteCount> | null = null;
  for (const [id, c] of Object.entries(counts)) {
    const known = state.counts[id];
    if (known && known.tick > c.tick) continue;
    (next ??= { ...state.counts })[id] = c;
  }
  return next ? { ...state, counts: next } : state;
}
