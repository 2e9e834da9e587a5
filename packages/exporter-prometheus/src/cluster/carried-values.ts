import type { MeterworkMetricData } from '@meterwork/core';
import { kindOf } from '@meterwork/core/internal';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';

/**
 * What of an exited worker's data is carried forward (carried-totals.ts):
 * its cumulative totals only. Counts and sums keep growing across the
 * cluster's lifetime, so they must never drop when a worker goes away;
 * gauge-like fields (quantiles, min/max/mean, rates) describe the present,
 * and a dead worker has none: they come from the live workers alone.
 *
 * Meterwork rich values: their kind's `totals` keeps the cumulative part of a
 * value (its gauge-like fields zeroed as an empty reservoir shows them),
 * `addTotals` adds a carried value's totals to a value and keeps that
 * value's other fields (core `kind/`).
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
  const carried: { buckets: HistogramValue['buckets']; count: number; sum?: number } = {
    buckets: { boundaries: h.buckets.boundaries, counts: h.buckets.counts.slice() },
    count: h.count,
  };
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

/** The carried part of a meterwork value (its kind's `totals`); undefined for a kind this version does not know. */
export function carriedRichValue(kind: MeterworkMetricData['kind'], value: unknown): unknown {
  return kindOf(kind)?.totals(value);
}

/** `value` plus the totals of `carried` (both of `kind`: its kind's `addTotals`). */
export function addRichValue(kind: MeterworkMetricData['kind'], value: unknown, carried: unknown): unknown {
  const definition = kindOf(kind);
  return definition === undefined ? value : definition.addTotals(value, carried);
}
