import type { MessageKey, MessageValues } from '../../../shared/locales/catalogue';
import { t } from '../i18n/i18n';
import type { Notice } from '../../../shared/protocol/messages';
import { fail, type ErrorCode, type Failure, type ReasonId, type ReasonParams, type Reasons, type Why } from '../../../shared/protocol/errors';

/**
 * The words of a refusal. The server sends a code, a reason and its parameters (`shared/protocol/reasons.ts`);
 * the words are the client's, in the person's language, from the `errors` catalogue.
 *
 * One entry per reason: its message key, or a function from its parameters to the key and the message's values.
 * The table's type names every reason, so a reason added without words is a compile error; the keys are written
 * out in full so that the catalogue check finds each one used.
 */
type Words<P> = MessageKey | ((params: P) => readonly [MessageKey, MessageValues?]);
type ReasonWords = { [R in ReasonId]: Words<Reasons[R]> };

export const REASON_WORDS: ReasonWords = {
  'event.notFound': 'errors.eventNotFound',
  'event.codeUnknown': (p) => ['errors.eventCodeUnknown', p],
  'room.notFound': (p) => ['errors.roomNotFound', p],
  'item.notFound': (p) => ['errors.itemNotFound', p],
  'agenda.itemOtherRoom': (p) => ['staffErrors.agendaItemOtherRoom', p],
  'agenda.chairOnly': (p) => ['staffErrors.agendaChairOnly', p],
  'programme.organiserOnly': 'staffErrors.programmeOrganiserOnly',
  'programme.invalid': (p) => ['staffErrors.programmeInvalid', p],
  'name.reserved': (p) => ['errors.nameReserved', p],
  'name.staff': (p) => ['errors.nameStaff', p],
  'join.rateLimited': 'errors.joinRateLimited',
  'session.tooManyTabs': (p) => ['errors.sessionTooManyTabs', p],
  'join.linkRequired': 'errors.joinLinkRequired',
  'token.missing': 'errors.tokenMissing',
  'token.invalid': 'errors.tokenInvalid',
  'token.noEvent': 'errors.tokenNoEvent',
  'token.noAttendee': 'errors.tokenNoAttendee',
  'link.malformed': 'staffErrors.linkMalformed',
  'link.expired': 'staffErrors.linkExpired',
  'link.revoked': 'staffErrors.linkRevoked',
  'link.notFound': 'staffErrors.linkNotFound',
  'link.exists': 'staffErrors.linkExists',
  'link.revokeOwn': 'staffErrors.linkRevokeOwn',
  'link.issueOrganiserOnly': 'staffErrors.linkIssueOrganiserOnly',
  'link.revokeOrganiserOnly': 'staffErrors.linkRevokeOrganiserOnly',
  'link.lostAfterIssue': 'staffErrors.linkLostAfterIssue',
  'export.staffOnly': 'staffErrors.exportStaffOnly',
  'question.notFound': 'errors.questionNotFound',
  'question.empty': 'errors.questionEmpty',
  'question.merged': 'errors.questionMerged',
  'question.changed': 'errors.questionChanged',
  'qa.askRateLimited': (p) => ['errors.askRateLimited', p],
  'qa.roomFull': (p) => ['errors.qaRoomFull', p],
  'qa.askAddressLimited': 'errors.askAddressLimited',
  'qa.upvoteAddressLimited': 'errors.upvoteAddressLimited',
  'qa.nothingToDiscount': 'staffErrors.nothingToDiscount',
  'qa.targetNotSpeaker': (p) => ['errors.targetNotSpeaker', p],
  'qa.upvoteUnpublished': 'errors.upvoteUnpublished',
  'qa.upvoteOwn': 'errors.upvoteOwn',
  'qa.chairOnly': 'staffErrors.qaChairOnly',
  'qa.badTransition': (p) => ['staffErrors.questionBadTransition', p],
  'qa.mergeSelf': 'staffErrors.mergeSelf',
  'qa.mergeRooms': 'staffErrors.mergeRooms',
  'qa.mergeDismissed': 'staffErrors.mergeDismissed',
  'qa.otherRoom': 'staffErrors.qaOtherRoom',
  'qa.highlightUnpublished': 'staffErrors.highlightUnpublished',
  'qa.queueChanged': 'staffErrors.queueChanged',
  'qa.queueDuplicate': 'staffErrors.queueDuplicate',
  'qa.queueNotLive': 'staffErrors.queueNotLive',
  'qa.withdrawOwnOnly': 'errors.withdrawOwnOnly',
  'qa.withdrawClosed': (p) => ['errors.withdrawClosed', p],
  'poll.notFound': 'errors.pollNotFound',
  'poll.chairOnly': 'staffErrors.pollChairOnly',
  'poll.changed': 'staffErrors.pollChanged',
  'poll.started': 'staffErrors.pollStarted',
  'poll.moveRoom': 'staffErrors.pollMoveRoom',
  'poll.deleteOpen': 'staffErrors.pollDeleteOpen',
  'poll.badTransition': (p) => ['staffErrors.pollBadTransition', p],
  'poll.noAnswers': 'staffErrors.pollNoAnswers',
  'poll.itemNotInRoom': (p) => ['staffErrors.pollItemNotInRoom', p],
  'poll.wrongType': (p) => ['errors.pollWrongType', p],
  'poll.unknownOption': 'errors.pollUnknownOption',
  'poll.tooManyPicks': (p) => ['errors.pollTooManyPicks', p],
  'poll.rateRange': (p) => ['errors.pollRateRange', p],
  'poll.noWord': 'errors.pollNoWord',
  'poll.wordTooLong': (p) => ['errors.pollWordTooLong', p],
  'poll.noAnswer': 'errors.pollNoAnswer',
  'poll.rankingIncomplete': 'errors.pollRankingIncomplete',
  'poll.notStarted': 'errors.pollNotStarted',
  'poll.closed': 'errors.pollClosed',
  'poll.voteAddressLimited': 'errors.voteAddressLimited',
  'poll.nothingToDiscount': 'staffErrors.nothingToDiscountVotes',
  'input.invalid': ({ field }) => (field ? ['errors.inputInvalidField', { field }] : ['errors.inputInvalid']),
  'input.tooLarge': ({ field }) => (field ? ['errors.inputTooLargeField', { field }] : ['errors.inputTooLarge']),
  'action.unknown': 'errors.actionUnknown',
  'role.forbidden': 'errors.roleForbidden',
  'rate.tooFast': 'errors.rateTooFast',
  'request.notJson': 'errors.requestNotJson',
  'request.jsonRequired': 'errors.requestJsonRequired',
  'request.tooLarge': 'errors.requestTooLarge',
  'file.tooLarge': 'staffErrors.fileTooLarge',
  'version.outdated': 'errors.versionOutdated',
  'server.restarting': 'errors.serverRestarting',
  'server.unavailable': 'errors.serverUnavailable',
  'server.busy': 'errors.serverBusy',
  'server.internal': 'errors.serverInternal',
  'net.notConnected': 'errors.netNotConnected',
  'net.noAnswer': 'errors.netNoAnswer',
  'net.unreachable': 'errors.netUnreachable',
  'net.joinCancelled': 'errors.netJoinCancelled',
  'net.unexpectedAnswer': 'errors.netUnexpectedAnswer',
  'net.notFound': 'errors.netNotFound',
  'net.httpStatus': (p) => ['errors.netHttpStatus', p],
  'breakouts.slotNotFound': 'breakouts.errorSlotNotFound',
  'breakouts.notFound': 'breakouts.errorNotFound',
  'breakouts.closed': 'breakouts.errorClosed',
  'breakouts.attendeesOnly': 'breakouts.errorAttendeesOnly',
  'breakouts.organiserOnly': 'breakoutsConsole.errorOrganiserOnly',
  'breakouts.topicNotFound': (p) => ['breakouts.errorTopicNotFound', p],
  'breakouts.contributionNotFound': 'breakouts.errorContributionNotFound',
  'breakouts.contributionEmpty': 'breakouts.errorEmpty',
  'breakouts.contributeRateLimited': (p) => ['breakouts.errorRateLimited', p],
  'breakouts.upvoteUnpublished': 'breakouts.errorUpvoteUnpublished',
  'breakouts.upvoteOwn': 'breakouts.errorUpvoteOwn',
  'breakouts.chairOnly': 'breakoutsConsole.errorChairOnly',
  'breakouts.contributionChanged': 'breakoutsConsole.errorChanged',
  'breakouts.badTransition': (p) => ['breakoutsConsole.errorBadTransition', p],
  'breakouts.waitingFull': (p) => ['breakouts.errorWaitingFull', p],
  'summary.rapporteurOnly': 'summaries.errRapporteurOnly',
  'summary.reviewerOnly': 'summaries.errReviewerOnly',
  'summary.plenaryChairOnly': 'summaries.errPlenaryChairOnly',
  'summary.notBreakout': (p) => ['summaries.errNotBreakout', p],
  'summary.sectionIds': 'summaries.errSectionIds',
  'summary.tooLong': (p) => ['summaries.errTooLong', p],
  'summary.conflict': (p) => ['summaries.errConflict', p],
  'summary.changed': 'summaries.errChanged',
  'summary.inReview': 'summaries.errInReview',
  'summary.versionGone': (p) => ['summaries.errVersionGone', p],
  'summary.badTransition': (p) => ['summaries.errBadTransition', p],
  'summary.commentNeeded': 'summaries.errCommentNeeded',
  'summary.notPublished': 'reportBack.errNotPublished',
  'summary.reportBackOff': 'reportBack.errOff',
  'summary.pointGone': 'reportBack.errPointGone',
  'moderation.eventPaused': (p) => (p.message ? ['errors.eventPausedWith', p] : ['errors.eventPaused']),
  'moderation.roomPaused': (p) => (p.message ? ['errors.roomPausedWith', p] : ['errors.roomPaused', p]),
  'moderation.banned': (p) => ['errors.banned', p],
  'moderation.pauseEventForbidden': 'staffErrors.pauseEventForbidden',
  'moderation.pauseRoomForbidden': (p) => ['staffErrors.pauseRoomForbidden', p],
  'moderation.banForbidden': 'staffErrors.banForbidden',
  'moderation.banStaff': 'staffErrors.banStaff',
  'chat.rateLimited': (p) => ['chat.errorRateLimited', p],
  'chat.addressRateLimited': 'chat.errorAddressRateLimited',
  'chat.reactRateLimited': 'chat.errorReactRateLimited',
  'chat.slowMode': (p) => ['chat.errorSlowMode', p],
  'chat.muted': (p) => ['chat.errorMuted', { reason: p.reason, until: new Date(p.until) }],
  'chat.staffOnly': 'chat.errorStaffOnly',
  'chat.closed': 'chat.errorClosed',
  'chat.empty': 'chat.errorEmpty',
  'chat.messageNotFound': 'chat.errorMessageNotFound',
  'chat.reactHeld': 'chat.errorReactHeld',
  'chat.chairOnly': 'chatConsole.errorChairOnly',
  'chat.alreadyMoved': 'chatConsole.errorAlreadyMoved',
  'chat.notHeld': 'chatConsole.errorNotHeld',
  'chat.pinHeld': 'chatConsole.errorPinHeld',
  'chat.tooShortForQuestion': (p) => ['chatConsole.errorTooShortForQuestion', p],
  'report.organiserOnly': 'report.errOrganiserOnly',
  'report.notPublished': 'report.errNotPublished',
  'report.pdfUnavailable': 'report.errPdfUnavailable',
  'report.pdfBusy': 'report.errPdfBusy',
  'report.pdfTimeout': 'report.errPdfFailed',
  'exports.organiserOnly': 'exportsCard.errorOrganiserOnly',
  'exports.tableUnknown': (p) => ['exportsCard.errorTableUnknown', p],
  'backup.organiserOnly': 'backup.errorOrganiserOnly',
  'backup.adminOnly': 'backup.errorAdminOnly',
  'backup.importOff': 'backup.errorImportOff',
  'backup.invalidFile': (p) => ['backup.errorInvalidFile', p],
  'backup.otherVersion': (p) => ['backup.errorOtherVersion', p],
  'backup.codeTaken': (p) => ['backup.errorCodeTaken', p],
  'backup.codeInvalid': (p) => ['backup.errorCodeInvalid', p],
  'backup.tooLarge': (p) => ['backup.errorTooLarge', p],
  'privacy.retentionRange': (p) => ['privacyConsole.errorRetentionRange', p],
  'privacy.conflict': 'privacyConsole.errorConflict',
  'privacy.rateLimited': 'myData.errorRateLimited',
};

/** Words per code: for a failure without a reason, or with one this build does not know (a newer server's). */
export const CODE_WORDS: Record<ErrorCode, MessageKey> = {
  BAD_REQUEST: 'errors.codeBadRequest',
  TOO_LARGE: 'errors.codeTooLarge',
  UNAUTHORIZED: 'errors.codeUnauthorized',
  FORBIDDEN: 'errors.codeForbidden',
  NOT_FOUND: 'errors.codeNotFound',
  RATE_LIMITED: 'errors.codeRateLimited',
  VERSION_CONFLICT: 'errors.codeVersionConflict',
  UNAVAILABLE: 'errors.codeUnavailable',
  SUSPENDED: 'errors.codeSuspended',
  POLL_CLOSED: 'errors.codePollClosed',
  TOO_MANY: 'errors.codeTooMany',
  OUTDATED: 'errors.codeOutdated',
  INTERNAL: 'errors.codeInternal',
  BANNED: 'errors.codeBanned',
};

/** The server's notices to everyone, by code (its English `message` stays on the wire for older clients). */
export const NOTICE_WORDS: Record<Notice['code'], MessageKey> = {
  DATA_LOST: 'errors.noticeDataLost',
  RESTARTING: 'errors.noticeRestarting',
  ERASED: 'privacy.noticeErased',
};

/** A rate-limited refusal that says when to try again: "Wait 12 seconds", in the reason's own sentence. */
const WAIT_WORDS: Partial<Record<ReasonId, MessageKey>> = {
  'qa.askRateLimited': 'errors.askRateLimitedWait',
  'join.rateLimited': 'errors.joinRateLimitedWait',
  'chat.rateLimited': 'chat.errorRateLimitedWait',
  'chat.slowMode': 'chat.errorSlowModeWait',
  'qa.askAddressLimited': 'errors.askAddressLimitedWait',
  'qa.upvoteAddressLimited': 'errors.upvoteAddressLimitedWait',
  'poll.voteAddressLimited': 'errors.voteAddressLimitedWait',
};

/** Whole seconds to wait, at least one. */
const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** A failure as a reply carries it, or a DomainError of the shared rules thrown in the browser. */
export interface Describable {
  code: ErrorCode;
  message: string;
  reason?: ReasonId | undefined;
  params?: ReasonParams | undefined;
  retryAfterMs?: number | undefined;
}

/**
 * A refusal in words for the person: the reason's words with its parameters, else the code's, else (a code this
 * build does not know: a newer server) the server's own message.
 */
export function describeFailure(f: Describable): string {
  const params = f.params ?? {};
  if (f.code === 'RATE_LIMITED' && f.retryAfterMs !== undefined) {
    const key = (f.reason && WAIT_WORDS[f.reason]) || 'errors.rateLimitedWait';
    return t(key, { ...params, seconds: secondsOf(f.retryAfterMs) });
  }
  if (f.reason && Object.hasOwn(REASON_WORDS, f.reason)) {
    const words = REASON_WORDS[f.reason] as Words<ReasonParams>;
    if (typeof words === 'string') return t(words);
    const [key, values] = words(params);
    return t(key, values);
  }
  if (Object.hasOwn(CODE_WORDS, f.code)) return t(CODE_WORDS[f.code]);
  return f.message;
}

/**
 * A failure made by the client itself (no answer, not connected), in the shape of the server's; its message is its
 * words, in the language active when it is read (one may be made before any language is loaded: `net/api.ts`).
 */
export function clientFailure(code: ErrorCode, why: Why): Failure {
  const failure = fail(code, '', why);
  return {
    ...failure,
    get message() {
      return describeFailure(failure);
    },
  };
}
