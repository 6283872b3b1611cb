/**
 * The events that carry an operation id (the client adds one, the server dedupes by it), as a plain list: the
 * client reads it without loading zod, which would otherwise be on the attendee's first load only for this.
 * `messages.ts` derives the same set from the request schemas (`MUTATIONS`); a compile-time check there and
 * test/client/mutations.test.ts keep the two equal, so a new mutation cannot be left out of this list.
 */
export const MUTATION_NAMES = [
  'agenda:setLive',
  'links:issue',
  'links:revoke',
  'qa:ask',
  'qa:upvote',
  'qa:moderate',
  'qa:reply',
  'qa:edit',
  'qa:merge',
  'qa:withdraw',
  'qa:answerNow',
  'qa:queue',
  'qa:settings',
  'qa:discount',
  'poll:create',
  'poll:update',
  'poll:control',
  'poll:vote',
  'poll:discount',
  'session:rename',
  'breakouts:choose',
  'breakouts:leave',
  'breakouts:capacity',
  'breakouts:contribute',
  'breakouts:upvote',
  'breakouts:moderate',
  'summary:save',
  'summary:restore',
  'summary:review',
  'summary:reportBack',
  'summary:mark',
  'moderation:pause',
  'moderation:resume',
  'moderation:ban',
  'moderation:unban',
  'chat:post',
  'chat:react',
  'chat:moderate',
  'chat:pin',
  'chat:roomSettings',
  'chat:eventSettings',
  'chat:mute',
  'links:joinKey',
  'report:publish',
  'privacy:setRetention',
  'privacy:erase',
  'privacy:deleteMine',
] as const;
export type MutationName = (typeof MUTATION_NAMES)[number];

const names: ReadonlySet<string> = new Set(MUTATION_NAMES);
export const isMutation = (event: string): event is MutationName => names.has(event);
