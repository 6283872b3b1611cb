import { describe, expect, it } from 'vitest';
import { results, shownCounters } from '../../shared/domain/polls';
import { LIMITS } from '../../shared/limits';
import type { Poll } from '../../shared/protocol/polls';

const cloud = { type: 'wordcloud', options: [] } as unknown as Poll;
const words = (n: number, count: (i: number) => number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`w:word${String(i).padStart(3, '0')}`, count(i)]));

describe('word clouds: a bounded tally', () => {
  it('P13 a cloud of up to the top-N words is sent as it is', () => {
    const counters = { _voters: 4, _tick: 9, ...words(LIMITS.wordCloudTop, () => 1) };
    expect(shownCounters(cloud, counters)).toBe(counters);
  });
  it('P13 beyond the top N, the most counted words are kept (alphabetically on a tie), with the other counters', () => {
    const counters = { _voters: 100, _tick: 321, ...words(150, (i) => (i % 7) + 1) };
    const shown = shownCounters(cloud, counters);
    const kept = Object.keys(shown).filter((k) => k.startsWith('w:'));
    expect(kept).toHaveLength(LIMITS.wordCloudTop);
    expect(shown._voters).toBe(100);
    expect(shown._tick).toBe(321);
    // The results drawn from the bounded counters are the results of all of them.
    expect(results(cloud, { counters: shown })).toEqual(results(cloud, { counters }));
  });
  it('P13 other polls keep their counters as they are', () => {
    const counters = { 'o:a': 3, 'o:b': 0, _voters: 3 };
    expect(shownCounters({ type: 'single' }, counters)).toBe(counters);
  });
});
