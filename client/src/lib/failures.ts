import { fail, type ErrorCode, type Failure, type ReasonId, type ReasonParams, type Reasons, type Why } from '../../../shared/protocol/errors';

/**
 * The words of a refusal. The server sends a code, a reason and its parameters (`shared/protocol/reasons.ts`);
 * the words are the client's, so that they can be said in the person's language. English only for now: each
 * reason's words read as the server's English message does.
 *
 * One function per reason, from its parameters to a sentence: the table's type names every reason, so a reason
 * added without words is a compile error. The language issue can replace each function with a catalogue lookup
 * (`(p) => t(reason, p)`) without touching the callers.
 */
type ReasonWords = { [R in ReasonId]: (params: Reasons[R]) => string };

/** Each moderation action done, for "A question that is live cannot be approved." */
const QUESTION_ACTION_DONE: Record<string, string> = {
  approve: 'approved',
  dismiss: 'dismissed',
  restore: 'restored',
  star: 'starred',
  unstar: 'unstarred',
  answered: 'marked answered',
  reopen: 'reopened',
};

/** Each poll control done, for "A closed poll cannot be launched." */
const POLL_ACTION_DONE: Record<string, string> = {
  launch: 'launched',
  close: 'closed',
  reopen: 'reopened',
  reveal: 'revealed',
  hide: 'hidden',
  showAnswers: 'made to show its answers',
  hideAnswers: 'made to hide its answers',
};

export const REASON_WORDS: ReasonWords = {
  // events, rooms, programme items
  'event.notFound': () => 'There is no such event.',
  'event.codeUnknown': ({ code }) => `No event has the code "${code}".`,
  'room.notFound': ({ room }) => `There is no room "${room}".`,
  'item.notFound': ({ item }) => `There is no programme item "${item}".`,
  'agenda.itemOtherRoom': ({ item, room }) => `"${item}" is not in ${room}.`,
  'agenda.chairOnly': ({ room }) => `Only a chair of ${room} can change what is live there.`,
  'programme.organiserOnly': () => 'Only the organiser of this event can import a programme.',
  'programme.invalid': ({ issue }) => `The programme was not imported: ${issue}`,

  // joining, names, tokens and links
  'name.reserved': ({ name }) => `"${name}" looks like a role; roles are shown by the app itself. Please pick another name or stay anonymous.`,
  'join.rateLimited': () => 'Too many joins from your network; try again shortly.',
  'token.missing': () => 'No token, or not a token.',
  'token.invalid': () => 'The link or session is not valid.',
  'token.noEvent': () => 'The token names no event.',
  'token.noAttendee': () => 'The token names no attendee.',
  'link.malformed': () => 'The link is malformed.',
  'link.expired': () => 'The link has expired.',
  'link.revoked': () => 'This link was revoked by the organiser.',
  'link.notFound': () => 'There is no such link.',
  'link.exists': () => 'That link exists already.',
  'link.revokeOwn': () => 'You cannot revoke the link you are using.',
  'link.issueOrganiserOnly': () => 'Only the organiser can hand out links.',
  'link.revokeOrganiserOnly': () => 'Only the organiser can revoke links.',
  'link.lostAfterIssue': () => 'The link was not found after issuing it.',
  'export.staffOnly': () => "Only the event's staff can export results.",

  // Q&A
  'question.notFound': () => 'There is no such question.',
  'question.empty': () => 'The question is empty.',
  'question.merged': () => 'This question was merged into another one.',
  'question.changed': () => 'Another moderator changed this question a moment ago; here is its current state.',
  'qa.askRateLimited': ({ max }) => `You can ask ${max} questions a minute; try again shortly.`,
  'qa.targetNotSpeaker': ({ target }) => `"${target}" is not a speaker of the live session.`,
  'qa.upvoteUnpublished': () => 'Only published questions can be upvoted.',
  'qa.upvoteOwn': () => 'You cannot upvote your own question.',
  'qa.chairOnly': () => 'Only a chair of this room can moderate its questions.',
  'qa.badTransition': ({ status, action }) => `A question that is ${status} cannot be ${QUESTION_ACTION_DONE[action] ?? action}.`,
  'qa.mergeSelf': () => 'A question cannot be merged into itself.',
  'qa.mergeRooms': () => 'Questions of different rooms cannot be merged.',
  'qa.mergeDismissed': () => 'Restore the question before merging into it.',
  'qa.otherRoom': () => 'That question is in another room.',
  'qa.highlightUnpublished': () => 'Only a published question can be highlighted.',
  'qa.queueChanged': () => 'Another moderator changed the queue a moment ago; here is the current one.',
  'qa.queueDuplicate': () => 'A question is in the queue twice.',
  'qa.queueNotLive': () => 'Only live questions of this room can be queued.',
  'qa.withdrawOwnOnly': () => 'Only the person who asked a question can withdraw it.',
  'qa.withdrawClosed': ({ status }) => (status === 'answered' ? 'An answered question cannot be withdrawn.' : 'This question was already taken off the list.'),

  // polls
  'poll.notFound': () => 'There is no such poll.',
  'poll.chairOnly': () => 'Only a chair of this room can run its polls.',
  'poll.changed': () => 'Someone else changed this poll a moment ago; here is its current version.',
  'poll.started': () => 'Only a poll that has not started can be edited.',
  'poll.moveRoom': () => 'A poll cannot move to another room.',
  'poll.deleteOpen': () => 'Close the poll before deleting it.',
  'poll.badTransition': ({ status, action }) => `A ${status} poll cannot be ${POLL_ACTION_DONE[action] ?? action}.`,
  'poll.noAnswers': () => 'Only open-text polls have answers to show.',
  'poll.itemNotInRoom': ({ item }) => `"${item}" is not a programme item of that room.`,
  'poll.wrongType': ({ type }) => `This is a ${type} poll.`,
  'poll.unknownOption': () => 'That is not one of the options.',
  'poll.tooManyPicks': ({ max }) => `Pick at most ${max}.`,
  'poll.rateRange': ({ min, max }) => `Rate from ${min} to ${max}.`,
  'poll.noWord': () => 'Type a word.',
  'poll.wordTooLong': ({ max }) => `A word of at most ${max} characters.`,
  'poll.noAnswer': () => 'Type an answer.',
  'poll.rankingIncomplete': () => 'Put every option in order, each once.',
  'poll.notStarted': () => 'This poll has not started.',
  'poll.closed': () => 'This poll is closed.',

  // requests
  'input.invalid': ({ field }) => (field ? `This is not valid: ${field}.` : 'The request is not valid.'),
  'input.tooLarge': ({ field }) => (field ? `This is too long: ${field}.` : 'The request is too large.'),
  'action.unknown': () => 'There is no such action.',
  'role.forbidden': () => 'Your role cannot do that.',
  'rate.tooFast': () => 'Slow down a little: too many actions at once.',
  'request.notJson': () => 'The request is not valid JSON.',
  'request.jsonRequired': () => 'Send the join as JSON (content-type: application/json).',
  'request.tooLarge': () => 'The request is too large.',
  'file.tooLarge': () => 'The file is too large.',

  // the server
  'version.outdated': () => 'This page is out of date: reload it to continue.',
  'server.restarting': () => 'The server is restarting; your app reconnects and sends this again.',
  'server.unavailable': () => 'The service is briefly unavailable; your action was not saved. Try again in a moment.',
  'server.busy': () => 'Too many changes at once; please try again.',
  'server.internal': () => 'Something went wrong on our side; your action was not saved.',

  // made by the client itself
  'net.notConnected': () => 'Not connected.',
  'net.noAnswer': () => 'No answer from the server. Your action may not have been saved; please try again.',
  'net.unreachable': () => 'The server cannot be reached. Check your connection and try again.',
  'net.joinCancelled': () => 'The join was cancelled.',
  'net.unexpectedAnswer': () => 'The server sent an unexpected answer.',
  'net.notFound': () => 'Not found.',
  'net.httpStatus': ({ status }) => `The server answered ${status}.`,
};

/** Words per code: for a failure without a reason, or with one this build does not know (a newer server's). */
export const CODE_WORDS: Record<ErrorCode, string> = {
  BAD_REQUEST: 'This request cannot be done.',
  TOO_LARGE: 'This is too long.',
  UNAUTHORIZED: 'This link or session is not valid.',
  FORBIDDEN: 'You cannot do this with your current link.',
  NOT_FOUND: 'This is no longer available.',
  RATE_LIMITED: 'Too many actions at once. Please wait a moment and try again.',
  VERSION_CONFLICT: 'Someone else changed this a moment ago; here is its current state.',
  UNAVAILABLE: 'The service is briefly unavailable. Try again in a moment.',
  SUSPENDED: 'This event is suspended.',
  POLL_CLOSED: 'This poll is closed.',
  OUTDATED: 'This page is out of date: reload it to continue.',
  INTERNAL: 'Something went wrong on our side.',
};

/** A failure as a reply carries it, or a DomainError of the shared rules thrown in the browser. */
export interface Describable {
  code: ErrorCode;
  message: string;
  reason?: ReasonId | undefined;
  params?: ReasonParams | undefined;
}

/**
 * A refusal in words for the person: the reason's words with its parameters, else the code's, else (a code this
 * build does not know: a newer server) the server's own message.
 */
export function describeFailure(f: Describable): string {
  if (f.reason && Object.hasOwn(REASON_WORDS, f.reason)) {
    const words = REASON_WORDS[f.reason] as (params: ReasonParams) => string;
    return words(f.params ?? {});
  }
  if (Object.hasOwn(CODE_WORDS, f.code)) return CODE_WORDS[f.code];
  return f.message;
}

/** A failure made by the client itself (no answer, not connected), in the shape of the server's; its message is its words. */
export function clientFailure(code: ErrorCode, why: Why): Failure {
  const failure = fail(code, '', why);
  return { ...failure, message: describeFailure(failure) };
}
