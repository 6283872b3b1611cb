import { createHmac, randomBytes } from 'node:crypto';

/**
 * Which network address each upvote and vote came from, to show the chair when one address accounts for an
 * unusual share of a question's upvotes or a poll's votes (Q25, P14), and to let them discount those.
 *
 * - The address is never recorded as it is: only a keyed hash of it (HMAC-SHA256 with a secret drawn at random
 *   when the process starts and never written anywhere), so the record cannot be turned back into addresses, and the
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
/** At most this many addresses' hashes are remembered between sweeps. */
const RECENT_MAX = 10_000;
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

/** What this process knows of one item's voters: the address hash of each, and how many per address. */
interface Item {
  touched: number;
  voters: Map<string, string>;
  /** Per address hash, how many of `voters` (kept as they change: a marker is read at every live tick). */
  perAddress: Map<string, number>;
  aside?: Map<string, string>;
}

function count(item: Item, h: string, by: number): void {
  const n = (item.perAddress.get(h) ?? 0) + by;
  if (n > 0) item.perAddress.set(h, n);
  else item.perAddress.delete(h);
}

export function createOrigins(now: () => number = Date.now) {
  const secret = randomBytes(32);
  /** Per item (`scope|event|item`). */
  const items = new Map<string, Item>();
  let lastSweep = now();

  /**
   * The hashes of recent addresses, so that thousands of votes a second from one network make one HMAC, not one
   * each. Emptied at every sweep (the first vote a minute or more after the last sweep), as the per-address budgets
   * keep an address for their minute.
   */
  let recent = new Map<string, string>();
  const hash = (address: string) => {
    let h = recent.get(address);
    if (h === undefined) {
      if (recent.size >= RECENT_MAX) recent = new Map();
      h = createHmac('sha256', secret).update(address).digest('base64url').slice(0, 22);
      recent.set(address, h);
    }
    return h;
  };

  function sweep(): void {
    const t = now();
    if (t - lastSweep < 60_000) return;
    lastSweep = t;
    recent = new Map();
    for (const [key, item] of items) if (t - item.touched > WINDOW_MS) items.delete(key);
  }

  return {
    /** Notes the address of a voter's upvote or vote on an item (`counted`: false when it was taken back). */
    record(key: string, voterId: string, address: string, counted = true): void {
      sweep();
      let item = items.get(key);
      if (!item) items.set(key, (item = { touched: now(), voters: new Map(), perAddress: new Map() }));
      item.touched = now();
      const before = item.voters.get(voterId);
      const after = counted ? hash(address) : undefined;
      if (before === after) return;
      if (before !== undefined) count(item, before, -1);
      if (after === undefined) item.voters.delete(voterId);
      else {
        item.voters.set(voterId, after);
        count(item, after, 1);
      }
    },

    /** Discounted voters (Q25) are set aside: not part of the share while they are, back when counted again. */
    setAside(key: string, voterIds: string[], aside: boolean): void {
      const item = items.get(key);
      if (!item) return;
      item.touched = now();
      item.aside ??= new Map();
      const [from, to] = aside ? [item.voters, item.aside] : [item.aside, item.voters];
      for (const id of voterIds) {
        const h = from.get(id);
        if (h === undefined) continue;
        from.delete(id);
        to.set(id, h);
        count(item, h, aside ? -1 : 1);
      }
    },

    /**
     * The address with the most of an item's upvotes or votes, against the item's total; null below the marker's
     * bar. Read at every live tick for every item that moved: it costs one step per address, and the voters behind
     * it are listed only when asked (a discount).
     */
    concentration(key: string, total: number): Concentration | null {
      const item = items.get(key);
      if (!item || total < MARKER_MIN_TOTAL) return null;
      let top: string | null = null;
      let n = 0;
      for (const [h, k] of item.perAddress)
        if (k > n) {
          top = h;
          n = k;
        }
      const share = Math.min(1, n / total);
      if (top === null || share < MARKER_MIN_SHARE) return null;
      return {
        share,
        n,
        get voters() {
          return [...item.voters].filter(([, h]) => h === top).map(([voter]) => voter);
        },
      };
    },
  };
}
export type Origins = ReturnType<typeof createOrigins>;

/** This process's record: one per process, as the secret is. Items are keyed by store epoch, event and item. */
export const origins = createOrigins();
