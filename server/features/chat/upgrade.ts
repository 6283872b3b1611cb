import type { ChatPage } from '../../../shared/domain/chat';
import type { AgendaState } from '../../../shared/protocol/agenda';
import { LIMITS } from '../../../shared/limits';
import { KEYS } from '../../core/keys';
import type { Store } from '../../store/store';
import { CHAT } from './keys';

/** Conflicts before giving up: each means that someone posted meanwhile, which the next read sees. */
const ATTEMPTS = 5;

/**
 * C11 at start: the reactions of messages no longer kept, left by a version that did not forget them with their page
 * (`chat:ticks` and the reactor sets only grew). One commit that expects every ring page it read, so a message
 * posted meanwhile (whose reactions it would otherwise take for old ones) makes it read again. Answers how many
 * reactions (message and kind) it forgot.
 */
export async function forgetAgedReactions(store: Store, eventId: string): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const ticks = await store.counters(eventId, CHAT.ticks);
    if (!Object.keys(ticks).length) return 0;
    const agenda = (await store.read(eventId, [KEYS.agenda]))[KEYS.agenda]?.value as AgendaState | undefined;
    const slots = (agenda?.programme.rooms ?? []).flatMap((r) => Array.from({ length: LIMITS.chatPagesKept }, (_, n) => CHAT.page(r.id, n)));
    const docs = await store.read(eventId, slots);
    const kept = new Set(slots.flatMap((k) => ((docs[k]?.value as ChatPage | undefined)?.messages ?? []).map((m) => m.id)));
    const aged = Object.keys(ticks).filter((key) => !kept.has(key.slice(0, key.lastIndexOf(':'))));
    if (!aged.length) return 0;
    const outcome = await store.commit({
      scope: eventId,
      opKey: null,
      expect: Object.fromEntries(slots.map((k) => [k, docs[k]?.version ?? 0])),
      put: {},
      changes: [],
      reply: null,
      forget: { sets: aged.map(CHAT.reactors), counters: [{ key: CHAT.ticks, fields: aged }] },
    });
    if (outcome.kind === 'committed') return aged.length;
  }
  throw new Error(`The chat of event ${eventId} kept changing while its aged reactions were being forgotten.`);
}
