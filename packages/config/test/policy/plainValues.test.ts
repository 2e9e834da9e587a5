/**
 * Deltas and activity of the SDK's own points (what a delta policy sends for
 * plain OTel instruments), edge cases included: a monotonic sum that went
 * down (reset), histograms whose buckets changed, exponential histograms
 * whose offset moved or whose scale changed.
 */
import { AggregationTemporality, DataPointType, type ExponentialHistogram, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { ValueType } from '@opentelemetry/api';
import { plainChanged, plainDiff } from '../../src/policy/plainValues';

const descriptor = { name: 'm', description: '', unit: '', valueType: ValueType.DOUBLE };
const sum = (isMonotonic: boolean): MetricData => ({
  descriptor,
  aggregationTemporality: AggregationTemporality.CUMULATIVE,
  dataPointType: DataPointType.SUM,
  dataPoints: [],
  isMonotonic,
});
const histogram: MetricData = { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.HISTOGRAM, dataPoints: [] };
const exponential: MetricData = {
  descriptor,
  aggregationTemporality: AggregationTemporality.CUMULATIVE,
  dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
  dataPoints: [],
};
const gauge: MetricData = { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints: [] };

function hist(counts: number[], sumValue: number, boundaries = [1, 10]): Histogram {
  return { buckets: { boundaries, counts }, count: counts.reduce((a, b) => a + b, 0), sum: sumValue, min: 0.5, max: 20 };
}

function expo(scale: number, offset: number, bucketCounts: number[], zeroCount = 0): ExponentialHistogram {
  const count = bucketCounts.reduce((a, b) => a + b, 0) + zeroCount;
  return { count, sum: count, scale, zeroCount, positive: { offset, bucketCounts }, negative: { offset: 0, bucketCounts: [] }, min: 0, max: 1 };
}

describe('plainDiff', () => {
  it('sums: the difference; a monotonic sum that went down was reset (its current value); an up-down sum may go negative', () => {
    expect(plainDiff(sum(true), 5, 8)).toBe(3);
    expect(plainDiff(sum(true), 8, 2)).toBe(2);
    expect(plainDiff(sum(false), 8, 2)).toBe(-6);
    expect(plainDiff(gauge, 8, 2)).toBe(2);
  });

  it('histograms: bucket counts, count and sum of the interval, without min and max', () => {
    expect(plainDiff(histogram, hist([1, 2, 0], 10), hist([2, 2, 3], 80))).toEqual({ buckets: { boundaries: [1, 10], counts: [1, 0, 3] }, count: 4, sum: 70 });
  });

  it('histograms whose buckets changed, or whose count went down, send the current value', () => {
    const current = hist([2, 2, 3], 80, [1, 5]);
    expect(plainDiff(histogram, hist([1, 2, 0], 10), current)).toBe(current);
    const reset = hist([1, 0, 0], 1);
    expect(plainDiff(histogram, hist([1, 2, 0], 10), reset)).toBe(reset);
  });

  it('exponential histograms at one scale: buckets aligned by index even when the offset moved', () => {
    // previous buckets at indexes 3..4, current at 2..5
    const d = plainDiff(exponential, expo(0, 3, [1, 1], 1), expo(0, 2, [4, 2, 1, 5], 3)) as ExponentialHistogram;
    expect(d.positive).toEqual({ offset: 2, bucketCounts: [4, 1, 0, 5] });
    expect([d.count, d.zeroCount, d.scale]).toEqual([12, 2, 0]);
    expect(d.min).toBeUndefined();
  });

  it('an exponential histogram whose scale changed sends the current value', () => {
    const current = expo(-1, 1, [3, 3]);
    expect(plainDiff(exponential, expo(0, 3, [1, 1]), current)).toBe(current);
  });
});

describe('plainChanged', () => {
  it('sums and gauges by value, histograms by count', () => {
    expect(plainChanged(DataPointType.SUM, 3, 3)).toBe(false);
    expect(plainChanged(DataPointType.GAUGE, 3, 4)).toBe(true);
    expect(plainChanged(DataPointType.HISTOGRAM, hist([1, 0, 0], 1), hist([1, 0, 0], 1))).toBe(false);
    expect(plainChanged(DataPointType.HISTOGRAM, hist([1, 0, 0], 1), hist([1, 1, 0], 6))).toBe(true);
    expect(plainChanged(DataPointType.EXPONENTIAL_HISTOGRAM, expo(0, 0, [1]), expo(0, 0, [2]))).toBe(true);
  });
});
