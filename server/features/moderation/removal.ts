import { audienceOf, moderate, newRoomQa, type Question, type RoomQa } from '../../../shared/domain/qa';
import type { Context } from '../../../shared/domain/actor';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { KEYS } from '../../core/keys';
import type { Plan } from '../../core/service';
import type { Store } from '../../store/store';
import { QA_KEYS } from './keys';

/**
 * Taking a banned person's past messages off the lists ("remove their past messages"), in the ban's own commit.
 * Each kind of message is one remover: it says which documents it reads (found before the command), and what it
 * writes, decided on those documents as the command read them. Features do not import each other, so each reads
 * and writes its feature's documents by key, with that feature's pure rules from `shared/domain`.
 *
 * Chat plugs in here: its remover (the person's messages hidden, with chat's own numbered change) goes into
 * PAST_MESSAGE_REMOVERS beside the questions'.
 */
export interface PastMessageRemover {
  /** The documents to read for this person (their messages, and what else changes with them). */
  keys(store: Store, eventId: string, attendeeId: string): Promise<string[]>;
  /** The writes: each message of theirs taken off the lists, as a numbered change of its feature. */
  remove(docs: Record<string, unknown>, attendeeId: string, ctx: Context): Pick<Plan, 'changes' | 'put'>;
}

/**
 * Their questions are dismissed (Q10): out of everybody's list, off the room's queue and highlight (Q12). A ban is
 * for the whole event, so the dismissal acts for the event, whichever room the banning chair runs.
 */
const questions: PastMessageRemover = {
  async keys(store, eventId, attendeeId) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const roomIds = agenda?.programme.rooms.map((r) => r.id) ?? [];
    const ids = (await Promise.all(roomIds.map((r) => store.members(eventId, QA_KEYS.ids(r))))).flat();
    const docs = ids.length ? await store.read(eventId, ids.map(QA_KEYS.question)) : {};
    const theirs = ids.map((id) => docs[QA_KEYS.question(id)]?.value as Question | undefined).filter((q): q is Question => q?.authorId === attendeeId);
    return [...theirs.map((q) => QA_KEYS.question(q.id)), ...new Set(theirs.map((q) => QA_KEYS.room(q.roomId)))];
  },
  remove(docs, attendeeId, ctx) {
    const forEvent: Context = { now: ctx.now, actor: { role: 'organiser', id: ctx.actor.id, roomScope: '*' } };
    const rooms = new Map<string, RoomQa>();
    const changes: Plan['changes'] = [];
    const put: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(docs)) {
      const q = value as Question | undefined;
      if (!key.startsWith('q:') || !q || q.authorId !== attendeeId || q.status === 'dismissed' || q.mergedInto) continue;
      const room = rooms.get(q.roomId) ?? (docs[QA_KEYS.room(q.roomId)] as RoomQa | undefined) ?? newRoomQa(q.roomId);
      for (const event of moderate(q, room, { action: 'dismiss', rev: q.rev }, forEvent)) {
        if (event.type === 'qa.roomChanged') {
          rooms.set(event.room.roomId, event.room);
          put[QA_KEYS.room(event.room.roomId)] = event.room;
          changes.push({ event, audience: 'all' });
        } else {
          put[QA_KEYS.question(event.question.id)] = event.question;
          changes.push({ event, audience: audienceOf(q, event.question) });
        }
      }
    }
    return { changes, put };
  },
};

/** Every kind of message a ban can take off the lists. */
export const PAST_MESSAGE_REMOVERS: readonly PastMessageRemover[] = [questions];
