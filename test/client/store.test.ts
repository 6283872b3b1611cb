import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadFeatures, useApp } from '../../client/src/state/store';
import fixture from '../fixtures/programme-2021.json';
import { createAgenda } from '../../shared/domain/agenda';
import type { AgendaState } from '../../shared/protocol/agenda';
import { Programme } from '../../shared/protocol/programme';
import type { LiveCounts, Snapshot } from '../../shared/protocol/messages';
import type { Poll } from '../../shared/protocol/polls';
import type { Question } from '../../shared/protocol/qa';

/**
 * The client's store follows the server through one loop over the feature list: a snapshot fills each feature's
 * part, a numbered change goes to the feature that owns its event, live totals to the features that have them.
 */

const agenda: AgendaState = createAgenda(Programme.parse(fixture));
const PLENARY = agenda.programme.rooms[0]!.id;
const question = (id: string, rev = 0): Question => ({
  id,
  roomId: PLENARY,
  itemId: null,
  authorId: 'a1',
  authorName: null,
  text: `Question ${id}?`,
  originalText: null,
  target: null,
  status: 'live',
  flagged: false,
  starred: false,
  reply: null,
  mergedInto: null,
  mergedFrom: [],
  createdAt: 1,
  updatedAt: 1,
  rev,
});
const poll = {
  id: 'p1',
  roomId: PLENARY,
  itemId: null,
  question: 'Which?',
  type: 'single',
  options: [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
  results: 'live',
  status: 'open',
  revealed: false,
  showAnswers: false,
  openedAt: 1,
  closedAt: null,
  createdAt: 1,
  rev: 1,
} as unknown as Poll;

function snapshot(seq: number): Snapshot & { agenda: AgendaState } {
  return {
    epoch: 'e1',
    seq,
    serverTime: 0,
    event: { id: 'mc2023', code: 'MC2023', title: 'T', createdAt: 0 },
    agenda,
    programmeRev: 'r1',
    me: { role: 'attendee', id: 'a1', name: null, roomScope: '*' },
    qa: { rooms: {}, questions: [question('q1')], counts: { q1: { n: 2, tick: 5 } }, myUpvotes: ['q1'] },
    polls: { polls: [poll], tallies: {}, myBallots: {}, myBallotRevs: {} },
    breakouts: { seats: {}, mine: {}, contributions: [], contributionCounts: {}, myContributionUpvotes: [] },
    moderation: { pauses: { event: null, rooms: {} }, bans: [] },
    chat: { event: { links: false, rev: 0 }, rooms: {}, history: {}, reactions: {}, myReactions: [], mute: null, lastPostAt: {} },
  };
}

// The features' reducers come in their own chunk in the browser: here, loaded before the first test.
beforeAll(() => loadFeatures());
beforeEach(() => useApp.getState().reset());

describe('the client store over the feature list', () => {
  it('a snapshot fills every feature part and the position; links get a new revision', () => {
    const before = useApp.getState().links.revision;
    useApp.getState().loadSnapshot(snapshot(7));
    const s = useApp.getState();
    expect(s.connection).toMatchObject({ epoch: 'e1', lastSeq: 7 });
    expect(s.agenda?.programme.title).toBe(agenda.programme.title);
    expect(Object.keys(s.qa.questions)).toEqual(['q1']);
    expect(s.qa.counts.q1).toEqual({ n: 2, tick: 5 });
    expect(Object.keys(s.polls.polls)).toEqual(['p1']);
    expect(s.links.revision).toBe(before + 1);
  });

  it('each change goes to the feature that owns its event; a change for nobody (or hidden) only moves the position', () => {
    useApp.getState().loadSnapshot(snapshot(1));
    const app = () => useApp.getState();
    app().applyChange({ seq: 2, event: { type: 'qa.asked', question: question('q2') } });
    expect(Object.keys(app().qa.questions)).toEqual(['q1', 'q2']);
    const polls = app().polls;
    app().applyChange({ seq: 3, event: { type: 'agenda.liveSet', roomId: PLENARY, itemId: agenda.programme.items[0]!.id, at: 10 } });
    expect(app().agenda?.live[PLENARY]?.itemId).toBe(agenda.programme.items[0]!.id);
    expect(app().polls).toBe(polls);
    const revision = app().links.revision;
    app().applyChange({ seq: 4, event: { type: 'access.linkRevoked', jti: 'x', at: 11 } });
    expect(app().links.revision).toBe(revision + 1);
    app().applyChange({ seq: 5, event: { type: 'poll.deleted', pollId: 'p1', roomId: PLENARY } });
    expect(app().polls.polls).toEqual({});
    const qa = app().qa;
    app().applyChange({ seq: 6, event: null });
    expect(app().connection.lastSeq).toBe(6);
    expect(app().qa).toBe(qa);
  });

  it('live totals go to their features, an older figure is dropped, and a message that moves nothing changes no state', () => {
    useApp.getState().loadSnapshot(snapshot(1));
    const app = () => useApp.getState();
    app().applyTotals({ counts: { q1: { n: 3, tick: 6 } }, tallies: [{ pollId: 'p1', counters: { a: 1 }, tick: 1 }] });
    expect(app().qa.counts.q1).toEqual({ n: 3, tick: 6 });
    expect(app().polls.tallies.p1?.counters).toEqual({ a: 1 });
    const state = app();
    app().applyTotals({ counts: { q1: { n: 1, tick: 4 } } });
    expect(app()).toBe(state);
  });

  it('this person’s ballot: a reply and another tab’s echo in either order, and a catch-up read before them, end on the last vote stored', () => {
    useApp.getState().loadSnapshot(snapshot(1));
    const app = () => useApp.getState();
    const [a, b] = [{ type: 'single', option: 'a' } as const, { type: 'single', option: 'b' } as const];
    // This tab voted a (stored as the 1st), the other tab b (stored 2nd); the echo of b comes before the reply to a.
    app().setMyBallot('p1', b, 2);
    app().setMyBallot('p1', a, 1);
    expect(app().polls.myBallots.p1).toEqual(b);
    // A catch-up read between the two votes does not take it back; one read after a third vote does.
    const catchUp = (myBallots: LiveCounts['myBallots'], myBallotRevs: LiveCounts['myBallotRevs']) =>
      app().applyLiveCounts({ counts: {}, myUpvotes: [], tallies: {}, myBallots, myBallotRevs, reactions: {}, myReactions: [] });
    catchUp({ p1: a }, { p1: 1 });
    expect(app().polls.myBallots.p1).toEqual(b);
    catchUp({ p1: a }, { p1: 3 });
    expect(app().polls).toMatchObject({ myBallots: { p1: a }, myBallotRevs: { p1: 3 } });
  });

  it('a catch-up sets the current totals and this person’s own marks; a reset forgets all but the links revision', () => {
    useApp.getState().loadSnapshot(snapshot(1));
    const app = () => useApp.getState();
    app().applyLiveCounts({
      counts: { q1: { n: 9, tick: 8 } },
      myUpvotes: [],
      tallies: { p1: { pollId: 'p1', counters: { b: 4 }, tick: 3 } },
      myBallots: { p1: { type: 'single', option: 'b' } },
      myBallotRevs: { p1: 2 },
      reactions: {},
      myReactions: [],
    });
    expect(app().qa).toMatchObject({ counts: { q1: { n: 9, tick: 8 } }, myUpvotes: [] });
    expect(app().polls.myBallots.p1).toEqual({ type: 'single', option: 'b' });
    const revision = app().links.revision;
    app().reset();
    expect(app()).toMatchObject({ agenda: null, qa: { questions: {} }, polls: { polls: {} }, connection: { epoch: null, lastSeq: 0 } });
    expect(app().links.revision).toBe(revision);
  });

  it('a rename changes only the name of the person: the same id, and every feature part as it was', () => {
    const app = () => useApp.getState();
    app().setMyName('Ana');
    expect(app().session.me).toBeNull(); // no session yet: nothing to rename
    app().loadSnapshot(snapshot(1));
    const { qa, polls } = app();
    app().setMyName('Ana Maria');
    expect(app().session.me).toEqual({ role: 'attendee', id: 'a1', name: 'Ana Maria', roomScope: '*' });
    expect(app().qa).toBe(qa);
    expect(app().polls).toBe(polls);
    app().setMyName(null);
    expect(app().session.me?.name).toBeNull();
  });

  it('a toast is a text or a message worded when shown; the same words again replace the earlier toast', () => {
    const app = () => useApp.getState();
    app().toast('info', { key: 'join.renamed', values: { name: 'Ana' } });
    app().toast('info', { key: 'join.renamed', values: { name: 'Bea' } });
    app().toast('info', { key: 'join.renamed', values: { name: 'Ana' } });
    app().toast('error', 'Not connected.');
    app().toast('error', 'Not connected.');
    expect(app().ui.toasts.map((t) => t.text)).toEqual([
      { key: 'join.renamed', values: { name: 'Bea' } },
      { key: 'join.renamed', values: { name: 'Ana' } },
      'Not connected.',
    ]);
  });
});
