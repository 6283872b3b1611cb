import { clientFeature } from '../../state/feature';

/** Role links matter only to the organiser view, which refetches them when the revision moves. */
export const linksFeature = clientFeature({
  key: 'links',
  fromSnapshot: (_snapshot, current) => ({ revision: current.revision + 1 }),
  owns: (event) => event.type.startsWith('access.'),
  applyEvent: (state) => ({ revision: state.revision + 1 }),
});
