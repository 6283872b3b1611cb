import { applyAgenda } from '../../../../shared/domain/agenda';
import type { AgendaEvent } from '../../../../shared/protocol/agenda';
import { clientFeature } from '../../state/feature';

/** The programme and what is live in each room. */
export const agendaFeature = clientFeature({
  key: 'agenda',
  fromSnapshot: (snapshot) => snapshot.agenda,
  owns: (event) => event.type.startsWith('agenda.'),
  applyEvent: (state, event) => (state ? applyAgenda(state, event as AgendaEvent) : state),
});
