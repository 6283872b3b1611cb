import { audienceOf, moderate, newRoomQa, type Question, type RoomQa } from '../../../shared/domain/qa';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { KEYS } from '../../core/keys';
import type { Erasure, Found, PersonalData } from '../../core/personal';
import { forEvent } from '../../core/removal';
import type { Plan } from '../../core/service';
import { QA } from './keys';

/** A question without its words or its asker's name: it still counts (the room's questions, its upvotes, its status). */
function blank(q: Question): Question {
  return { ...q, authorName: null, text: '', originalText: null, reply: q.reply ? { ...q.reply, text: '' } : null };
}

function questionsIn(found: Found): Question[] {
  return Object.entries(found.docs).flatMap(([key, value]) => (key.startsWith('q:') && value ? [value as Question] : []));
}

/**
 * The Q&A's personal data: each question's text, its asker's name, the moderator's edit and the reply (all words
 * about what the asker wrote). The questions themselves stay, as figures (how many, their upvotes, answered or not).
 */
export const personalQuestions: PersonalData = {
  part: 'questions',
  async find(store, eventId, attendeeId) {
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const roomIds = agenda?.programme.rooms.map((r) => r.id) ?? [];
    const ids = (await Promise.all(roomIds.map((r) => store.members(eventId, QA.ids(r))))).flat();
    if (attendeeId === null) return { docs: ids.map(QA.question) };
    // An attendee's own questions (and their rooms, whose queue a removal changes), and the questions they upvoted.
    const docs = ids.length ? await store.read(eventId, ids.map(QA.question)) : {};
    const theirs = ids.map((id) => docs[QA.question(id)]?.value as Question | undefined).filter((q): q is Question => q?.authorId === attendeeId);
    return {
      docs: [...theirs.map((q) => QA.question(q.id)), ...new Set(theirs.map((q) => QA.room(q.roomId)))],
      memberOf: ids.map(QA.upvoters),
    };
  },
  erase(found) {
    // Each question a numbered change too: a client that reads the change before it is forgotten shows it blank, and
    // the snapshots' shared read (one per sequence number) is made afresh.
    const put: Record<string, unknown> = {};
    const changes: Plan['changes'] = [];
    for (const q of questionsIn(found)) {
      if (!q.text && q.authorName === null && !q.originalText && !q.reply?.text) continue;
      const erased = { ...blank(q), rev: q.rev + 1 };
      put[QA.question(q.id)] = erased;
      changes.push({ event: { type: 'qa.changed', question: erased }, audience: audienceOf(q, erased) });
    }
    return { changes, put };
  },
  ofAttendee(found, attendeeId) {
    const asked = questionsIn(found)
      .filter((q) => q.authorId === attendeeId && q.text !== '')
      .map((q) => ({
        id: q.id,
        roomId: q.roomId,
        name: q.authorName,
        text: q.originalText ?? q.text,
        status: q.status,
        askedAt: q.createdAt,
        reply: q.reply?.text ?? null,
      }));
    const upvoted = Object.keys(found.memberOf)
      .filter((k) => found.memberOf[k] && k.startsWith('up:'))
      .map((k) => k.slice('up:'.length));
    return asked.length || upvoted.length ? { asked, upvoted } : null;
  },
  eraseAttendee(found, attendeeId, ctx): Erasure {
    const c = forEvent(ctx);
    const rooms = new Map<string, RoomQa>();
    const changes: Plan['changes'] = [];
    const put: Record<string, unknown> = {};
    for (const q of questionsIn(found)) {
      if (q.authorId !== attendeeId) continue;
      let after = q;
      // Out of everybody's list as a dismissal (Q10), off the room's queue and highlight (Q12); a merged one is already.
      if (q.status !== 'dismissed' && !q.mergedInto) {
        const room = rooms.get(q.roomId) ?? (found.docs[QA.room(q.roomId)] as RoomQa | undefined) ?? newRoomQa(q.roomId);
        for (const event of moderate(q, room, { action: 'dismiss', rev: q.rev }, c)) {
          if (event.type === 'qa.roomChanged') {
            rooms.set(event.room.roomId, event.room);
            put[QA.room(event.room.roomId)] = event.room;
            changes.push({ event, audience: 'all' });
          } else if (event.type === 'qa.changed') after = event.question;
        }
      }
      const erased = blank({ ...after, rev: after.rev + (after === q ? 1 : 0) });
      put[QA.question(q.id)] = erased;
      changes.push({ event: { type: 'qa.changed', question: erased }, audience: audienceOf(q, erased) });
    }
    return { changes, put };
  },
};
