import type { GoNoGoStats, GoNoGoValue, MeterValue, MeterworkMetricData, SummaryValue, TaggedHistogramValue, TimerValue } from '@meterwork/core';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { attributesKey } from './attributes-key';

/**
 * What of an exited worker's data is carried forward (carried-totals.ts):
 * its cumulative totals only. Counts and sums keep growing across the
 * cluster's lifetime, so they must never drop when a worker goes away;
 * gauge-like fields (quantiles, min/max/mean, rates) describe the present,
 * and a dead worker has none: they come from the live workers alone.
 *
 * Per aggregation kind: `carried` keeps the cumulative part of a value (its
 * gauge-like fields zeroed as an empty reservoir shows them), `add` adds a
 * carried value's totals to a value and keeps that value's other fields.
 */

interface HistogramValue {
  readonly buckets: { readonly boundaries: number[]; readonly counts: number[] };
  readonly sum?: number;
  readonly count: number;
  readonly min?: number;
  readonly max?: number;
}

/** Monotonic cumulative sums (counters) and cumulative histograms; not gauges, up-down sums or exponential histograms (kept per worker). */
export function isCarriedPlain(metric: MetricData): boolean {
  if (metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) return false;
  return (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) || metric.dataPointType === DataPointType.HISTOGRAM;
}

/** The carried part of a plain point's value: a counter's value, a histogram without min/max. */
export function carriedPlainValue(type: DataPointType, value: unknown): unknown {
  if (type !== DataPointType.HISTOGRAM) return value;
  const h = value as HistogramValue;
  const carried: { buckets: HistogramValue['buckets']; count: number; sum?: number } = { buckets: { boundaries: h.buckets.boundaries, counts: h.buckets.counts.slice() }, count: h.count };
  if (h.sum !== undefined) carried.sum = h.sum;
  return carried;
}

/** `value` plus the totals of `carried`; undefined when they cannot add (histograms with other bucket boundaries). */
export function addPlainValue(type: DataPointType, value: unknown, carried: unknown): unknown {
  if (type !== DataPointType.HISTOGRAM) return (value as number) + (carried as number);
  const h = value as HistogramValue;
  const c = carried as HistogramValue;
  const a = h.buckets.boundaries;
  const b = c.buckets.boundaries;
  if (a.length !== b.length || a.some((bound, i) => bound !== b[i])) return undefined;
  const sum = h.sum !== undefined && c.sum !== undefined ? h.sum + c.sum : h.sum;
  return { ...h, buckets: { boundaries: a, counts: h.buckets.counts.map((n, i) => n + (c.buckets.counts[i] ?? 0)) }, count: h.count + c.count, sum };
}

function carriedSummary(v: SummaryValue): SummaryValue {
  return { count: v.count, sum: v.sum, dropped: v.dropped, min: 0, max: 0, mean: 0, stdDev: 0, quantiles: v.quantiles.map((q) => ({ quantile: q.quantile, value: 0 })) };
}
function addSummary<V extends SummaryValue>(v: V, c: SummaryValue): V {
  return { ...v, count: v.count + c.count, sum: v.sum + c.sum, dropped: v.dropped + c.dropped };
}
function carriedMeter(v: MeterValue): MeterValue {
  return { count: v.count, m1Rate: 0, m5Rate: 0, m15Rate: 0, meanRate: 0 };
}
function addMeter(v: MeterValue, c: MeterValue): MeterValue {
  return { ...v, count: v.count + c.count };
}
function carriedStats(s: GoNoGoStats): GoNoGoStats {
  // Nothing of a dead worker is in the current period: no mean/min/max.
  return { count: s.count, sum: s.sum, periodCount: 0 };
}
function addStats(s: GoNoGoStats, c: GoNoGoStats): GoNoGoStats {
  return { ...s, count: s.count + c.count, sum: s.sum + c.sum };
}
function addTaggedHistogram(v: TaggedHistogramValue, c: TaggedHistogramValue): TaggedHistogramValue {
  const byKey = new Map<string, { tags: TaggedHistogramValue['tagSets'][number]['tags']; count: number }>();
  for (const tagSet of [...v.tagSets, ...c.tagSets]) {
    const key = attributesKey(tagSet.tags);
    const found = byKey.get(key);
    if (found) found.count += tagSet.count;
    else byKey.set(key, { tags: tagSet.tags, count: tagSet.count });
  }
  return { total: v.total + c.total, overflow: v.overflow + c.overflow, tagSets: [...byKey.values()] };
}

type Kind = MeterworkMetricData['kind'];

/** The carried part of a meterwork value; undefined for a kind this version does not know. */
export function carriedRichValue(kind: Kind, value: unknown): unknown {
  switch (kind) {
    case 'summary':
      return carriedSummary(value as SummaryValue);
    case 'timer':
      return { ...carriedSummary(value as TimerValue), rates: carriedMeter((value as TimerValue).rates) };
    case 'meter':
      return carriedMeter(value as MeterValue);
    case 'gonogo': {
      const v = value as GoNoGoValue;
      return { ...v, go: carriedStats(v.go), noGo: carriedStats(v.noGo) };
    }
    case 'tagged_histogram':
      return value;
    default:
      return undefined;
  }
}

/** `value` plus the totals of `carried` (both of `kind`). */
export function addRichValue(kind: Kind, value: unknown, carried: unknown): unknown {
  switch (kind) {
    case 'summary':
      return addSummary(value as SummaryValue, carried as SummaryValue);
    case 'timer': {
      const v = value as TimerValue;
      return { ...addSummary(v, carried as TimerValue), rates: addMeter(v.rates, (carried as TimerValue).rates) };
    }
    case 'meter':
      return addMeter(value as MeterValue, carried as MeterValue);
    case 'gonogo': {
      const v = value as GoNoGoValue;
      const c = carried as GoNoGoValue;
      return { ...v, go: addStats(v.go, c.go), noGo: addStats(v.noGo, c.noGo), outliers: v.outliers + c.outliers };
    }
    case 'tagged_histogram':
      return addTaggedHistogram(value as TaggedHistogramValue, carried as TaggedHistogramValue);
    default:
      return value;
  }
}
