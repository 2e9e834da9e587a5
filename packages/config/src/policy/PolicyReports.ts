import type { HrTime } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { getMeterworkData, type MeterworkDataPoint, type MeterworkMetricData } from '@meterwork/core';
import { attributesKey, encodeStandard, kindOfData } from '@meterwork/core/internal';
import type { PolicyBinding } from './PolicyBinding';
import { plainChanged, plainDiff } from './plainValues';
import type { ResolvedPolicy } from './validatePolicy';

/** What a series showed at its last report. */
interface Baseline {
  readonly value: unknown;
  readonly endTime: HrTime;
  /** Meterwork kinds: the counts and sums (`kind.totals`) as text, compared to find activity. */
  readonly totals?: string;
}

type Series = Map<string, Baseline>;

/** A go/no-go period that rolls over is not activity: its start time is left out of the comparison. */
function withoutPeriodStart(key: string, value: unknown): unknown {
  return key === 'periodStartMillis' ? undefined : value;
}

/**
 * Turns one cumulative collection into what a policy reports: the metrics
 * bound to it (see {@link PolicyBinding}), renamed with the prefix, inactive
 * series left out unless the policy reports them, counts and sums made
 * deltas since each series' previous report for a delta policy (core's
 * per-kind `diff` for meterwork aggregations, {@link plainDiff} for the
 * SDK's). The baselines are per metric, not per policy: a metric that moves
 * to another policy continues from its last report.
 */
export class PolicyReports {
  private readonly _baselines = new Map<string, Series>();

  constructor(
    private readonly _binding: PolicyBinding,
    private readonly _prefix: string | undefined,
  ) {}

  /** The report of `policy` from `collection`, or undefined when it has nothing to send. */
  select(collection: ResourceMetrics, policy: ResolvedPolicy): ResourceMetrics | undefined {
    const scopeMetrics: ScopeMetrics[] = [];
    for (const scope of collection.scopeMetrics) {
      const metrics = this._selectScope(scope, policy);
      if (metrics.length > 0) scopeMetrics.push({ scope: scope.scope, metrics });
    }
    return scopeMetrics.length === 0 ? undefined : { resource: collection.resource, scopeMetrics };
  }

  private _rename(name: string): string {
    return this._prefix === undefined ? name : `${this._prefix}.${name}`;
  }

  private _selectScope(scope: ScopeMetrics, policy: ResolvedPolicy): MetricData[] {
    const out: MetricData[] = [];
    const scopeKey = `${scope.scope.name}\n${scope.scope.version ?? ''}\n`;
    let handled: Set<MeterworkMetricData> | undefined;
    let monotonic: Map<string, boolean> | undefined;
    for (const metric of scope.metrics) {
      const rich = getMeterworkData(metric);
      if (rich === undefined) {
        if (this._binding.policyOf(metric.descriptor.name) !== policy) continue;
        const reported = this._plain(scopeKey, metric, policy);
        if (reported !== undefined) out.push(reported);
        continue;
      }
      handled ??= new Set();
      if (handled.has(rich)) continue;
      handled.add(rich);
      if (this._binding.policyOf(rich.descriptor.name) !== policy) continue;
      monotonic ??= new Map(scope.metrics.map((m) => [m.descriptor.name, m.dataPointType === DataPointType.SUM && m.isMonotonic]));
      out.push(...this._meterwork(scopeKey, rich, policy, monotonic));
    }
    return out;
  }

  /** Replaces the baselines of a metric by `next` (series no longer collected are forgotten). */
  private _series(key: string): { previous: Series | undefined; next: Series } {
    const previous = this._baselines.get(key);
    const next: Series = new Map();
    this._baselines.set(key, next);
    return { previous, next };
  }

  private _meterwork(scopeKey: string, rich: MeterworkMetricData, policy: ResolvedPolicy, monotonic: ReadonlyMap<string, boolean>): MetricData[] {
    const kind = kindOfData(rich);
    const { previous, next } = this._series(`${scopeKey}${rich.descriptor.name}\nmeterwork`);
    const points: MeterworkDataPoint<unknown>[] = [];
    for (const p of rich.points as ReadonlyArray<MeterworkDataPoint<unknown>>) {
      const key = attributesKey(p.attributes);
      const before = previous?.get(key);
      const totals = JSON.stringify(kind.totals(p.value), withoutPeriodStart);
      if (before !== undefined && before.totals === totals && !policy.reportInactive) {
        next.set(key, before);
        continue;
      }
      next.set(key, { value: p.value, endTime: p.endTime, totals });
      points.push(
        policy.delta && before !== undefined
          ? { attributes: p.attributes, startTime: before.endTime, endTime: p.endTime, value: kind.diff(before.value, p.value) }
          : p,
      );
    }
    if (points.length === 0) return [];
    const name = this._rename(rich.descriptor.name);
    const { temporality: _cumulative, ...base } = rich;
    const report = {
      ...base,
      descriptor: { ...rich.descriptor, name },
      points,
      ...(policy.delta ? { temporality: 'delta' as const } : {}),
    } as MeterworkMetricData;
    const metrics = encodeStandard(report, true, policy.delta ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE);
    // encodeStandard needs to know whether the instrument's sums only grow; the
    // collected metrics say it. The metrics were just made here: set in place.
    for (const m of metrics) {
      if (m.dataPointType !== DataPointType.SUM) continue;
      const collected = monotonic.get(rich.descriptor.name + m.descriptor.name.slice(name.length));
      if (collected !== undefined) (m as { isMonotonic: boolean }).isMonotonic = collected;
    }
    return metrics;
  }

  private _plain(scopeKey: string, metric: MetricData, policy: ResolvedPolicy): MetricData | undefined {
    const { previous, next } = this._series(`${scopeKey}${metric.descriptor.name}\n${metric.dataPointType}`);
    const points: Array<MetricData['dataPoints'][number]> = [];
    for (const p of metric.dataPoints) {
      const key = attributesKey(p.attributes);
      const before = previous?.get(key);
      if (before !== undefined && !plainChanged(metric.dataPointType, before.value as never, p.value) && !policy.reportInactive) {
        next.set(key, before);
        continue;
      }
      next.set(key, { value: p.value, endTime: p.endTime });
      points.push(
        policy.delta && before !== undefined
          ? ({ ...p, startTime: before.endTime, value: plainDiff(metric, before.value as never, p.value) } as MetricData['dataPoints'][number])
          : p,
      );
    }
    if (points.length === 0) return undefined;
    const delta = policy.delta && metric.dataPointType !== DataPointType.GAUGE;
    return {
      ...metric,
      descriptor: { ...metric.descriptor, name: this._rename(metric.descriptor.name) },
      aggregationTemporality: delta ? AggregationTemporality.DELTA : metric.aggregationTemporality,
      dataPoints: points,
    } as MetricData;
  }
}
