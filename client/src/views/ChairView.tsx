import { useCallback, useState } from 'react';
import type { AgendaState, EventMeta, Me } from '../../../shared/protocol/messages';
import type { AgendaItem } from '../../../shared/protocol/programme';
import { Layout } from '../components/Layout';
import { NavLinks } from '../components/NavLinks';
import { NowLive } from '../components/NowLive';
import { ProgrammeView } from '../components/Programme';
import { QaConsole } from '../features/qa/console/QaConsole';
import { ChatConsole } from '../features/chat/ChatConsole';
import { PollsConsole } from '../features/polls/PollsConsole';
import { KeyTopics } from '../features/breakouts/KeyTopics';
import { SummaryReviews } from '../features/summaries/Review';
import { RoomPicker } from '../components/RoomPicker';
import { PersonActionsProvider, type PersonActions } from '../components/PersonActions';
import { ModerationConsole } from '../features/moderation/ModerationConsole';
import { BanButton } from '../features/moderation/BanButton';
import { describeFailure } from '../lib/failures';
import { request } from '../net/connection';
import { effectiveDay, effectiveRoom, useServerNow, useUi } from '../state/selectors';
import { useApp } from '../state/store';
import { ProgrammeFooter } from './common';
import { useT } from '../i18n/useT';
import type { Failure } from '../../../shared/protocol/errors';
import { mayPause } from '../../../shared/domain/moderation';
import { roomsInfo } from './common';

/** Beside each question of the Q&A console: ban its asker. */
const banAsker: PersonActions = ({ id, name }) => <BanButton attendeeId={id} name={name} />;

interface ChairViewProps {
  agenda: AgendaState;
  me: Me;
  event: EventMeta;
}

/** The chair moves "now live" in the rooms of their link: a "Set live" per item, "Clear live" per room. */
export function ChairView({ agenda, me, event }: ChairViewProps) {
  const t = useT();
  const { programme } = agenda;
  const inScope = useCallback((roomId: string) => me.roomScope === '*' || me.roomScope === roomId, [me.roomScope]);
  const rooms = programme.rooms.filter((r) => inScope(r.id));
  const ui = useUi();
  const selectRoom = useApp((s) => s.selectRoom);
  const selectDay = useApp((s) => s.selectDay);
  const toast = useApp((s) => s.toast);
  const now = useServerNow(60_000);
  const room = effectiveRoom(programme, ui.room, (r) => inScope(r.id));
  const day = effectiveDay(agenda, ui.day, room?.id, now);
  const [pending, setPending] = useState<string | null>(null);
  // The refusal, worded at render (in the language of the moment).
  const [error, setError] = useState<Failure | null>(null);
  const filter = useCallback((item: AgendaItem) => inScope(item.roomId), [inScope]);

  async function setLive(roomId: string, item: AgendaItem | null) {
    const key = `${roomId}/${item?.id ?? ''}`;
    setPending(key);
    setError(null);
    const reply = await request('agenda:setLive', { roomId, itemId: item?.id ?? null });
    setPending(null);
    if (!reply.ok) return setError(reply);
    const roomName = programme.rooms.find((r) => r.id === roomId)?.name ?? roomId;
    toast('info', item ? t('chair.toastLive', { room: roomName, title: item.title }) : t('chair.toastCleared', { room: roomName }));
  }

  const scopeName = me.roomScope === '*' ? t('staffPages.allRooms') : (rooms[0]?.name ?? me.roomScope);
  const roomLive = room ? (agenda.live[room.id]?.itemId ?? null) : null;

  return (
    <Layout
      title={programme.title}
      subtitle={t('chair.subtitle', { scope: scopeName })}
      documentTitle={t('chair.role', { scope: scopeName })}
      roleLabel={t('chair.role', { scope: scopeName })}
      live
      // The Q&A console comes after the room's polls: the chair gets to the incoming questions without tabbing through every draft.
      skipLinks={[{ label: t('chair.skipIncoming'), target: '#qa [role="tab"][aria-selected="true"]' }]}
      navLabel={t('chair.navLabel')}
      nav={
        <NavLinks
          links={[
            { href: '#qa', label: t('chair.navQa') },
            { href: '#now', label: t('pages.navNowLive') },
            { href: '#polls', label: t('chair.navPolls') },
            { href: '#summaries', label: t('summaries.navReviews') },
            { href: '#moderation', label: t('moderation.heading') },
            { href: '#programme', label: t('pages.navProgramme') },
          ]}
          attendeeCode={event.code}
        />
      }
      footer={<ProgrammeFooter agenda={agenda} eventId={event.id} />}
    >
      {error && (
        <div role="alert" className="alert alert-error alert-dismissible">
          <p>{describeFailure(error)}</p>
          <button type="button" className="button button-small button-quiet" onClick={() => setError(null)}>
            {t('chair.dismiss')}
          </button>
        </div>
      )}
      {rooms.length === 0 ? (
        <p className="alert alert-error">{t('chair.roomGone')}</p>
      ) : (
        <div className="columns">
          <div className="col-side">
            {room && (
              <NowLive
                agenda={agenda}
                room={room}
                compact
                actions={
                  <button type="button" className="button button-small" disabled={!roomLive || pending !== null} onClick={() => void setLive(room.id, null)}>
                    {t('chair.clearLive')}
                  </button>
                }
                nextAction={(next) => (
                  <p className="next-action">
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={pending !== null}
                      aria-describedby="now-heading-next-title"
                      onClick={() => void setLive(next.roomId, next)}
                    >
                      {pending === `${next.roomId}/${next.id}` ? t('chair.settingLive') : t('chair.setNextLive')}
                    </button>
                  </p>
                )}
              />
            )}
            {room && <PollsConsole roomId={room.id} />}
            {room && <ModerationConsole rooms={[room]} canPauseEvent={mayPause(me, null, roomsInfo(programme))} />}
            {room && (
              <p>
                <a
                  className="button button-small"
                  href={`/e/${encodeURIComponent(event.code)}/present/${encodeURIComponent(room.id)}`}
                  target="_blank"
                  rel="noopener"
                >
                  {t('chair.openPresent', { room: room.name })}
                </a>
              </p>
            )}
            <RoomPicker agenda={agenda} rooms={rooms} selected={room?.id} onSelect={selectRoom} legend={t('chair.roomLegend')} />
          </div>
          <div className="col-main">
            {room && (
              <PersonActionsProvider value={banAsker}>
                <QaConsole roomId={room.id} />
              </PersonActionsProvider>
            )}
            {room && <ChatConsole roomId={room.id} />}
            {room?.kind === 'breakout' && <KeyTopics roomId={room.id} />}
            <SummaryReviews me={me} />
            <ProgrammeView
              agenda={agenda}
              day={day}
              onDay={selectDay}
              filter={me.roomScope === '*' ? undefined : filter}
              foldDetails
              title={me.roomScope === '*' ? t('chair.programme') : t('chair.programmeOf', { scope: scopeName })}
              action={(item, live) => (
                <button
                  type="button"
                  className={live ? 'button button-small button-live' : 'button button-small button-primary'}
                  aria-pressed={live}
                  disabled={live || pending !== null}
                  aria-describedby={`item-${item.id}`}
                  onClick={() => void setLive(item.roomId, item)}
                >
                  {pending === `${item.roomId}/${item.id}` ? t('chair.settingLive') : live ? t('chair.liveNow') : t('chair.setLive')}
                </button>
              )}
            />
          </div>
        </div>
      )}
    </Layout>
  );
}
