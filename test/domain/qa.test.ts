import { describe, it, expect } from 'vitest';
import {
  answerNow,
  answeringNow,
  applyCounts,
  applyQa,
  ask,
  audienceOf,
  canSee,
  checkUpvote,
  edit,
  merge,
  moderate,
  newRoomQa,
  reply,
  setPremoderation,
  setQueue,
  sortQuestions,
  withdraw,
  type QaState,
} from '../../shared/domain/qa';
import { applyAgenda, type AgendaState } from '../../shared/domain/agenda';
import { isProfane } from '../../shared/domain/profanity';
import { cleanText } from '../../shared/domain/names';
import { refusalOf, thrown } from './refusal';
import type { Actor } from '../../shared/domain/actor';
import { AskQuestion, type ModerationAction, type Question, type QaEvent, type RoomQa } from '../../shared/protocol/qa';

const alice: Actor = { role: 'attendee', id: 'alice', roomScope: '*' };
const bob: Actor = { role: 'attendee', id: 'bob', roomScope: '*' };
const chair: Actor = { role: 'chair', id: 'link:c', roomScope: 'plenary' };
const otherChair: Actor = { role: 'chair', id: 'link:c2', roomScope: 'breakout-1' };
const organiser: Actor = { role: 'organiser', id: 'link:o', roomScope: '*' };
const rapporteur: Actor = { role: 'rapporteur', id: 'link:r', roomScope: 'plenary' };
const at = (actor: Actor, now = 100) => ({ actor, now });
const room = newRoomQa('plenary');

function asked(overrides: Partial<Parameters<typeof ask>[1]> = {}, actor = alice, r = room): Question {
  const [e] = ask(
    r,
    {
      questionId: 'q1',
      roomId: 'plenary',
      text: 'How are microcredentials recognised?',
      target: null,
      anonymous: true,
      itemId: 'd1-s1',
      people: ['Ana Carrero Yubero'],
      flagged: false,
      name: 'Alice',
      ...overrides,
    },
    at(actor),
  );
  return (e as Extract<QaEvent, { type: 'qa.asked' }>).question;
}
const live = (over: Partial<Question> = {}): Question => ({ ...asked(), status: 'live', ...over });
describe('asking', () => {
  it.each([
    ['Q3 pre-moderation on (the default): waits for the moderator', { premoderation: true }, false, alice, 'pending'],
    ['Q3 pre-moderation off: published at once', { premoderation: false }, false, alice, 'live'],
    ['Q4 profanity with pre-moderation off: held and flagged', { premoderation: false }, true, alice, 'pending'],
    ['Q3 a chair asking with pre-moderation on: published', { premoderation: true }, false, chair, 'live'],
    ['Q4 a chair asking something profane: held', { premoderation: true }, true, chair, 'pending'],
  ] as const)('%s', (_l, settings, flagged, actor, status) => {
    const q = asked({ flagged }, actor, { ...room, ...settings });
    expect(q.status).toBe(status);
    expect(q.flagged).toBe(flagged);
    expect(q.authorId).toBe(actor.id);
  });

  it('Q5 anonymous by default; named when the asker chooses', () => {
    expect(asked().authorName).toBeNull();
    expect(asked({ anonymous: false }).authorName).toBe('Alice');
  });

  it('Q6 can be addressed to a speaker of the live session, and to nobody else', () => {
    expect(asked({ target: 'Ana Carrero Yubero' }).target).toBe('Ana Carrero Yubero');
    expect(refusalOf(() => asked({ target: 'Somebody Else' }))).toBe('BAD_REQUEST qa.targetNotSpeaker');
    expect(thrown(() => asked({ target: 'Somebody Else' })).params).toEqual({ target: 'Somebody Else' });
  });

  it('Q7 a question is 3 to 500 characters, not counting the spaces around it', () => {
    const question = (text: string) => AskQuestion.safeParse({ opId: 'op-12345678', roomId: 'plenary', text, target: null, anonymous: true });
    expect(question('Why?').success).toBe(true);
    expect(question('  ok  ').success).toBe(false);
    expect(question('x'.repeat(500)).success).toBe(true);
    expect(question('x'.repeat(501)).error?.issues[0]).toMatchObject({ code: 'too_big' });
  });
});

describe('visibility', () => {
  it.each([
    ['pending', 'pending', null, false],
    ['live', 'live', null, true],
    ['answered', 'answered', null, true],
    ['dismissed', 'dismissed', null, false],
    ['merged away', 'live', 'q2', false],
  ] as const)('Q8 L6 %s: others see it = %s', (_l, status, mergedInto, othersSee) => {
    const q = { ...asked(), status, mergedInto } as Question;
    expect(canSee(bob, q)).toBe(othersSee);
    expect(canSee(alice, q)).toBe(true); // the asker always
    expect(canSee(chair, q)).toBe(true);
    expect(canSee(rapporteur, q)).toBe(true);
  });
  it('Q8 a change goes to everybody when the question was or becomes public, else to staff and the asker', () => {
    const pending = asked();
    expect(audienceOf(null, pending)).toBe('user:alice');
    expect(audienceOf(pending, { ...pending, status: 'live' })).toBe('all');
    expect(audienceOf({ ...pending, status: 'live' }, { ...pending, status: 'dismissed' })).toBe('all');
    expect(audienceOf(pending, { ...pending, status: 'dismissed' })).toBe('user:alice');
  });
});

describe('moderation transitions', () => {
  const table: [string, Question['status'], ModerationAction, Question['status'] | string][] = [
    ['approve a pending one', 'pending', 'approve', 'live'],
    ['approve a live one', 'live', 'approve', 'BAD_REQUEST'],
    ['dismiss a pending one', 'pending', 'dismiss', 'dismissed'],
    ['dismiss a live one', 'live', 'dismiss', 'dismissed'],
    ['dismiss an answered one', 'answered', 'dismiss', 'dismissed'],
    ['restore a dismissed one', 'dismissed', 'restore', 'live'],
    ['restore a live one', 'live', 'restore', 'BAD_REQUEST'],
    ['mark a live one answered', 'live', 'answered', 'answered'],
    ['mark a pending one answered', 'pending', 'answered', 'BAD_REQUEST'],
    ['reopen an answered one', 'answered', 'reopen', 'live'],
  ];
  it.each(table)('Q10 %s', (_l, from, action, expected) => {
    const q = { ...asked(), status: from };
    if (expected === 'BAD_REQUEST')
      return expect(thrown(() => moderate(q, room, { action, rev: 0 }, at(chair)))).toMatchObject({
        code: 'BAD_REQUEST',
        reason: 'qa.badTransition',
        params: { status: from, action },
      });
    const [e] = moderate(q, room, { action, rev: 0 }, at(chair, 200));
    expect(e).toMatchObject({ type: 'qa.changed', question: { status: expected, rev: 1, updatedAt: 200 } });
  });

  it('Q4 Q10 approving clears the flag; starring keeps the status', () => {
    const flagged = { ...asked({ flagged: true }) };
    expect(moderate(flagged, room, { action: 'approve', rev: 0 }, at(chair))[0]).toMatchObject({ question: { status: 'live', flagged: false } });
    expect(moderate(flagged, room, { action: 'star', rev: 0 }, at(chair))[0]).toMatchObject({ question: { status: 'pending', starred: true } });
  });

  it.each([
    ['an attendee', alice, 'FORBIDDEN qa.chairOnly'],
    ['a rapporteur', rapporteur, 'FORBIDDEN qa.chairOnly'],
    ['a chair of another room', otherChair, 'FORBIDDEN qa.chairOnly'],
    ['the chair of the room', chair, null],
    ['the organiser', organiser, null],
  ] as const)('Q9 %s moderating: %s', (_l, actor, code) => {
    expect(refusalOf(() => moderate(asked(), room, { action: 'approve', rev: 0 }, at(actor)))).toBe(code);
  });

  it('Q11 two chairs on the same question: the second, with the revision it saw, gets VERSION_CONFLICT', () => {
    const q = asked();
    const [first] = moderate(q, room, { action: 'approve', rev: 0 }, at(chair));
    const after = (first as Extract<QaEvent, { type: 'qa.changed' }>).question;
    expect(refusalOf(() => moderate(after, room, { action: 'dismiss', rev: 0 }, at(organiser)))).toBe('VERSION_CONFLICT question.changed');
    expect(refusalOf(() => moderate(after, room, { action: 'dismiss', rev: 1 }, at(organiser)))).toBeNull();
  });

  it('Q11 a merged question takes no more moderation, reply or edit', () => {
    const merged = live({ mergedInto: 'q2' });
    expect(refusalOf(() => moderate(merged, room, { action: 'star', rev: 0 }, at(chair)))).toBe('BAD_REQUEST question.merged');
    expect(refusalOf(() => reply(merged, { text: 'Answered above.', rev: 0 }, at(chair)))).toBe('BAD_REQUEST question.merged');
    expect(refusalOf(() => edit(merged, { text: 'Another text', rev: 0 }, at(chair)))).toBe('BAD_REQUEST question.merged');
  });

  it('Q12 a question leaving the live list leaves the queue and the highlight', () => {
    const r = { ...room, queue: ['q1', 'q9'], answering: 'q1' };
    const events = moderate(live(), r, { action: 'answered', rev: 0 }, at(chair));
    expect(events[1]).toEqual({ type: 'qa.roomChanged', room: { ...r, queue: ['q9'], answering: null, rev: 1 } });
  });
});

describe('withdrawing one’s own question', () => {
  it.each([
    ['a pending one', 'pending', alice, null],
    ['a live one', 'live', alice, null],
    ['an answered one', 'answered', alice, 'BAD_REQUEST qa.withdrawClosed'],
    ['a dismissed one', 'dismissed', alice, 'BAD_REQUEST qa.withdrawClosed'],
    ['someone else’s', 'live', bob, 'FORBIDDEN qa.withdrawOwnOnly'],
    ['a chair (not by this action)', 'live', chair, 'FORBIDDEN qa.withdrawOwnOnly'],
    ['the organiser (not by this action)', 'pending', organiser, 'FORBIDDEN qa.withdrawOwnOnly'],
  ] as const)('Q21 the asker withdraws %s', (_l, status, actor, refusal) => {
    const q = live({ status });
    expect(refusalOf(() => withdraw(q, room, at(actor, 200)))).toBe(refusal);
    if (refusal === null)
      expect(withdraw(q, room, at(actor, 200))[0]).toMatchObject({ type: 'qa.changed', question: { status: 'dismissed', rev: 1, updatedAt: 200 } });
  });

  it('Q21 a chair’s own question cannot be withdrawn by this action either', () => {
    expect(refusalOf(() => withdraw(asked({}, chair), room, at(chair)))).toBe('FORBIDDEN qa.withdrawOwnOnly');
  });

  it('Q21 a merged question cannot be withdrawn', () => {
    expect(refusalOf(() => withdraw(live({ mergedInto: 'q2' }), room, at(alice)))).toBe('BAD_REQUEST question.merged');
  });

  it('Q21 Q12 Q8 a withdrawn question leaves the queue and the highlight, and the others no longer see it', () => {
    const r = { ...room, queue: ['q1', 'q9'], answering: 'q1', answeringUnder: { itemId: 'd1-s1', since: 50 } };
    const before = live();
    const events = withdraw(before, r, at(alice));
    const after = (events[0] as Extract<QaEvent, { type: 'qa.changed' }>).question;
    expect(events[1]).toEqual({ type: 'qa.roomChanged', room: { ...r, queue: ['q9'], answering: null, answeringUnder: null, rev: 1 } });
    expect(canSee(bob, after)).toBe(false);
    expect(canSee(alice, after)).toBe(true);
    expect(audienceOf(before, after)).toBe('all');
    expect(audienceOf({ ...before, status: 'pending' }, after)).toBe('user:alice');
  });
});

describe('reply and edit', () => {
  it('Q13 a reply is public and can be removed', () => {
    const [e] = reply(live(), { text: 'We will come back to this after the break.', rev: 0 }, at(chair, 300));
    expect(e).toMatchObject({ question: { reply: { text: 'We will come back to this after the break.', at: 300 } } });
    const with1 = (e as Extract<QaEvent, { type: 'qa.changed' }>).question;
    expect(reply(with1, { text: '', rev: 1 }, at(chair))[0]).toMatchObject({ question: { reply: null } });
  });
  it('Q13 an edit keeps the very first text', () => {
    const [e1] = edit(live(), { text: 'How are micro-credentials recognised?', rev: 0 }, at(chair));
    const q1 = (e1 as Extract<QaEvent, { type: 'qa.changed' }>).question;
    const [e2] = edit(q1, { text: 'How are micro-credentials recognised in Europe?', rev: 1 }, at(chair));
    expect(e2).toMatchObject({ question: { text: 'How are micro-credentials recognised in Europe?', originalText: 'How are microcredentials recognised?' } });
  });
  it('Q13 an edit to the same text changes nothing', () => {
    expect(edit(live(), { text: 'How are microcredentials recognised?', rev: 0 }, at(chair))).toEqual([]);
  });
});

describe('merging duplicates', () => {
  const a = live({ id: 'qa' });
  const b = live({ id: 'qb', authorId: 'bob' });
  it('Q14 marks the duplicate with its target and records it on the target', () => {
    const events = merge(b, a, room, { rev: 0, intoRev: 0 }, at(chair));
    expect(events[0]).toMatchObject({ question: { id: 'qb', mergedInto: 'qa', rev: 1 } });
    expect(events[1]).toMatchObject({ question: { id: 'qa', mergedFrom: ['qb'], rev: 1 } });
  });
  it.each([
    ['Q14 refuses merging into itself', () => merge(a, a, room, { rev: 0, intoRev: 0 }, at(chair)), 'BAD_REQUEST qa.mergeSelf'],
    [
      'Q14 refuses merging across rooms',
      () => merge(b, { ...a, roomId: 'breakout-1' }, room, { rev: 0, intoRev: 0 }, at(organiser)),
      'BAD_REQUEST qa.mergeRooms',
    ],
    [
      'Q14 refuses merging into a dismissed one',
      () => merge(b, { ...a, status: 'dismissed' }, room, { rev: 0, intoRev: 0 }, at(chair)),
      'BAD_REQUEST qa.mergeDismissed',
    ],
    [
      'Q11 refuses merging an already merged one',
      () => merge({ ...b, mergedInto: 'qz' }, a, room, { rev: 0, intoRev: 0 }, at(chair)),
      'BAD_REQUEST question.merged',
    ],
    ['Q11 refuses merging with a stale target', () => merge(b, { ...a, rev: 3 }, room, { rev: 0, intoRev: 2 }, at(chair)), 'VERSION_CONFLICT question.changed'],
    ['Q9 refuses merging by an attendee', () => merge(b, a, room, { rev: 0, intoRev: 0 }, at(alice)), 'FORBIDDEN qa.chairOnly'],
  ] as const)('%s', (_l, fn, refusal) => {
    expect(refusalOf(fn)).toBe(refusal);
  });
  it('Q14 a published duplicate publishes a pending target', () => {
    const events = merge(b, { ...a, status: 'pending' }, room, { rev: 0, intoRev: 0 }, at(chair));
    expect(events[1]).toMatchObject({ question: { status: 'live' } });
  });
  it('Q2 upvotes: only published, not merged questions', () => {
    expect(refusalOf(() => checkUpvote(live(), bob))).toBeNull();
    expect(refusalOf(() => checkUpvote({ ...live(), status: 'answered' }, bob))).toBeNull();
    expect(refusalOf(() => checkUpvote(asked(), bob))).toBe('BAD_REQUEST qa.upvoteUnpublished');
    expect(refusalOf(() => checkUpvote(live({ mergedInto: 'qa' }), bob))).toBe('BAD_REQUEST question.merged');
  });
});

describe('upvoting one’s own question', () => {
  it.each([
    ['Q19 the asker upvoting their own live question: refused', live(), alice, 'BAD_REQUEST qa.upvoteOwn'],
    ['Q19 the asker upvoting their own answered question: refused', live({ status: 'answered' }), alice, 'BAD_REQUEST qa.upvoteOwn'],
    ['Q19 a chair upvoting the question they asked: refused', live({ authorId: chair.id }), chair, 'BAD_REQUEST qa.upvoteOwn'],
    ['Q19 another attendee upvoting it: counted', live(), bob, null],
    ['Q19 a chair upvoting an attendee’s question: counted', live(), chair, null],
    ['Q2 Q19 the asker upvoting their own pending question: unpublished first', asked(), alice, 'BAD_REQUEST qa.upvoteUnpublished'],
  ] as const)('%s', (_l, q, actor, refusal) => {
    expect(refusalOf(() => checkUpvote(q, actor))).toBe(refusal);
  });
});

/** The room's live entry in the agenda: session 1 since 1000, session 2 since 2000, session 1 again since 3000. */
const s1 = { itemId: 'd1-s1', since: 1000 };
const s2 = { itemId: 'd1-s2', since: 2000 };
const s1Again = { itemId: 'd1-s1', since: 3000 };

describe('answer now, queue, settings', () => {
  it('Q15 highlights a live question of the room and takes it off the queue', () => {
    const r = { ...room, queue: ['q1', 'q2'] };
    expect(answerNow(r, live(), s1, at(chair))).toEqual([
      { type: 'qa.roomChanged', room: { ...r, answering: 'q1', answeringUnder: s1, queue: ['q2'], rev: 1 } },
    ]);
    expect(refusalOf(() => answerNow(r, asked(), s1, at(chair)))).toBe('BAD_REQUEST qa.highlightUnpublished');
    expect(refusalOf(() => answerNow(r, live(), s1, at(alice)))).toBe('FORBIDDEN qa.chairOnly');
    expect(answerNow({ ...r, answering: 'q1', answeringUnder: s1 }, live(), s1, at(chair))).toEqual([]);
  });
  it('Q15 refuses a question of another room; null clears the highlight', () => {
    expect(refusalOf(() => answerNow(room, live({ roomId: 'breakout-1' }), s1, at(organiser)))).toBe('BAD_REQUEST qa.otherRoom');
    const r = { ...room, answering: 'q1', answeringUnder: s1 };
    expect(answerNow(r, null, s1, at(chair))).toEqual([{ type: 'qa.roomChanged', room: { ...r, answering: null, answeringUnder: null, rev: 1 } }]);
    expect(answerNow(room, null, s1, at(chair))).toEqual([]);
  });
  it('Q16 the queue holds live questions of the room once each, and refuses a stale revision', () => {
    const qs = new Map([
      ['q1', live()],
      ['q2', live({ id: 'q2' })],
      ['p', asked({ questionId: 'p' })],
    ]);
    expect(setQueue(room, { queue: ['q2', 'q1'], rev: 0 }, qs, at(chair))).toEqual([
      { type: 'qa.roomChanged', room: { ...room, queue: ['q2', 'q1'], rev: 1 } },
    ]);
    expect(refusalOf(() => setQueue(room, { queue: ['q1', 'q1'], rev: 0 }, qs, at(chair)))).toBe('BAD_REQUEST qa.queueDuplicate');
    expect(refusalOf(() => setQueue(room, { queue: ['p'], rev: 0 }, qs, at(chair)))).toBe('BAD_REQUEST qa.queueNotLive');
    expect(refusalOf(() => setQueue(room, { queue: ['q1'], rev: 5 }, qs, at(chair)))).toBe('VERSION_CONFLICT qa.queueChanged');
  });
  it('Q3 Q9 pre-moderation is switched per room by its chair', () => {
    expect(setPremoderation(room, { premoderation: false }, at(chair))[0]).toMatchObject({ room: { premoderation: false, rev: 1 } });
    expect(setPremoderation(room, { premoderation: true }, at(chair))).toEqual([]);
    expect(refusalOf(() => setPremoderation(room, { premoderation: false }, at(otherChair)))).toBe('FORBIDDEN qa.chairOnly');
  });
});

describe('“answering now” belongs to the live item it was set under', () => {
  const highlighted = (under: RoomQa['answeringUnder']): RoomQa => ({ ...room, answering: 'q1', answeringUnder: under });
  it.each([
    ['Q20 the same live item: still answering now', highlighted(s1), s1, 'q1'],
    ['Q20 another item set live: ended', highlighted(s1), s2, null],
    ['Q20 the room cleared: ended', highlighted(s1), { itemId: null, since: 2000 }, null],
    ['Q20 the earlier item set live again: still ended (it went live anew)', highlighted(s1), s1Again, null],
    ['Q20 set while nothing was ever live, still nothing live: answering now', highlighted(null), undefined, 'q1'],
    ['Q20 set while nothing was ever live, then an item goes live: ended', highlighted(null), s1, null],
    ['Q20 set while the room was cleared, still cleared: answering now', highlighted({ itemId: null, since: 500 }), { itemId: null, since: 500 }, 'q1'],
    ['Q20 a room stored before the live item was recorded: shown as before', { ...room, answering: 'q1', answeringUnder: undefined }, s2, 'q1'],
    ['Q20 nothing highlighted', room, s1, null],
  ] as const)('%s', (_l, r, entry, expected) => {
    expect(answeringNow(r, entry)).toBe(expected);
  });

  it('Q20 Q15 records the live entry it is set under; highlighting the same question after a change starts a new highlight', () => {
    const [e] = answerNow(room, live(), s1, at(chair));
    const r = (e as Extract<QaEvent, { type: 'qa.roomChanged' }>).room;
    expect(r.answeringUnder).toEqual(s1);
    expect(answeringNow(r, s2)).toBeNull();
    // Not a no-op: the stored question is the same, but its highlight had ended.
    const [again] = answerNow(r, live(), s2, at(chair));
    const r2 = (again as Extract<QaEvent, { type: 'qa.roomChanged' }>).room;
    expect(r2).toMatchObject({ answering: 'q1', answeringUnder: s2, rev: r.rev + 1 });
    expect(answeringNow(r2, s2)).toBe('q1');
    // A room stored before the record gets it when the chair highlights again, even the same question.
    expect(answerNow({ ...r, answeringUnder: undefined }, live(), s1, at(chair))).toMatchObject([{ room: { answering: 'q1', answeringUnder: s1 } }]);
  });

  it('Q20 the agenda moving on ends it, and moving back does not bring it back, with no Q&A write', () => {
    let agenda: AgendaState = { programme: {} as AgendaState['programme'], live: {} };
    const liveSet = (itemId: string | null, since: number) => (agenda = applyAgenda(agenda, { type: 'agenda.liveSet', roomId: 'plenary', itemId, at: since }));
    liveSet('d1-s1', 1000);
    const [e] = answerNow(room, live(), agenda.live.plenary, at(chair));
    const r = (e as Extract<QaEvent, { type: 'qa.roomChanged' }>).room;
    expect(answeringNow(r, agenda.live.plenary)).toBe('q1');
    liveSet('d1-s2', 2000);
    expect(answeringNow(r, agenda.live.plenary)).toBeNull();
    liveSet('d1-s1', 3000);
    expect(answeringNow(r, agenda.live.plenary)).toBeNull();
  });

  it('Q12 Q20 a highlighted question leaving the live list clears the highlight and its record', () => {
    const r = { ...room, answering: 'q1', answeringUnder: s1 };
    expect(moderate(live(), r, { action: 'dismiss', rev: 0 }, at(chair))[1]).toEqual({
      type: 'qa.roomChanged',
      room: { ...r, answering: null, answeringUnder: null, rev: 1 },
    });
  });
});

describe('the client view', () => {
  const empty: QaState = { rooms: {}, questions: {}, counts: {}, myUpvotes: [] };
  it('Q17 applies changes by replacement and ignores an older revision', () => {
    const v1 = live({ rev: 1, text: 'v1' });
    const v2 = live({ rev: 2, text: 'v2' });
    let s = applyQa(empty, { type: 'qa.changed', question: v2 });
    s = applyQa(s, { type: 'qa.changed', question: v1 });
    expect(s.questions.q1?.text).toBe('v2');
  });
  it('Q17 takes counts with a newer tick only', () => {
    let s = applyCounts(empty, { q1: { n: 3, tick: 5 } });
    s = applyCounts(s, { q1: { n: 2, tick: 4 } });
    expect(s.counts.q1).toEqual({ n: 3, tick: 5 });
    s = applyCounts(s, { q1: { n: 2, tick: 6 } });
    expect(s.counts.q1).toEqual({ n: 2, tick: 6 });
  });
  it('Q18 sorts by popularity (older first on a tie) or by recency', () => {
    const qs = [live({ id: 'a', createdAt: 1 }), live({ id: 'b', createdAt: 2 }), live({ id: 'c', createdAt: 3 })];
    const counts = { a: { n: 1, tick: 1 }, b: { n: 5, tick: 1 }, c: { n: 1, tick: 1 } };
    expect(sortQuestions(qs, 'popular', counts).map((q) => q.id)).toEqual(['b', 'a', 'c']);
    expect(sortQuestions(qs, 'recent', counts).map((q) => q.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('text hygiene', () => {
  it('N4 the profanity filter catches the obvious and its disguises, and lets ordinary questions through', () => {
    expect(isProfane('what the fuck is a microcredential')).toBe(true);
    expect(isProfane('this is sh1t')).toBe(true);
    expect(isProfane('How do we assess competences in Scunthorpe?')).toBe(false);
    expect(isProfane('Can microcredentials be stacked into a qualification?')).toBe(false);
  });
  it('N3 removes bidi overrides and zero-width characters, keeps the words', () => {
    expect(cleanText('\u202Egnp.exe\u202C  why?\u200B')).toBe('gnp.exe  why?');
    expect(cleanText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>'); // kept as text; React renders it inert
  });
});
