/** Store keys of the polls. */
export const POLLS = {
  ids: 'polls:ids',
  poll: (id: string) => `poll:${id}`,
  ballot: (pollId: string, voterId: string) => `ballot:${pollId}:${voterId}`,
  tally: (pollId: string) => `tally:${pollId}`,
  /** One counter per poll, raised by every vote and by every control: the live stream sends the tallies that moved. */
  ticks: 'polls:ticks',
  /** Voters of an open-text poll, to list their answers. */
  answerers: (pollId: string) => `answers:${pollId}`,
  /** The voters whose ballots the chair set aside (P15), to count them again. Attendee ids only. */
  discounted: (pollId: string) => `polldisc:${pollId}`,
  /** A poll's votes in this process's record of network addresses (`server/core/origins.ts`). */
  origin: (epoch: string, eventId: string, pollId: string) => `${epoch}|${eventId}|p:${pollId}`,
};
/** The field of a poll's tally counter that every vote raises. */
export const TICK = '_tick';
