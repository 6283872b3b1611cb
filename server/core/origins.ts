import { createHmac, randomBytes } from 'node:crypto';

/**
 * Which network address each upvote and vote came from, to show the chair when one address accounts for an
 * unusual share of a question's upvotes or a poll's votes (Q25, P14), and to let them discount those.
 *
 * - The address is never kept as it is: only a keyed hash of it (HMAC-SHA256 with a secret drawn at random when
 *   the process starts and never written anywhere), so the record cannot be turned back into addresses, and the
 *   hashes of two processes or two runs cannot be joined. Nothing of it is stored with a vote or exported: the
 *   store keeps attendee ids, as before.
 * - It lives in this process's memory for the live window only: an item not voted on for `WINDOW_MS` is forgotten,
 *   and a restart forgets everything (the marker then starts again from the votes that follow).
 * - With several processes, each knows the addresses of its own sockets only. Behind `deploy/nginx.conf`
 *   (`ip_hash`) every connection from one address reaches the same process, so that process sees all of that
 *   address's votes, and the share is taken of the item's total from the store: a marker is exact on the process
 *   that holds the address. A chair whose console is connected to another process sees no marker for it; keeping
 *   the hashes in Redis would close that gap at the price of a write per vote, and the single-process deployment of
 *   the seed events has no such gap.
 */
const WINDOW_MS = 3 * 60 * 60 * 1000;
/** A marker needs at least this many upvotes or votes: below it, two friends on one network are not "unusual". */
export const MARKER_MIN_TOTAL = 10;
/** ...and one address behind at least this share of them. */
export const MARKER_MIN_SHARE = 0.5;

export interface Concentration {
  /** The share of the item's total from the one address, 0 to 1. */
  share: number;
  /** How many of them. */
  n: number;
  /** The voters behind them (attendee ids), for a discount. */
  voters: string[];
}

export function createOrigins(now: () => number = Date.now) {
  const secret = randomBytes(32);
  /** Per item (`scope|event|item`): voter → the hash of the address of their last upvote or vote. */
  const items = new Map<string, { touched: number; voters: Map<string, string>; aside?: Map<string, string> }>();
  let lastSweep = now();

  const hash = (address: string) => createHmac('sha256', secret).update(address).digest('base64url').slice(0, 22);

  function sweep(): void {
    const t = now();
    if (t - lastSweep < 60_000) return;
    lastSweep = t;
    for (const [key, item] of items) if (t - item.touched > WINDOW_MS) items.delete(key);
  }

  return {
    /** Notes the address of a voter's upvote or vote on an item (`counted`: false when it was taken back). */
    record(item: string, voterId: string, address: string, counted = true): void {
      sweep();
      let entry = items.get(item);
      if (!entry) items.set(item, (entry = { touched: now(), voters: new Map() }));
      entry.touched = now();
      if (counted) entry.voters.set(voterId, hash(address));
      else entry.voters.delete(voterId);
    },

    /** Discounted voters (Q25) are set aside: not part of the share while they are, back when counted again. */
    setAside(item: string, voterIds: string[], aside: boolean): void {
      const entry = items.get(item);
      if (!entry) return;
      entry.touched = now();
      entry.aside ??= new Map();
      const [from, to] = aside ? [entry.voters, entry.aside] : [entry.aside, entry.voters];
      for (const id of voterIds) {
        const h = from.get(id);
        if (h === undefined) continue;
        from.delete(id);
        to.set(id, h);
      }
    },

    /** The address with the most of an item's upvotes or votes, against the item's total; null below the marker's bar. */
    concentration(item: string, total: number): Concentration | null {
      const entry = items.get(item);
      if (!entry || total < MARKER_MIN_TOTAL) return null;
      const byAddress = new Map<string, string[]>();
      for (const [voter, h] of entry.voters) byAddress.set(h, [...(byAddress.get(h) ?? []), voter]);
      let top: string[] = [];
      for (const voters of byAddress.values()) if (voters.length > top.length) top = voters;
      const share = Math.min(1, top.length / total);
      return share >= MARKER_MIN_SHARE ? { share, n: top.length, voters: top } : null;
    },
  };
}
export type Origins = ReturnType<typeof createOrigins>;

/** This process's record: one per process, as the secret is. Items are keyed by store epoch, event and item. */
export const origins = createOrigins();
