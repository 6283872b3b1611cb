import { useCallback, useEffect, useState } from 'react';
import { Layout } from '../components/Layout';
import { NavLinks } from '../components/NavLinks';
import { RoomPicker } from '../components/RoomPicker';
import { useRoomPolls } from '../features/polls/common';
import { icsUrl } from '../net/api';
import { onSessionRenamed } from '../net/connection';
import { navigate } from '../lib/routes';
import { forgetJoin, loadJoin, loadPrefs, saveJoin, savePrefs, type StoredJoin } from '../lib/storage';
import { effectiveDay, effectiveRoom, useAgenda, useRefusal, useServerNow, useSession, useUi } from '../state/selectors';
import { useApp } from '../state/store';
import { useT } from '../i18n/useT';
import { JoinPage } from './JoinPage';
// The live page's panels come in a chunk of their own, after the join page (./live.tsx).
import {
  BreakoutChooser,
  BreakoutLink,
  ChatPanel,
  KeyTopics,
  MeBar,
  MyData,
  NowLive,
  PauseBanner,
  PollsPanel,
  ProgrammeSummary,
  ProgrammeView,
  QaAsk,
  QaPanel,
  ReportBackPanel,
  useLivePartsLoaded,
} from './live';
import { BanScreen } from '../features/moderation/BanScreen';
import { LoadingPage, ProgrammeFooter } from './common';
import { useLiveConnection } from './useLiveConnection';
import { useFollowSignal } from '../features/overview/useFollowSignal';

/**
 * /e/CODE: join once (the token is kept per event code), then the live programme. A rename keeps the session: its
 * new token (same attendee, new name) replaces the kept one.
 */
export function AttendeePage({ code }: { code: string }) {
  const t = useT();
  const [joined, setJoined] = useState<StoredJoin | null>(() => loadJoin(code));
  // Whether the earlier session ended (worded at render, in the language of the moment).
  const [sessionEnded, setSessionEnded] = useState(false);
  const [lastName, setLastName] = useState(() => loadJoin(code)?.name ?? '');
  // Just joined in this tab (not a return visit): the page's heading takes the focus from the gone Join button.
  const [justJoined, setJustJoined] = useState(false);

  const onExpired = useCallback(() => {
    // The name last used is offered again.
    setLastName((last) => loadJoin(code)?.name ?? last);
    forgetJoin(code);
    setSessionEnded(true);
    setJoined(null);
  }, [code]);

  const onRenamed = useCallback(
    (renamed: StoredJoin) => {
      saveJoin(code, renamed);
      setJoined(renamed);
    },
    [code],
  );

  if (!joined) {
    return (
      <JoinPage
        code={code}
        notice={sessionEnded ? t('ask.sessionEnded') : null}
        initialName={lastName}
        onJoined={(j) => {
          saveJoin(code, j);
          setSessionEnded(false);
          setJustJoined(true);
          setJoined(j);
        }}
      />
    );
  }
  return (
    <AttendeeLive
      code={code}
      joined={joined}
      justJoined={justJoined}
      onExpired={onExpired}
      onRenamed={onRenamed}
      onLeave={() => {
        forgetJoin(code);
        navigate('/');
      }}
    />
  );
}

interface AttendeeLiveProps {
  code: string;
  joined: StoredJoin;
  justJoined: boolean;
  onExpired: () => void;
  /** The session after a rename, in this tab or another of the person's: the same attendee, a new token and name. */
  onRenamed: (join: StoredJoin) => void;
  onLeave: () => void;
}

function AttendeeLive({ code, joined, justJoined, onExpired, onRenamed, onLeave }: AttendeeLiveProps) {
  const t = useT();
  useLiveConnection(joined.token);
  const agenda = useAgenda();
  const { event } = useSession();
  const { status, refusal, refusalCode } = useRefusal();
  const banned = status === 'refused' && refusalCode === 'BANNED';
  const ui = useUi();
  const selectRoom = useApp((s) => s.selectRoom);
  const selectDay = useApp((s) => s.selectDay);
  const now = useServerNow(60_000);

  // The room and day chosen last time come back after a reload.
  useEffect(() => {
    const prefs = loadPrefs(code);
    if (prefs.room) selectRoom(prefs.room);
    if (prefs.day) selectDay(prefs.day);
  }, [code, selectRoom, selectDay]);

  // A rename (here or in another tab) brings a new token for the same session: it is kept for the next visit.
  useEffect(() => onSessionRenamed(({ token, name }) => onRenamed({ ...joined, token, name })), [joined, onRenamed]);

  // The server refused the stored token (expired, or signed by another server): ask to join again. A ban is not
  // a reason to join again: the ban screen says why (and a reload says it again, the session being kept).
  useEffect(() => {
    if (status === 'refused' && !banned && useApp.getState().connection.status === 'refused') onExpired();
  }, [status, banned, onExpired]);

  const room = agenda ? effectiveRoom(agenda.programme, ui.room) : null;
  // The room this page shows, for the attendance per room (counted per session, nothing else).
  useFollowSignal(room?.id);
  const pollOpen = useRoomPolls(room?.id ?? '').some((p) => p.status === 'open');
  const partsLoaded = useLivePartsLoaded();
  // A breakout's published summary, folded under it in the programme.
  const published = useApp((s) => s.summaries.published);

  if (banned) return <BanScreen refusal={refusal} onLeave={onLeave} />;
  if (!agenda || !event || !partsLoaded) return <LoadingPage live />;

  const { programme } = agenda;
  const day = effectiveDay(agenda, ui.day, room?.id, now);
  const choose = {
    room: (id: string) => {
      selectRoom(id);
      savePrefs(code, { ...loadPrefs(code), room: id });
    },
    day: (d: string) => {
      selectDay(d);
      savePrefs(code, { ...loadPrefs(code), day: d });
    },
  };

  return (
    <Layout
      title={programme.title}
      subtitle={programme.subtitle}
      live
      focusTitle={justJoined}
      skipLinks={[
        ...(room ? [{ label: t('ask.skipAsk'), target: '#ask textarea' }] : []),
        ...(pollOpen ? [{ label: t('ask.skipVote'), target: '#polls .poll-open :is(input, button)' }] : []),
        ...(room ? [{ label: t('ask.skipChat'), target: '#chat-input' }] : []),
      ]}
      navLabel={t('ask.navLabel')}
      nav={
        <>
          <NavLinks
            links={[
              { href: '#ask-card', label: t('ask.navAsk') },
              { href: '#polls', label: t('ask.navPoll') },
              { href: '#qa', label: t('ask.navQuestions') },
              { href: '#now', label: t('pages.navNowLive') },
              { href: '#programme', label: t('pages.navProgramme') },
              { href: icsUrl(event.id), label: t('ask.navCalendar'), download: true },
            ]}
          />
          <MeBar name={joined.name} onLeave={onLeave} />
        </>
      }
      footer={
        <>
          {/* "Your data" (download, delete what I wrote) at the foot: the header's bar is full at 320 px. */}
          <MyData />
          <ProgrammeFooter agenda={agenda} eventId={event.id} />
        </>
      }
    >
      {/* What to do now comes first at 320-360 px beside the video: the question box and the poll, then the
          questions, then what is on. From 900 px the grid puts them in two columns (attendee-grid in styles.css). */}
      <PauseBanner roomId={room?.id ?? null} />
      <BreakoutLink onEnterRoom={choose.room} />
      {/* Before and during a breakout slot, its sessions side by side across the page, above the room's panels. */}
      <BreakoutChooser onEnterRoom={choose.room} />
      <div className="attendee-grid">
        <ReportBackPanel />
        {room && <QaAsk roomId={room.id} />}
        {room?.kind === 'breakout' && <KeyTopics roomId={room.id} />}
        {room && <PollsPanel roomId={room.id} />}
        {room && <QaPanel roomId={room.id} />}
        {room && <ChatPanel roomId={room.id} />}
        {room && <NowLive agenda={agenda} room={room} foldDetails />}
        <RoomPicker agenda={agenda} rooms={programme.rooms} selected={room?.id} onSelect={choose.room} />
        <ProgrammeView
          agenda={agenda}
          day={day}
          onDay={choose.day}
          action={(item) => (item.kind === 'breakout' && published[item.roomId] ? <ProgrammeSummary roomId={item.roomId} /> : null)}
        />
      </div>
    </Layout>
  );
}
