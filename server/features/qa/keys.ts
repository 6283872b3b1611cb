/** Store keys of the Q&A: a document per question and per room, the upvoter set per question, the ids per room. */
export const QA = {
  room: (roomId: string) => `qa:room:${roomId}`,
  question: (id: string) => `q:${id}`,
  ids: (roomId: string) => `qa:ids:${roomId}`,
  upvoters: (id: string) => `up:${id}`,
  /** One counter per question, raised by every upvote change: the live stream sends the counts that moved. */
  ticks: 'qa:ticks',
};
