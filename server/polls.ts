import { randomUUID } from 'node:crypto';
import express from 'express';
import { stringify } from 'csv-stringify/sync';
import type { Logger } from 'pino';
import { DomainError, fail } from '../shared/protocol/errors';
import { ControlPoll, CreatePoll, PollAnswers, UpdatePoll, Vote, type Ballot, type Choice, type Poll, type PollEvent, type PollsSnapshot, type Tally } from '../shared/protocol/polls';
import { controlPoll, createPoll, pollVisible, results, resultsVisible, updatePoll, vote } from '../shared/domain/polls';
import { canRunRoom, type Actor } from '../shared/domain/actor';
import { isRevoked } from '../shared/domain/access';
import type { AgendaState } from '../shared/protocol/messages';
import { KEYS, rooms, type IO, type Plan, type Service } from './service';
import { TokenError, type Auth } from './auth';
import { toFailure, type Handlers } from './router';
import { byKey, type Store } from './store/store';

/** Store keys of the polls. */
export const POLLS = {
  ids: 'polls:ids',
  poll: (id: string) => `poll:${id}`,
  ballot: (pollId: string, voterId: string) => `ballot:${pollId}:${voterId}`,
  tally: (pollId: string) => `tally:${pollId}`,
  /** One counter per poll, raised by every vote and by every control: the live stream sends the tallies that moved. */
  ticks: 'polls:ticks',
  /** Voters of an open-text poll, to list their answers. */
  answerers: (pollId: string) => `answers:${pollId}`,
};
const TICK = '_tick';
const ATTENDEE: Actor = { role: 'attendee', id: '', roomScope: '*' };
/** How many open-text answers the attendees' view carries (the newest). */
const SHOWN_ANSWERS = 100;

/** A draft is for staff only; everything after that is for everybody. */
function plan(events: PollEvent[], before: Poll | null, extra: Omit<Plan, 'changes' | 'put'> = {}): Plan {
  const put: Record<string, unknown> = {};
  const changes: Plan['changes'] = [];
  for (const e of events) {
    if (e.type === 'poll.changed') put[POLLS.poll(e.poll.id)] = e.poll;
    const draftOnly = (before?.status ?? 'draft') === 'draft' && (e.type === 'poll.deleted' || e.poll.status === 'draft');
    changes.push({ event: e, audience: draftOnly ? 'staff' : 'all' });
  }
  return { changes, put, ...extra };
}

function pollOf(docs: Record<string, unknown>, id: string, actor: Actor): Poll {
  const p = docs[POLLS.poll(id)] as Poll | undefined;
  if (!p || !pollVisible(p, actor)) throw new DomainError('NOT_FOUND', 'There is no such poll.');
  return p;
}

const moderators: Actor['role'][] = ['chair', 'organiser'];

/** The polls' socket handlers, built once per app: who acts comes from the socket's data at each event. */
export function pollHandlers(
  /** crossProcess: broadcasts reach other processes (an adapter is set), so a room's members may be elsewhere. */
  deps: { service: Service; store: Store; io: IO; now: () => number; crossProcess: boolean },
): Pick<Handlers, Extract<keyof Handlers, `poll:${string}`>> {
  const { service, store, now } = deps;
  const ctx = (actor: Actor) => ({ actor, now: now() });

  return {
    'poll:create': {
      schema: CreatePoll,
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const pollId = randomUUID();
        const applied = await service.execute({
          eventId, actor, opId: input.opId,
          keys: [KEYS.agenda],
          plan: (docs) => {
            checkPlace(docs[KEYS.agenda] as AgendaState, input.draft.roomId, input.draft.itemId);
            return plan(createPoll(input.draft, pollId, ctx(actor)), null, { sets: [{ key: POLLS.ids, add: [pollId] }], reply: { pollId } });
          },
        });
        return applied as typeof applied & { pollId: string };
      },
    },

    'poll:update': {
      schema: UpdatePoll,
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        return service.execute({
          eventId, actor, opId: input.opId,
          keys: [KEYS.agenda, POLLS.poll(input.pollId)],
          plan: (docs) => {
            const poll = pollOf(docs, input.pollId, actor);
            checkPlace(docs[KEYS.agenda] as AgendaState, input.draft.roomId, input.draft.itemId);
            return plan(updatePoll(poll, input.draft, input.rev, ctx(actor)), poll);
          },
        });
      },
    },

    'poll:control': {
      schema: ControlPoll,
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const applied = await service.execute({
          eventId, actor, opId: input.opId,
          keys: [POLLS.poll(input.pollId)],
          plan: (docs) => {
            const poll = pollOf(docs, input.pollId, actor);
            const events = controlPoll(poll, input.action, ctx(actor));
            // Closing or revealing can make the results visible to attendees: the tick has the tally sent.
            const tick = [{ key: POLLS.ticks, field: poll.id, by: 1 }];
            return plan(events, poll, input.action === 'delete' && events.length ? { sets: [{ key: POLLS.ids, remove: [poll.id] }], incr: tick } : { incr: tick });
          },
        });
        return applied;
      },
    },

    'poll:vote': {
      schema: Vote,
      roles: ['attendee', 'chair', 'rapporteur', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const ballotKey = POLLS.ballot(input.pollId, actor.id);
        let choice: Choice | null = null;
        // The poll's version is expected unchanged: a close that lands first makes this commit conflict, and the
        // retry reads the closed poll and refuses with POLL_CLOSED. The ballot's version makes two tabs take turns.
        const applied = await service.execute({
          eventId, actor, opId: input.opId,
          keys: [POLLS.poll(input.pollId), ballotKey],
          plan: (docs) => {
            // A draft is hidden from attendees, but a vote on one says plainly that it has not started.
            const poll = (docs[POLLS.poll(input.pollId)] as Poll | undefined) ?? pollOf(docs, input.pollId, actor);
            const previous = (docs[ballotKey] as Ballot | undefined) ?? null;
            const { ballot, deltas } = vote(poll, previous, input.choice, ctx(actor));
            choice = ballot.choice;
            const put = byKey<unknown>();
            put[ballotKey] = ballot;
            return {
              changes: [],
              put,
              incr: [
                ...Object.entries(deltas).map(([field, by]) => ({ key: POLLS.tally(poll.id), field, by })),
                { key: POLLS.tally(poll.id), field: TICK, by: 1 },
                { key: POLLS.ticks, field: poll.id, by: 1 },
              ],
              sets: poll.type === 'open' ? [{ key: POLLS.answerers(poll.id), add: [actor.id] }] : [],
            };
          },
        });
        // The voter's other tabs show the same choice (this one has it from the reply): unless the vote says there
        // is none (with several processes the echo goes through Redis to all of them), and on one process only when
        // it holds another of them (an emit to a room of the voter alone still encodes and frames the message).
        const tabs = rooms.person(eventId, actor.id);
        const echo = input.otherTabs !== false && (deps.crossProcess || (socket.nsp.adapter.rooms.get(tabs)?.size ?? 0) > 1);
        if (choice && echo) socket.to(tabs).emit('poll:myBallot', { pollId: input.pollId, choice });
        return applied;
      },
    },

    'poll:answers': {
      schema: PollAnswers,
      roles: moderators,
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const poll = (await store.read(eventId, [POLLS.poll(input.pollId)]))[POLLS.poll(input.pollId)]?.value as Poll | undefined;
        if (!poll || !canRunRoom(actor, poll.roomId)) throw new DomainError('NOT_FOUND', 'There is no such poll.');
        return { answers: await openAnswers(store, eventId, poll.id) };
      },
    },
  };
}

function checkPlace(agenda: AgendaState, roomId: string, itemId: string | null): void {
  if (!agenda.programme.rooms.some((r) => r.id === roomId)) throw new DomainError('NOT_FOUND', `There is no room "${roomId}".`);
  if (itemId && !agenda.programme.items.some((i) => i.id === itemId && i.roomId === roomId))
    throw new DomainError('BAD_REQUEST', `"${itemId}" is not a programme item of that room.`);
}

async function openAnswers(store: Store, eventId: string, pollId: string): Promise<{ voterId: string; text: string; at: number }[]> {
  const voters = await store.members(eventId, POLLS.answerers(pollId));
  if (!voters.length) return [];
  const docs = await store.read(eventId, voters.map((v) => POLLS.ballot(pollId, v)));
  return voters
    .flatMap((voterId) => {
      const b = docs[POLLS.ballot(pollId, voterId)]?.value as Ballot | undefined;
      return b && b.choice.type === 'open' ? [{ voterId, text: b.choice.text, at: b.at }] : [];
    })
    .sort((a, b) => b.at - a.at);
}

async function readTally(store: Store, eventId: string, poll: Poll, withAnswers: boolean, maxAnswers = SHOWN_ANSWERS): Promise<Tally> {
  const counters = await store.counters(eventId, POLLS.tally(poll.id));
  const tally: Tally = { pollId: poll.id, counters, tick: counters[TICK] ?? 0 };
  if (poll.type === 'open' && withAnswers) tally.answers = (await openAnswers(store, eventId, poll.id)).slice(0, maxAnswers).map((a) => a.text);
  return tally;
}

/** Every poll of the event, drafts included, in creation order: what every person's view of the polls is made from. */
export async function readPolls(store: Store, eventId: string): Promise<Poll[]> {
  const ids = await store.members(eventId, POLLS.ids);
  if (!ids.length) return [];
  const docs = await store.read(eventId, ids.map(POLLS.poll));
  return ids.map((id) => docs[POLLS.poll(id)]?.value as Poll | undefined).filter((p): p is Poll => !!p).sort((a, b) => a.createdAt - b.createdAt);
}

/** The polls a person sees, the tallies they may see now (hidden results stay hidden), and their own choices. */
export async function pollsSnapshot(store: Store, eventId: string, all: Poll[], actor: Actor): Promise<PollsSnapshot> {
  const polls = all.filter((p) => pollVisible(p, actor));
  if (!polls.length) return { polls: [], tallies: {}, myBallots: {} };
  const tallies: Record<string, Tally> = {};
  const myBallots: Record<string, Choice> = {};
  const [ballots] = await Promise.all([
    store.read(eventId, polls.map((p) => POLLS.ballot(p.id, actor.id))),
    Promise.all(polls.filter((p) => resultsVisible(p, actor)).map(async (p) => (tallies[p.id] = await readTally(store, eventId, p, actor.role !== 'attendee' || p.showAnswers)))),
  ]);
  for (const p of polls) {
    const b = ballots[POLLS.ballot(p.id, actor.id)]?.value as Ballot | undefined;
    if (b) myBallots[p.id] = b.choice;
  }
  return { polls, tallies, myBallots };
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
    staff.push(tally);
    if (resultsVisible(poll, ATTENDEE)) attendees.push(poll.type === 'open' && !poll.showAnswers ? { ...tally, answers: undefined } : tally);
  }
  return { staff, attendees };
}

/** A poll's results as CSV (UTF-8 with a BOM, so spreadsheet programs read accents right), for its room's chairs. */
export function pollExportRouter(deps: { auth: Auth; service: Service; store: Store; log: Logger }): express.Router {
  const r = express.Router();
  r.get('/api/events/:id/polls/:pollId/results.csv', async (req, res) => {
    try {
      const principal = await deps.auth.verify((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
      if (principal.kind !== 'link' || principal.eventId !== req.params.id) return void res.status(403).json(fail('FORBIDDEN', 'Only the event\'s staff can export results.'));
      const access = await deps.service.accessOf(principal.eventId);
      if (!access || isRevoked(access, principal.jti)) return void res.status(401).json(fail('UNAUTHORIZED', 'This link was revoked.'));
      const actor: Actor = { role: principal.role, id: `link:${principal.jti}`, roomScope: principal.roomScope };
      const poll = (await deps.store.read(req.params.id, [POLLS.poll(req.params.pollId)]))[POLLS.poll(req.params.pollId)]?.value as Poll | undefined;
      if (!poll || !canRunRoom(actor, poll.roomId)) return void res.status(404).json(fail('NOT_FOUND', 'There is no such poll.'));
      const tally = await readTally(deps.store, req.params.id, poll, true, Infinity);
      res.type('text/csv; charset=utf-8').attachment(`poll-${poll.id.slice(0, 8)}.csv`).send('\uFEFF' + pollCsv(poll, tally));
    } catch (error) {
      if (error instanceof TokenError) return void res.status(401).json(fail('UNAUTHORIZED', error.message));
      const failure = toFailure(error, deps.log, { route: 'poll-csv' });
      res.status(failure.code === 'UNAVAILABLE' ? 503 : 500).json(failure);
    }
  });
  return r;
}

export function pollCsv(poll: Poll, tally: Tally): string {
  const r = results(poll, tally);
  const head = [['Poll', poll.question], ['Type', poll.type], ['Voters', String(r.voters)], []];
  let rows: string[][];
  switch (r.kind) {
    case 'choice':
      rows = [['Option', 'Votes', 'Percent of voters'], ...r.options.map((o) => [o.label, String(o.count), `${o.percent}%`])];
      break;
    case 'rating':
      rows = [['Rating', 'Votes', 'Percent'], ...r.distribution.map((d) => [String(d.value), String(d.count), `${d.percent}%`]), [], ['Average', r.average === null ? '' : String(r.average)]];
      break;
    case 'wordcloud':
      rows = [['Word', 'Count'], ...r.words.map((w) => [w.word, String(w.count)])];
      break;
    case 'ranking':
      rows = [['Option', 'Borda points', 'Average position'], ...r.options.map((o) => [o.label, String(o.points), o.averagePosition === null ? '' : String(o.averagePosition)])];
      break;
    case 'open':
      rows = [['Answer'], ...r.answers.map((a) => [a])];
      break;
  }
  return stringify([...head, ...rows].map((row) => row.map(inert)));
}

/** A cell that starts like a formula (=, +, -, @) is prefixed so that a spreadsheet shows it as text. */
function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
