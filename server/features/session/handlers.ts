import { createNameRules } from '../../core/names';
import type { FeatureDeps } from '../../core/feature';
import { channels } from '../../realtime/channels';
import type { Handlers } from '../../realtime/router';

/**
 * A rename signs a new session token for the same attendee (same event, same attendee id) with the new name: the
 * ballots, upvotes and questions are keyed by that id, so they stay the person's. The name's rules are the join's
 * (N1, N2); a refused name changes nothing. Nothing is stored (the name lives in the token), so the operation id
 * needs no record: a retry signs an equivalent token. Questions asked earlier keep the name they were asked with.
 */
export function sessionHandlers(deps: FeatureDeps): Pick<Handlers, 'session:rename'> {
  const { auth } = deps;
  const names = createNameRules(deps.store, deps.now);
  return {
    'session:rename': {
      roles: ['attendee'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const name = await names.admissible(eventId, input.name);
        const token = await auth.signAttendee({ eventId, attendeeId: actor.id, name });
        // This connection acts under the new name at once (a question asked next shows it).
        socket.data.name = name;
        // The person's other tabs: those on this process take the name at once; every one (on any process) is told,
        // so that it keeps the new token and shows the name, and its next connection brings the name in its token.
        const tabs = channels.person(eventId, actor.id);
        const others = [...(socket.nsp.adapter.rooms.get(tabs) ?? [])].filter((id) => id !== socket.id);
        for (const id of others) {
          const other = socket.nsp.sockets.get(id);
          if (other) other.data.name = name;
        }
        if (deps.crossProcess || others.length) socket.to(tabs).emit('session:renamed', { token, name });
        return { token, name };
      },
    },
  };
}
