import { DataPointType, type ExponentialHistogram, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';

/**
 * Activity and deltas of the SDK's own (plain OTel) points, which a
 * cumulative reader hands over: the counterpart of core's per-kind `diff`
 * for the standard point types.
 */

type PlainValue = number | Histogram | ExponentialHistogram;

/** Whether a series changed between two cumulative values (a gauge: its value changed). */
export function plainChanged(type: DataPointType, previous: PlainValue, current: PlainValue): boolean {
  if (type === DataPointType.SUM || type === DataPointType.GAUGE) return previous !== current;
  return (previous as Histogram | ExponentialHistogram).count !== (current as Histogram | ExponentialHistogram).count;
}

/** A cumulative count went down: the series was reset, so the delta is the whole current value. */
function countDelta(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}

/**
 * The change from `previous` to `current` of one series of `metric`. Sums:
 * the difference (a monotonic sum that went down was reset: the current
 * value). Histograms: counts and sums of the interval; min and max are left
 * out (a cumulative reader knows them for the whole series only). Gauges: the
 * current value.
 */
export function plainDiff(metric: MetricData, previous: PlainValue, current: PlainValue): PlainValue {
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return metric.isMonotonic ? countDelta(previous as number, current as number) : (current as number) - (previous as number);
    case DataPointType.GAUGE:
      return current;
    case DataPointType.HISTOGRAM:
      return diffHistogram(previous as Histogram, current as Histogram);
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return diffExponential(previous as ExponentialHistogram, current as ExponentialHistogram);
  }
}

function diffHistogram(previous: Histogram, current: Histogram): Histogram {
  const sameBuckets =
    current.count >= previous.count &&
    previous.buckets.boundaries.length === current.buckets.boundaries.length &&
    previous.buckets.boundaries.every((b, i) => b === current.buckets.boundaries[i]);
  if (!sameBuckets) return current;
  return {
    buckets: { boundaries: current.buckets.boundaries, counts: current.buckets.counts.map((c, i) => countDelta(previous.buckets.counts[i] ?? 0, c)) },
    count: current.count - previous.count,
    ...(current.sum === undefined || previous.sum === undefined ? {} : { sum: current.sum - previous.sum }),
  };
}

function diffExponential(previous: ExponentialHistogram, current: ExponentialHistogram): ExponentialHistogram {
  // A cumulative exponential histogram only ever lowers its scale; after a
  // change the old buckets do not line up, so the interval is not known bucket by bucket.
  if (previous.scale !== current.scale || current.count < previous.count) return current;
  const diffBuckets = (p: ExponentialHistogram['positive'], c: ExponentialHistogram['positive']): ExponentialHistogram['positive'] => ({
    offset: c.offset,
    bucketCounts: c.bucketCounts.map((n, i) => countDelta(p.bucketCounts[c.offset + i - p.offset] ?? 0, n)),
  });
  return {
    count: current.count - previous.count,
    ...(current.sum === undefined || previous.sum === undefined ? {} : { sum: current.sum - previous.sum }),
    scale: current.scale,
    zeroCount: countDelta(previous.zeroCount, current.zeroCount),
    positive: diffBuckets(previous.positive, current.positive),
    negative: diffBuckets(previous.negative, current.negative),
  };
}
