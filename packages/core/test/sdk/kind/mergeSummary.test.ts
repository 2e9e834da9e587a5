import { diag } from '@opentelemetry/api';
import { summary } from './values';
import { mergeSummaryValues } from '../../../src/sdk/kind/mergeSummary';

describe('mergeSummaryValues', () => {
  it('recomputes quantiles from the merged samples instead of summing them', () => {
    const a = summary([1, 2, 3, 4]);
    const b = summary([10, 9, 8, 7, 6, 5]);
    const merged = mergeSummaryValues([a, b]);
    expect(merged.count).toBe(10);
    expect(merged.sum).toBe(55);
    expect(merged.min).toBe(1);
    expect(merged.max).toBe(10);
    expect(merged.mean).toBeCloseTo(5.5, 12);
    // sample standard deviation of 1..10: sqrt(82.5 / 9)
    expect(merged.stdDev).toBeCloseTo(Math.sqrt(82.5 / 9), 12);
    expect(merged.quantiles.map((q) => q.quantile)).toEqual([0.5, 0.9, 0.99]);
    expect(merged.quantiles[0]!.value).toBeCloseTo(5.5, 12);
    expect(merged.quantiles[1]!.value).toBeCloseTo(9.9, 12);
    expect(merged.quantiles[2]!.value).toBe(10);
    // what summing (prom-client AggregatorRegistry) would give, to show the difference
    expect(a.quantiles[0]!.value + b.quantiles[0]!.value).not.toBeCloseTo(5.5, 3);
  });

  it('keeps cumulative count and sum beyond what the reservoirs hold, and sums dropped', () => {
    const merged = mergeSummaryValues([summary([1, 2], { count: 100, sum: 150, dropped: 3 }), summary([3], { count: 7, sum: 21, dropped: 1 })]);
    expect(merged.count).toBe(107);
    expect(merged.sum).toBe(171);
    expect(merged.dropped).toBe(4);
    expect(merged.quantiles[0]!.value).toBe(2);
  });

  it('weights each worker by its sample count and keeps its own recency weighting', () => {
    // A: weights scaled to [0.5, 1.5]; B: [1]. Normalised: 1/6, 1/2, 1/3.
    const a = summary([1, 2], { sampleWeights: [1, 3] });
    const b = summary([3], { sampleWeights: [10] });
    const merged = mergeSummaryValues([a, b]);
    expect(merged.quantiles.find((q) => q.quantile === 0.5)!.value).toBe(2);
    expect(merged.quantiles.find((q) => q.quantile === 0.9)!.value).toBe(3);
    expect(merged.mean).toBeCloseTo(6.5 / 3, 12);
    const variance = (0.5 * (1 - 6.5 / 3) ** 2 + 1.5 * (2 - 6.5 / 3) ** 2 + 1 * (3 - 6.5 / 3) ** 2) / 3;
    expect(merged.stdDev).toBeCloseTo(Math.sqrt(variance), 12);
  });

  it('ignores empty reservoirs for min and max', () => {
    const merged = mergeSummaryValues([summary([], { min: 0, max: 0 }), summary([4, 6])]);
    expect(merged.min).toBe(4);
    expect(merged.max).toBe(6);
    expect(merged.quantiles[0]!.value).toBe(5);
  });

  it('falls back to count-weighted quantiles (with a diag warning) when a worker sent no samples', () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const a = { ...summary([1, 2, 3]), samples: undefined };
    const b = summary([10]);
    const merged = mergeSummaryValues([a, b], 'no_samples_metric');
    // median: (3/4)*2 + (1/4)*10 = 4
    expect(merged.quantiles[0]!.value).toBeCloseTo(4, 12);
    expect(merged.mean).toBeCloseTo(16 / 4, 12);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no_samples_metric'));
    warn.mockRestore();
  });
});
