import { diag, type Attributes, type HrTime } from '@opentelemetry/api';
import type { MeterworkDataPoint, MeterworkMetricData } from '@meterwork/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { DataPoint, MetricData } from '@opentelemetry/sdk-metrics';
import { attributesKey } from './attributes-key';
import { addPlainValue, addRichValue, carriedPlainValue, carriedRichValue, isCarriedPlain } from './carried-values';
import type { MergedScopeMetrics } from './merge-collections';
import type { WireCollection } from './wire';

type PlainPoint = DataPoint<unknown>;
type RichPoint = MeterworkDataPoint<unknown>;

interface CarriedMetric<M, P> {
  readonly first: M;
  readonly points: Map<string, P>;
}

interface CarriedScope {
  readonly scope: InstrumentationScope;
  readonly plain: Map<string, CarriedMetric<MetricData, PlainPoint>>;
  readonly rich: Map<string, CarriedMetric<MeterworkMetricData, RichPoint>>;
}

function earlier(a: HrTime, b: HrTime): HrTime {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? a : b;
}
function later(a: HrTime, b: HrTime): HrTime {
  return earlier(a, b) === a ? b : a;
}

function scopeKey(scope: InstrumentationScope): string {
  return `${scope.name}\u0000${scope.version ?? ''}\u0000${scope.schemaUrl ?? ''}`;
}

/** `point` with `value`, starting at the earlier of both start times (an OpenMetrics `_created` never moves forward). */
function combined<P extends { startTime: HrTime; endTime: HrTime; attributes: Attributes }>(point: P, other: P, value: unknown): P {
  return { ...point, startTime: earlier(point.startTime, other.startTime), endTime: later(point.endTime, other.endTime), value };
}

/**
 * The cumulative totals of workers that exited, carried forward so that the
 * primary's counters, histogram and summary counts never drop when a worker
 * goes away (Prometheus would read the drop as a counter reset and
 * `rate()`/`increase()` would count the survivors' whole totals again).
 * What is carried is in carried-values.ts; gauges of a dead worker are dropped.
 * Memory: one point per series any exited worker ever had.
 */
export class CarriedTotals {
  private readonly scopes = new Map<string, CarriedScope>();
  /** The resource of the last exited worker, for a cluster that has no live worker left. */
  resource: WireCollection['resource'] | undefined;

  /** Adds the cumulative totals of an exited worker's last collection. */
  retire(collection: WireCollection, workerId: string): void {
    this.resource = collection.resource;
    for (const sm of collection.scopes) {
      const key = scopeKey(sm.scope);
      let scope = this.scopes.get(key);
      if (scope === undefined) {
        scope = { scope: sm.scope, plain: new Map(), rich: new Map() };
        this.scopes.set(key, scope);
      }
      for (const metric of sm.plain) {
        if (!isCarriedPlain(metric)) continue;
        const entry = this.entry(scope.plain, metric.descriptor.name, metric);
        if (entry.first.dataPointType !== metric.dataPointType) continue;
        for (const point of metric.dataPoints as PlainPoint[]) {
          this.carry(
            entry.points,
            point,
            carriedPlainValue(metric.dataPointType, point.value),
            (a, b) => addPlainValue(metric.dataPointType, a, b),
            metric.descriptor.name,
            workerId,
          );
        }
      }
      for (const metric of sm.meterwork) {
        // Deltas are totals of one interval, nothing to carry (as delta sums above).
        if (metric.temporality === 'delta') continue;
        const entry = this.entry(scope.rich, metric.descriptor.name, metric);
        if (entry.first.kind !== metric.kind) continue;
        for (const point of metric.points as readonly RichPoint[]) {
          const carried = carriedRichValue(metric.kind, point.value);
          if (carried === undefined) continue;
          this.carry(entry.points, point, carried, (a, b) => addRichValue(metric.kind, a, b), metric.descriptor.name, workerId);
        }
      }
    }
  }

  /** `merged` (the live workers) with the carried totals added; series only exited workers had are appended. */
  apply(merged: readonly MergedScopeMetrics[]): MergedScopeMetrics[] {
    if (this.scopes.size === 0) return merged.slice();
    const seen = new Set<string>();
    const out = merged.map((live) => {
      const key = scopeKey(live.scope);
      const carried = this.scopes.get(key);
      if (carried === undefined) return live;
      seen.add(key);
      return {
        scope: live.scope,
        plain: addMetrics(
          live.plain,
          carried.plain,
          (m) => m.dataPoints as PlainPoint[],
          (m, points) => ({ ...m, dataPoints: points }) as MetricData,
          (m) => m.dataPointType,
          (m, a, b) => addPlainValue(m.dataPointType, a, b),
        ),
        meterwork: addMetrics(
          live.meterwork,
          carried.rich,
          (m) => m.points as readonly RichPoint[],
          (m, points) => ({ ...m, points }) as MeterworkMetricData,
          (m) => m.kind,
          (m, a, b) => addRichValue(m.kind, a, b),
        ),
      };
    });
    for (const [key, carried] of this.scopes) {
      if (seen.has(key)) continue;
      out.push({
        scope: carried.scope,
        plain: [...carried.plain.values()].map((c) => ({ ...c.first, dataPoints: [...c.points.values()] }) as MetricData),
        meterwork: [...carried.rich.values()].map((c) => ({ ...c.first, points: [...c.points.values()] }) as MeterworkMetricData),
      });
    }
    return out;
  }

  private entry<M, P>(map: Map<string, CarriedMetric<M, P>>, name: string, metric: M): CarriedMetric<M, P> {
    let entry = map.get(name);
    if (entry === undefined) {
      entry = { first: metric, points: new Map() };
      map.set(name, entry);
    }
    return entry;
  }

  private carry<P extends PlainPoint | RichPoint>(
    points: Map<string, P>,
    point: P,
    carried: unknown,
    add: (a: unknown, b: unknown) => unknown,
    name: string,
    workerId: string,
  ): void {
    const key = attributesKey(point.attributes);
    const found = points.get(key);
    if (found === undefined) {
      points.set(key, { ...point, value: carried });
      return;
    }
    const sum = add(found.value, carried);
    if (sum === undefined)
      diag.warn(`ClusterPrimaryProducer: ${name} of exited worker ${workerId} has other histogram bucket boundaries; its totals are not carried`);
    else points.set(key, combined(found, point, sum));
  }
}

/**
 * Live metrics plus carried ones: points matched by attributes add (a
 * carried metric of another type than the live one is left out), carried
 * points and metrics the live workers lack are appended.
 */
function addMetrics<M extends { descriptor: { name: string } }, P extends PlainPoint | RichPoint>(
  live: readonly M[],
  carried: ReadonlyMap<string, CarriedMetric<M, P>>,
  pointsOf: (m: M) => readonly P[],
  withPoints: (m: M, points: P[]) => M,
  typeOf: (m: M) => unknown,
  add: (m: M, a: unknown, b: unknown) => unknown,
): M[] {
  const out: M[] = [];
  const names = new Set<string>();
  for (const metric of live) {
    const name = metric.descriptor.name;
    names.add(name);
    const c = carried.get(name);
    if (c === undefined || typeOf(c.first) !== typeOf(metric)) {
      out.push(metric);
      continue;
    }
    const points = new Map<string, P>();
    for (const p of pointsOf(metric)) points.set(attributesKey(p.attributes), p);
    for (const [key, cp] of c.points) {
      const lp = points.get(key);
      if (lp === undefined) {
        points.set(key, cp);
        continue;
      }
      const sum = add(metric, lp.value, cp.value);
      if (sum !== undefined) points.set(key, combined(lp, cp, sum));
    }
    out.push(withPoints(metric, [...points.values()]));
  }
  for (const [name, c] of carried) if (!names.has(name)) out.push(withPoints(c.first, [...c.points.values()]));
  return out;
}
