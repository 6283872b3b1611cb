import type { Ballot, Choice, Poll, PollsSnapshot, Tally } from '../../../shared/protocol/polls';
import { ASIDE, pollVisible, resultsVisible, shownCounters } from '../../../shared/domain/polls';
import type { Actor } from '../../../shared/domain/actor';
import type { Store } from '../../store/store';
import { POLLS, TICK } from './keys';
import { origins } from '../../core/origins';

const ATTENDEE: Actor = { role: 'attendee', id: '', roomScope: '*' };
/** How many open-text answers the attendees' view carries (the newest). */
const SHOWN_ANSWERS = 100;

export async function openAnswers(store: Store, eventId: string, pollId: string): Promise<{ voterId: string; text: string; at: number }[]> {
  const voters = await store.members(eventId, POLLS.answerers(pollId));
  if (!voters.length) return [];
  const docs = await store.read(
    eventId,
    voters.map((v) => POLLS.ballot(pollId, v)),
  );
  return voters
    .flatMap((voterId) => {
      const b = docs[POLLS.ballot(pollId, voterId)]?.value as Ballot | undefined;
      // An answer set aside by the chair's discount (P15) is not listed.
      return b && b.choice.type === 'open' && !b.aside ? [{ voterId, text: b.choice.text, at: b.at }] : [];
    })
    .sort((a, b) => b.at - a.at);
}

export async function readTally(store: Store, eventId: string, poll: Poll, withAnswers: boolean, maxAnswers = SHOWN_ANSWERS): Promise<Tally> {
  const { [ASIDE]: discounted, ...counters } = await store.counters(eventId, POLLS.tally(poll.id));
  // A word cloud's top words only (P13): what every snapshot, live push and export carries stays bounded.
  const tally: Tally = { pollId: poll.id, counters: shownCounters(poll, counters), tick: counters[TICK] ?? 0 };
  if (discounted) tally.discounted = discounted;
  if (poll.type === 'open' && withAnswers) tally.answers = (await openAnswers(store, eventId, poll.id)).slice(0, maxAnswers).map((a) => a.text);
  return tally;
}

/** Every poll of the event, drafts included, in creation order: what every person's view of the polls is made from. */
export async function readPolls(store: Store, eventId: string): Promise<Poll[]> {
  const ids = await store.members(eventId, POLLS.ids);
  if (!ids.length) return [];
  const docs = await store.read(eventId, ids.map(POLLS.poll));
  return ids
    .map((id) => docs[POLLS.poll(id)]?.value as Poll | undefined)
    .filter((p): p is Poll => !!p)
    .sort((a, b) => a.createdAt - b.createdAt);
}

/** The polls a person sees, the tallies they may see now (hidden results stay hidden), and their own choices. */
export async function pollsSnapshot(store: Store, eventId: string, all: Poll[], actor: Actor): Promise<PollsSnapshot> {
  const polls = all.filter((p) => pollVisible(p, actor));
  if (!polls.length) return { polls: [], tallies: {}, myBallots: {}, myBallotRevs: {} };
  const tallies: Record<string, Tally> = {};
  const myBallots: Record<string, Choice> = {};
  const myBallotRevs: Record<string, number> = {};
  const [ballots] = await Promise.all([
    store.read(
      eventId,
      polls.map((p) => POLLS.ballot(p.id, actor.id)),
    ),
    Promise.all(
      polls
        .filter((p) => resultsVisible(p, actor))
        .map(async (p) => {
          const tally = await readTally(store, eventId, p, actor.role !== 'attendee' || p.showAnswers);
          tallies[p.id] = actor.role === 'attendee' ? forAttendees(tally) : withVoteMarker(store, eventId, tally);
        }),
    ),
  ]);
  for (const p of polls) {
    const b = ballots[POLLS.ballot(p.id, actor.id)]?.value as Ballot | undefined;
    if (!b) continue;
    myBallots[p.id] = b.choice;
    myBallotRevs[p.id] = b.rev ?? 0;
  }
  return { polls, tallies, myBallots, myBallotRevs };
}

/** The tallies of the given polls: staff always get them; attendees only while the poll's results are visible to them. */
export async function talliesOf(store: Store, eventId: string, ids: string[]): Promise<{ staff: Tally[]; attendees: Tally[] }> {
  const docs = await store.read(eventId, ids.map(POLLS.poll));
  const staff: Tally[] = [];
  const attendees: Tally[] = [];
  for (const id of ids) {
    const poll = docs[POLLS.poll(id)]?.value as Poll | undefined;
    if (!poll) continue;
    const tally = await readTally(store, eventId, poll, true);
    staff.push(withVoteMarker(store, eventId, tally));
    if (resultsVisible(poll, ATTENDEE)) attendees.push(forAttendees(poll.type === 'open' && !poll.showAnswers ? { ...tally, answers: undefined } : tally));
  }
  return { staff, attendees };
}

/** A tally as attendees see it: without the staff's count of discounted ballots (P15). */
function forAttendees(tally: Tally): Tally {
  if (tally.discounted === undefined) return tally;
  const { discounted: _discounted, ...rest } = tally;
  return rest;
}

/**
 * A tally as staff see it (P14): with the marker of one network address behind an unusual share of its voters,
 * from this process's record of addresses (`server/core/origins.ts`).
 */
export function withVoteMarker(store: Store, eventId: string, tally: Tally): Tally {
  const marker = origins.concentration(POLLS.origin(store.epoch(), eventId, tally.pollId), tally.counters._voters ?? 0);
  return marker ? { ...tally, network: { percent: Math.round(marker.share * 100), n: marker.n } } : tally;
}
