import type { FeatureDeps } from '../../core/feature';
import type { Handlers } from '../../realtime/router';
import type { ReportPublication } from '../../../shared/protocol/report';
import { setPublished, UNPUBLISHED } from '../../../shared/domain/report';
import { REPORT } from './keys';

/** The organiser publishes the report or takes it down (an operation id, like every mutation), and asks where it stands. */
export function reportHandlers({ service, store, now }: FeatureDeps): Partial<Handlers> {
  return {
    'report:publish': {
      roles: ['organiser'],
      run: async (input, socket) => {
        const applied = await service.execute({
          eventId: socket.data.eventId,
          actor: socket.data.actor,
          opId: input.opId,
          keys: [REPORT.publication],
          plan: (docs) => {
            const current = docs[REPORT.publication] as ReportPublication | undefined;
            const next = setPublished(current, input.published, now());
            const publication = next ?? current ?? UNPUBLISHED;
            return { changes: [], put: next ? { [REPORT.publication]: next } : {}, reply: { publication } };
          },
        });
        return applied as typeof applied & { publication: ReportPublication };
      },
    },
    'report:status': {
      roles: ['organiser'],
      run: async (_input, socket) => {
        const doc = (await store.read(socket.data.eventId, [REPORT.publication]))[REPORT.publication];
        return { publication: (doc?.value as ReportPublication | undefined) ?? UNPUBLISHED };
      },
    },
  };
}
