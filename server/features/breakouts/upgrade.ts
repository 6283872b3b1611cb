import { seatsOf } from '../../../shared/domain/breakouts';
import { isEarlierSlot, upgradeSlot } from '../../../shared/domain/breakoutsUpgrade';
import type { BreakoutsEvent } from '../../../shared/protocol/breakouts';
import type { Store } from '../../store/store';
import { BREAKOUTS } from './keys';

/** Conflicts on one slot before giving up: each means that someone else wrote it, which the next read sees. */
const ATTEMPTS = 5;

/**
 * B14 at start: every slot of an event still in the earlier one-document form, in the current documents. Each slot
 * is one commit expecting the earlier document's version, so processes starting together upgrade it once: a
 * conflict means another did it (read again, and the slot is current). Its seats go out as a change, so that a
 * snapshot of another process (they are shared per sequence number) never serves the earlier document. Answers how
 * many slots it upgraded.
 */
export async function upgradeEarlierSlots(store: Store, eventId: string): Promise<number> {
  let upgraded = 0;
  for (const slotId of await store.members(eventId, BREAKOUTS.slotIds)) if (await upgradeOne(store, eventId, slotId)) upgraded++;
  return upgraded;
}

async function upgradeOne(store: Store, eventId: string, slotId: string): Promise<boolean> {
  const key = BREAKOUTS.slot(slotId);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const doc = (await store.read(eventId, [key]))[key];
    if (!doc || !isEarlierSlot(doc.value)) return false;
    const { state, records, holders } = upgradeSlot(doc.value);
    const put: Record<string, unknown> = { [key]: state };
    for (const record of records) put[BREAKOUTS.mine(slotId, record.attendeeId)] = record;
    const seats: BreakoutsEvent = { type: 'breakouts.seats', seats: seatsOf(state) };
    const outcome = await store.commit({
      scope: eventId,
      opKey: null,
      expect: { [key]: doc.version },
      put,
      changes: [{ event: seats, audience: 'all' }],
      reply: null,
      sets: Object.entries(holders).map(([roomId, add]) => ({ key: BREAKOUTS.holders(slotId, roomId), add })),
    });
    if (outcome.kind === 'committed') return true;
  }
  throw new Error(`The breakout slot ${slotId} of event ${eventId} kept changing while it was being upgraded.`);
}
