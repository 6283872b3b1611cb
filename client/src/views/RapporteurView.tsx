import type { AgendaState, EventMeta, Me } from '../../../shared/protocol/messages';
import { liveAndNext, itemsOfRoom } from '../../../shared/domain/agenda';
import { Layout } from '../components/Layout';
import { NavLinks } from '../components/NavLinks';
import { NowLive } from '../components/NowLive';
import { ProgrammeView } from '../components/Programme';
import { effectiveDay, plenaryOf, useServerNow, useUi } from '../state/selectors';
import { useApp } from '../state/store';
import { ProgrammeFooter } from './common';

/** The rapporteur's room: what is live there (and in the plenary), and the programme with their room marked. */
export function RapporteurView({ agenda, me, event }: { agenda: AgendaState; me: Me; event: EventMeta }) {
  const { programme } = agenda;
  const plenary = plenaryOf(programme);
  const room = programme.rooms.find((r) => r.id === me.roomScope) ?? plenary;
  const ui = useUi();
  const selectDay = useApp((s) => s.selectDay);
  const now = useServerNow(60_000);
  const firstOwn = room ? itemsOfRoom(programme, room.id)[0] : undefined;
  const day = effectiveDay(agenda, ui.day ?? firstOwn?.date ?? null, room?.id, now);
  const plenaryLive = plenary && plenary.id !== room?.id ? liveAndNext(agenda, plenary.id).live : null;
  const label = room ? room.name : 'all rooms';

  return (
    <Layout
      title={programme.title}
      subtitle={room?.theme ? `${label}: ${room.theme}` : programme.subtitle}
      documentTitle={`Rapporteur · ${label}`}
      roleLabel={`Rapporteur · ${label}`}
      live
      navLabel="Rapporteur"
      nav={
        <NavLinks
          links={[
            { href: '#now', label: 'Now live' },
            { href: '#programme', label: 'Programme' },
          ]}
          attendeeCode={event.code}
        />
      }
      footer={<ProgrammeFooter agenda={agenda} eventId={event.id} />}
    >
      <div className="columns">
        <div className="col-side">
          {room && <NowLive agenda={agenda} room={room} />}
          {plenary && plenary.id !== room?.id && (
            <p className="plenary-line">
              <strong>In the plenary:</strong> {plenaryLive ? plenaryLive.title : 'nothing is live right now.'}
            </p>
          )}
        </div>
        <div className="col-main">
          <ProgrammeView agenda={agenda} day={day} onDay={selectDay} highlightRoom={room?.kind === 'breakout' ? room.id : undefined} />
        </div>
      </div>
    </Layout>
  );
}
