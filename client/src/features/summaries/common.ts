import { useMemo } from 'react';
import { breakoutItem } from '../../../../shared/domain/summaries';
import type { AgendaItem, Programme, Room } from '../../../../shared/protocol/programme';
import type { Section } from '../../../../shared/protocol/summaries';
import type { MessageKey, MessageValues } from '../../../../shared/locales/catalogue';
import { useApp } from '../../state/store';

export interface Breakout {
  room: Room;
  item: AgendaItem | undefined;
  /** The breakout's title: its item's, else its room's theme, else its name. */
  title: string;
  chairs: string[];
  rapporteur: string | null;
}

/** The programme's breakout rooms, in programme order, with their item, chairs and rapporteur. */
export function breakoutsOf(programme: Programme): Breakout[] {
  return programme.rooms
    .filter((r) => r.kind === 'breakout')
    .map((room) => {
      const item = breakoutItem(programme, room.id);
      return {
        room,
        item,
        title: item?.title ?? room.theme ?? room.name,
        chairs: item?.chairs.map((c) => c.name) ?? [],
        rapporteur: item?.rapporteur?.name ?? null,
      };
    });
}

export function useBreakouts(): Breakout[] {
  const programme = useApp((s) => s.agenda?.programme ?? null);
  return useMemo(() => (programme ? breakoutsOf(programme) : []), [programme]);
}

type Translate = (key: MessageKey, values?: MessageValues) => string;

/** A section's heading: its key topic, or the free section's name. */
export function sectionTitle(section: Pick<Section, 'kind' | 'title'>, t: Translate): string {
  if (section.kind === 'topic') return section.title;
  return section.kind === 'other' ? t('summaries.sectionOther') : t('summaries.sectionRecommendations');
}

/** The same, in the attendees' words (the event part of the catalogue). */
export function sectionHeading(section: Pick<Section, 'kind' | 'title'>, t: Translate): string {
  if (section.kind === 'topic') return section.title;
  return section.kind === 'other' ? t('reportBack.sectionOther') : t('reportBack.sectionRecommendations');
}

/**
 * The plenary item that follows the breakouts ("Summary of breakout sessions"): the first plenary item of the
 * breakouts' day that starts when or after the last breakout ends. Only a hint for the chair: the report-back
 * itself starts with the chair's explicit "Report back now", which no programme change can miss or trip.
 */
export function summarySessionOf(programme: Programme): AgendaItem | undefined {
  const breakoutIds = new Set(programme.rooms.filter((r) => r.kind === 'breakout').map((r) => r.id));
  const plenaryIds = new Set(programme.rooms.filter((r) => r.kind === 'plenary').map((r) => r.id));
  const slots = programme.items.filter((i) => breakoutIds.has(i.roomId));
  const last = slots.sort((a, b) => a.date.localeCompare(b.date) || a.end.localeCompare(b.end)).at(-1);
  if (!last) return undefined;
  return programme.items
    .filter((i) => plenaryIds.has(i.roomId) && i.date === last.date && i.start >= last.end)
    .sort((a, b) => a.start.localeCompare(b.start))[0];
}
