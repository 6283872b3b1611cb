import { describe, expect, it } from 'vitest';
import { createOrigins, MARKER_MIN_TOTAL } from '../../server/core/origins';

describe('network address markers (Q25, P14)', () => {
  it('names the address behind most of an item, with its share and voters', () => {
    const o = createOrigins();
    for (let i = 0; i < 8; i++) o.record('q', `a${i}`, '10.0.0.1');
    for (let i = 0; i < 4; i++) o.record('q', `b${i}`, `10.0.1.${i}`);
    const m = o.concentration('q', 12)!;
    expect(m).toMatchObject({ share: 8 / 12, n: 8 });
    expect(m.voters.sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
  });

  it('has no marker below the minimum total or the minimum share', () => {
    const o = createOrigins();
    for (let i = 0; i < MARKER_MIN_TOTAL - 1; i++) o.record('q', `a${i}`, '10.0.0.1');
    expect(o.concentration('q', MARKER_MIN_TOTAL - 1)).toBeNull();
    for (let i = 0; i < 10; i++) o.record('q', `b${i}`, `10.0.1.${i}`);
    expect(o.concentration('q', 19)).toBeNull();
  });

  it('follows a voter who votes again from another address, takes a vote back, or is set aside', () => {
    const o = createOrigins();
    for (let i = 0; i < 10; i++) o.record('p', `a${i}`, '10.0.0.1');
    expect(o.concentration('p', 10)).toMatchObject({ n: 10 });
    o.record('p', 'a0', '10.0.0.2');
    o.record('p', 'a1', '10.0.0.1', false);
    expect(o.concentration('p', 10)).toMatchObject({ n: 8 });
    o.setAside('p', ['a2', 'a3', 'a4', 'a5'], true);
    expect(o.concentration('p', 10)).toBeNull();
    o.setAside('p', ['a2', 'a3', 'a4', 'a5'], false);
    const m = o.concentration('p', 10)!;
    expect(m.n).toBe(8);
    expect(m.voters).not.toContain('a0');
    expect(m.voters).not.toContain('a1');
  });

  it('counts one address as one across the sweeps that forget recent addresses, and past thousands of others', () => {
    let t = 0;
    const o = createOrigins(() => t);
    for (let i = 0; i < 6; i++) o.record('q', `a${i}`, '10.0.0.1');
    t += 61_000; // a sweep: the recent addresses' hashes are gone, the record is not
    for (let i = 6; i < 12; i++) o.record('q', `a${i}`, '10.0.0.1');
    // More distinct addresses than are remembered between sweeps.
    for (let i = 0; i < 12_000; i++) o.record('other', `b${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    for (let i = 12; i < 16; i++) o.record('q', `a${i}`, '10.0.0.1');
    o.record('q', 'c0', '10.9.9.9');
    expect(o.concentration('q', 17)).toMatchObject({ n: 16, share: 16 / 17 });
  });

  it('reads a marker of thousands of voters on one address quickly enough for every live tick', () => {
    const o = createOrigins();
    for (let i = 0; i < 50_000; i++) o.record('p', `a${i}`, '127.0.0.1');
    // Counted as it changes: reading it does not walk the voters (a thousand reads would take minutes if it did).
    for (let k = 0; k < 1_000; k++) expect(o.concentration('p', 50_000)?.n).toBe(50_000);
  });
});
