import type { Ballot, Poll } from '../../../shared/protocol/polls';
import type { Found, PersonalData } from '../../core/personal';
import { POLLS } from './keys';

const pollsIn = (found: Found): Poll[] => Object.entries(found.docs).flatMap(([key, value]) => (key.startsWith('poll:') && value ? [value as Poll] : []));

/**
 * The polls' personal data. A ballot names no one (its key holds a random session id) and the tallies are anonymous
 * counts: they stay, as the event's figures. A word cloud's words are counted as the cloud and stay too (single words,
 * the figure the chair showed). An open-text answer is a person's sentence: an erase clears it from its ballot and
 * from the poll's list of answers, while the number of answers (in the tally) stays. An attendee's part is every
 * ballot they cast.
 */
export const personalPolls: PersonalData = {
  part: 'polls',
  async find(store, eventId, attendeeId) {
    const ids = await store.members(eventId, POLLS.ids);
    const polls = ids.map(POLLS.poll);
    if (attendeeId) return { docs: [...polls, ...ids.map((id) => POLLS.ballot(id, attendeeId))] };
    const pollDocs = ids.length ? await store.read(eventId, polls) : {};
    const open = ids.filter((id) => (pollDocs[POLLS.poll(id)]?.value as Poll | undefined)?.type === 'open');
    const answerers = await Promise.all(open.map((id) => store.members(eventId, POLLS.answerers(id))));
    return { docs: open.flatMap((id, i) => answerers[i]!.map((voter) => POLLS.ballot(id, voter))), sets: open.map(POLLS.answerers) };
  },
  erase(found) {
    const put: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(found.docs)) {
      const ballot = value as Ballot | undefined;
      if (key.startsWith('ballot:') && ballot?.choice.type === 'open' && ballot.choice.text)
        put[key] = { ...ballot, choice: { type: 'open', text: '' } } satisfies Ballot;
    }
    const sets = Object.entries(found.sets).flatMap(([key, voters]) => (voters.length ? [{ key, remove: voters }] : []));
    return { changes: [], put, sets };
  },
  ofAttendee(found, attendeeId) {
    const ballots = pollsIn(found).flatMap((poll) => {
      const ballot = found.docs[POLLS.ballot(poll.id, attendeeId)] as Ballot | undefined;
      return ballot ? [{ pollId: poll.id, question: poll.question, choice: ballot.choice, at: ballot.at }] : [];
    });
    return ballots.length ? { ballots } : null;
  },
  eraseAttendee(found, attendeeId) {
    // Their votes stay counted; only an open-text answer is their words.
    const put: Record<string, unknown> = {};
    const sets: { key: string; remove: string[] }[] = [];
    for (const poll of pollsIn(found)) {
      const key = POLLS.ballot(poll.id, attendeeId);
      const ballot = found.docs[key] as Ballot | undefined;
      if (ballot?.choice.type !== 'open' || !ballot.choice.text) continue;
      put[key] = { ...ballot, choice: { type: 'open', text: '' } } satisfies Ballot;
      sets.push({ key: POLLS.answerers(poll.id), remove: [attendeeId] });
    }
    return { changes: [], put, sets };
  },
};
