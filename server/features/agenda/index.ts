import { applyAgenda, setLive } from '../../../shared/domain/agenda';
import { KEYS } from '../../core/keys';
import type { FeatureDeps, ServerFeature } from '../../core/feature';
import type { Handlers } from '../../realtime/router';
import { agendaRoutes } from './routes';

/**
 * The agenda: the item live now in each room, the programme's import and `.ics` export. The programme itself is
 * part of every snapshot's core (`realtime/sync.ts`), since every feature's view hangs on its rooms and items.
 */
export const agendaFeature: ServerFeature = { name: 'agenda', handlers: agendaHandlers, routes: agendaRoutes };

function agendaHandlers(deps: FeatureDeps): Pick<Handlers, 'agenda:setLive'> {
  const { service, now } = deps;
  return {
    'agenda:setLive': {
      roles: ['chair', 'organiser'],
      run: async (input, socket) => {
        const { eventId, actor } = socket.data;
        const { seq } = await service.executeOn({
          eventId,
          key: KEYS.agenda,
          actor,
          opId: input.opId,
          decide: (state) => setLive(state, input, { actor, now: now() }),
          apply: applyAgenda,
        });
        return { seq };
      },
    },
  };
}
