import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type GaugeMetricData,
  type MetricData,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { attachMeterworkData } from '../data/split';
import { OVERFLOW_ATTRIBUTES } from '../state/SeriesTable';
import type {
  GoNoGoMetricData,
  MeterMetricData,
  MeterValue,
  MeterworkDataPoint,
  MeterworkDescriptor,
  MeterworkMetricData,
  SummaryMetricData,
  TaggedHistogramMetricData,
  TimerMetricData,
} from '../data/types';

/**
 * The standard OTel encoding of our rich data, so that exporters that know
 * only OTel data (console, OTLP, Prometheus) show it. For a metric named `N`:
 *
 * - summary / timer: `N` GAUGE, one point per quantile with a `quantile`
 *   attribute; `N.count` and `N.sum` cumulative SUMs (`N.sum` monotonic for
 *   counters and histograms); `N.min`, `N.max` GAUGEs. A timer adds `N.rate`.
 * - meter: `N` cumulative monotonic SUM (the count) and `N.rate` GAUGE in
 *   events per second with a `window` attribute (`1m`, `5m`, `15m`, `mean`).
 * - go/no-go: `N.count`, `N.sum` cumulative SUMs (since the series
 *   started) and `N.mean`, `N.min`, `N.max` GAUGEs of the current period
 *   (left out while it has no values), each with an `outcome` attribute
 *   (`go`, `no_go`); `N.outliers` cumulative monotonic SUM.
 * - tagged histogram: `N` monotonic SUM, one point per tag set, plus the
 *   overflow point (`otel.metric.overflow: true`).
 *
 * Quantile, min and max points are left out while a reservoir is empty.
 * Quantile, rate and mean metrics are DOUBLE whatever the instrument's
 * value type; the others keep it.
 * All data is cumulative. Every metric produced carries the rich form
 * (`attachMeterworkData`), shared by the metrics of one instrument.
 */
export function encodeStandard(data: MeterworkMetricData, sumIsMonotonic: boolean): MetricData[] {
  switch (data.kind) {
    case 'summary':
    case 'timer':
      return encodeSummary(data, sumIsMonotonic);
    case 'meter':
      return encodeMeter(data);
    case 'gonogo':
      return encodeGoNoGo(data, sumIsMonotonic);
    case 'tagged_histogram':
      return encodeTagged(data);
  }
}

type NumberPoint = DataPoint<number>;

function point(p: MeterworkDataPoint<unknown>, value: number, extra?: Attributes): NumberPoint {
  return {
    startTime: p.startTime,
    endTime: p.endTime,
    attributes: extra === undefined ? p.attributes : { ...p.attributes, ...extra },
    value,
  };
}

function descriptor(d: MeterworkDescriptor, suffix: string, unit = d.unit, valueType = d.valueType): MeterworkDescriptor {
  return { name: suffix === '' ? d.name : `${d.name}.${suffix}`, description: d.description, unit, valueType };
}

/** Quantiles, rates and means are fractional even for an integer instrument
 * (an OTLP exporter would write an INT metric's points as `asInt`). */
function fractional(d: MeterworkDescriptor, suffix: string, unit = d.unit): MeterworkDescriptor {
  return descriptor(d, suffix, unit, ValueType.DOUBLE);
}

function gauge(d: MeterworkDescriptor, dataPoints: NumberPoint[]): GaugeMetricData {
  return { descriptor: d, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints };
}

function sum(d: MeterworkDescriptor, dataPoints: NumberPoint[], isMonotonic: boolean): SumMetricData {
  return {
    descriptor: d,
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    dataPoints,
    isMonotonic,
  };
}

function rateUnit(unit: string): string {
  return unit === '' ? '1/s' : `${unit}/s`;
}

function ratePoints(p: MeterworkDataPoint<unknown>, rates: MeterValue, out: NumberPoint[]): void {
  out.push(point(p, rates.m1Rate, { window: '1m' }));
  out.push(point(p, rates.m5Rate, { window: '5m' }));
  out.push(point(p, rates.m15Rate, { window: '15m' }));
  out.push(point(p, rates.meanRate, { window: 'mean' }));
}

function encodeSummary(data: SummaryMetricData | TimerMetricData, sumIsMonotonic: boolean): MetricData[] {
  const d = data.descriptor;
  const quantiles: NumberPoint[] = [];
  const counts: NumberPoint[] = [];
  const sums: NumberPoint[] = [];
  const mins: NumberPoint[] = [];
  const maxs: NumberPoint[] = [];
  const rates: NumberPoint[] = [];
  for (const p of data.points) {
    const v = p.value;
    for (const q of v.quantiles) quantiles.push(point(p, q.value, { quantile: q.quantile }));
    counts.push(point(p, v.count));
    sums.push(point(p, v.sum));
    if (v.quantiles.length > 0) {
      mins.push(point(p, v.min));
      maxs.push(point(p, v.max));
    }
    if (data.kind === 'timer') ratePoints(p, (v as TimerMetricData['points'][number]['value']).rates, rates);
  }
  const out: MetricData[] = [
    gauge(fractional(d, ''), quantiles),
    sum(descriptor(d, 'count', ''), counts, true),
    sum(descriptor(d, 'sum'), sums, sumIsMonotonic),
    gauge(descriptor(d, 'min'), mins),
    gauge(descriptor(d, 'max'), maxs),
  ];
  if (data.kind === 'timer') out.push(gauge(fractional(d, 'rate', '1/s'), rates));
  return attachAll(out, data);
}

function encodeMeter(data: MeterMetricData): MetricData[] {
  const d = data.descriptor;
  const counts: NumberPoint[] = [];
  const rates: NumberPoint[] = [];
  for (const p of data.points) {
    counts.push(point(p, p.value.count));
    ratePoints(p, p.value, rates);
  }
  return attachAll([sum(descriptor(d, ''), counts, true), gauge(fractional(d, 'rate', rateUnit(d.unit)), rates)], data);
}

const GO = { outcome: 'go' } as const;
const NO_GO = { outcome: 'no_go' } as const;

function encodeGoNoGo(data: GoNoGoMetricData, sumIsMonotonic: boolean): MetricData[] {
  const d = data.descriptor;
  const counts: NumberPoint[] = [];
  const sums: NumberPoint[] = [];
  const means: NumberPoint[] = [];
  const mins: NumberPoint[] = [];
  const maxs: NumberPoint[] = [];
  const outliers: NumberPoint[] = [];
  for (const p of data.points) {
    for (const [stats, outcome] of [[p.value.go, GO], [p.value.noGo, NO_GO]] as const) {
      counts.push(point(p, stats.count, outcome));
      sums.push(point(p, stats.sum, outcome));
      // An empty period has no mean, min or max (never a placeholder 0).
      if (stats.mean !== undefined) means.push(point(p, stats.mean, outcome));
      if (stats.min !== undefined) mins.push(point(p, stats.min, outcome));
      if (stats.max !== undefined) maxs.push(point(p, stats.max, outcome));
    }
    outliers.push(point(p, p.value.outliers));
  }
  return attachAll(
    [
      sum(descriptor(d, 'count', ''), counts, true),
      sum(descriptor(d, 'sum'), sums, sumIsMonotonic),
      gauge(fractional(d, 'mean'), means),
      gauge(descriptor(d, 'min'), mins),
      gauge(descriptor(d, 'max'), maxs),
      sum(descriptor(d, 'outliers', ''), outliers, true),
    ],
    data,
  );
}

function encodeTagged(data: TaggedHistogramMetricData): MetricData[] {
  const points: NumberPoint[] = [];
  for (const p of data.points) {
    for (const t of p.value.tagSets) points.push(pointAt(p.startTime, p.endTime, t.tags, t.count));
    if (p.value.overflow > 0) points.push(pointAt(p.startTime, p.endTime, OVERFLOW_ATTRIBUTES, p.value.overflow));
  }
  return attachAll([sum(descriptor(data.descriptor, ''), points, true)], data);
}

function pointAt(startTime: HrTime, endTime: HrTime, attributes: Attributes, value: number): NumberPoint {
  return { startTime, endTime, attributes, value };
}

/** Metrics with no points are left out (as the SDK does for idle instruments). */
function attachAll(metrics: MetricData[], data: MeterworkMetricData): MetricData[] {
  return metrics.filter((m) => m.dataPoints.length > 0).map((m) => attachMeterworkData(m, data));
}
