import { UniformSnapshot } from '@meterwork/core';

describe('UniformSnapshot', () => {
  // Dropwizard's UniformSnapshotTest uses the same values {5, 1, 2, 3, 4}.
  const snap = new UniformSnapshot([5, 1, 2, 3, 4]);

  it('computes type-6 quantiles like Dropwizard', () => {
    // pos = q * (n + 1) = q * 6
    expect(snap.quantile(0.5)).toBe(3); // pos 3 -> x[2] = 3
    expect(snap.quantile(0.75)).toBe(4.5); // pos 4.5 -> x[3] + 0.5 * (x[4] - x[3]) = 4.5
    expect(snap.quantile(0.25)).toBe(1.5); // pos 1.5 -> 1 + 0.5 * (2 - 1)
    expect(snap.quantile(0.95)).toBe(5); // pos 5.7, i = 5 >= n -> x[4]
    expect(snap.quantile(0.99)).toBe(5);
    expect(snap.quantile(0.1)).toBe(1); // pos 0.6, i = 0 < 1 -> x[0]
    expect(snap.quantile(0)).toBe(1);
    expect(snap.quantile(1)).toBe(5);
  });

  it('interpolates between unequal neighbours', () => {
    const s = new UniformSnapshot([10, 20, 40, 80]);
    // q = 0.3: pos = 1.5 -> 10 + 0.5 * (20 - 10) = 15; q = 0.7: pos = 3.5 -> 40 + 0.5 * 40 = 60
    expect(s.quantile(0.3)).toBeCloseTo(15, 12);
    expect(s.quantile(0.7)).toBeCloseTo(60, 12);
  });

  it('has min, max, mean and the sample (n - 1) standard deviation', () => {
    expect(snap.size).toBe(5);
    expect(snap.min).toBe(1);
    expect(snap.max).toBe(5);
    expect(snap.mean).toBe(3);
    // squares 4 + 1 + 0 + 1 + 4 = 10; sqrt(10 / 4) = 1.58113883 (Dropwizard: 1.5811)
    expect(snap.stdDev).toBeCloseTo(1.58113883, 8);
    expect(snap.dropped).toBe(0);
  });

  it('returns a sorted copy of the values', () => {
    const v = snap.values();
    expect(v).toEqual([1, 2, 3, 4, 5]);
    v[0] = 99;
    expect(snap.values()[0]).toBe(1);
  });

  it('clamps q outside [0, 1] and answers 0 for NaN', () => {
    expect(snap.quantile(-1)).toBe(1);
    expect(snap.quantile(2)).toBe(5);
    expect(snap.quantile(NaN)).toBe(0);
  });

  it('answers 0 for everything when empty', () => {
    const empty = new UniformSnapshot([]);
    expect([empty.size, empty.min, empty.max, empty.mean, empty.stdDev, empty.quantile(0.5)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(empty.values()).toEqual([]);
  });

  it('has stdDev 0 for a single value and keeps dropped', () => {
    const one = new UniformSnapshot([7], 3);
    expect(one.stdDev).toBe(0);
    expect(one.quantile(0.99)).toBe(7);
    expect(one.dropped).toBe(3);
  });
});
