import { exponentialToExplicit } from '../../src/serializer/exponential';

describe('exponentialToExplicit', () => {
  it('keeps every bucket when within maxBuckets (scale 1: base sqrt 2)', () => {
    const h = exponentialToExplicit({ count: 3, sum: 3, scale: 1, zeroCount: 0, positive: { offset: 0, bucketCounts: [1, 2] }, negative: { offset: 0, bucketCounts: [] } }, 10);
    expect(h.buckets.boundaries).toEqual([0, Math.SQRT2, 2]);
    expect(h.buckets.counts).toEqual([0, 1, 2, 0]);
    expect(h.count).toBe(3);
  });

  it('downscales by merging pairs until the range fits, conserving counts', () => {
    const counts = Array.from({ length: 100 }, (_, i) => i + 1);
    const h = exponentialToExplicit({ count: 5050, sum: 1, scale: 3, zeroCount: 0, positive: { offset: -7, bucketCounts: counts }, negative: { offset: 0, bucketCounts: [] } }, 20);
    expect(h.buckets.boundaries.length - 1).toBeLessThanOrEqual(20);
    expect(h.buckets.counts.reduce((a, b) => a + b, 0)).toBe(5050);
    // strictly increasing bounds
    for (let i = 1; i < h.buckets.boundaries.length; i++) expect(h.buckets.boundaries[i]).toBeGreaterThan(h.buckets.boundaries[i - 1]);
    // every original bucket's upper bound (2^((idx+1)/8)) is <= the bound it was merged into
    const last = h.buckets.boundaries[h.buckets.boundaries.length - 1];
    expect(last).toBeGreaterThanOrEqual(Math.pow(2, (-7 + 100) / 8) * (1 - 1e-12));
  });

  it('maps negative buckets below zero in ascending order', () => {
    const h = exponentialToExplicit({ count: 3, sum: -7, scale: 0, zeroCount: 0, positive: { offset: 0, bucketCounts: [] }, negative: { offset: 1, bucketCounts: [1, 2] } }, 10);
    // index 1: [-4,-2) upper -2; index 2: [-8,-4) upper -4
    expect(h.buckets.boundaries).toEqual([-4, -2, 0]);
    expect(h.buckets.counts).toEqual([2, 1, 0, 0]);
  });
});
