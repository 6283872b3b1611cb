import type { ModerationState } from '../../../shared/protocol/moderation';
import type { PersonalData } from '../../core/personal';
import { MODERATION } from './keys';

/**
 * Moderation's personal data: the name a chair saw on a banned person's question, kept in the list of bans. An
 * erase clears those names; the bans themselves stay in force (they name random session ids, not people). An
 * attendee's own delete leaves a ban as it is: it is the staff's record, not what the person wrote.
 */
export const personalModeration: PersonalData = {
  part: 'moderation',
  find: async () => ({ docs: [MODERATION.doc] }),
  erase(found) {
    const state = found.docs[MODERATION.doc] as ModerationState | undefined;
    if (!state || !Object.values(state.bans).some((b) => b.name !== null)) return { changes: [], put: {} };
    const bans = Object.fromEntries(Object.entries(state.bans).map(([id, ban]) => [id, { ...ban, name: null }]));
    // The staff's list of bans shows them without names (a ban's change replaces the one they hold).
    const changes = Object.values(state.bans)
      .filter((ban) => ban.name !== null)
      .map((ban) => ({ event: { type: 'moderation.banned' as const, ban: { ...ban, name: null } }, audience: 'staff' as const }));
    return { changes, put: { [MODERATION.doc]: { ...state, bans, rev: state.rev + 1 } satisfies ModerationState } };
  },
  ofAttendee: () => null,
  eraseAttendee: () => ({ changes: [], put: {} }),
};
