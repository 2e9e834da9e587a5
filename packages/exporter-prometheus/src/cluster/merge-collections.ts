import { diag, type Attributes, type HrTime } from '@opentelemetry/api';
import type { MeterworkDataPoint, MeterworkMetricData } from '@meterwork/core';
import { kindOf } from '@meterwork/core/internal';
import type { InstrumentationScope } from '@opentelemetry/core';
import { DataPointType, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';
import { attributesKey } from './attributes-key';
import type { WireCollection, WireScopeMetrics } from './wire';

/** How gauges of several workers become one series. */
export type ClusterGaugeAggregation = 'per_worker' | 'sum' | 'min' | 'max' | 'average';

export interface ClusterMergeOptions {
  /**
   * `per_worker` keeps each worker's gauge as its own series with a
   * `workerLabel` label (a gauge such as heap size or queue length has no
   * meaningful cluster-wide value in general); the others combine them.
   * Exponential histograms are always kept per worker.
   * @default 'per_worker'
   */
  readonly gaugeAggregation?: ClusterGaugeAggregation | undefined;
  /** Label added to per-worker series. @default 'worker' */
  readonly workerLabel?: string | undefined;
}

export interface WorkerCollection {
  /** `cluster.worker.id` as a string. */
  readonly workerId: string;
  readonly collection: WireCollection;
}

function earlier(a: HrTime, b: HrTime): HrTime {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? a : b;
}
function later(a: HrTime, b: HrTime): HrTime {
  return earlier(a, b) === a ? b : a;
}

function sameBoundaries(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface MetricAccumulator {
  readonly first: MetricData;
  readonly points: Map<string, { point: DataPoint<unknown>; values: unknown[] }>;
}

/** Merges the plain OTel metrics of one scope from all workers. */
function mergePlain(inputs: ReadonlyArray<{ workerId: string; metrics: readonly MetricData[] }>, options: Required<ClusterMergeOptions>): MetricData[] {
  const byName = new Map<string, MetricAccumulator>();
  for (const { workerId, metrics } of inputs) {
    for (const metric of metrics) {
      let acc = byName.get(metric.descriptor.name);
      if (acc === undefined) {
        acc = { first: metric, points: new Map() };
        byName.set(metric.descriptor.name, acc);
      } else if (acc.first.dataPointType !== metric.dataPointType) {
        diag.warn(`cluster: metric ${metric.descriptor.name} of worker ${workerId} has another type than in other workers; dropped`);
        continue;
      }
      const perWorker =
        metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM ||
        (metric.dataPointType === DataPointType.GAUGE && options.gaugeAggregation === 'per_worker');
      for (const point of metric.dataPoints as DataPoint<unknown>[]) {
        const attributes: Attributes = perWorker ? { ...point.attributes, [options.workerLabel]: workerId } : point.attributes;
        const key = attributesKey(attributes);
        const found = acc.points.get(key);
        if (found === undefined) {
          acc.points.set(key, { point: { ...point, attributes }, values: [point.value] });
          continue;
        }
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const a = (found.point as DataPoint<{ buckets: { boundaries: number[] } }>).value.buckets.boundaries;
          const b = (point as DataPoint<{ buckets: { boundaries: number[] } }>).value.buckets.boundaries;
          if (!sameBoundaries(a, b)) {
            diag.warn(`cluster: histogram ${metric.descriptor.name} of worker ${workerId} has other bucket boundaries; its point is dropped`);
            continue;
          }
        }
        found.values.push(point.value);
        found.point = { ...found.point, startTime: earlier(found.point.startTime, point.startTime), endTime: later(found.point.endTime, point.endTime) };
      }
    }
  }
  const out: MetricData[] = [];
  for (const acc of byName.values()) {
    const dataPoints = [...acc.points.values()].map(({ point, values }) => ({
      ...point,
      value: combine(acc.first.dataPointType, values, options.gaugeAggregation),
    }));
    out.push({ ...acc.first, dataPoints } as MetricData);
  }
  return out;
}

interface HistogramValue {
  buckets: { boundaries: number[]; counts: number[] };
  sum?: number;
  count: number;
  min?: number;
  max?: number;
}

function combine(type: DataPointType, values: unknown[], gauges: ClusterGaugeAggregation): unknown {
  if (values.length === 1) return values[0];
  switch (type) {
    case DataPointType.SUM:
      return (values as number[]).reduce((a, b) => a + b, 0);
    case DataPointType.GAUGE: {
      const nums = values as number[];
      if (gauges === 'min') return Math.min(...nums);
      if (gauges === 'max') return Math.max(...nums);
      const total = nums.reduce((a, b) => a + b, 0);
      return gauges === 'average' ? total / nums.length : total;
    }
    case DataPointType.HISTOGRAM: {
      const hs = values as HistogramValue[];
      const counts = hs[0]!.buckets.counts.map((_, i) => hs.reduce((a, h) => a + (h.buckets.counts[i] ?? 0), 0));
      const merged: HistogramValue = { buckets: { boundaries: hs[0]!.buckets.boundaries, counts }, count: hs.reduce((a, h) => a + h.count, 0) };
      if (hs.every((h) => h.sum !== undefined)) merged.sum = hs.reduce((a, h) => a + h.sum!, 0);
      const mins = hs.filter((h) => h.count > 0 && h.min !== undefined).map((h) => h.min!);
      const maxs = hs.filter((h) => h.count > 0 && h.max !== undefined).map((h) => h.max!);
      if (mins.length > 0) merged.min = Math.min(...mins);
      if (maxs.length > 0) merged.max = Math.max(...maxs);
      return merged;
    }
    default:
      return values[0];
  }
}

/** Merges the meterwork rich metrics of one scope from all workers. */
function mergeRich(inputs: ReadonlyArray<{ workerId: string; metrics: readonly MeterworkMetricData[] }>): MeterworkMetricData[] {
  const byName = new Map<string, { first: MeterworkMetricData; points: Map<string, { point: MeterworkDataPoint<unknown>; values: unknown[] }> }>();
  for (const { workerId, metrics } of inputs) {
    for (const metric of metrics) {
      let acc = byName.get(metric.descriptor.name);
      if (acc === undefined) {
        acc = { first: metric, points: new Map() };
        byName.set(metric.descriptor.name, acc);
      } else if (acc.first.kind !== metric.kind) {
        diag.warn(`cluster: metric ${metric.descriptor.name} of worker ${workerId} is a ${metric.kind}, elsewhere a ${acc.first.kind}; dropped`);
        continue;
      }
      for (const point of metric.points as ReadonlyArray<MeterworkDataPoint<unknown>>) {
        const key = attributesKey(point.attributes);
        const found = acc.points.get(key);
        if (found === undefined) acc.points.set(key, { point, values: [point.value] });
        else {
          found.values.push(point.value);
          found.point = { ...found.point, startTime: earlier(found.point.startTime, point.startTime), endTime: later(found.point.endTime, point.endTime) };
        }
      }
    }
  }
  const out: MeterworkMetricData[] = [];
  for (const { first, points } of byName.values()) {
    const name = first.descriptor.name;
    const kind = kindOf(first.kind);
    if (kind === undefined) {
      diag.warn(`cluster: metric ${name} is a ${first.kind}, a kind this version does not know; dropped`);
      continue;
    }
    const merged = [...points.values()].map(({ point, values }) => ({ ...point, value: kind.merge(values, name) }));
    out.push({ ...first, points: merged } as MeterworkMetricData);
  }
  return out;
}

export interface MergedScopeMetrics {
  readonly scope: InstrumentationScope;
  readonly plain: MetricData[];
  readonly meterwork: MeterworkMetricData[];
}

function scopeKey(scope: InstrumentationScope): string {
  return `${scope.name}\u0000${scope.version ?? ''}\u0000${scope.schemaUrl ?? ''}`;
}

/**
 * Merges the collections of all workers: scopes matched by name, version and
 * schema URL, metrics by name, series by attributes. Sums and histograms add,
 * gauges per `gaugeAggregation`, meterwork rich data by their kind's `merge` (core `kind/`).
 */
export function mergeCollections(workers: readonly WorkerCollection[], options: ClusterMergeOptions = {}): MergedScopeMetrics[] {
  const resolved: Required<ClusterMergeOptions> = {
    gaugeAggregation: options.gaugeAggregation ?? 'per_worker',
    workerLabel: options.workerLabel ?? 'worker',
  };
  const scopes = new Map<string, { scope: InstrumentationScope; inputs: Array<{ workerId: string; scope: WireScopeMetrics }> }>();
  for (const { workerId, collection } of workers) {
    for (const sm of collection.scopes) {
      const key = scopeKey(sm.scope);
      let entry = scopes.get(key);
      if (entry === undefined) {
        entry = { scope: sm.scope, inputs: [] };
        scopes.set(key, entry);
      }
      entry.inputs.push({ workerId, scope: sm });
    }
  }
  return [...scopes.values()].map(({ scope, inputs }) => ({
    scope,
    plain: mergePlain(
      inputs.map((i) => ({ workerId: i.workerId, metrics: i.scope.plain })),
      resolved,
    ),
    meterwork: mergeRich(inputs.map((i) => ({ workerId: i.workerId, metrics: i.scope.meterwork }))),
  }));
}
