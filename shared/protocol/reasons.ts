/**
 * The closed set of reasons a refusal can give, each with the type of its parameters. A failure says what went
 * wrong twice: its code (`errors.ts`, for what to do: retry, reload, show the current state) and its reason (for
 * the words: the client owns them, one entry per reason in `client/src/lib/failures.ts`, so that it can say them
 * in the person's language). The server still writes an English `message` for logs and HTTP API users.
 *
 * Parameters are strings and numbers only, named so that a translation can place them anywhere in its sentence.
 * Plain TypeScript, types only: nothing here reaches the client's bundle.
 *
 * Adding a reason: add it here, give it words in the client's table (a compile error until then), and use it
 * with its parameters in `fail()` or `new DomainError()`. A reason's meaning never changes once shipped; a new
 * meaning is a new id.
 */

/** No parameters. */
type None = Record<string, never>;

export type Reasons = {
  // ---- events, rooms, programme items --------------------------------------------------------------------------
  'event.notFound': None;
  /** No event has this join code. */
  'event.codeUnknown': { code: string };
  /** `room` is the room's id, as the request named it. */
  'room.notFound': { room: string };
  /** `item` is the item's id, as the request named it. */
  'item.notFound': { item: string };
  /** `item` is the item's title, `room` the room's name. */
  'agenda.itemOtherRoom': { item: string; room: string };
  /** `room` is the room's name. */
  'agenda.chairOnly': { room: string };
  'programme.organiserOnly': None;
  /** `issue` is the first problem found (a field's path and what is wrong with it, in English). */
  'programme.invalid': { issue: string };

  // ---- joining, names, tokens and links ------------------------------------------------------------------------
  /** `name` is the display name as typed (cleaned). */
  'name.reserved': { name: string };
  /** The name is that of one of the event's staff (a chair of its programme); `name` as above. */
  'name.staff': { name: string };
  'join.rateLimited': None;
  'token.missing': None;
  'token.invalid': None;
  'token.noEvent': None;
  'token.noAttendee': None;
  'link.malformed': None;
  'link.expired': None;
  'link.revoked': None;
  'link.notFound': None;
  'link.exists': None;
  'link.revokeOwn': None;
  'link.issueOrganiserOnly': None;
  'link.revokeOrganiserOnly': None;
  /** The link was issued but could not be read back (INTERNAL). */
  'link.lostAfterIssue': None;
  'export.staffOnly': None;
  /** The event lets new attendees in only through the organiser's join link (L9). */
  'join.linkRequired': None;
  /** The session has more than `max` tabs open: this one, the oldest, was closed. */
  'session.tooManyTabs': { max: number };

  // ---- Q&A -----------------------------------------------------------------------------------------------------
  'question.notFound': None;
  'question.empty': None;
  'question.merged': None;
  /** Another moderator changed the question (VERSION_CONFLICT). */
  'question.changed': None;
  /** `max` questions a minute per attendee. */
  'qa.askRateLimited': { max: number };
  /** The room holds its maximum of questions (TOO_MANY); `max` is that maximum. */
  'qa.roomFull': { max: number };
  /** The asker's network address used its budget of questions a minute (RATE_LIMITED); `max` is the budget. */
  'qa.askAddressLimited': { max: number };
  /** The network address used its budget of upvotes a minute (RATE_LIMITED). */
  'qa.upvoteAddressLimited': None;
  /** No network stands out among the question's upvotes (nothing to discount), or none is discounted (nothing to count again). */
  'qa.nothingToDiscount': None;
  /** `target` is the name the question was addressed to. */
  'qa.targetNotSpeaker': { target: string };
  'qa.upvoteUnpublished': None;
  /** The asker upvoting their own question. */
  'qa.upvoteOwn': None;
  'qa.chairOnly': None;
  /** `status` is the question's status (pending, live, answered, dismissed); `action` the moderation action (approve, dismiss, restore, star, unstar, answered, reopen). */
  'qa.badTransition': { status: string; action: string };
  'qa.mergeSelf': None;
  'qa.mergeRooms': None;
  'qa.mergeDismissed': None;
  'qa.otherRoom': None;
  'qa.highlightUnpublished': None;
  /** Another moderator changed the room's queue (VERSION_CONFLICT). */
  'qa.queueChanged': None;
  'qa.queueDuplicate': None;
  'qa.queueNotLive': None;
  /** Somebody other than the attendee who asked it withdrawing a question (Q21). */
  'qa.withdrawOwnOnly': None;
  /** `status` is the question's status: only a pending or live one can be withdrawn (Q21). */
  'qa.withdrawClosed': { status: string };

  // ---- polls ---------------------------------------------------------------------------------------------------
  'poll.notFound': None;
  'poll.chairOnly': None;
  /** Someone else changed the poll (VERSION_CONFLICT). */
  'poll.changed': None;
  'poll.started': None;
  'poll.moveRoom': None;
  'poll.deleteOpen': None;
  /** `status` is the poll's status (draft, open, closed); `action` the control (launch, close, reopen, reveal, hide, showAnswers, hideAnswers). */
  'poll.badTransition': { status: string; action: string };
  'poll.noAnswers': None;
  /** `item` is the programme item's id, as the request named it. */
  'poll.itemNotInRoom': { item: string };
  /** `type` is the poll's type (single, multiple, rating, wordcloud, open, ranking). */
  'poll.wrongType': { type: string };
  'poll.unknownOption': None;
  'poll.tooManyPicks': { max: number };
  'poll.rateRange': { min: number; max: number };
  'poll.noWord': None;
  /** `max` characters. */
  'poll.wordTooLong': { max: number };
  'poll.noAnswer': None;
  'poll.rankingIncomplete': None;
  'poll.notStarted': None;
  'poll.closed': None;
  /** The voter's network address used its budget of votes a minute (RATE_LIMITED). */
  'poll.voteAddressLimited': None;
  /** No network stands out among the poll's votes (nothing to discount), or none is discounted (nothing to count again). */
  'poll.nothingToDiscount': None;

  // ---- requests --------------------------------------------------------------------------------------------------
  /** A field failed its schema; `field` is its path (`choice.words.0`), empty for the whole request. */
  'input.invalid': { field: string };
  /** A field is longer or larger than allowed; `field` as above. */
  'input.tooLarge': { field: string };
  'action.unknown': None;
  'role.forbidden': None;
  'rate.tooFast': None;
  'request.notJson': None;
  'request.jsonRequired': None;
  'request.tooLarge': None;
  'file.tooLarge': None;

  // ---- the server ------------------------------------------------------------------------------------------------
  'version.outdated': None;
  'server.restarting': None;
  'server.unavailable': None;
  /** Too many conflicting writes at once: the command gave up. */
  'server.busy': None;
  'server.internal': None;

  // ---- breakout summaries ---------------------------------------------------------------------------------------
  'summary.rapporteurOnly': None;
  'summary.reviewerOnly': None;
  'summary.plenaryChairOnly': None;
  /** `room` is the room's id, as the request named it. */
  'summary.notBreakout': { room: string };
  'summary.sectionIds': None;
  'summary.tooLong': { max: number };
  /** Someone saved `version` meanwhile: the save was written on an older one. */
  'summary.conflict': { version: number };
  'summary.changed': None;
  'summary.inReview': None;
  'summary.versionGone': { version: number };
  'summary.badTransition': { status: string; action: string };
  'summary.commentNeeded': None;
  'summary.notPublished': None;
  'summary.reportBackOff': None;
  'summary.pointGone': None;
  // ---- moderation (pauses and bans) --------------------------------------------------------------------------
  /** SUSPENDED: attendee input is paused for the whole event; `message` is the staff's words for attendees ('' when none). */
  'moderation.eventPaused': { message: string };
  /** SUSPENDED: attendee input is paused in this room; `room` is the room's name, `message` as above. */
  'moderation.roomPaused': { room: string; message: string };
  /** BANNED: the person was banned from the event; `message` is the reason they are shown. */
  'moderation.banned': { message: string };
  /** Only the organiser or a chair of the plenary pauses the whole event. */
  'moderation.pauseEventForbidden': None;
  /** `room` is the room's name: only its chair or the organiser pauses it. */
  'moderation.pauseRoomForbidden': { room: string };
  'moderation.banForbidden': None;
  /** Only attendees are banned; staff links are revoked instead. */
  'moderation.banStaff': None;

  // ---- made by the client itself (never sent by the server) ------------------------------------------------------
  'net.notConnected': None;
  'net.noAnswer': None;
  'net.unreachable': None;
  'net.joinCancelled': None;
  'net.unexpectedAnswer': None;
  'net.notFound': None;
  /** An HTTP status without a JSON answer (a proxy's error page). */
  'net.httpStatus': { status: number };

  // ---- breakouts -------------------------------------------------------------------------------------------------
  /** `slot` is the slot's id, as the request named it. */
  'breakouts.slotNotFound': { slot: string };
  /** `room` is the room's id, as the request named it: not a breakout of that slot. */
  'breakouts.notFound': { room: string };
  /** The slot has ended: the choice no longer changes. */
  'breakouts.closed': None;
  'breakouts.attendeesOnly': None;
  'breakouts.organiserOnly': None;
  /** `topic` is the key topic's number (1 for the first). */
  'breakouts.topicNotFound': { topic: number };
  'breakouts.contributionNotFound': None;
  'breakouts.contributionEmpty': None;
  /** `max` contributions a minute. */
  'breakouts.contributeRateLimited': { max: number };
  'breakouts.upvoteUnpublished': None;
  'breakouts.upvoteOwn': None;
  'breakouts.chairOnly': None;
  'breakouts.contributionChanged': None;
  'breakouts.badTransition': { status: string; action: string };
  /** The breakout's waiting list holds `max` people (LIMITS.breakoutWaitingMax). */
  'breakouts.waitingFull': { max: number };
  // ---- chat ----------------------------------------------------------------------------------------------------
  /** `max` messages within `seconds` per attendee. */
  'chat.rateLimited': { max: number; seconds: number };
  /** Too many messages from one network address. */
  'chat.addressRateLimited': None;
  'chat.reactRateLimited': None;
  /** Slow mode: one message every `seconds` per attendee (RATE_LIMITED with retryAfter). */
  'chat.slowMode': { seconds: number };
  /** `until` is when the mute ends (epoch ms), `reason` the chair's words. */
  'chat.muted': { until: number; reason: string };
  'chat.staffOnly': None;
  'chat.closed': None;
  'chat.empty': None;
  'chat.messageNotFound': None;
  'chat.reactHeld': None;
  'chat.chairOnly': None;
  'chat.alreadyMoved': None;
  'chat.notHeld': None;
  'chat.pinHeld': None;
  /** A message shorter than a question may be (`min` characters) cannot become one. */
  'chat.tooShortForQuestion': { min: number };

  // ---- the end-of-event report ---------------------------------------------------------------------------------
  'report.organiserOnly': None;
  'report.notPublished': None;
  /** No Chromium on the server to print the PDF with. */
  'report.pdfUnavailable': None;
  /** Several PDFs are waiting already (RATE_LIMITED with retryAfter). */
  'report.pdfBusy': None;
  'report.pdfTimeout': None;

  // ---- exports -------------------------------------------------------------------------------------------------
  'exports.organiserOnly': None;
  /** `table` is the table's name as the request wrote it. */
  'exports.tableUnknown': { table: string };

  // ---- backups ------------------------------------------------------------------------------------------------------
  'backup.organiserOnly': None;
  /** An import needs the instance's admin token (`ADMIN_TOKEN`). */
  'backup.adminOnly': None;
  /** No `ADMIN_TOKEN` is set: this instance takes no imports. */
  'backup.importOff': None;
  /** `issue` is the first problem found (in English). */
  'backup.invalidFile': { issue: string };
  /** The file was made by a version of the app speaking protocol `version`. */
  'backup.otherVersion': { version: number };
  /** `code` is the event code that another event of this instance has. */
  'backup.codeTaken': { code: string };
  'backup.codeInvalid': { max: number };
  /** `max` is in megabytes. */
  'backup.tooLarge': { max: number };
  /** The retention is kept between `min` and `max` days. */
  'privacy.retentionRange': { min: number; max: number };
  'privacy.conflict': None;
  /** Too many downloads or deletes of one's own data (RATE_LIMITED with retryAfter). */
  'privacy.rateLimited': None;
};

export type ReasonId = keyof Reasons;

/** Any reason's parameters, as they travel. */
export type ReasonParams = Record<string, string | number>;

/**
 * A reason and its parameters, checked together: `{ reason: 'poll.rateRange', params: { min: 1, max: 5 } }`;
 * `params` may be left out when the reason has none.
 */
export type Because = {
  [R in ReasonId]: Reasons[R] extends None ? { reason: R; params?: Reasons[R] } : { reason: R; params: Reasons[R] };
}[ReasonId];
