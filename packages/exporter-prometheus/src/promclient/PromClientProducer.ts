import { diag, ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { InvalidOptionError, type MeterworkDataPoint, type SummaryMetricData, type SummaryValue } from '@meterwork/core';
import { millisToHrTime } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { Registry } from 'prom-client';
import { attributesKey } from '../cluster/attributes-key';
import { encodeMeterworkMetric } from '../cluster/standard-encoding';

/** The instrumentation scope of everything read from prom-client. */
export const PROM_CLIENT_SCOPE_NAME = 'prom-client';

/** Options of `PromClientProducer`. */
export interface PromClientProducerOptions {
  /** The prom-client registry to read (`require('prom-client').register` for the default one). */
  readonly registry: Registry;
}

/** One entry of `Registry.getMetricsAsJSON()`. */
interface PromJsonMetric {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values: ReadonlyArray<{ readonly labels?: Record<string, string | number>; readonly value: number; readonly metricName?: string }>;
}

function labelsWithout(labels: Record<string, string | number> | undefined, drop: string): Attributes {
  const out: Attributes = {};
  if (labels === undefined) return out;
  for (const key of Object.keys(labels)) if (key !== drop) out[key] = labels[key];
  return out;
}

function parseBound(le: string | number): number {
  if (typeof le === 'number') return le;
  return le === '+Inf' ? Infinity : Number(le);
}

interface PromSeries {
  readonly attributes: Attributes;
  /** `[label value, sample value]` of each sample carrying the `le` / `quantile` label. */
  readonly entries: Array<[string | number, number]>;
  sum: number;
  count: number;
}

/** The samples of a prom-client histogram or summary grouped into series by their labels other than `label` (`le` / `quantile`). */
function groupSeries(metric: PromJsonMetric, label: 'le' | 'quantile'): Iterable<PromSeries> {
  const sumName = `${metric.name}_sum`;
  const countName = `${metric.name}_count`;
  const series = new Map<string, PromSeries>();
  for (const v of metric.values) {
    const attributes = labelsWithout(v.labels, label);
    const key = attributesKey(attributes);
    let s = series.get(key);
    if (s === undefined) {
      s = { attributes, entries: [], sum: 0, count: 0 };
      series.set(key, s);
    }
    if (v.metricName === sumName) s.sum = v.value;
    else if (v.metricName === countName) s.count = v.value;
    else {
      const at = v.labels?.[label];
      if (at !== undefined) s.entries.push([at, v.value]);
    }
  }
  return series.values();
}

/**
 * Brings a prom-client registry (including `collectDefaultMetrics()`) into
 * any OTel metric reader, so that those metrics can be pushed (InfluxDB, OTLP,
 * a Pushgateway) like the SDK's own: pass it in the reader's
 * `metricProducers`. Counters become monotonic cumulative sums, gauges
 * gauges, histograms OTel histograms (bounds from `le`), summaries meterwork
 * `summary` rich data (plus the standard encoding). Names are kept as
 * prom-client has them; units are unknown (empty). Scope `prom-client`.
 */
export class PromClientProducer implements MetricProducer {
  private readonly registry: Registry;
  /** prom-client keeps no start times: series count from when this producer was made. */
  private readonly startTime: HrTime = millisToHrTime(Date.now());

  constructor(options: PromClientProducerOptions) {
    if (options === null || typeof options !== 'object' || options.registry === null || typeof options.registry?.getMetricsAsJSON !== 'function') {
      throw new InvalidOptionError('PromClientProducer', 'registry', 'must be a prom-client Registry', (options as { registry?: unknown } | null)?.registry);
    }
    this.registry = options.registry;
  }

  async collect(): Promise<CollectionResult> {
    const errors: unknown[] = [];
    let json: PromJsonMetric[] = [];
    try {
      json = (await this.registry.getMetricsAsJSON()) as unknown as PromJsonMetric[];
    } catch (error) {
      errors.push(error);
    }
    const endTime = millisToHrTime(Date.now());
    const metrics: MetricData[] = [];
    for (const metric of json) {
      try {
        metrics.push(...this.convert(metric, endTime));
      } catch (error) {
        diag.warn(`PromClientProducer: cannot convert prom-client metric ${metric.name}: ${(error as Error).message}`);
      }
    }
    return {
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: { name: PROM_CLIENT_SCOPE_NAME }, metrics }] },
      errors,
    };
  }

  private convert(metric: PromJsonMetric, endTime: HrTime): MetricData[] {
    const descriptor = { name: metric.name, description: metric.help, unit: '', valueType: ValueType.DOUBLE };
    const startTime = this.startTime;
    switch (metric.type) {
      case 'counter':
      case 'gauge': {
        const dataPoints: DataPoint<number>[] = [];
        for (const v of metric.values) {
          // NaN and infinities are valid Prometheus values and pass; anything else is not a sample.
          if (typeof v.value !== 'number') {
            diag.warn(`PromClientProducer: ${metric.name} has a non-numeric value ${JSON.stringify(v.value)}; dropped`);
            continue;
          }
          dataPoints.push({ startTime, endTime, attributes: { ...(v.labels ?? {}) }, value: v.value });
        }
        if (metric.type === 'gauge') {
          return [{ descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints }];
        }
        return [{ descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints }];
      }
      case 'histogram':
        return [
          {
            descriptor,
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.HISTOGRAM,
            dataPoints: this.histogramPoints(metric, endTime),
          },
        ];
      case 'summary':
        return encodeMeterworkMetric(this.summary(metric, endTime));
      default:
        diag.warn(`PromClientProducer: prom-client metric ${metric.name} has unknown type ${metric.type}; skipped`);
        return [];
    }
  }

  private histogramPoints(metric: PromJsonMetric, endTime: HrTime): DataPoint<Histogram>[] {
    const points: DataPoint<Histogram>[] = [];
    for (const s of groupSeries(metric, 'le')) {
      const bounds = s.entries.map(([le, value]): [number, number] => [parseBound(le), value]).filter(([le]) => Number.isFinite(le));
      bounds.sort((a, b) => a[0] - b[0]);
      const boundaries = bounds.map((b) => b[0]);
      // prom-client buckets are cumulative; OTel counts are per bucket, the last one up to +Inf.
      const counts: number[] = [];
      let previous = 0;
      for (const [, cumulative] of bounds) {
        counts.push(cumulative - previous);
        previous = cumulative;
      }
      counts.push(s.count - previous);
      points.push({
        startTime: this.startTime,
        endTime,
        attributes: s.attributes,
        value: { buckets: { boundaries, counts }, sum: s.sum, count: s.count },
      });
    }
    return points;
  }

  private summary(metric: PromJsonMetric, endTime: HrTime): SummaryMetricData {
    const points: MeterworkDataPoint<SummaryValue>[] = [];
    for (const s of groupSeries(metric, 'quantile')) {
      const quantiles = s.entries.map(([quantile, value]) => ({ quantile: Number(quantile), value }));
      quantiles.sort((a, b) => a.quantile - b.quantile);
      const q0 = quantiles.find((q) => q.quantile === 0);
      const q1 = quantiles.find((q) => q.quantile === 1);
      points.push({
        startTime: this.startTime,
        endTime,
        attributes: s.attributes,
        value: {
          count: s.count,
          sum: s.sum,
          // prom-client keeps no min/max/stdDev: quantiles 0 and 1 when configured, else NaN.
          min: q0?.value ?? NaN,
          max: q1?.value ?? NaN,
          mean: s.count > 0 ? s.sum / s.count : 0,
          stdDev: NaN,
          quantiles,
          dropped: 0,
        },
      });
    }
    return { kind: 'summary', descriptor: { name: metric.name, description: metric.help, unit: '', valueType: ValueType.DOUBLE }, points };
  }
}
