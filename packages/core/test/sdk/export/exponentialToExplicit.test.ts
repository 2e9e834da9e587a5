import { exponentialToExplicit } from '@meterwork/core/internal';

describe('exponentialToExplicit', () => {
  it('keeps every bucket when within maxBuckets (scale 1: base sqrt 2)', () => {
    const h = exponentialToExplicit(
      { count: 3, sum: 3, scale: 1, zeroCount: 0, positive: { offset: 0, bucketCounts: [1, 2] }, negative: { offset: 0, bucketCounts: [] } },
      10,
    );
    expect(h.buckets.boundaries).toEqual([0, Math.SQRT2, 2]);
    expect(h.buckets.counts).toEqual([0, 1, 2, 0]);
    expect(h.count).toBe(3);
  });

  it('downscales by merging pairs until the range fits, conserving counts', () => {
    const counts = Array.from({ length: 100 }, (_, i) => i + 1);
    const h = exponentialToExplicit(
      { count: 5050, sum: 1, scale: 3, zeroCount: 0, positive: { offset: -7, bucketCounts: counts }, negative: { offset: 0, bucketCounts: [] } },
      20,
    );
    expect(h.buckets.boundaries.length - 1).toBeLessThanOrEqual(20);
    expect(h.buckets.counts.reduce((a, b) => a + b, 0)).toBe(5050);
    // strictly increasing bounds
    for (let i = 1; i < h.buckets.boundaries.length; i++) expect(h.buckets.boundaries[i]).toBeGreaterThan(h.buckets.boundaries[i - 1]);
    // every original bucket's upper bound (2^((idx+1)/8)) is <= the bound it was merged into
    const last = h.buckets.boundaries[h.buckets.boundaries.length - 1];
    expect(last).toBeGreaterThanOrEqual(Math.pow(2, (-7 + 100) / 8) * (1 - 1e-12));
  });

  it('maps negative buckets below zero in ascending order', () => {
    const h = exponentialToExplicit(
      { count: 3, sum: -7, scale: 0, zeroCount: 0, positive: { offset: 0, bucketCounts: [] }, negative: { offset: 1, bucketCounts: [1, 2] } },
      10,
    );
    // index 1: [-4,-2) upper -2; index 2: [-8,-4) upper -4
    expect(h.buckets.boundaries).toEqual([-4, -2, 0]);
    expect(h.buckets.counts).toEqual([2, 1, 0, 0]);
  });
  /** Cumulative count at each `le` bound. */
  function cumulative(h: ReturnType<typeof exponentialToExplicit>): Map<number, number> {
    const out = new Map<number, number>();
    let total = 0;
    h.buckets.boundaries.forEach((b, i) => out.set(b, (total += h.buckets.counts[i]!)));
    return out;
  }

  it('puts the zero bucket at le=0 between negative and positive buckets', () => {
    const h = exponentialToExplicit(
      { count: 10, sum: 0, scale: 0, zeroCount: 4, positive: { offset: 0, bucketCounts: [1, 2] }, negative: { offset: 0, bucketCounts: [3] } },
      10,
    );
    // negative index 0: [-2,-1) upper -1; positive index 0: (1,2], index 1: (2,4]
    expect(h.buckets.boundaries).toEqual([-1, 0, 2, 4]);
    expect([...cumulative(h).values()]).toEqual([3, 7, 8, 10]);
  });

  it('gives the same cumulative counts at shared bounds before and after the SDK changes scale', () => {
    // values 1.1 .. 90 at scale 3, then the same data as the SDK would hold it after downscaling to 1:
    // series of bounds that exist at both scales (every 4th) must keep their values exactly.
    const values = Array.from({ length: 200 }, (_, i) => 1.1 + i * 0.45);
    const index = (v: number, scale: number) => Math.ceil(Math.log2(v) * 2 ** scale) - 1;
    const at = (scale: number) => {
      const idx = values.map((v) => index(v, scale));
      const offset = Math.min(...idx);
      const bucketCounts = new Array(Math.max(...idx) - offset + 1).fill(0);
      for (const i of idx) bucketCounts[i - offset]++;
      return exponentialToExplicit(
        { count: values.length, sum: 1, scale, zeroCount: 0, positive: { offset, bucketCounts }, negative: { offset: 0, bucketCounts: [] } },
        160,
      );
    };
    const fine = cumulative(at(3));
    const coarse = cumulative(at(1));
    let shared = 0;
    for (const [bound, count] of coarse) {
      if (!fine.has(bound)) continue;
      shared++;
      expect(fine.get(bound)).toBe(count);
    }
    expect(shared).toBeGreaterThan(10);
    // and the bounds are exact powers of two where they should be
    expect(coarse.has(2)).toBe(true);
    expect(coarse.has(64)).toBe(true);
  });

  it('downscales both signs together when only the negative side is wide', () => {
    const h = exponentialToExplicit(
      {
        count: 66,
        sum: -1,
        scale: 2,
        zeroCount: 1,
        positive: { offset: 0, bucketCounts: [1] },
        negative: { offset: 0, bucketCounts: Array.from({ length: 64 }, () => 1) },
      },
      8,
    );
    expect(h.buckets.boundaries.filter((b) => b < 0).length).toBeLessThanOrEqual(8);
    expect(h.buckets.counts.reduce((a, b) => a + b, 0)).toBe(66);
    for (let i = 1; i < h.buckets.boundaries.length; i++) expect(h.buckets.boundaries[i]).toBeGreaterThan(h.buckets.boundaries[i - 1]!);
  });
});
