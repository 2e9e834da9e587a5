import { diag } from '@opentelemetry/api';
import type { GoNoGoValue, SummaryValue } from '@meterwork/core';
import { mergeGoNoGoValues, mergeMeterValues, mergeSummaryValues, mergeTaggedHistogramValues, mergeTimerValues } from '../../src/cluster/merge-values';
import { UniformSnapshot } from '@meterwork/core';

function summary(samples: number[], extra: Partial<SummaryValue> = {}): SummaryValue {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    sum,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.length ? sum / sorted.length : 0,
    stdDev: 0,
    quantiles: [0.5, 0.9, 0.99].map((quantile) => ({ quantile, value: new UniformSnapshot(sorted).quantile(quantile) })),
    dropped: 0,
    samples: sorted,
    ...extra,
  };
}

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

describe('other kinds', () => {
  it('meters: counts and rates add', () => {
    expect(
      mergeMeterValues([
        { count: 10, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 },
        { count: 5, m1Rate: 0.5, m5Rate: 0.25, m15Rate: 0.125, meanRate: 1 },
      ]),
    ).toEqual({ count: 15, m1Rate: 1.5, m5Rate: 2.25, m15Rate: 3.125, meanRate: 5 });
  });

  it('timers: summary merged from samples plus rates added', () => {
    const rates = { count: 2, m1Rate: 1, m5Rate: 1, m15Rate: 1, meanRate: 1 };
    const merged = mergeTimerValues([{ ...summary([0.1, 0.3]), rates }, { ...summary([0.2]), rates }]);
    expect(merged.quantiles[0]!.value).toBeCloseTo(0.2, 12);
    expect(merged.rates.count).toBe(4);
    expect(merged.rates.m1Rate).toBe(2);
  });

  // Changed with the go/no-go period model: cumulative counts/sums add; the
  // period's mean is weighted by period counts and empty periods have no min/max.
  it('go/no-go: counts and sums add, min of mins and max of maxes over non-empty periods, mean weighted by period count', () => {
    const empty = { count: 0, sum: 0, periodCount: 0 };
    const values: GoNoGoValue[] = [
      { go: { count: 2, sum: 10, periodCount: 2, mean: 5, min: 3, max: 7 }, noGo: empty, outliers: 1, periodStartMillis: 2000, periodMillis: 60_000 },
      { go: empty, noGo: { count: 1, sum: 4, periodCount: 1, mean: 4, min: 4, max: 4 }, outliers: 0, periodStartMillis: 1000, periodMillis: 60_000 },
      { go: { count: 3, sum: 6, periodCount: 3, mean: 2, min: 1, max: 3 }, noGo: empty, outliers: 2, periodStartMillis: 3000, periodMillis: 60_000 },
      // Values in earlier periods only: counted, but no period statistics.
      { go: { count: 4, sum: 400, periodCount: 0 }, noGo: empty, outliers: 0, periodStartMillis: 3000, periodMillis: 60_000 },
    ];
    expect(mergeGoNoGoValues(values)).toEqual({
      go: { count: 9, sum: 416, periodCount: 5, mean: 3.2, min: 1, max: 7 },
      noGo: { count: 1, sum: 4, periodCount: 1, mean: 4, min: 4, max: 4 },
      outliers: 3,
      periodStartMillis: 1000,
      periodMillis: 60_000,
    });
  });

  it('tagged histograms: tag sets matched regardless of key order, counts add', () => {
    const merged = mergeTaggedHistogramValues([
      { total: 5, overflow: 1, tagSets: [{ tags: { a: '1', b: '2' }, count: 4 }] },
      { total: 3, overflow: 0, tagSets: [{ tags: { b: '2', a: '1' }, count: 2 }, { tags: { a: '3' }, count: 1 }] },
    ]);
    expect(merged.total).toBe(8);
    expect(merged.overflow).toBe(1);
    expect(merged.tagSets).toEqual([
      { tags: { a: '1', b: '2' }, count: 6 },
      { tags: { a: '3' }, count: 1 },
    ]);
  });
});
