import type { AgendaState, EventMeta, Me } from '../../../shared/protocol/messages';
import { liveAndNext, itemsOfRoom } from '../../../shared/domain/agenda';
import { Layout } from '../components/Layout';
import { NavLinks } from '../components/NavLinks';
import { NowLive } from '../components/NowLive';
import { ProgrammeView } from '../components/Programme';
import { effectiveDay, plenaryOf, useServerNow, useUi } from '../state/selectors';
import { useApp } from '../state/store';
import { ProgrammeFooter } from './common';
import { T } from '../i18n/Trans';
import { useT } from '../i18n/useT';
import { SummaryWorkspace } from '../features/summaries/workspace/Workspace';
import { breakoutsOf } from '../features/summaries/common';

/** The rapporteur's room: what is live there (and in the plenary), and the programme with their room marked. */
export function RapporteurView({ agenda, me, event }: { agenda: AgendaState; me: Me; event: EventMeta }) {
  const t = useT();
  const { programme } = agenda;
  const plenary = plenaryOf(programme);
  const room = programme.rooms.find((r) => r.id === me.roomScope) ?? plenary;
  const ui = useUi();
  const selectDay = useApp((s) => s.selectDay);
  const now = useServerNow(60_000);
  const firstOwn = room ? itemsOfRoom(programme, room.id)[0] : undefined;
  const day = effectiveDay(agenda, ui.day ?? firstOwn?.date ?? null, room?.id, now);
  const plenaryLive = plenary && plenary.id !== room?.id ? liveAndNext(agenda, plenary.id).live : null;
  const label = room ? room.name : t('staffPages.allRooms');
  const breakout = breakoutsOf(programme).find((b) => b.room.id === room?.id);

  return (
    <Layout
      title={programme.title}
      subtitle={room?.theme ? t('staffPages.roomTheme', { room: label, theme: room.theme }) : programme.subtitle}
      documentTitle={t('staffPages.rapporteurRole', { room: label })}
      roleLabel={t('staffPages.rapporteurRole', { room: label })}
      live
      navLabel={t('staffPages.rapporteurNav')}
      nav={
        <NavLinks
          links={[
            ...(breakout ? [{ href: '#summary', label: t('summaries.navSummary') }] : []),
            { href: '#now', label: t('pages.navNowLive') },
            { href: '#programme', label: t('pages.navProgramme') },
          ]}
          attendeeCode={event.code}
        />
      }
      footer={<ProgrammeFooter agenda={agenda} eventId={event.id} />}
    >
      {breakout && <SummaryWorkspace agenda={agenda} breakout={breakout} eventId={event.id} eventCode={event.code} />}
      <div className="columns">
        <div className="col-side">
          {room && <NowLive agenda={agenda} room={room} />}
          {plenary && plenary.id !== room?.id && (
            <p className="plenary-line">
              {plenaryLive ? (
                <T id={'staffPages.inPlenary'} values={{ title: plenaryLive.title }} components={{ 0: <strong /> }} />
              ) : (
                <T id={'staffPages.inPlenaryNothing'} components={{ 0: <strong /> }} />
              )}
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
