import { useId, useMemo, useState } from 'react';
import type { Question } from '../../../../../shared/domain/qa';
import { Tabs } from '../../../components/Tabs';
import { useAnsweringNow, useLiveItem, useMe, useQuestionsById, useRoomQa, useRoomQuestions, useUpvoteCounts } from '../selectors';
import { AnsweringNow } from './AnsweringNow';
import { ConsoleNotice } from './ConsoleNotice';
import { ModList } from './ModList';
import { PendingMore } from './PendingMore';
import { PremoderationSwitch } from './PremoderationSwitch';
import { QueuePanel } from './QueuePanel';
import { TABS, sortFor, tabOf, type Tab } from './model';
import { useModeration } from './useModeration';
import { useQueue } from './useQueue';
import { useT } from '../../../i18n/useT';
import '../qa.css';

/**
 * The chair's moderation console for one room: incoming (pending, flagged ones marked), live, answered and
 * dismissed questions; approve, dismiss, restore, star, answer now, mark answered, reply, edit, merge; the
 * queue of questions to take; pre-moderation. Every change sends the revision the chair saw: a stale one is
 * refused with VERSION_CONFLICT and the chair is told, with the question's current state on screen.
 * Everything is a real button, so moderation works with the keyboard alone.
 */
export function QaConsole({ roomId }: { roomId: string }) {
  const t = useT();
  const id = useId();
  const me = useMe();
  const room = useRoomQa(roomId);
  const live = useLiveItem(roomId);
  // The highlight of the current live item only: moving the live item ends it (Q20).
  const answeringId = useAnsweringNow(roomId);
  const [allItems, setAllItems] = useState(false);
  const scoped = useRoomQuestions(roomId, live?.id ?? null, allItems);
  const byId = useQuestionsById();
  const counts = useUpvoteCounts();
  const [tab, setTab] = useState<Tab>('incoming');
  const mod = useModeration();
  const queue = useQueue(room, byId, mod);

  const byTab = useMemo(() => {
    const map = new Map<Tab, Question[]>(TABS.map((x) => [x.id, []]));
    for (const q of scoped) if (q.mergedInto === null) map.get(tabOf(q))?.push(q);
    for (const x of TABS) map.set(x.id, sortFor(x.id, map.get(x.id) ?? [], counts));
    return map;
  }, [scoped, counts]);
  /** Questions another can be merged into: published ones of the room, not merged away. */
  const mergeTargets = useMemo(() => scoped.filter((q) => q.mergedInto === null && (q.status === 'live' || q.status === 'answered')), [scoped]);

  if (!me) return null;
  const list = byTab.get(tab) ?? [];
  const answering = answeringId ? byId[answeringId] : undefined;
  const noticeQ = mod.notice?.questionId ? byId[mod.notice.questionId] : undefined;
  // A notice about a question shown in the current list is shown with it; else here, at the top.
  const noticeHere = mod.notice && !(noticeQ && noticeQ.mergedInto === null && tabOf(noticeQ) === tab && list.includes(noticeQ));
  const tabId = (x: Tab) => `${id}-tab-${x}`;

  return (
    <section className="card qa qa-console" id="qa" aria-labelledby="qa-heading">
      <div className="section-head">
        <h2 id="qa-heading">{t('qaConsole.heading')}</h2>
        <PremoderationSwitch room={room} mod={mod} />
      </div>
      <div className="qa-scope-row">
        <p className="muted small">{live ? t('qaConsole.scopeLive', { title: live.title }) : t('qaConsole.scopeNothingLive')}</p>
        {live && (
          <div className="qa-check">
            <input id={`${id}-all`} type="checkbox" checked={allItems} onChange={(e) => setAllItems(e.target.checked)} />
            <label htmlFor={`${id}-all`}>{t('qaConsole.includeEarlier')}</label>
          </div>
        )}
      </div>

      {noticeHere && mod.notice && <ConsoleNotice notice={mod.notice} question={noticeQ} tab={tab} onShow={setTab} onDismiss={() => mod.setNotice(null)} />}

      <AnsweringNow room={room} answering={answering} counts={counts} mod={mod} />
      <QueuePanel room={room} byId={byId} scoped={scoped} counts={counts} mod={mod} queue={queue} />

      <Tabs
        tabs={TABS.map((x) => ({
          id: x.id,
          label: (
            <>
              {t(x.label)} <span className="qa-tab-n">{t('qaConsole.tabCount', { count: byTab.get(x.id)?.length ?? 0 })}</span>
            </>
          ),
        }))}
        selected={tab}
        onSelect={setTab}
        label={t('qaConsole.tabsLabel')}
        tabId={tabId}
        panelId={() => `${id}-panel`}
        className="qa-tabs"
        tabClassName="qa-tab"
      />
      <ModList
        key={tab}
        panelId={`${id}-panel`}
        labelledBy={tabId(tab)}
        empty={t(TABS.find((x) => x.id === tab)?.empty ?? 'qaConsole.emptyIncoming')}
        list={list}
        room={room}
        answering={answeringId}
        counts={counts}
        mod={mod}
        meId={me.id}
        mergeTargets={mergeTargets}
        queue={queue}
      />
      {tab === 'incoming' && <PendingMore roomId={roomId} />}
    </section>
  );
}
