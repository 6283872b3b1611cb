import type { ServerFeature } from '../../core/feature';
import { chatHandlers } from './handlers';
import { CHAT } from './keys';
import { allReactions, chatSnapshot, reactionCounts, readChatDocs } from './snapshot';
import { pastChatMessages } from './removal';
import { personalChat } from './personal';
import { forgetAgedReactions } from './upgrade';

/** The chat of every room: messages, reactions, delete, pin, hold for review, move to the Q&A, room settings, mutes. */
export const chatFeature: ServerFeature = {
  name: 'chat',
  handlers: chatHandlers,
  snapshot: { key: 'chat', readShared: readChatDocs, forPerson: chatSnapshot },
  pastMessages: pastChatMessages,
  personalData: personalChat,
  upgrade: forgetAgedReactions,
  totals: {
    key: 'reactions',
    ticks: CHAT.ticks,
    read: async (store, eventId, keys) => {
      // A reaction goes on a published message only: attendees get the same counts as staff.
      const counts = await reactionCounts(store, eventId, keys);
      return { staff: counts, attendees: counts };
    },
    catchUp: (store, eventId, actor) => allReactions(store, eventId, actor),
  },
};
