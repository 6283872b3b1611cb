/**
 * Store keys of the breakouts (their shapes are in shared/protocol/breakouts.ts; docs/ARCHITECTURE.md, "Breakouts",
 * lists them for features that read them by key).
 */
export const BREAKOUTS = {
  /** A slot's state (`SlotState`): capacities, places taken and waiting lists of its parallel breakouts. */
  slot: (slotId: string) => `bo:slot:${slotId}`,
  /** The ids of the slots that have a state document. */
  slotIds: 'bo:slots',
  /** One attendee's choice in a slot (`ChoiceRecord`): the place they hold (name, since when), the breakout they wait for. */
  mine: (slotId: string, attendeeId: string) => `bo:mine:${slotId}:${attendeeId}`,
  /** The attendees who hold a place in a breakout of a slot. */
  holders: (slotId: string, roomId: string) => `bo:in:${slotId}:${roomId}`,
  /** A key-topic contribution (`Contribution`). */
  contribution: (id: string) => `bo:c:${id}`,
  /** The ids of a breakout room's contributions. */
  ids: (roomId: string) => `bo:cids:${roomId}`,
  /** The attendees who upvoted a contribution (one membership each). */
  upvoters: (id: string) => `bo:up:${id}`,
  /** One counter per contribution, raised by every upvote change: the live stream sends the counts that moved. */
  ticks: 'bo:ticks',
  /** The Q&A's settings of a room, read for its pre-moderation setting (absent: on, as the Q&A's default). */
  qaRoom: (roomId: string) => `qa:room:${roomId}`,
};
