import type { GoNoGoStats, GoNoGoValue } from '../data/types';
import { countDelta, noUnit } from './counts';
import type { AggregationKind, FieldSink, PointSink, SampleSink } from './types';

const GO = { outcome: 'go' } as const;
const NO_GO = { outcome: 'no_go' } as const;
type Stat = 'count' | 'sum' | 'mean' | 'min' | 'max';
type Read = (s: GoNoGoStats) => number | undefined;
/** Plain property reads (a keyed `s[stat]` read is measurably slower on the export path). */
const READ: Readonly<Record<Stat, Read>> = {
  count: (s) => s.count,
  sum: (s) => s.sum,
  mean: (s) => s.mean,
  min: (s) => s.min,
  max: (s) => s.max,
};

/**
 * Points of one statistic per outcome. Counts and sums are cumulative; an
 * outcome with no values in the current period has no mean/min/max (never a
 * placeholder 0): left out.
 */
function statPoints(stat: Stat): (v: GoNoGoValue, sink: PointSink) => void {
  const read = READ[stat];
  return (v, sink) => {
    const go = read(v.go);
    const noGo = read(v.noGo);
    if (go !== undefined) sink.point(go, GO);
    if (noGo !== undefined) sink.point(noGo, NO_GO);
  };
}

/** Samples of one statistic per outcome (`outcome` label), as {@link statPoints}. */
function statSamples(stat: Stat): (v: GoNoGoValue, sink: SampleSink) => void {
  const read = READ[stat];
  return (v, sink) => {
    const go = read(v.go);
    const noGo = read(v.noGo);
    if (go !== undefined) sink.sample(go, GO.outcome);
    if (noGo !== undefined) sink.sample(noGo, NO_GO.outcome);
  };
}

/** InfluxDB field names per outcome (constants: no string built per series). */
const GO_FIELDS = ['go_count', 'go_sum', 'go_mean', 'go_min', 'go_max'] as const;
const NO_GO_FIELDS = ['no_go_count', 'no_go_sum', 'no_go_mean', 'no_go_min', 'no_go_max'] as const;

function statsFields(keys: typeof GO_FIELDS | typeof NO_GO_FIELDS, s: GoNoGoStats, out: FieldSink): void {
  out.add(keys[0], s.count);
  out.add(keys[1], s.sum);
  if (s.mean !== undefined) out.add(keys[2], s.mean);
  if (s.min !== undefined) out.add(keys[3], s.min);
  if (s.max !== undefined) out.add(keys[4], s.max);
}

/** Counts and sums add (cumulative); the period's mean is weighted by each process's period count. */
function mergeGoNoGoStats(inputs: readonly GoNoGoStats[]): GoNoGoStats {
  let count = 0;
  let sum = 0;
  let periodCount = 0;
  let periodSum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const s of inputs) {
    count += s.count;
    sum += s.sum;
    if (s.periodCount > 0 && s.mean !== undefined && s.min !== undefined && s.max !== undefined) {
      periodCount += s.periodCount;
      periodSum += s.mean * s.periodCount;
      if (s.min < min) min = s.min;
      if (s.max > max) max = s.max;
    }
  }
  if (periodCount === 0) return { count, sum, periodCount: 0 };
  return { count, sum, periodCount, mean: periodSum / periodCount, min, max };
}

/** Counts, sums and outliers add; min of mins and max of maxes over non-empty periods, mean weighted by period count. */
export function mergeGoNoGoValues(inputs: readonly GoNoGoValue[]): GoNoGoValue {
  let outliers = 0;
  let periodStartMillis = Infinity;
  let periodMillis = 0;
  for (const v of inputs) {
    periodMillis = Math.max(periodMillis, v.periodMillis);
    outliers += v.outliers;
    if (v.periodStartMillis < periodStartMillis) periodStartMillis = v.periodStartMillis;
  }
  return {
    go: mergeGoNoGoStats(inputs.map((v) => v.go)),
    noGo: mergeGoNoGoStats(inputs.map((v) => v.noGo)),
    outliers,
    periodStartMillis: Number.isFinite(periodStartMillis) ? periodStartMillis : 0,
    periodMillis,
  };
}

/** Count and sum deltas (a count below the previous one is a reset); the period's statistics stay current. */
function diffStats(previous: GoNoGoStats, current: GoNoGoStats): GoNoGoStats {
  if (current.count < previous.count) return current;
  return { ...current, count: current.count - previous.count, sum: current.sum - previous.sum };
}

function diffGoNoGoValues(previous: GoNoGoValue, current: GoNoGoValue): GoNoGoValue {
  return {
    go: diffStats(previous.go, current.go),
    noGo: diffStats(previous.noGo, current.noGo),
    outliers: countDelta(previous.outliers, current.outliers),
    periodStartMillis: current.periodStartMillis,
    periodMillis: current.periodMillis,
  };
}

/** Count and sum; nothing in the current period (no mean/min/max). */
function statsTotals(s: GoNoGoStats): GoNoGoStats {
  return { count: s.count, sum: s.sum, periodCount: 0 };
}

function addStatsTotals(s: GoNoGoStats, totals: GoNoGoStats): GoNoGoStats {
  return { ...s, count: s.count + totals.count, sum: s.sum + totals.sum };
}

/**
 * Go/no-go (lws_metrics) per outcome (`go`, `no_go`): count and sum of
 * values cumulative since the series started, mean/min/max of the current
 * period (`periodMillis`; absent while it has no values), and the outliers
 * seen (cumulative).
 *
 * - standard: `N.count` (no unit) and `N.sum` SUMs, `N.mean`, `N.min`,
 *   `N.max` GAUGEs, each with an `outcome` attribute; `N.outliers` SUM.
 * - families: `N_outcomes` counter (`N_outcomes_total` samples) and
 *   `N_mean`, `N_min`, `N_max` gauges, each with an `outcome` label;
 *   `N_outliers` counter (`N_outliers_total`). Counts are cumulative and
 *   monotonic in both encodings.
 * - fields: `go_count`, `go_sum`, `go_mean`, `go_min`, `go_max`, the same
 *   with `no_go_` (the `outcome` label value elsewhere), then `outliers`.
 *
 * Mean/min/max of an outcome with no values in the current period are left
 * out everywhere.
 */
export const goNoGoKind: AggregationKind<'go_no_go'> = {
  kind: 'go_no_go',
  standard: [
    { suffix: 'count', type: 'sum', monotonic: true, unit: noUnit, points: statPoints('count') },
    { suffix: 'sum', type: 'sum', monotonic: 'instrument', points: statPoints('sum') },
    { suffix: 'mean', type: 'gauge', valueType: 'double', points: statPoints('mean') },
    { suffix: 'min', type: 'gauge', points: statPoints('min') },
    { suffix: 'max', type: 'gauge', points: statPoints('max') },
    { suffix: 'outliers', type: 'sum', monotonic: true, unit: noUnit, points: (v, sink) => sink.point(v.outliers) },
  ],
  families: {
    unit: 'instrument',
    families: [
      { suffix: 'outcomes', type: 'counter', help: ' (events by outcome since the series started)', label: 'outcome', samples: statSamples('count') },
      { suffix: 'mean', type: 'gauge', help: ' (mean in the current period by outcome)', label: 'outcome', samples: statSamples('mean') },
      { suffix: 'min', type: 'gauge', help: ' (min in the current period by outcome)', label: 'outcome', samples: statSamples('min') },
      { suffix: 'max', type: 'gauge', help: ' (max in the current period by outcome)', label: 'outcome', samples: statSamples('max') },
      { suffix: 'outliers', type: 'counter', help: ' (outliers since the series started)', samples: (v, sink) => sink.sample(v.outliers) },
    ],
  },
  fields: {
    write(v, out) {
      statsFields(GO_FIELDS, v.go, out);
      statsFields(NO_GO_FIELDS, v.noGo, out);
      out.add('outliers', v.outliers);
    },
  },
  merge: mergeGoNoGoValues,
  diff: diffGoNoGoValues,
  totals: (v) => ({ ...v, go: statsTotals(v.go), noGo: statsTotals(v.noGo) }),
  addTotals: (v, t) => ({ ...v, go: addStatsTotals(v.go, t.go), noGo: addStatsTotals(v.noGo, t.noGo), outliers: v.outliers + t.outliers }),
};
