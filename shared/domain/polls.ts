import { DomainError } from '../protocol/errors';
import type { Ballot, Choice, Poll, PollAction, PollDraft, PollEvent, Tally } from '../protocol/polls';
import type { Programme } from '../protocol/programme';
import { LIMITS } from '../limits';
import { canRunRoom, type Actor, type Context } from './actor';
import { cleanText } from './names';

/**
 * Poll rules. A poll is a document; each voter's ballot is a document of its own; the tally is a set of counters
 * that every vote changes by the difference between the new ballot and the previous one, in the same atomic
 * commit as the ballot. The vote also expects the poll's version, so a vote that races the close is refused.
 * The last vote counts: an attendee may change it until the poll closes (two tabs are one voter).
 */
export type { Ballot, Choice, Poll, PollEvent, Tally };

const VOTERS = '_voters';
const SUM = '_sum';
/** The tally's count of ballots set aside (P15): staff see it as `Tally.discounted`, never among the counters. */
export const ASIDE = '_aside';

function moderator(actor: Actor, roomId: string): void {
  if (!canRunRoom(actor, roomId)) throw new DomainError('FORBIDDEN', 'Only a chair of this room can run its polls.', { reason: 'poll.chairOnly' });
}

export function createPoll(draft: PollDraft, pollId: string, ctx: Context): PollEvent[] {
  moderator(ctx.actor, draft.roomId);
  const poll: Poll = { id: pollId, ...draft, status: 'draft', revealed: false, showAnswers: false, openedAt: null, closedAt: null, createdAt: ctx.now, rev: 0 };
  return [{ type: 'poll.changed', poll }];
}

export function updatePoll(poll: Poll, draft: PollDraft, rev: number, ctx: Context): PollEvent[] {
  moderator(ctx.actor, poll.roomId);
  if (poll.rev !== rev)
    throw new DomainError('VERSION_CONFLICT', 'Someone else changed this poll a moment ago; here is its current version.', { reason: 'poll.changed' });
  if (poll.status !== 'draft') throw new DomainError('BAD_REQUEST', 'Only a poll that has not started can be edited.', { reason: 'poll.started' });
  if (draft.roomId !== poll.roomId) throw new DomainError('BAD_REQUEST', 'A poll cannot move to another room.', { reason: 'poll.moveRoom' });
  return [{ type: 'poll.changed', poll: { ...poll, ...draft, rev: poll.rev + 1 } }];
}

/**
 * After a programme import (A11): a poll whose item is no longer an item of the poll's room in the new programme
 * (or whose room is gone) is detached, its item set to null. It keeps its room id, status, ballots and results; a
 * poll of a room that is gone is shown in no room until a programme brings the room back.
 */
export function detachFromProgramme(poll: Poll, programme: Programme): PollEvent[] {
  if (poll.itemId === null || programme.items.some((i) => i.id === poll.itemId && i.roomId === poll.roomId)) return [];
  return [{ type: 'poll.changed', poll: { ...poll, itemId: null, rev: poll.rev + 1 } }];
}

/** Each control: the statuses it applies to, its change, and the action done in words (a refusal's log message). */
const CONTROL: Record<Exclude<PollAction, 'delete'>, { from: Poll['status'][]; patch: (p: Poll, now: number) => Partial<Poll>; done: string }> = {
  launch: { from: ['draft'], patch: (_p, now) => ({ status: 'open', openedAt: now }), done: 'launched' },
  close: { from: ['open'], patch: (_p, now) => ({ status: 'closed', closedAt: now }), done: 'closed' },
  reopen: { from: ['closed'], patch: () => ({ status: 'open', closedAt: null }), done: 'reopened' },
  reveal: { from: ['draft', 'open', 'closed'], patch: () => ({ revealed: true }), done: 'revealed' },
  hide: { from: ['draft', 'open', 'closed'], patch: () => ({ revealed: false }), done: 'hidden' },
  showAnswers: { from: ['open', 'closed'], patch: () => ({ showAnswers: true }), done: 'made to show its answers' },
  hideAnswers: { from: ['open', 'closed'], patch: () => ({ showAnswers: false }), done: 'made to hide its answers' },
};

export function controlPoll(poll: Poll, action: PollAction, ctx: Context): PollEvent[] {
  moderator(ctx.actor, poll.roomId);
  if (action === 'delete') {
    if (poll.status === 'open') throw new DomainError('BAD_REQUEST', 'Close the poll before deleting it.', { reason: 'poll.deleteOpen' });
    return [{ type: 'poll.deleted', pollId: poll.id, roomId: poll.roomId }];
  }
  const c = CONTROL[action];
  if (!c.from.includes(poll.status))
    throw new DomainError('BAD_REQUEST', `A ${poll.status} poll cannot be ${c.done}.`, {
      reason: 'poll.badTransition',
      params: { status: poll.status, action },
    });
  if ((action === 'showAnswers' || action === 'hideAnswers') && poll.type !== 'open')
    throw new DomainError('BAD_REQUEST', 'Only open-text polls have answers to show.', { reason: 'poll.noAnswers' });
  const patch = c.patch(poll, ctx.now);
  if (Object.entries(patch).every(([k, v]) => poll[k as keyof Poll] === v)) return [];
  return [{ type: 'poll.changed', poll: { ...poll, ...patch, rev: poll.rev + 1 } }];
}

/** Case, width and spacing folded: "Trust ", "trust" and "TRUST" are one word in the cloud. */
export function normaliseWord(word: string): string {
  return cleanText(word).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Checks a choice against the poll and returns it in canonical form. */
export function canonicalChoice(poll: Poll, choice: Choice): Choice {
  if (choice.type !== poll.type)
    throw new DomainError('BAD_REQUEST', `This is a ${poll.type} poll.`, { reason: 'poll.wrongType', params: { type: poll.type } });
  const ids = new Set(poll.options.map((o) => o.id));
  switch (choice.type) {
    case 'single':
      if (!ids.has(choice.option)) throw new DomainError('BAD_REQUEST', 'That is not one of the options.', { reason: 'poll.unknownOption' });
      return choice;
    case 'multiple': {
      const picks = [...new Set(choice.options)];
      if (picks.some((o) => !ids.has(o))) throw new DomainError('BAD_REQUEST', 'That is not one of the options.', { reason: 'poll.unknownOption' });
      const max = poll.maxPicks ?? poll.options.length;
      if (picks.length > max) throw new DomainError('BAD_REQUEST', `Pick at most ${max}.`, { reason: 'poll.tooManyPicks', params: { max } });
      return { type: 'multiple', options: picks };
    }
    case 'rating': {
      const { min, max } = poll.scale!;
      if (choice.value < min || choice.value > max)
        throw new DomainError('BAD_REQUEST', `Rate from ${min} to ${max}.`, { reason: 'poll.rateRange', params: { min, max } });
      return choice;
    }
    case 'wordcloud': {
      const words = [...new Set(choice.words.map(normaliseWord).filter(Boolean))];
      if (!words.length) throw new DomainError('BAD_REQUEST', 'Type a word.', { reason: 'poll.noWord' });
      if (words.some((w) => w.length > LIMITS.wordMax))
        throw new DomainError('TOO_LARGE', `A word of at most ${LIMITS.wordMax} characters.`, { reason: 'poll.wordTooLong', params: { max: LIMITS.wordMax } });
      return { type: 'wordcloud', words };
    }
    case 'open': {
      const text = cleanText(choice.text);
      if (!text) throw new DomainError('BAD_REQUEST', 'Type an answer.', { reason: 'poll.noAnswer' });
      return { type: 'open', text };
    }
    case 'ranking': {
      const order = choice.order;
      if (order.length !== ids.size || new Set(order).size !== order.length || order.some((o) => !ids.has(o)))
        throw new DomainError('BAD_REQUEST', 'Put every option in order, each once.', { reason: 'poll.rankingIncomplete' });
      return choice;
    }
  }
}

/** What one ballot adds to the counters. Ranking: positions (1 = best) and Borda points (n-1 for the best). */
export function contribution(poll: Poll, choice: Choice): Record<string, number> {
  switch (choice.type) {
    case 'single':
      return { [`o:${choice.option}`]: 1 };
    case 'multiple':
      return Object.fromEntries(choice.options.map((o) => [`o:${o}`, 1]));
    case 'rating':
      return { [`v:${choice.value}`]: 1, [SUM]: choice.value };
    case 'wordcloud':
      return Object.fromEntries(choice.words.map((w) => [`w:${w}`, 1]));
    case 'open':
      return {};
    case 'ranking': {
      const n = poll.options.length;
      const out: Record<string, number> = {};
      choice.order.forEach((o, i) => {
        out[`pos:${o}`] = i + 1;
        out[`pts:${o}`] = n - 1 - i;
      });
      return out;
    }
  }
}

/** A vote: the new ballot and the counter changes that replace the previous ballot's contribution (if any). */
export function vote(poll: Poll, previous: Ballot | null, choice: Choice, ctx: Context): { ballot: Ballot; deltas: Record<string, number> } {
  if (poll.status === 'draft') throw new DomainError('BAD_REQUEST', 'This poll has not started.', { reason: 'poll.notStarted' });
  if (poll.status === 'closed') throw new DomainError('POLL_CLOSED', 'This poll is closed.', { reason: 'poll.closed' });
  const canonical = canonicalChoice(poll, choice);
  const deltas: Record<string, number> = {};
  const add = (c: Record<string, number>, sign: number) => {
    for (const [k, v] of Object.entries(c)) deltas[k] = (deltas[k] ?? 0) + sign * v;
  };
  // A voter whose ballot the chair set aside (P15) may still change it; it stays aside and counts for nothing.
  const rev = (previous?.rev ?? 0) + 1;
  if (previous?.aside) return { ballot: { choice: canonical, at: ctx.now, aside: true, rev }, deltas };
  if (previous) add(contribution(poll, previous.choice), -1);
  else deltas[VOTERS] = 1;
  add(contribution(poll, canonical), 1);
  for (const [k, v] of Object.entries(deltas)) if (v === 0) delete deltas[k];
  return { ballot: { choice: canonical, at: ctx.now, rev }, deltas };
}

/**
 * A chair's discount of one network's votes (P15), or its reversal: each ballot not yet in that state leaves the
 * counters (its contribution and its voter) or comes back into them; `ASIDE` counts the ballots set aside.
 */
export function setBallotsAside(
  poll: Poll,
  ballots: ReadonlyMap<string, Ballot>,
  aside: boolean,
): { ballots: Map<string, Ballot>; deltas: Record<string, number> } {
  const changed = new Map<string, Ballot>();
  const deltas: Record<string, number> = {};
  const sign = aside ? -1 : 1;
  for (const [voterId, ballot] of ballots) {
    if (!!ballot.aside === aside) continue;
    for (const [k, v] of Object.entries(contribution(poll, ballot.choice))) deltas[k] = (deltas[k] ?? 0) + sign * v;
    deltas[VOTERS] = (deltas[VOTERS] ?? 0) + sign;
    deltas[ASIDE] = (deltas[ASIDE] ?? 0) - sign;
    const { aside: _was, ...counted } = ballot;
    changed.set(voterId, aside ? { ...ballot, aside: true } : counted);
  }
  for (const [k, v] of Object.entries(deltas)) if (v === 0) delete deltas[k];
  return { ballots: changed, deltas };
}

/** Whether this person may see the poll's results now. Staff always; attendees as the poll's visibility says. */
export function resultsVisible(poll: Poll, actor: Actor): boolean {
  if (actor.role !== 'attendee') return true;
  if (poll.status === 'draft') return false;
  if (poll.visibility === 'live') return true;
  if (poll.visibility === 'closed') return poll.status === 'closed' || poll.revealed;
  return poll.revealed;
}

export function pollVisible(poll: Poll, actor: Actor): boolean {
  return actor.role !== 'attendee' || poll.status !== 'draft';
}

/**
 * The counters of a poll's tally that are sent and shown (P13): a word cloud's top `LIMITS.wordCloudTop` words
 * (most counted first, then alphabetically, as `results` orders them) and its other counters; every other poll's
 * counters as they are (a fixed set per poll). So a snapshot or a live push stays bounded however many distinct
 * words an audience types.
 */
export function shownCounters(poll: Pick<Poll, 'type'>, counters: Record<string, number>): Record<string, number> {
  if (poll.type !== 'wordcloud') return counters;
  const words = Object.entries(counters).filter(([k, v]) => k.startsWith('w:') && v > 0);
  if (words.length <= LIMITS.wordCloudTop) return counters;
  const shown: Record<string, number> = Object.fromEntries(Object.entries(counters).filter(([k]) => !k.startsWith('w:')));
  words
    .sort(([a, x], [b, y]) => y - x || a.slice(2).localeCompare(b.slice(2)))
    .slice(0, LIMITS.wordCloudTop)
    .forEach(([k, v]) => (shown[k] = v));
  return shown;
}

// ---- results -----------------------------------------------------------------------------------------------------

export type PollResults =
  | { kind: 'choice'; voters: number; options: { id: string; label: string; count: number; percent: number }[] }
  | { kind: 'rating'; voters: number; average: number | null; distribution: { value: number; count: number; percent: number }[] }
  | { kind: 'wordcloud'; voters: number; words: { word: string; count: number }[] }
  | { kind: 'ranking'; voters: number; options: { id: string; label: string; averagePosition: number | null; points: number }[] }
  | { kind: 'open'; voters: number; answers: string[] };

const percent = (count: number, of: number) => (of ? Math.round((count / of) * 100) : 0);

export function results(poll: Poll, tally: Pick<Tally, 'counters' | 'answers'>): PollResults {
  const c = tally.counters;
  const voters = c[VOTERS] ?? 0;
  switch (poll.type) {
    case 'single':
    case 'multiple':
      return {
        kind: 'choice',
        voters,
        options: poll.options.map((o) => ({ ...o, count: c[`o:${o.id}`] ?? 0, percent: percent(c[`o:${o.id}`] ?? 0, voters) })),
      };
    case 'rating': {
      const { min, max } = poll.scale!;
      const distribution = Array.from({ length: max - min + 1 }, (_, i) => min + i).map((value) => ({
        value,
        count: c[`v:${value}`] ?? 0,
        percent: percent(c[`v:${value}`] ?? 0, voters),
      }));
      return { kind: 'rating', voters, average: voters ? Math.round(((c[SUM] ?? 0) / voters) * 100) / 100 : null, distribution };
    }
    case 'wordcloud': {
      const words = Object.entries(c)
        .filter(([k, v]) => k.startsWith('w:') && v > 0)
        .map(([k, count]) => ({ word: k.slice(2), count }))
        .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
        .slice(0, LIMITS.wordCloudTop);
      return { kind: 'wordcloud', voters, words };
    }
    case 'ranking': {
      const options = poll.options
        .map((o) => ({ ...o, averagePosition: voters ? Math.round(((c[`pos:${o.id}`] ?? 0) / voters) * 100) / 100 : null, points: c[`pts:${o.id}`] ?? 0 }))
        .sort((a, b) => b.points - a.points || a.label.localeCompare(b.label));
      return { kind: 'ranking', voters, options };
    }
    case 'open':
      return { kind: 'open', voters, answers: tally.answers ?? [] };
  }
}

// ---- the client's view ------------------------------------------------------------------------------------------

export interface PollsState {
  polls: Record<string, Poll>;
  tallies: Record<string, Tally>;
  myBallots: Record<string, Choice>;
  /** Each of those ballots' revision (`Ballot.rev`): what decides between two of them that arrive out of order. */
  myBallotRevs: Record<string, number>;
}

export function applyPoll(state: PollsState, event: PollEvent): PollsState {
  if (event.type === 'poll.deleted') {
    const { [event.pollId]: _gone, ...polls } = state.polls;
    return { ...state, polls };
  }
  const known = state.polls[event.poll.id];
  if (known && known.rev > event.poll.rev) return state;
  return { ...state, polls: { ...state.polls, [event.poll.id]: event.poll } };
}

/** A tally replaces the one shown unless that one is newer (a higher tick). */
export function applyTally(state: PollsState, tally: Tally): PollsState {
  const known = state.tallies[tally.pollId];
  if (known && known.tick > tally.tick) return state;
  return { ...state, tallies: { ...state.tallies, [tally.pollId]: tally } };
}

/**
 * This person's ballot as a reply or another tab's echo tells it: kept unless the one shown is as new or newer (a
 * tab's own reply and the echo of the other tab's later vote arrive in either order). A reply without a revision
 * (the vote said no other tab was open) is this tab's latest vote: shown, the revision left as it was.
 */
export function withMyBallot(state: PollsState, pollId: string, choice: Choice, rev: number | undefined): PollsState {
  if (rev === undefined) return { ...state, myBallots: { ...state.myBallots, [pollId]: choice } };
  if ((state.myBallotRevs[pollId] ?? -1) >= rev) return state;
  return { ...state, myBallots: { ...state.myBallots, [pollId]: choice }, myBallotRevs: { ...state.myBallotRevs, [pollId]: rev } };
}

/**
 * A catch-up's ballots (read from the store) replace the ones shown, except one an echo or a reply has brought
 * since that read (a higher revision).
 */
export function withCatchUpBallots(state: PollsState, myBallots: Record<string, Choice>, myBallotRevs: Record<string, number>): PollsState {
  const ballots = { ...myBallots };
  const revs = { ...myBallotRevs };
  for (const [pollId, rev] of Object.entries(state.myBallotRevs))
    if (rev > (revs[pollId] ?? -1) && state.myBallots[pollId] && pollId in state.polls) {
      ballots[pollId] = state.myBallots[pollId];
      revs[pollId] = rev;
    }
  return { ...state, myBallots: ballots, myBallotRevs: revs };
}
