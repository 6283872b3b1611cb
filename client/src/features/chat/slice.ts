import { applyChat, applyReactionCounts, type ChatState } from '../../../../shared/domain/chatState';
import type { ChatEvent } from '../../../../shared/protocol/chat';
import { clientFeature } from '../../state/feature';

/** Every room's chat settings and recent messages this person may see, reaction counts (latest tick wins), their reactions and mute. */
export const chatFeature = clientFeature({
  key: 'chat',
  fromSnapshot: ({ chat }) => ({
    event: chat.event,
    rooms: chat.rooms,
    history: chat.history,
    reactions: chat.reactions,
    myReactions: chat.myReactions,
    mutes: chat.mute ? { [chat.mute.attendeeId]: chat.mute } : {},
    lastPostAt: chat.lastPostAt,
  }),
  owns: (event) => event.type.startsWith('chat.'),
  applyEvent: (state, event) => applyChat(state, event as ChatEvent),
  applyTotals: (state, { reactions }) => (reactions ? applyReactionCounts(state, reactions) : state),
  applyCatchUp: (state, live) => applyReactionCounts({ ...state, myReactions: live.myReactions ?? state.myReactions }, live.reactions ?? {}),
});

/** This person's reaction, shown at once; the ack or the next catch-up confirms it. */
export function withMyReaction(state: ChatState, key: string, on: boolean): ChatState {
  return { ...state, myReactions: on ? [...new Set([...state.myReactions, key])] : state.myReactions.filter((k) => k !== key) };
}
