// Every size and rate limit in one place, used by the server (to refuse) and the client (to guide).
export const LIMITS = {
  nameMax: 60,
  eventCodeMax: 16,
  titleMax: 300,
  textMax: 2_000,
  personsPerItem: 40,
  keyTopicsPerItem: 20,
  itemsPerProgramme: 500,
  roomsPerProgramme: 50,
  daysPerProgramme: 14,
  idMax: 64,
  opIdMax: 64,
  /** Socket.IO frame limit; the programme import goes over HTTP with its own limit. */
  socketMaxBytes: 64 * 1024,
  importMaxBytes: 1024 * 1024,
  /** How many recent changes the store keeps for catch-up; older gaps get a snapshot. */
  changeLogKeep: 5_000,
  /**
   * How long a mutation's operation id is remembered (a retry within it returns the first reply). The app retries
   * for at most ~25 s (4 tries, 5-s ack timeout, growing pauses); 15 minutes covers that many times over and bounds
   * the memory: a plenary's 2,500 votes a second would otherwise keep hundreds of millions of replies a day. Redis
   * keeps each reply exactly this long; the embedded store between half of it and all of it (two generations).
   */
  opIdTtlSeconds: 15 * 60,
  /** Events a second before RATE_LIMITED (a bucket of this many, refilled at this rate): per attendee session, its tabs sharing it; per socket for role links. */
  eventsPerSocketPerSecond: 20,
  joinsPerAddressPerMinute: 600,
  ackTimeoutMs: 5_000,
  questionMin: 3,
  questionMax: 500,
  replyMax: 1_000,
  questionsPerAttendeePerMinute: 5,
  /** A room takes at most this many questions (all statuses); one more is refused with TOO_MANY (Q22). */
  questionsPerRoom: 2_000,
  /**
   * Per network address and event, a minute (Q23). Sized so that a company of 300 behind one NAT address is never
   * stopped: each of the 300 may ask 2 questions, upvote 20 and vote 10 times in the same minute, more than an
   * audience does (a 2,500-seat plenary gathers a few hundred questions in a whole session; a poll takes one vote,
   * a word cloud a few). What they stop is a script behind many throwaway identities: 430 of them asked 2,150
   * questions in 1.4 s.
   */
  questionsPerAddressPerMinute: 600,
  upvotesPerAddressPerMinute: 6_000,
  votesPerAddressPerMinute: 3_000,
  /** The chair's Incoming list comes in pages of this many pending questions per room (the oldest first; Q24). */
  pendingPage: 50,
  queueMax: 200,
  pollQuestionMax: 300,
  pollOptionsMax: 12,
  pollOptionMax: 120,
  pollsPerRoom: 100,
  wordMax: 30,
  wordsPerVote: 3,
  openTextMax: 500,
  /**
   * The distinct words of a word cloud that are shown and sent (the most counted; P9, P13): a snapshot or live push
   * of a cloud carries at most this many, however many words an audience types. 60 fills a cloud on a projector.
   */
  wordCloudTop: 60,
  ratingMaxSteps: 11,
  /** A breakout summary: one section's Markdown, all sections together, a reviewer's comment, the versions kept. */
  summarySectionMax: 6_000,
  summaryTextMax: 16_000,
  summaryCommentMax: 500,
  summaryVersionsKept: 50,
  /** Upvote counts and tallies reach clients at most this often per event (coalesced, never one per vote). */
  flushIntervalMs: 250,
  /** Breakouts: the largest capacity an organiser can set, and a key-topic contribution's length and rate. */
  breakoutCapacityMax: 100_000,
  contributionMin: 3,
  contributionMax: 500,
  contributionsPerAttendeePerMinute: 5,
  /** A pause's message to attendees, a ban's reason. */
  moderationMessageMax: 200,
  /** A browser's device id, sent with every connection (moderation: a banned device cannot join again). */
  deviceIdMax: 64,
  chatMessageMax: 500,
  /** A room's chat history is kept in pages of this many messages, the last `chatPagesKept` of them (older ones live on only in the record). */
  chatPageSize: 25,
  chatPagesKept: 8,
  /** Per attendee and per address: messages (and reactions) within `chatRateWindowSeconds`. */
  chatMessagesPerAttendee: 5,
  chatMessagesPerAddress: 30,
  chatReactionsPerAttendee: 30,
  chatRateWindowSeconds: 10,
  chatSlowMaxSeconds: 600,
  chatMuteMinSeconds: 10,
  chatMuteMaxSeconds: 24 * 60 * 60,
  chatMuteReasonMax: 200,
  /** A run of more emoji than this in a message is cut (FAULTS.md 21). */
  chatEmojiRunMax: 12,
  /** Sockets one attendee session keeps per process (a few tabs); a newer one closes the oldest. */
  socketsPerSession: 5,
  /** A backup file as uploaded (gzip), and once unpacked: a large event with a long chat record fits many times over. */
  backupMaxBytes: 32 * 1024 * 1024,
  backupMaxUnpackedBytes: 128 * 1024 * 1024,
  /** Days a finished event keeps people's names and texts (the organiser chooses within min..max; docs/PRIVACY.md). */
  retentionDefaultDays: 30,
  retentionMinDays: 1,
  retentionMaxDays: 365,
  /** An attendee's downloads and deletes of their own data, per `privacyRateWindowSeconds`. */
  privacyRequestsPerAttendee: 5,
  privacyRateWindowSeconds: 60,
  /**
   * People waiting for one breakout: the slot's state carries its waiting lists and every choice of the slot rewrites
   * it, so they are bounded (about 100 bytes each); past this a choice of that breakout is refused (B13).
   */
  breakoutWaitingMax: 1_000,
} as const;
