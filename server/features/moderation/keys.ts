/** The moderation document: the pauses and the bans of one event (`shared/protocol/moderation.ts`). */
export const MODERATION = { doc: 'moderation' };

/**
 * Other features' documents read by key (features do not import each other): a request that names an item instead
 * of a room (an upvote names a question, a vote a poll) is in the item's room. A feature whose requests name an item
 * of its own (chat's messages, for a reaction) adds its field and key here, so that a paused room refuses them too.
 */
export const ITEM_ROOMS: readonly (readonly [field: string, key: (id: string) => string])[] = [
  ['questionId', (id) => `q:${id}`],
  ['pollId', (id) => `poll:${id}`],
  // A key-topic contribution (breakouts' `bo:c:<id>`), for an upvote on it.
  ['contributionId', (id) => `bo:c:${id}`],
];

/**
 * Requests whose room is the plenary's whatever room they name: a mark on a breakout's summary is made during the
 * report-back, which runs in the plenary (the room is found in the agenda, read only while a room is paused).
 */
export const PLENARY_REQUESTS: ReadonlySet<string> = new Set(['summary:mark']);
