import { beforeAll, describe, expect, it } from 'vitest';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { CODE_WORDS, REASON_WORDS, clientFailure, describeFailure } from '../../client/src/lib/failures';
import { i18n, t } from '../../client/src/i18n/i18n';
import { flatten } from '../../shared/locales/catalogue';
import en from '../../shared/locales/en';
import fr from '../../shared/locales/fr';
import de from '../../shared/locales/de';
import { ERROR_CODES, DomainError, type ErrorCode, type Failure, type ReasonId, type Reasons } from '../../shared/protocol/errors';
import { createAgenda, setLive } from '../../shared/domain/agenda';
import { controlPoll, createPoll, vote } from '../../shared/domain/polls';
import { checkUpvote, moderate, newRoomQa } from '../../shared/domain/qa';
import { reservedNameReason } from '../../shared/domain/names';
import type { Actor } from '../../shared/domain/actor';
import { Programme } from '../../shared/protocol/programme';
import { PollDraft, type Choice, type Poll, type PollAction } from '../../shared/protocol/polls';
import type { ModerationAction, Question } from '../../shared/protocol/qa';
import { LIMITS } from '../../shared/limits';

/**
 * The client's words for refusals (client/src/lib/failures.ts, the `errors` catalogue): every reason has English
 * words with its parameters filled in, and they read as the server's English message for the same refusal.
 */

const CATALOGUES = { en, fr, de };

/** Loads a language's catalogue, compiled as the build does, into the client's Lingui instance. */
function speak(language: keyof typeof CATALOGUES) {
  const messages = Object.fromEntries(Object.entries(flatten(CATALOGUES[language])).map(([id, m]) => [id, compileMessageOrThrow(m)]));
  i18n.loadAndActivate({ locale: language, messages });
}

beforeAll(() => speak('en'));

/** Each reason's parameters and its words: a reason missing here is a compile error, as it is in the table. */
const SAMPLES: { [R in ReasonId]: [Reasons[R], string] } = {
  'event.notFound': [{}, 'There is no such event.'],
  'event.codeUnknown': [{ code: 'NOPE1' }, 'No event has the code "NOPE1".'],
  'room.notFound': [{ room: 'attic' }, 'There is no room "attic".'],
  'item.notFound': [{ item: 'no-such-item' }, 'There is no programme item "no-such-item".'],
  'agenda.itemOtherRoom': [{ item: 'Skills', room: 'Plenary' }, '"Skills" is not in Plenary.'],
  'agenda.chairOnly': [{ room: 'Breakout 1' }, 'Only a chair of Breakout 1 can change what is live there.'],
  'programme.organiserOnly': [{}, 'Only the organiser of this event can import a programme.'],
  'programme.invalid': [
    { issue: 'items[3].end: ends (09:00) before it starts (10:30)' },
    'The programme was not imported: items[3].end: ends (09:00) before it starts (10:30)',
  ],
  'name.reserved': [{ name: 'Moderator' }, '"Moderator" looks like a role; roles are shown by the app itself. Please pick another name or stay anonymous.'],
  'name.staff': [{ name: 'Anna Schmidt' }, '"Anna Schmidt" is the name of a member of this event\'s staff. Please pick another name or stay anonymous.'],
  'join.rateLimited': [{}, 'Too many joins from your network; try again shortly.'],
  'join.linkRequired': [{}, 'This event can be joined only through the link the organiser shared: open that link, or scan its QR code.'],
  'session.tooManyTabs': [{ max: 5 }, 'This page was closed: you have more than 5 tabs of this event open. Reload it to use it here.'],
  'token.missing': [{}, 'No token, or not a token.'],
  'token.invalid': [{}, 'The link or session is not valid.'],
  'token.noEvent': [{}, 'The token names no event.'],
  'token.noAttendee': [{}, 'The token names no attendee.'],
  'link.malformed': [{}, 'The link is malformed.'],
  'link.expired': [{}, 'The link has expired.'],
  'link.revoked': [{}, 'This link was revoked by the organiser.'],
  'link.notFound': [{}, 'There is no such link.'],
  'link.exists': [{}, 'That link exists already.'],
  'link.revokeOwn': [{}, 'You cannot revoke the link you are using.'],
  'link.issueOrganiserOnly': [{}, 'Only the organiser can hand out links.'],
  'link.revokeOrganiserOnly': [{}, 'Only the organiser can revoke links.'],
  'link.lostAfterIssue': [{}, 'The link was not found after issuing it.'],
  'export.staffOnly': [{}, "Only the event's staff can export results."],
  'question.notFound': [{}, 'There is no such question.'],
  'question.empty': [{}, 'The question is empty.'],
  'question.merged': [{}, 'This question was merged into another one.'],
  'question.changed': [{}, 'Another moderator changed this question a moment ago; here is its current state.'],
  'qa.askRateLimited': [{ max: 5 }, 'You can ask 5 questions a minute; try again shortly.'],
  'qa.roomFull': [{ max: 2000 }, 'This room has taken its 2,000 questions; no more can be asked here.'],
  'qa.askAddressLimited': [{ max: 600 }, 'Too many questions from your network at once; try again in a minute.'],
  'qa.upvoteAddressLimited': [{}, 'Too many upvotes from your network at once; try again in a minute.'],
  'qa.nothingToDiscount': [{}, 'No network stands out among these upvotes any more; nothing was changed.'],
  'qa.targetNotSpeaker': [{ target: 'Somebody Else' }, '"Somebody Else" is not a speaker of the live session.'],
  'qa.upvoteUnpublished': [{}, 'Only published questions can be upvoted.'],
  'qa.upvoteOwn': [{}, 'You cannot upvote your own question.'],
  'qa.chairOnly': [{}, 'Only a chair of this room can moderate its questions.'],
  'qa.badTransition': [{ status: 'dismissed', action: 'dismiss' }, 'A question that is dismissed cannot be dismissed.'],
  'qa.mergeSelf': [{}, 'A question cannot be merged into itself.'],
  'qa.mergeRooms': [{}, 'Questions of different rooms cannot be merged.'],
  'qa.mergeDismissed': [{}, 'Restore the question before merging into it.'],
  'qa.otherRoom': [{}, 'That question is in another room.'],
  'qa.highlightUnpublished': [{}, 'Only a published question can be highlighted.'],
  'qa.queueChanged': [{}, 'Another moderator changed the queue a moment ago; here is the current one.'],
  'qa.queueDuplicate': [{}, 'A question is in the queue twice.'],
  'qa.queueNotLive': [{}, 'Only live questions of this room can be queued.'],
  'qa.withdrawOwnOnly': [{}, 'Only the person who asked a question can withdraw it.'],
  'qa.withdrawClosed': [{ status: 'answered' }, 'An answered question cannot be withdrawn.'],
  'poll.notFound': [{}, 'There is no such poll.'],
  'poll.chairOnly': [{}, 'Only a chair of this room can run its polls.'],
  'poll.changed': [{}, 'Someone else changed this poll a moment ago; here is its current version.'],
  'poll.started': [{}, 'Only a poll that has not started can be edited.'],
  'poll.moveRoom': [{}, 'A poll cannot move to another room.'],
  'poll.deleteOpen': [{}, 'Close the poll before deleting it.'],
  'poll.badTransition': [{ status: 'closed', action: 'launch' }, 'A closed poll cannot be launched.'],
  'poll.noAnswers': [{}, 'Only open-text polls have answers to show.'],
  'poll.itemNotInRoom': [{ item: 'd1-s1' }, '"d1-s1" is not a programme item of that room.'],
  'poll.wrongType': [{ type: 'single' }, 'This is a single poll.'],
  'poll.unknownOption': [{}, 'That is not one of the options.'],
  'poll.tooManyPicks': [{ max: 2 }, 'Pick at most 2.'],
  'poll.rateRange': [{ min: 1, max: 5 }, 'Rate from 1 to 5.'],
  'poll.noWord': [{}, 'Type a word.'],
  'poll.wordTooLong': [{ max: 30 }, 'A word of at most 30 characters.'],
  'poll.noAnswer': [{}, 'Type an answer.'],
  'poll.rankingIncomplete': [{}, 'Put every option in order, each once.'],
  'poll.notStarted': [{}, 'This poll has not started.'],
  'poll.closed': [{}, 'This poll is closed.'],
  'poll.voteAddressLimited': [{}, 'Too many votes from your network at once; try again in a minute.'],
  'poll.nothingToDiscount': [{}, 'No network stands out among these votes any more; nothing was changed.'],
  'input.invalid': [{ field: 'choice.options' }, 'This is not valid: choice.options.'],
  'input.tooLarge': [{ field: 'text' }, 'This is too long: text.'],
  'action.unknown': [{}, 'There is no such action.'],
  'role.forbidden': [{}, 'Your role cannot do that.'],
  'rate.tooFast': [{}, 'Slow down a little: too many actions at once.'],
  'request.notJson': [{}, 'The request is not valid JSON.'],
  'request.jsonRequired': [{}, 'Send the join as JSON (content-type: application/json).'],
  'request.tooLarge': [{}, 'The request is too large.'],
  'file.tooLarge': [{}, 'The file is too large.'],
  'version.outdated': [{}, 'This page is out of date: reload it to continue.'],
  'server.restarting': [{}, 'The server is restarting; your app reconnects and sends this again.'],
  'server.unavailable': [{}, 'The service is briefly unavailable; your action was not saved. Try again in a moment.'],
  'server.busy': [{}, 'Too many changes at once; please try again.'],
  'server.internal': [{}, 'Something went wrong on our side; your action was not saved.'],
  'net.notConnected': [{}, 'Not connected.'],
  'net.noAnswer': [{}, 'No answer from the server. Your action may not have been saved; please try again.'],
  'net.unreachable': [{}, 'The server cannot be reached. Check your connection and try again.'],
  'net.joinCancelled': [{}, 'The join was cancelled.'],
  'net.unexpectedAnswer': [{}, 'The server sent an unexpected answer.'],
  'net.notFound': [{}, 'Not found.'],
  'net.httpStatus': [{ status: 502 }, 'The server answered 502.'],
  'breakouts.slotNotFound': [{ slot: '2023-06-22-1145' }, 'These breakout sessions are no longer in the programme.'],
  'breakouts.notFound': [{ room: 'b9' }, 'This breakout session is no longer in the programme.'],
  'breakouts.closed': [{}, 'The breakout sessions have ended: the choice can no longer change.'],
  'breakouts.attendeesOnly': [{}, 'Only attendees choose a breakout session.'],
  'breakouts.organiserOnly': [{}, 'Only the organiser can do this.'],
  'breakouts.topicNotFound': [{ topic: 4 }, 'This breakout has no key topic 4.'],
  'breakouts.contributionNotFound': [{}, 'This answer is no longer there.'],
  'breakouts.contributionEmpty': [{}, 'The answer is empty.'],
  'breakouts.contributeRateLimited': [{ max: 5 }, 'You can send 5 answers a minute. Please wait a moment.'],
  'breakouts.upvoteUnpublished': [{}, 'Only published answers can be upvoted.'],
  'breakouts.upvoteOwn': [{}, 'You cannot upvote your own answer.'],
  'breakouts.chairOnly': [{}, 'Only a chair of this breakout can moderate its answers.'],
  'breakouts.contributionChanged': [{}, 'Another chair changed this answer a moment ago; here is its current state.'],
  'breakouts.badTransition': [{ status: 'hidden', action: 'approve' }, 'An answer that is hidden cannot be changed that way.'],
  'breakouts.waitingFull': [{ max: 1000 }, 'The waiting list of this breakout session is full (1,000 people). Please choose another one.'],
  'summary.rapporteurOnly': [{}, "Only this breakout's rapporteur can write its summary."],
  'summary.reviewerOnly': [{}, "Only the breakout's chair, the plenary chair or the organiser can review a summary."],
  'summary.plenaryChairOnly': [{}, 'Only the plenary chair or the organiser runs the report-back.'],
  'summary.notBreakout': [{ room: 'attic' }, 'There is no breakout "attic".'],
  'summary.sectionIds': [{}, 'Each section of a summary needs its own id.'],
  'summary.tooLong': [{ max: 16000 }, 'A summary holds at most 16000 characters.'],
  'summary.conflict': [{ version: 4 }, 'Someone saved version 4 of this summary meanwhile; here it is beside yours.'],
  'summary.changed': [{}, 'This summary changed a moment ago; here is its current version.'],
  'summary.inReview': [{}, 'This summary is being reviewed; it can be changed once it is published or sent back.'],
  'summary.versionGone': [{ version: 2 }, 'Version 2 is no longer kept.'],
  'summary.badTransition': [{ status: 'review', action: 'submit' }, 'A summary that is in review cannot be submitted.'],
  'summary.commentNeeded': [{}, 'Say what to change when sending a summary back.'],
  'summary.notPublished': [{}, 'This summary is not published yet.'],
  'summary.reportBackOff': [{}, 'Points can be marked during the report-back.'],
  'summary.pointGone': [{}, 'That point is no longer in the summary.'],
  'moderation.eventPaused': [{ message: 'Back in five minutes' }, 'Attendee input is paused for the whole event: Back in five minutes'],
  'moderation.roomPaused': [{ room: 'Room A', message: '' }, 'Attendee input is paused in Room A.'],
  'moderation.banned': [{ message: 'Spam' }, 'You were removed from this event by its staff. Reason: Spam'],
  'moderation.pauseEventForbidden': [{}, 'Only the organiser or the plenary chair can pause the whole event.'],
  'moderation.pauseRoomForbidden': [{ room: 'Room A' }, 'Only a chair of Room A or the organiser can pause it.'],
  'moderation.banForbidden': [{}, 'Only a chair or the organiser can ban an attendee.'],
  'moderation.banStaff': [{}, 'Staff are not banned: the organiser revokes their link instead.'],
  'chat.rateLimited': [{ max: 5, seconds: 10 }, 'You can send 5 messages every 10 seconds.'],
  'chat.addressRateLimited': [{}, 'Too many messages from your network. Please wait a moment.'],
  'chat.reactRateLimited': [{}, 'Too many reactions at once. Please wait a moment.'],
  'chat.slowMode': [{ seconds: 30 }, 'Slow mode is on: one message every 30 seconds.'],
  'chat.muted': [
    { until: 0, reason: 'Off topic' },
    `You are muted until ${new Intl.DateTimeFormat('en', { hour: 'numeric', minute: 'numeric' }).format(0)}. Reason: Off topic`,
  ],
  'chat.staffOnly': [{}, 'Only the staff can write in this chat now.'],
  'chat.closed': [{}, 'The chat is closed.'],
  'chat.empty': [{}, 'Your message is empty.'],
  'chat.messageNotFound': [{}, 'This message is no longer there.'],
  'chat.reactHeld': [{}, 'Only published messages can get reactions.'],
  'chat.chairOnly': [{}, 'Only a chair of this room or an organiser can do this.'],
  'chat.alreadyMoved': [{}, 'This message is already a question.'],
  'chat.notHeld': [{}, 'This message is not waiting for review.'],
  'chat.pinHeld': [{}, 'Only a published message can be pinned.'],
  'chat.tooShortForQuestion': [{ min: 3 }, 'This message is too short to be a question (at least 3 characters).'],
  'report.organiserOnly': [{}, 'Only the organiser can do this with the report.'],
  'report.notPublished': [{}, 'This report is not published.'],
  'report.pdfUnavailable': [{}, 'PDFs cannot be made on this server: no browser to print with is installed. Open the report and print it instead.'],
  'report.pdfBusy': [{}, 'Several PDFs are being made; try again in a moment.'],
  'report.pdfTimeout': [{}, 'The PDF took too long to make; try again.'],
  'exports.organiserOnly': [{}, "Only the event's organiser can download its exports."],
  'exports.tableUnknown': [{ table: 'votes' }, 'There is no table called “votes” to export.'],
  'backup.organiserOnly': [{}, 'Only the organiser of this event can download its backup.'],
  'backup.adminOnly': [{}, 'Importing an event needs this instance’s admin token.'],
  'backup.importOff': [{}, 'This instance takes no imports: its admin token is not set.'],
  'backup.invalidFile': [{ issue: 'the file is not complete JSON' }, 'The backup was not imported: the file is not complete JSON'],
  'backup.otherVersion': [{ version: 1 }, 'The backup was made by another version of the app (protocol 1): import it on an instance of that version.'],
  'backup.codeTaken': [{ code: 'MC2023' }, 'Another event here has the code MC2023: import it under another code.'],
  'backup.codeInvalid': [{ max: 16 }, 'An event code is letters, digits and hyphens, at most 16 characters.'],
  'backup.tooLarge': [{ max: 32 }, 'The backup is larger than 32\u00a0MB.'],
  'privacy.retentionRange': [{ min: 1, max: 365 }, 'Keep the data between 1 and 365 days.'],
  'privacy.conflict': [{}, 'The privacy settings changed a moment ago; here they are now.'],
  'privacy.rateLimited': [{}, 'Too many requests for your data. Please wait a moment.'],
};

const refusal = (code: ErrorCode, reason: ReasonId, params?: Record<string, string | number>) => ({
  ok: false as const,
  code,
  message: 'the server’s English',
  reason,
  ...(params ? { params } : {}),
});

describe('describeFailure: the words of each reason', () => {
  it('has words for every reason and for nothing else', () => {
    expect(Object.keys(REASON_WORDS).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(Object.entries(SAMPLES) as [ReasonId, [Record<string, string | number>, string]][])('%s', (reason, [params, words]) => {
    expect(describeFailure(refusal('BAD_REQUEST', reason, params))).toBe(words);
  });

  it('fills in the parameters', () => {
    expect(describeFailure(refusal('BAD_REQUEST', 'poll.rateRange', { min: 1, max: 5 }))).toBe('Rate from 1 to 5.');
    expect(describeFailure(refusal('BAD_REQUEST', 'poll.rateRange', { min: 0, max: 10 }))).toBe('Rate from 0 to 10.');
    expect(describeFailure(refusal('NOT_FOUND', 'room.notFound', { room: 'b2' }))).toBe('There is no room "b2".');
    expect(describeFailure(refusal('BAD_REQUEST', 'input.invalid', { field: '' }))).toBe('The request is not valid.');
  });

  it('without a reason, or with one this build does not know, says the code; the server’s message only for an unknown code', () => {
    const failure = (f: Omit<Failure, 'ok'>): Failure => ({ ok: false, ...f });
    expect(describeFailure(failure({ code: 'POLL_CLOSED', message: 'Closed, says the server.' }))).toBe(t(CODE_WORDS.POLL_CLOSED));
    expect(describeFailure(failure({ code: 'NOT_FOUND', message: 'Gone.', reason: 'chat.notFound' as ReasonId }))).toBe(t(CODE_WORDS.NOT_FOUND));
    expect(describeFailure(failure({ code: 'PAUSED' as ErrorCode, message: 'The event is paused.', reason: 'event.paused' as ReasonId }))).toBe(
      'The event is paused.',
    );
    // An inherited name is no reason.
    expect(describeFailure(failure({ code: 'BAD_REQUEST', message: 'x', reason: 'toString' as ReasonId }))).toBe(t(CODE_WORDS.BAD_REQUEST));
  });

  it('has words for every code', () => {
    for (const code of ERROR_CODES) expect(t(CODE_WORDS[code])).toMatch(/^[A-Z].*\w/);
  });

  it('says how long to wait when rate limited, in each language', () => {
    const limited = (reason: ReasonId, retryAfterMs: number, params?: Record<string, number>): Failure => ({
      ok: false,
      code: 'RATE_LIMITED',
      message: 'x',
      reason,
      retryAfterMs,
      ...(params ? { params } : {}),
    });
    try {
      expect(describeFailure(limited('rate.tooFast', 11_200))).toBe('Too many actions at once. Wait 12 seconds and try again.');
      expect(describeFailure(limited('rate.tooFast', 300))).toBe('Too many actions at once. Wait 1 second and try again.');
      expect(describeFailure(limited('qa.askRateLimited', 12_000, { max: 5 }))).toBe('You can ask 5 questions a minute. Wait 12 seconds before asking again.');
      speak('fr');
      expect(describeFailure(limited('rate.tooFast', 12_000))).toBe('Trop d’actions à la fois. Patientez 12 secondes puis réessayez.');
      expect(describeFailure(limited('rate.tooFast', 1_000))).toContain('Patientez 1 seconde ');
      speak('de');
      expect(describeFailure(limited('rate.tooFast', 12_000))).toBe('Zu viele Aktionen auf einmal. Warten Sie 12 Sekunden und versuchen Sie es dann erneut.');
      expect(describeFailure(limited('join.rateLimited', 1_000))).toContain('Warten Sie 1 Sekunde ');
    } finally {
      speak('en');
    }
  });

  it('a failure made by the client carries its reason, and its words as the message', () => {
    expect(clientFailure('UNAVAILABLE', { reason: 'net.noAnswer' })).toEqual({
      ok: false,
      code: 'UNAVAILABLE',
      reason: 'net.noAnswer',
      message: 'No answer from the server. Your action may not have been saved; please try again.',
    });
    expect(clientFailure('BAD_REQUEST', { reason: 'net.httpStatus', params: { status: 418 } })).toMatchObject({
      params: { status: 418 },
      message: 'The server answered 418.',
    });
  });
});

describe('the client’s words read as the server’s message', () => {
  const chair: Actor = { role: 'chair', id: 'link:c', roomScope: 'plenary' };
  const organiser: Actor = { role: 'organiser', id: 'link:o', roomScope: '*' };
  const attendee: Actor = { role: 'attendee', id: 'a1', roomScope: '*' };
  const at = (actor: Actor) => ({ actor, now: 10 });

  /** The refusal a call throws, as the client would word it and as the server wrote it. */
  function both(fn: () => unknown): [string, string] {
    try {
      fn();
    } catch (e) {
      if (e instanceof DomainError) return [describeFailure(e.toFailure()), e.message];
      throw e;
    }
    throw new Error('nothing was refused');
  }
  const same = (fn: () => unknown) => {
    const [client, server] = both(fn);
    expect(client).toBe(server);
  };

  it('for the programme and what is live', () => {
    const agenda = createAgenda(
      Programme.parse({
        title: 'T',
        timeZone: 'Europe/Brussels',
        days: [{ date: '2023-06-22' }],
        rooms: [
          { id: 'plenary', name: 'Plenary', kind: 'plenary' },
          { id: 'b1', name: 'Breakout 1', kind: 'breakout', theme: 'Skills' },
        ],
        items: [{ id: 'b1-item', roomId: 'b1', date: '2023-06-22', start: '10:40', end: '12:00', kind: 'breakout', title: 'Skills' }],
      }),
    );
    same(() => setLive(agenda, { roomId: 'nowhere', itemId: null }, at(organiser)));
    same(() => setLive(agenda, { roomId: 'b1', itemId: null }, at(chair)));
    same(() => setLive(agenda, { roomId: 'plenary', itemId: 'nothing' }, at(organiser)));
    same(() => setLive(agenda, { roomId: 'plenary', itemId: 'b1-item' }, at(organiser)));
  });

  it('for votes and every poll control refused', () => {
    const make = (draft: object, status: Poll['status'] = 'open'): Poll => {
      const [e] = createPoll(PollDraft.parse({ roomId: 'plenary', itemId: null, question: 'Which one?', ...draft }), 'p1', at(chair));
      return { ...(e as { poll: Poll }).poll, status };
    };
    const opts = [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
      { id: 'c', label: 'C' },
    ];
    const cases: [Poll, Choice][] = [
      [make({ type: 'single', options: opts }, 'draft'), { type: 'single', option: 'a' }],
      [make({ type: 'single', options: opts }, 'closed'), { type: 'single', option: 'a' }],
      [make({ type: 'single', options: opts }), { type: 'rating', value: 3 }],
      [make({ type: 'single', options: opts }), { type: 'single', option: 'z' }],
      [make({ type: 'multiple', options: opts, maxPicks: 2 }), { type: 'multiple', options: ['a', 'b', 'c'] }],
      [make({ type: 'rating', scale: { min: 1, max: 5 } }), { type: 'rating', value: 6 }],
      [make({ type: 'wordcloud' }), { type: 'wordcloud', words: [' '] }],
      [make({ type: 'wordcloud' }), { type: 'wordcloud', words: ['x'.repeat(LIMITS.wordMax + 1)] }],
      [make({ type: 'open' }), { type: 'open', text: ' ' }],
      [make({ type: 'ranking', options: opts }), { type: 'ranking', order: ['a'] }],
    ];
    for (const [poll, choice] of cases) same(() => vote(poll, null, choice, at(attendee)));
    const actions: PollAction[] = ['launch', 'close', 'reopen', 'reveal', 'hide', 'showAnswers', 'hideAnswers', 'delete'];
    let refused = 0;
    for (const status of ['draft', 'open', 'closed'] as const)
      for (const type of ['single', 'open'] as const)
        for (const action of actions) {
          const poll = make(type === 'single' ? { type, options: opts } : { type }, status);
          try {
            controlPoll(poll, action, at(chair));
          } catch {
            refused++;
            same(() => controlPoll(poll, action, at(chair)));
          }
        }
    expect(refused).toBeGreaterThan(5);
  });

  it('for every moderation refused, and a reserved name', () => {
    const q: Question = {
      id: 'q1',
      roomId: 'plenary',
      itemId: null,
      authorId: 'a1',
      authorName: null,
      text: 'Why?',
      originalText: null,
      target: null,
      status: 'pending',
      flagged: false,
      starred: false,
      reply: null,
      mergedInto: null,
      mergedFrom: [],
      createdAt: 1,
      updatedAt: 1,
      rev: 0,
    };
    const actions: ModerationAction[] = ['approve', 'dismiss', 'restore', 'star', 'unstar', 'answered', 'reopen'];
    let refused = 0;
    for (const status of ['pending', 'live', 'answered', 'dismissed'] as const)
      for (const action of actions) {
        const fn = () => moderate({ ...q, status }, newRoomQa('plenary'), { action, rev: 0 }, at(chair));
        try {
          fn();
        } catch {
          refused++;
          same(fn);
        }
      }
    expect(refused).toBeGreaterThan(5);
    same(() => moderate(q, newRoomQa('plenary'), { action: 'approve', rev: 0 }, at(attendee)));
    same(() => checkUpvote({ ...q, status: 'live' }, attendee));
    const reserved = reservedNameReason('Moderator')!;
    expect(describeFailure(reserved)).toBe(reserved.message);
  });
});
