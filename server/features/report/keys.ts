/**
 * The report's own document, and the other features' documents it reads by key (features do not import each other:
 * these are the keys their `keys.ts` and docs/ARCHITECTURE.md name; the attendance ones are the live overview's).
 */
export const REPORT = {
  /** Whether the organiser published the report (`ReportPublication`). */
  publication: 'report',
};

/** Other features' documents, by key. */
export const READS = {
  qaIds: (roomId: string) => `qa:ids:${roomId}`,
  question: (id: string) => `q:${id}`,
  upvoters: (id: string) => `up:${id}`,
  pollIds: 'polls:ids',
  poll: (id: string) => `poll:${id}`,
  tally: (pollId: string) => `tally:${pollId}`,
  answerers: (pollId: string) => `answers:${pollId}`,
  ballot: (pollId: string, voterId: string) => `ballot:${pollId}:${voterId}`,
  published: (roomId: string) => `published:${roomId}`,
  markTally: (roomId: string) => `markTally:${roomId}`,
  chatRecord: (roomId: string) => `chat:record:${roomId}`,
  /** Who holds a place in a breakout of a slot (its size: the places taken). */
  holders: (slotId: string, roomId: string) => `bo:in:${slotId}:${roomId}`,
  contributionIds: (roomId: string) => `bo:cids:${roomId}`,
  contribution: (id: string) => `bo:c:${id}`,
  /** The attendance record: who connected, who followed each room, a sample a minute. Absent: nothing recorded. */
  seen: 'att:seen',
  seenIn: (roomId: string) => `att:seen:${roomId}`,
  series: 'att:series',
};
