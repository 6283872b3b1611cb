import type { Arrivals } from './protocol';

/** A percentile (0..100) of raw samples, nearest-rank. NaN when there are none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * Weighted latencies in 1 ms bins (value = bin start + 0.5 ms), for distributions too large to keep raw.
 * `never` counts updates that never arrived: they rank above every arrival (an infinite latency).
 */
export class WeightedHistogram {
  private readonly bins = new Map<number, number>();
  total = 0;
  never = 0;

  add(ms: number, weight: number): void {
    const bin = Math.max(0, Math.floor(ms));
    this.bins.set(bin, (this.bins.get(bin) ?? 0) + weight);
    this.total += weight;
  }

  percentile(p: number): number {
    const all = this.total + this.never;
    if (!all) return NaN;
    const target = Math.max(1, Math.ceil((p / 100) * all));
    if (target > this.total) return Infinity;
    let seen = 0;
    for (const bin of [...this.bins.keys()].sort((a, b) => a - b)) {
      seen += this.bins.get(bin)!;
      if (seen >= target) return bin + 0.5;
    }
    return NaN;
  }

  max(): number {
    let max = -Infinity;
    for (const bin of this.bins.keys()) if (bin > max) max = bin;
    return this.total ? max + 0.5 : NaN;
  }
}

/** One write whose update we wait for: its series (poll or question), when it was sent and acknowledged. */
export interface Write {
  series: string;
  sendAt: number;
  ackAt: number;
  ok: boolean;
}

/**
 * Update latency of tick-ordered writes (votes -> tallies, upvotes -> counts), at every client.
 *
 * Each accepted write raises its series' tick by exactly one inside the atomic commit, so a tally with tick T
 * includes the first T writes of its series. A write's own number is not reported to the writer, but it cannot
 * exceed the number of writes of that series *sent* (by any generator) before its ack came back: every write
 * committed before it was sent before it. That count is the bound b; the first tally with tick >= b certainly
 * includes the write, so the latency measured (ack -> arrival of that tally) is never shorter than the true one.
 *
 * Workers report, per client arrival that raised the client's highest tick from lo to hi, one count in the
 * histogram `series|lo|hi`: that message was, for that client, the first to include writes lo+1..hi. Every
 * client's intervals partition the ticks, so for a bound b the histograms of the intervals holding b count every
 * client exactly once. Writes whose update never reached a client are counted in `missing`.
 */
export function tickLatency(writes: Write[], arrivalsPerWorker: Arrivals[], clientsPerWorker: number[]): { hist: WeightedHistogram; missing: number } {
  const hist = new WeightedHistogram();
  let missing = 0;
  // The bound of each write: writes of its series sent at or before its ack (+1 ms against clock skew).
  const bySeries = new Map<string, Write[]>();
  for (const w of writes) {
    let list = bySeries.get(w.series);
    if (!list) bySeries.set(w.series, (list = []));
    list.push(w);
  }
  const grouped = arrivalsPerWorker.map(intervalsBySeries);
  for (const [series, list] of bySeries) {
    const sends = Float64Array.from(list.map((w) => w.sendAt)).sort();
    const accepted = list.filter((w) => w.ok);
    const bounds = accepted.map((w) => upperBound(sends, w.ackAt + 1));
    grouped.forEach((bySeriesOfWorker, worker) => {
      const segments = segmentsOf(bySeriesOfWorker.get(series) ?? []);
      accepted.forEach((w, i) => {
        const seg = findSegment(segments, bounds[i]!);
        let counted = 0;
        if (seg) {
          for (const [ms, n] of seg.bins) {
            counted += n;
            hist.add(ms + 0.5 - w.ackAt, n);
          }
        }
        missing += Math.max(0, clientsPerWorker[worker]! - counted);
      });
    });
  }
  hist.never = missing;
  return { hist, missing };
}

/** Update latency of numbered changes (a question asked, a question highlighted): from `from` to each arrival. */
export function changeLatency(
  items: { seq: number; from: number }[],
  arrivalsPerWorker: Arrivals[],
  clientsPerWorker: number[],
): { hist: WeightedHistogram; missing: number } {
  const hist = new WeightedHistogram();
  let missing = 0;
  // Runs of changes (`from-through` keys): a change arrived with every run that holds its number.
  const runsPerWorker = arrivalsPerWorker.map((arrivals) =>
    [...arrivals].flatMap(([key, bins]) => {
      const dash = key.indexOf('-');
      return dash < 0 ? [] : [{ from: Number(key.slice(0, dash)), through: Number(key.slice(dash + 1)), bins }];
    }),
  );
  for (const item of items) {
    arrivalsPerWorker.forEach((arrivals, worker) => {
      const runs = runsPerWorker[worker]!.filter((r) => r.from <= item.seq && item.seq <= r.through).map((r) => r.bins);
      let counted = 0;
      for (const bins of [arrivals.get(String(item.seq)), ...runs]) {
        if (!bins) continue;
        for (const [ms, n] of bins) {
          counted += n;
          hist.add(ms + 0.5 - item.from, n);
        }
      }
      missing += Math.max(0, clientsPerWorker[worker]! - counted);
    });
  }
  hist.never = missing;
  return { hist, missing };
}

interface Segment {
  lo: number;
  hi: number;
  bins: Map<number, number>;
}

/** The `series|lo|hi` histograms of one worker, as intervals grouped by series. */
function intervalsBySeries(arrivals: Arrivals): Map<string, Segment[]> {
  const out = new Map<string, Segment[]>();
  for (const [key, bins] of arrivals) {
    const [series, lo, hi] = key.split('|') as [string, string, string];
    let list = out.get(series);
    if (!list) out.set(series, (list = []));
    list.push({ lo: Number(lo), hi: Number(hi), bins });
  }
  return out;
}

/** Elementary tick segments (lo, hi] of a series with the summed histograms of every interval covering them. */
function segmentsOf(intervals: Segment[]): Segment[] {
  if (!intervals.length) return [];
  const points = [...new Set(intervals.flatMap((s) => [s.lo, s.hi]))].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const lo = points[i]!;
    const hi = points[i + 1]!;
    const bins = new Map<number, number>();
    for (const s of intervals) if (s.lo <= lo && s.hi >= hi) for (const [ms, n] of s.bins) bins.set(ms, (bins.get(ms) ?? 0) + n);
    segments.push({ lo, hi, bins });
  }
  return segments;
}

function findSegment(segments: Segment[], b: number): Segment | null {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (b <= s.lo) hi = mid - 1;
    else if (b > s.hi) lo = mid + 1;
    else return s;
  }
  return null;
}

/** How many values of a sorted array are <= x. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
