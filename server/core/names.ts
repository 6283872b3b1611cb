import { remove as withoutConfusables } from 'confusables';
import { admissibleName, type Skeleton } from '../../shared/domain/names';
import type { AgendaState } from '../../shared/protocol/agenda';
import type { Store } from '../store/store';
import { KEYS } from './keys';

/**
 * The confusable skeleton of a text (after Unicode TR39, with the `confusables` package's table, pure JavaScript):
 * Cyrillic, Greek, full-width, mathematical and other look-alike letters become the Latin ones they imitate, so
 * "Сhair" (Cyrillic С) reads "Chair". Only for comparing: the name is shown as typed. Server side only: its table
 * would weigh on the attendee's first load.
 */
export const confusableSkeleton: Skeleton = (text) => withoutConfusables(text.replace(DOTLESS, (c) => DOTLESS_AS[c]!));

/** Letters whose TR39 skeleton the package's table gives otherwise (it reads the dotless ı as an l). */
const DOTLESS = /[ıȷ]/g;
const DOTLESS_AS: Record<string, string> = { ı: 'i', ȷ: 'j' };

/** How long a process trusts the staff names it read: a programme's chairs seldom change during a join burst. */
const STAFF_NAMES_TTL_MS = 30_000;

/**
 * The display names an attendee may take at join and at a rename (N2, N6): not a role word, not the name of one
 * of the event's staff. The staff are the chairs of the programme's items, the only staff whose names the server
 * knows (role links carry a role and a room, not a person). Their names are read from the agenda at most every 30
 * seconds per event and process, so a plenary's join burst costs no extra read.
 */
export function createNameRules(store: Store, now: () => number = Date.now) {
  const cache = new Map<string, { at: number; epoch: string; names: string[] }>();
  async function staffNames(eventId: string): Promise<string[]> {
    const hit = cache.get(eventId);
    if (hit && hit.epoch === store.epoch() && now() - hit.at < STAFF_NAMES_TTL_MS) return hit.names;
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const names = [...new Set((agenda?.programme.items ?? []).flatMap((item) => item.chairs.map((c) => c.name)))];
    cache.set(eventId, { at: now(), epoch: store.epoch(), names });
    return names;
  }
  return {
    /** The cleaned name (null: anonymous), or throws the refusal of a name posing as a role or as staff. */
    async admissible(eventId: string, raw: string | undefined): Promise<string | null> {
      // A role word is refused without reading anything; the staff's names only when the name could be one.
      admissibleName(raw, { skeleton: confusableSkeleton });
      if (!raw?.trim()) return admissibleName(raw);
      return admissibleName(raw, { skeleton: confusableSkeleton, staffNames: await staffNames(eventId) });
    },
  };
}
export type NameRules = ReturnType<typeof createNameRules>;
