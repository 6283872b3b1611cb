/**
 * The documents the exports read, by key: they are other features' (features do not import each other), as each
 * feature's own `keys.ts` names them, and the attendance documents of the live overview (`docs/ARCHITECTURE.md`).
 * The exports write nothing.
 */
export const QA_DOCS = {
  ids: (roomId: string) => `qa:ids:${roomId}`,
  question: (id: string) => `q:${id}`,
  upvoters: (id: string) => `up:${id}`,
};

export const POLL_DOCS = {
  ids: 'polls:ids',
  poll: (id: string) => `poll:${id}`,
  tally: (pollId: string) => `tally:${pollId}`,
  ballot: (pollId: string, voterId: string) => `ballot:${pollId}:${voterId}`,
  answerers: (pollId: string) => `answers:${pollId}`,
};

/** A room's full chat record: every message, deletion and approval, a JSON line each. */
export const CHAT_DOCS = { record: (roomId: string) => `chat:record:${roomId}` };

export const BREAKOUT_DOCS = {
  /** A slot's state (its waiting lists), who holds a place in each breakout, and each attendee's choice record. */
  slot: (slotId: string) => `bo:slot:${slotId}`,
  holders: (slotId: string, roomId: string) => `bo:in:${slotId}:${roomId}`,
  mine: (slotId: string, attendeeId: string) => `bo:mine:${slotId}:${attendeeId}`,
  ids: (roomId: string) => `bo:cids:${roomId}`,
  contribution: (id: string) => `bo:c:${id}`,
  upvoters: (id: string) => `bo:up:${id}`,
};

export const SUMMARY_DOCS = {
  summary: (roomId: string) => `summary:${roomId}`,
  published: (roomId: string) => `published:${roomId}`,
  marks: (roomId: string) => `markTally:${roomId}`,
};

export const ATTENDANCE_DOCS = {
  seen: 'att:seen',
  seenIn: (roomId: string) => `att:seen:${roomId}`,
  series: 'att:series',
  peak: 'att:peak',
};
