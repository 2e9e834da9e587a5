import type { SummaryValue } from '../data/types';
import { countDelta, noUnit } from './counts';
import { mergeSummaryValues } from './mergeSummary';
import type { AggregationKind, FamilyDescription, FieldSink, StandardMetric } from './types';

export { mergeSummaryValues };

/**
 * Count, sum and dropped become deltas; the distribution (quantiles, min,
 * max, mean, stdDev, samples) is what the reservoir holds now. A count below
 * the previous one is a reset: count and sum are then the current ones.
 */
export function diffSummaryValues<V extends SummaryValue>(previous: V, current: V): V {
  const reset = current.count < previous.count;
  return {
    ...current,
    count: reset ? current.count : current.count - previous.count,
    sum: reset ? current.sum : current.sum - previous.sum,
    dropped: countDelta(previous.dropped, current.dropped),
  };
}

/** Count, sum and dropped; the distribution empty (quantiles at 0, as an empty reservoir). */
export function summaryTotals(v: SummaryValue): SummaryValue {
  return {
    count: v.count,
    sum: v.sum,
    dropped: v.dropped,
    min: 0,
    max: 0,
    mean: 0,
    stdDev: 0,
    quantiles: v.quantiles.map((q) => ({ quantile: q.quantile, value: 0 })),
  };
}

/** `v` with the count, sum and dropped of `totals` added. */
export function addSummaryTotals<V extends SummaryValue>(v: V, totals: SummaryValue): V {
  return { ...v, count: v.count + totals.count, sum: v.sum + totals.sum, dropped: v.dropped + totals.dropped };
}

const quantileAttributes = new Map<number, { readonly quantile: number }>();
/** `{ quantile }` attributes, shared between collections (levels are few). */
function quantileAttribute(quantile: number): { readonly quantile: number } {
  let attributes = quantileAttributes.get(quantile);
  if (attributes === undefined) {
    attributes = { quantile };
    if (quantileAttributes.size < 1000) quantileAttributes.set(quantile, attributes);
  }
  return attributes;
}

/** The standard metrics of a summary (a timer adds its rate). */
export const summaryStandard: ReadonlyArray<StandardMetric<SummaryValue>> = [
  {
    suffix: '',
    type: 'gauge',
    valueType: 'double',
    points(v, sink) {
      for (const q of v.quantiles) sink.point(q.value, quantileAttribute(q.quantile));
    },
  },
  { suffix: 'count', type: 'sum', monotonic: true, unit: noUnit, points: (v, sink) => sink.point(v.count) },
  { suffix: 'sum', type: 'sum', monotonic: 'instrument', points: (v, sink) => sink.point(v.sum) },
  // Left out while the reservoir is empty (its min and max are placeholders).
  { suffix: 'min', type: 'gauge', points: (v, sink) => v.quantiles.length > 0 && sink.point(v.min) },
  { suffix: 'max', type: 'gauge', points: (v, sink) => v.quantiles.length > 0 && sink.point(v.max) },
];

/** The summary family: quantiles, `_sum`, `_count`. */
export const summaryFamily: FamilyDescription<SummaryValue> = {
  suffix: '',
  type: 'summary',
  help: '',
  label: 'quantile',
  samples: (v, sink) => sink.summary(v.quantiles, v.sum, v.count),
};

/** The InfluxDB fields of a summary (a timer adds its rates). */
export function summaryFields(v: SummaryValue, out: FieldSink): void {
  out.add('count', v.count);
  out.add('sum', v.sum);
  out.add('min', v.min);
  out.add('max', v.max);
  out.add('mean', v.mean);
  out.add('stddev', v.stdDev);
}

function quantilesOf(v: SummaryValue): SummaryValue['quantiles'] {
  return v.quantiles;
}

/**
 * A reservoir's distribution: cumulative count and sum, quantiles, min, max,
 * mean and stdDev of what the reservoir holds.
 *
 * - standard: `N` GAUGE, one point per quantile (`quantile` attribute);
 *   `N.count` monotonic SUM (no unit); `N.sum` SUM (monotonic for counters
 *   and histograms); `N.min`, `N.max` GAUGEs (left out while empty).
 * - families: one summary family `N` (quantiles, `_sum`, `_count`).
 * - fields: `count`, `sum`, `min`, `max`, `mean`, `stddev` plus the quantiles.
 */
export const summaryKind: AggregationKind<'summary'> = {
  kind: 'summary',
  standard: summaryStandard,
  families: { unit: 'instrument', families: [summaryFamily] },
  fields: { write: summaryFields, quantiles: quantilesOf },
  merge: mergeSummaryValues,
  diff: diffSummaryValues,
  totals: summaryTotals,
  addTotals: addSummaryTotals,
};
