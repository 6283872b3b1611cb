import type { AgendaState, EventMeta } from '../../../../shared/protocol/messages';
import { T } from '../../i18n/Trans';
import { useT } from '../../i18n/useT';
import { ProgrammeExport } from './ProgrammeExport';
import { ProgrammeImport } from './ProgrammeImport';

/** The programme as the organiser manages it: what it holds, its downloads, and the import that replaces it. */
export function ProgrammeAdmin({ agenda, event, token }: { agenda: AgendaState; event: EventMeta; token: string }) {
  const t = useT();
  const { programme } = agenda;
  return (
    <section className="card" aria-labelledby="programme-admin-heading" id="programme-admin">
      <h2 id="programme-admin-heading">{t('programme.heading')}</h2>
      <p className="programme-summary" data-testid="programme-summary">
        <T
          id={'programme.summary'}
          values={{ title: programme.title, items: programme.items.length, days: programme.days.length, rooms: programme.rooms.length }}
          components={{ 0: <strong /> }}
        />
      </p>
      <ProgrammeExport programme={programme} event={event} />
      <ProgrammeImport event={event} token={token} />
    </section>
  );
}
