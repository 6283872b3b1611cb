import { describe, it, expect } from 'vitest';
import {
  applyPoll,
  applyTally,
  withCatchUpBallots,
  withMyBallot,
  contribution,
  controlPoll,
  createPoll,
  detachFromProgramme,
  normaliseWord,
  results,
  resultsVisible,
  setBallotsAside,
  updatePoll,
  vote,
  type PollsState,
} from '../../shared/domain/polls';
import { PollDraft, type Ballot, type Choice, type Poll, type PollAction } from '../../shared/protocol/polls';
import { Programme } from '../../shared/protocol/programme';
import { refusalOf, thrown } from './refusal';
import type { Actor } from '../../shared/domain/actor';

const chair: Actor = { role: 'chair', id: 'link:c', roomScope: 'plenary' };
const otherChair: Actor = { role: 'chair', id: 'link:c2', roomScope: 'breakout-1' };
const attendee = (id: string): Actor => ({ role: 'attendee', id, roomScope: '*' });
const at = (actor: Actor, now = 10) => ({ actor, now });

function poll(draft: Parameters<typeof PollDraft.parse>[0], status: Poll['status'] = 'open'): Poll {
  const [e] = createPoll(PollDraft.parse(draft), 'p1', at(chair));
  return { ...(e as { poll: Poll }).poll, status };
}
const opts = (...labels: string[]) => labels.map((label, i) => ({ id: String.fromCharCode(97 + i), label }));
const single = poll({ roomId: 'plenary', itemId: null, type: 'single', question: 'Which one?', options: opts('A', 'B', 'C') });
const multiple = poll({ roomId: 'plenary', itemId: null, type: 'multiple', question: 'Which ones?', options: opts('A', 'B', 'C', 'D'), maxPicks: 2 });
const rating = poll({ roomId: 'plenary', itemId: null, type: 'rating', question: 'How good?', scale: { min: 1, max: 5 } });
const cloud = poll({ roomId: 'plenary', itemId: null, type: 'wordcloud', question: 'One word?' });
const open = poll({ roomId: 'plenary', itemId: null, type: 'open', question: 'Your thoughts?' });
const ranking = poll({ roomId: 'plenary', itemId: null, type: 'ranking', question: 'Order these', options: opts('A', 'B', 'C') });

/** Runs ballots through vote() and sums the deltas, as the store's counters would. */
function tallyOf(p: Poll, votes: [string, Choice][]): Record<string, number> {
  const counters: Record<string, number> = {};
  const ballots = new Map<string, Ballot>();
  for (const [voter, choice] of votes) {
    const { ballot, deltas } = vote(p, ballots.get(voter) ?? null, choice, at(attendee(voter)));
    ballots.set(voter, ballot);
    for (const [k, v] of Object.entries(deltas)) counters[k] = (counters[k] ?? 0) + v;
  }
  return counters;
}
describe('drafts', () => {
  it.each([
    ['a single-choice poll with one option', { type: 'single', options: opts('A') }, 'options: needs at least two options'],
    ['a word cloud with options', { type: 'wordcloud', options: opts('A', 'B') }, 'options: a wordcloud poll has no options'],
    ['a rating without a scale', { type: 'rating' }, 'scale: a rating poll needs a scale'],
    ['more picks than options', { type: 'multiple', options: opts('A', 'B'), maxPicks: 3 }, 'maxPicks: cannot be more than the number of options'],
  ])('P2 refuses %s', (_l, over, message) => {
    const r = PollDraft.safeParse({ roomId: 'plenary', itemId: null, question: 'A question?', ...over });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain(message);
  });
  it('P1 P3 only a chair of the room prepares and edits, and only while it is a draft', () => {
    const draft = PollDraft.parse({ roomId: 'plenary', itemId: null, type: 'open', question: 'Thoughts?' });
    expect(refusalOf(() => createPoll(draft, 'x', at(otherChair)))).toBe('FORBIDDEN poll.chairOnly');
    expect(refusalOf(() => createPoll(draft, 'x', at(attendee('a'))))).toBe('FORBIDDEN poll.chairOnly');
    const d = poll({ roomId: 'plenary', itemId: null, type: 'open', question: 'Thoughts?' }, 'draft');
    expect(updatePoll(d, { ...draft, question: 'Your thoughts?' }, 0, at(chair))[0]).toMatchObject({ poll: { question: 'Your thoughts?', rev: 1 } });
    expect(refusalOf(() => updatePoll(d, draft, 3, at(chair)))).toBe('VERSION_CONFLICT poll.changed');
    expect(refusalOf(() => updatePoll({ ...d, status: 'open' }, draft, 0, at(chair)))).toBe('BAD_REQUEST poll.started');
  });
  it('P3 a poll stays in its room', () => {
    const d = poll({ roomId: 'plenary', itemId: null, type: 'open', question: 'Thoughts?' }, 'draft');
    const moved = PollDraft.parse({ roomId: 'breakout-1', itemId: null, type: 'open', question: 'Thoughts?' });
    expect(refusalOf(() => updatePoll(d, moved, 0, at(chair)))).toBe('BAD_REQUEST poll.moveRoom');
  });
});

describe('launch, close, reopen, reveal', () => {
  const table: [PollAction, Poll['status'], Poll['status'] | 'BAD_REQUEST' | 'deleted'][] = [
    ['launch', 'draft', 'open'],
    ['launch', 'open', 'BAD_REQUEST'],
    ['close', 'open', 'closed'],
    ['close', 'draft', 'BAD_REQUEST'],
    ['reopen', 'closed', 'open'],
    ['reopen', 'open', 'BAD_REQUEST'],
    ['delete', 'draft', 'deleted'],
    ['delete', 'closed', 'deleted'],
    ['delete', 'open', 'BAD_REQUEST'],
  ];
  it.each(table)('P4 %s a %s poll: %s', (action, from, to) => {
    const p = { ...single, status: from };
    if (to === 'BAD_REQUEST') {
      const refusal = thrown(() => controlPoll(p, action, at(chair)));
      if (action === 'delete') return expect(refusal).toMatchObject({ code: 'BAD_REQUEST', reason: 'poll.deleteOpen' });
      return expect(refusal).toMatchObject({ code: 'BAD_REQUEST', reason: 'poll.badTransition', params: { status: from, action } });
    }
    const [e] = controlPoll(p, action, at(chair, 99));
    if (to === 'deleted') return expect(e).toEqual({ type: 'poll.deleted', pollId: 'p1', roomId: 'plenary' });
    expect(e).toMatchObject({ poll: { status: to, rev: 1 } });
  });
  it('P1 an attendee cannot run a poll', () => {
    expect(refusalOf(() => controlPoll(single, 'close', at(attendee('a'))))).toBe('FORBIDDEN poll.chairOnly');
  });
  it('P5 results are revealed and hidden at any status; doing it twice changes nothing', () => {
    expect(controlPoll({ ...single, status: 'draft' }, 'reveal', at(chair))[0]).toMatchObject({ poll: { revealed: true, rev: 1 } });
    expect(controlPoll({ ...single, status: 'closed', revealed: true }, 'hide', at(chair))[0]).toMatchObject({ poll: { revealed: false, rev: 1 } });
    expect(controlPoll({ ...single, revealed: true }, 'reveal', at(chair))).toEqual([]);
  });
  it('P5 answers are shown only for an open-text poll that has started', () => {
    expect(controlPoll(open, 'showAnswers', at(chair))[0]).toMatchObject({ poll: { showAnswers: true, rev: 1 } });
    expect(refusalOf(() => controlPoll(single, 'showAnswers', at(chair)))).toBe('BAD_REQUEST poll.noAnswers');
    expect(refusalOf(() => controlPoll({ ...open, status: 'draft' }, 'showAnswers', at(chair)))).toBe('BAD_REQUEST poll.badTransition');
  });
});

describe('who sees results when', () => {
  const table: [Poll['visibility'], Poll['status'], boolean, boolean][] = [
    ['live', 'draft', false, false],
    ['live', 'open', false, true],
    ['live', 'closed', false, true],
    ['closed', 'open', false, false],
    ['closed', 'closed', false, true],
    ['closed', 'open', true, true],
    ['reveal', 'open', false, false],
    ['reveal', 'closed', false, false],
    ['reveal', 'closed', true, true],
  ];
  it.each(table)('P11 visibility %s, %s, revealed %s: attendees see = %s', (visibility, status, revealed, sees) => {
    const p = { ...single, visibility, status, revealed };
    expect(resultsVisible(p, attendee('a'))).toBe(sees);
    expect(resultsVisible(p, chair)).toBe(true);
  });
});

describe('voting', () => {
  it.each([
    ['P6 refuses a draft', { ...single, status: 'draft' as const }, { type: 'single', option: 'a' }, 'BAD_REQUEST poll.notStarted'],
    ['P6 refuses a closed poll', { ...single, status: 'closed' as const }, { type: 'single', option: 'a' }, 'POLL_CLOSED poll.closed'],
    ['P8 refuses an unknown option', single, { type: 'single', option: 'z' }, 'BAD_REQUEST poll.unknownOption'],
    ['P8 refuses the wrong type', single, { type: 'rating', value: 3 }, 'BAD_REQUEST poll.wrongType'],
    ['P8 refuses too many picks', multiple, { type: 'multiple', options: ['a', 'b', 'c'] }, 'BAD_REQUEST poll.tooManyPicks'],
    ['P8 refuses off the scale', rating, { type: 'rating', value: 6 }, 'BAD_REQUEST poll.rateRange'],
    ['P9 refuses an empty word', cloud, { type: 'wordcloud', words: ['   '] }, 'BAD_REQUEST poll.noWord'],
    ['P9 refuses an empty answer', open, { type: 'open', text: ' \u200B ' }, 'BAD_REQUEST poll.noAnswer'],
    ['P8 refuses a partial ranking', ranking, { type: 'ranking', order: ['a', 'b'] }, 'BAD_REQUEST poll.rankingIncomplete'],
    ['P8 refuses a ranking with a repeat', ranking, { type: 'ranking', order: ['a', 'a', 'b'] }, 'BAD_REQUEST poll.rankingIncomplete'],
  ] as [string, Poll, Choice, string][])('%s', (_l, p, choice, refusal) => {
    expect(refusalOf(() => vote(p, null, choice, at(attendee('a'))))).toBe(refusal);
  });

  it('P8 a refusal carries what its words need: the type, the maximum, the scale', () => {
    const voteOf = (p: Poll, choice: Choice) => () => vote(p, null, choice, at(attendee('a')));
    expect(thrown(voteOf(single, { type: 'rating', value: 3 })).params).toEqual({ type: 'single' });
    expect(thrown(voteOf(multiple, { type: 'multiple', options: ['a', 'b', 'c'] })).params).toEqual({ max: 2 });
    expect(thrown(voteOf(rating, { type: 'rating', value: 6 })).params).toEqual({ min: 1, max: 5 });
    expect(thrown(voteOf(cloud, { type: 'wordcloud', words: ['x'.repeat(31)] })).params).toEqual({ max: 30 });
  });

  it('P7 P10 single choice: the last vote counts, counted once per voter', () => {
    const c = tallyOf(single, [
      ['ann', { type: 'single', option: 'a' }],
      ['bob', { type: 'single', option: 'a' }],
      ['ann', { type: 'single', option: 'b' }], // ann changes her mind
      ['cid', { type: 'single', option: 'b' }],
    ]);
    expect(c).toEqual({ _voters: 3, 'o:a': 1, 'o:b': 2 });
    expect(results(single, { counters: c })).toEqual({
      kind: 'choice',
      voters: 3,
      options: [
        { id: 'a', label: 'A', count: 1, percent: 33 },
        { id: 'b', label: 'B', count: 2, percent: 67 },
        { id: 'c', label: 'C', count: 0, percent: 0 },
      ],
    });
  });

  it('P8 P10 multiple choice: picks counted per option, percent of voters (may add up past 100)', () => {
    const c = tallyOf(multiple, [
      ['ann', { type: 'multiple', options: ['a', 'b', 'b'] }], // a repeat counts once
      ['bob', { type: 'multiple', options: ['a'] }],
    ]);
    const r = results(multiple, { counters: c });
    expect(r.kind === 'choice' && r.options.map((o) => [o.id, o.count, o.percent])).toEqual([
      ['a', 2, 100],
      ['b', 1, 50],
      ['c', 0, 0],
      ['d', 0, 0],
    ]);
  });

  it('P7 P10 rating: distribution and average, and a changed rating moves both', () => {
    const c = tallyOf(rating, [
      ['ann', { type: 'rating', value: 5 }],
      ['bob', { type: 'rating', value: 2 }],
      ['cid', { type: 'rating', value: 4 }],
      ['bob', { type: 'rating', value: 3 }],
    ]);
    const r = results(rating, { counters: c });
    expect(r).toMatchObject({ kind: 'rating', voters: 3, average: 4 });
    expect(r.kind === 'rating' && r.distribution.map((d) => d.count)).toEqual([0, 0, 1, 1, 1]);
  });

  it('P9 word cloud: case and spacing folded, a word counted once per ballot, biggest first', () => {
    expect(normaliseWord('  Trust\u00A0 Me ')).toBe('trust me');
    const c = tallyOf(cloud, [
      ['ann', { type: 'wordcloud', words: ['Trust', 'trust ', 'value'] }],
      ['bob', { type: 'wordcloud', words: ['TRUST'] }],
      ['cid', { type: 'wordcloud', words: ['recognition'] }],
      ['cid', { type: 'wordcloud', words: ['Value'] }],
    ]);
    const r = results(cloud, { counters: c });
    expect(r).toEqual({
      kind: 'wordcloud',
      voters: 3,
      words: [
        { word: 'trust', count: 2 },
        { word: 'value', count: 2 },
      ],
    });
  });

  it('P10 ranking: Borda points (n-1 for first) and average position, best first', () => {
    const c = tallyOf(ranking, [
      ['ann', { type: 'ranking', order: ['a', 'b', 'c'] }],
      ['bob', { type: 'ranking', order: ['b', 'a', 'c'] }],
      ['cid', { type: 'ranking', order: ['b', 'c', 'a'] }],
    ]);
    const r = results(ranking, { counters: c });
    expect(r.kind === 'ranking' && r.options.map((o) => [o.id, o.points, o.averagePosition])).toEqual([
      ['b', 5, 1.33],
      ['a', 3, 2],
      ['c', 1, 2.67],
    ]);
  });

  it('P9 a word longer than 30 characters is TOO_LARGE', () => {
    expect(refusalOf(() => vote(cloud, null, { type: 'wordcloud', words: ['x'.repeat(31)] }, at(attendee('a'))))).toBe('TOO_LARGE poll.wordTooLong');
  });

  it('P10 open text counts voters; the answers come from the ballots', () => {
    const c = tallyOf(open, [
      ['ann', { type: 'open', text: 'A shared registry' }],
      ['ann', { type: 'open', text: 'A shared European registry' }],
    ]);
    expect(results(open, { counters: c, answers: ['A shared European registry'] })).toEqual({
      kind: 'open',
      voters: 1,
      answers: ['A shared European registry'],
    });
    expect(contribution(open, { type: 'open', text: 'x' })).toEqual({});
  });
});

describe('discounting one network (P15)', () => {
  /** Ballots and counters as the store would hold them after these votes. */
  function voted(p: Poll, votes: [string, Choice][]) {
    const counters: Record<string, number> = {};
    const ballots = new Map<string, Ballot>();
    const add = (deltas: Record<string, number>) => {
      for (const [k, v] of Object.entries(deltas)) counters[k] = (counters[k] ?? 0) + v;
      for (const [k, v] of Object.entries(counters)) if (v === 0) delete counters[k];
    };
    for (const [voter, choice] of votes) {
      const { ballot, deltas } = vote(p, ballots.get(voter) ?? null, choice, at(attendee(voter)));
      ballots.set(voter, ballot);
      add(deltas);
    }
    return { counters, ballots, add };
  }

  it.each([
    [
      'single',
      single,
      [
        { type: 'single', option: 'a' },
        { type: 'single', option: 'b' },
      ],
    ],
    [
      'rating',
      rating,
      [
        { type: 'rating', value: 5 },
        { type: 'rating', value: 2 },
      ],
    ],
    [
      'word cloud',
      cloud,
      [
        { type: 'wordcloud', words: ['spam'] },
        { type: 'wordcloud', words: ['ideas'] },
      ],
    ],
    [
      'ranking',
      ranking,
      [
        { type: 'ranking', order: ['c', 'b', 'a'] },
        { type: 'ranking', order: ['a', 'b', 'c'] },
      ],
    ],
  ] as [string, Poll, [Choice, Choice]][])(
    'P15 %s: set aside, the counters are those of the others alone; counted again, as before',
    (_l, p, [stuffed, honest]) => {
      const { counters, ballots, add } = voted(p, [
        ['s1', stuffed],
        ['s2', stuffed],
        ['s3', stuffed],
        ['h1', honest],
      ]);
      const before = { ...counters };
      const alone = voted(p, [['h1', honest]]).counters;
      const network = new Map([...ballots].filter(([v]) => v.startsWith('s')));

      const aside = setBallotsAside(p, network, true);
      add(aside.deltas);
      expect(counters).toEqual({ ...alone, _aside: 3 });
      expect([...aside.ballots.values()].every((b) => b.aside)).toBe(true);

      // Setting them aside twice changes nothing.
      expect(setBallotsAside(p, aside.ballots, true)).toEqual({ ballots: new Map(), deltas: {} });

      const back = setBallotsAside(p, aside.ballots, false);
      add(back.deltas);
      expect(counters).toEqual(before);
      expect([...back.ballots.values()].some((b) => 'aside' in b)).toBe(false);
    },
  );

  it('P15 a voter set aside may change their vote: it stays aside and counts for nothing', () => {
    const { ballots } = voted(single, [['s1', { type: 'single', option: 'a' }]]);
    const aside = setBallotsAside(single, ballots, true).ballots.get('s1')!;
    const again = vote(single, aside, { type: 'single', option: 'b' }, at(attendee('s1'), 20));
    expect(again).toEqual({ ballot: { choice: { type: 'single', option: 'b' }, at: 20, aside: true, rev: 2 }, deltas: {} });
    // Counted again, the changed vote is what comes back.
    expect(setBallotsAside(single, new Map([['s1', again.ballot]]), false).deltas).toEqual({ _voters: 1, 'o:b': 1, _aside: -1 });
  });

  it('P15 a closed poll still refuses the vote of a voter set aside', () => {
    const aside: Ballot = { choice: { type: 'single', option: 'a' }, at: 1, aside: true };
    expect(refusalOf(() => vote({ ...single, status: 'closed' }, aside, { type: 'single', option: 'b' }, at(attendee('s1'))))).toBe('POLL_CLOSED poll.closed');
  });
});

describe('the client view', () => {
  const empty: PollsState = { polls: {}, tallies: {}, myBallots: {}, myBallotRevs: {} };
  it('P12 replaces polls by revision and drops deleted ones', () => {
    let s = applyPoll(empty, { type: 'poll.changed', poll: { ...single, rev: 2 } });
    s = applyPoll(s, { type: 'poll.changed', poll: { ...single, rev: 1, question: 'old' } });
    expect(s.polls.p1?.rev).toBe(2);
    s = applyPoll(s, { type: 'poll.deleted', pollId: 'p1', roomId: 'plenary' });
    expect(s.polls).toEqual({});
  });
  it('P12 keeps the newest tally', () => {
    let s = applyTally(empty, { pollId: 'p1', counters: { _voters: 5 }, tick: 9 });
    s = applyTally(s, { pollId: 'p1', counters: { _voters: 4 }, tick: 8 });
    expect(s.tallies.p1?.counters._voters).toBe(5);
  });
  const [a, b] = [{ type: 'single', option: 'a' } as Choice, { type: 'single', option: 'b' } as Choice];
  it('P7 each vote stores the next revision of the voter’s ballot (one stored before revisions counts as 0)', () => {
    const first = vote(single, null, a, at(attendee('s1'))).ballot;
    const second = vote(single, first, b, at(attendee('s1'))).ballot;
    expect([first.rev, second.rev]).toEqual([1, 2]);
    expect(vote(single, { choice: a, at: 1 }, b, at(attendee('s1'))).ballot.rev).toBe(1);
  });
  it.each([
    [
      'the reply, then the later echo',
      [
        [a, 1],
        [b, 2],
      ],
      b,
    ],
    [
      'the later echo, then the reply',
      [
        [b, 2],
        [a, 1],
      ],
      b,
    ],
    [
      'the same revision twice',
      [
        [a, 3],
        [b, 3],
      ],
      a,
    ],
    [
      'a reply without a revision (no other tab was open)',
      [
        [b, 2],
        [a, undefined],
      ],
      a,
    ],
  ] as const)('P7 this person’s ballot from replies and echoes: %s', (_, steps, shown) => {
    const s = steps.reduce((state, [choice, rev]) => withMyBallot(state, 'p1', choice, rev), empty);
    expect(s.myBallots.p1).toEqual(shown);
  });
  it('P7 a catch-up’s ballots replace the shown ones, but not one of a higher revision for a poll still shown', () => {
    const shown = withMyBallot({ ...empty, polls: { p1: single } }, 'p1', b, 2);
    expect(withCatchUpBallots(shown, { p1: a }, { p1: 1 })).toMatchObject({ myBallots: { p1: b }, myBallotRevs: { p1: 2 } });
    expect(withCatchUpBallots(shown, { p1: a }, { p1: 3 })).toMatchObject({ myBallots: { p1: a }, myBallotRevs: { p1: 3 } });
    // A poll gone from the catch-up and from the shown polls is not kept.
    expect(withCatchUpBallots(withMyBallot(empty, 'p9', b, 2), {}, {}).myBallots).toEqual({});
  });
});

describe('polls after a programme import', () => {
  const programme = Programme.parse({
    title: 'Next year',
    timeZone: 'Europe/Brussels',
    days: [{ date: '2024-06-20' }],
    rooms: [
      { id: 'plenary', name: 'Plenary', kind: 'plenary' },
      { id: 'b1', name: 'Breakout 1', kind: 'breakout' },
    ],
    items: [
      { id: 'kept', roomId: 'plenary', date: '2024-06-20', start: '09:00', end: '10:00', kind: 'session', title: 'Kept' },
      { id: 'moved', roomId: 'b1', date: '2024-06-20', start: '10:00', end: '11:00', kind: 'session', title: 'Moved' },
    ],
  });
  const on = (itemId: string | null, roomId = 'plenary') => ({ ...single, roomId, itemId });
  it('A11 a poll whose item is gone, in another room, or whose room is gone is detached with a new revision', () => {
    for (const p of [on('gone'), on('moved'), on('kept', 'attic')]) {
      expect(detachFromProgramme(p, programme)).toEqual([{ type: 'poll.changed', poll: { ...p, itemId: null, rev: p.rev + 1 } }]);
    }
  });
  it('A11 a poll whose item is still in its room, or that has no item, is left alone', () => {
    expect(detachFromProgramme(on('kept'), programme)).toEqual([]);
    expect(detachFromProgramme(on(null), programme)).toEqual([]);
    expect(detachFromProgramme(on(null, 'attic'), programme)).toEqual([]);
  });
});
