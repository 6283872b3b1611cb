import type { ModerationEvent } from '../../../../shared/protocol/moderation';
import { clientFeature } from '../../state/feature';

/** Pauses of attendee input and, for staff, the bans. */
export const moderationFeature = clientFeature({
  key: 'moderation',
  fromSnapshot: ({ moderation }) => ({ pauses: moderation.pauses, bans: Object.fromEntries(moderation.bans.map((b) => [b.attendeeId, b])) }),
  owns: (event) => event.type.startsWith('moderation.'),
  applyEvent: (state, raw) => {
    const event = raw as ModerationEvent;
    switch (event.type) {
      case 'moderation.paused':
        return { ...state, pauses: event.pauses };
      case 'moderation.banned':
        return { ...state, bans: { ...state.bans, [event.ban.attendeeId]: event.ban } };
      case 'moderation.unbanned': {
        const { [event.attendeeId]: _gone, ...bans } = state.bans;
        return { ...state, bans };
      }
    }
  },
});
