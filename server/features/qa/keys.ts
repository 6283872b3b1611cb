/** Store keys of the Q&A: a document per question and per room, the upvoter set per question, the ids per room. */
export const QA = {
  room: (roomId: string) => `qa:room:${roomId}`,
  question: (id: string) => `q:${id}`,
  ids: (roomId: string) => `qa:ids:${roomId}`,
  upvoters: (id: string) => `up:${id}`,
  /** The upvoters the chair discounted (Q25): set aside from `upvoters` until counted again. Attendee ids only. */
  discounted: (id: string) => `updisc:${id}`,
  /** A question's upvotes in this process's record of network addresses (`server/core/origins.ts`). */
  origin: (epoch: string, eventId: string, id: string) => `${epoch}|${eventId}|q:${id}`,
  /** One counter per question, raised by every upvote change: the live stream sends the counts that moved. */
  ticks: 'qa:ticks',
};
