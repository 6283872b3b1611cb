import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AgendaItem, Programme, Room } from '../../../shared/protocol/programme';
import type { AgendaState } from '../../../shared/protocol/messages';
import { dayOf } from '../lib/time';
import { useApp } from './store';

/** Selectors: each returns a value that keeps its identity until the data it reads changes. */

export const useStatus = () => useApp((s) => s.connection.status);
export const useAgenda = () => useApp((s) => s.agenda);
export const useProgramme = () => useApp((s) => s.agenda?.programme ?? null);
export const useLive = () => useApp((s) => s.agenda?.live ?? null);
export const useSession = () => useApp(useShallow((s) => ({ me: s.session.me, event: s.session.event })));
export const useUi = () => useApp(useShallow((s) => ({ day: s.ui.day, room: s.ui.room })));
export const useToasts = () => useApp((s) => s.ui.toasts);
export const useRefusal = () =>
  useApp(useShallow((s) => ({ status: s.connection.status, refusal: s.connection.refusal, refusalCode: s.connection.refusalCode })));

export function plenaryOf(programme: Programme): Room | undefined {
  return programme.rooms.find((r) => r.kind === 'plenary') ?? programme.rooms[0];
}

/** The room a viewer follows: their choice when it still exists, else the plenary. */
export function effectiveRoom(programme: Programme, chosen: string | null, allowed?: (room: Room) => boolean): Room | undefined {
  const rooms = allowed ? programme.rooms.filter(allowed) : programme.rooms;
  return rooms.find((r) => r.id === chosen) ?? rooms.find((r) => r.kind === 'plenary') ?? rooms[0];
}

/**
 * The day shown: the viewer's choice when it is a programme day; else the day of what is live in their room;
 * else today (in the programme's zone) when it is a programme day; else the first day.
 */
export function effectiveDay(agenda: AgendaState, chosen: string | null, roomId: string | undefined, nowMs: number): string {
  const { programme } = agenda;
  const days = programme.days.map((d) => d.date);
  if (chosen && days.includes(chosen)) return chosen;
  const liveId = roomId ? agenda.live[roomId]?.itemId : null;
  const liveItem = liveId ? programme.items.find((i) => i.id === liveId) : undefined;
  if (liveItem && days.includes(liveItem.date)) return liveItem.date;
  const today = dayOf(nowMs, programme.timeZone);
  if (days.includes(today)) return today;
  return days[0] ?? '';
}

export function isLive(agenda: AgendaState, item: AgendaItem): boolean {
  return agenda.live[item.roomId]?.itemId === item.id;
}

/** The server's clock now, refreshed every `intervalMs` (for countdowns). */
export function useServerNow(intervalMs = 1000): number {
  const offset = useApp((s) => s.connection.clockOffset);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now + offset;
}

/** Rooms keyed by id, memoised on the programme. */
export function useRoomsById(programme: Programme | null): Map<string, Room> {
  return useMemo(() => new Map((programme?.rooms ?? []).map((r) => [r.id, r])), [programme]);
}
