import { useMemo } from 'react';
import { breakoutSlots, isOpen, type BreakoutSlot } from '../../../../shared/domain/breakouts';
import { useAgenda } from '../../state/selectors';

/** The programme's breakout slots, memoised on the programme. */
export function useBreakoutSlots(): readonly BreakoutSlot[] {
  const agenda = useAgenda();
  const programme = agenda?.programme;
  return useMemo(() => (programme ? breakoutSlots(programme) : []), [programme]);
}

/** The slot that takes choices now (before it and during it), if any. */
export function useOpenSlot(now: number): BreakoutSlot | null {
  const agenda = useAgenda();
  const slots = useBreakoutSlots();
  return (agenda && slots.find((s) => isOpen(s, agenda.live, now))) || null;
}

/** The names of a list of people, joined. */
export const names = (people: { name: string }[]) => people.map((p) => p.name).join(', ');
