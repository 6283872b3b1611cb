import type { AgendaState, EventMeta } from '../../../../shared/protocol/messages';
import { ProgrammeExport } from './ProgrammeExport';
import { ProgrammeImport } from './ProgrammeImport';

/** The programme as the organiser manages it: what it holds, its downloads, and the import that replaces it. */
export function ProgrammeAdmin({ agenda, event, token }: { agenda: AgendaState; event: EventMeta; token: string }) {
  const { programme } = agenda;
  const rooms = programme.rooms.length;
  return (
    <section className="card" aria-labelledby="programme-admin-heading" id="programme-admin">
      <h2 id="programme-admin-heading">Programme</h2>
      <p className="programme-summary" data-testid="programme-summary">
        <strong>{programme.title}</strong>: {programme.items.length} items over {programme.days.length} {programme.days.length === 1 ? 'day' : 'days'}, {rooms}{' '}
        {rooms === 1 ? 'room' : 'rooms'}.
      </p>
      <ProgrammeExport programme={programme} event={event} />
      <ProgrammeImport event={event} token={token} />
    </section>
  );
}
