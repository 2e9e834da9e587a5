import { WeightedSnapshot } from '@meterwork/core';

describe('WeightedSnapshot', () => {
  // Dropwizard's WeightedSnapshotTest: values {5, 1, 2, 3, 4}, weights {1, 2, 3, 2, 2}.
  // Sorted: 1(w .2) 2(.3) 3(.2) 4(.2) 5(.1); cumulative [0, .2, .5, .7, .9].
  const snap = new WeightedSnapshot([5, 1, 2, 3, 4], [1, 2, 3, 2, 2]);

  it('uses the step function over cumulative weights', () => {
    expect(snap.quantile(0.5)).toBe(3); // cumulative .5 <= .5 at index 2
    expect(snap.quantile(0.75)).toBe(4); // .7 <= .75 at index 3
    expect(snap.quantile(0.95)).toBe(5);
    expect(snap.quantile(0.99)).toBe(5);
    expect(snap.quantile(0.1)).toBe(1);
    expect(snap.quantile(0.3)).toBe(2);
  });

  it('has weighted mean and standard deviation', () => {
    // mean = .2 + .6 + .6 + .8 + .5 = 2.7 (Dropwizard: 2.7)
    expect(snap.mean).toBeCloseTo(2.7, 12);
    // .2*1.7^2 + .3*.7^2 + .2*.3^2 + .2*1.3^2 + .1*2.3^2 = 1.61; sqrt = 1.2689 (Dropwizard: 1.2688)
    expect(snap.stdDev).toBeCloseTo(Math.sqrt(1.61), 10);
    expect(snap.min).toBe(1);
    expect(snap.max).toBe(5);
    expect(snap.size).toBe(5);
  });

  it('returns values sorted with their normalized weights', () => {
    expect(snap.values()).toEqual([1, 2, 3, 4, 5]);
    const w = snap.weights();
    [0.2, 0.3, 0.2, 0.2, 0.1].forEach((x, i) => expect(w[i]).toBeCloseTo(x, 12));
  });

  it('answers 0 when empty and 0 for q NaN', () => {
    const empty = new WeightedSnapshot([], []);
    expect([empty.size, empty.min, empty.max, empty.mean, empty.stdDev, empty.quantile(0.5)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(snap.quantile(NaN)).toBe(0);
    expect(snap.quantile(5)).toBe(5);
  });
});
