import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { MeterworkMetricData, SummaryValue } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';

export const T0: HrTime = [1700000000, 123456789];
export const T0_NS = '1700000000123456789';

/** Edge values every encoder path must survive. */
export const EDGE_VALUES = [1, -1, 0, 0.5, 1e21, Infinity, -Infinity, NaN];

export function descriptor(name: string, unit = '') {
  return { name, description: '', unit, valueType: ValueType.DOUBLE };
}

export function gauge(name: string, points: Array<[Attributes, number]>, time: HrTime = T0): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: points.map(([attributes, value]) => ({ attributes, startTime: time, endTime: time, value })),
  };
}

export function counter(name: string, points: Array<[Attributes, number]>, isMonotonic = true, time: HrTime = T0): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic,
    dataPoints: points.map(([attributes, value]) => ({ attributes, startTime: time, endTime: time, value })),
  };
}

export function histogram(name: string, attributes: Attributes, boundaries: number[], counts: number[], sum: number, min?: number, max?: number): MetricData {
  const count = counts.reduce((a, b) => a + b, 0);
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: [{ attributes, startTime: T0, endTime: T0, value: { buckets: { boundaries, counts }, sum, count, min, max } }],
  };
}

export function summaryValue(overrides: Partial<SummaryValue> = {}): SummaryValue {
  return {
    count: 10,
    sum: 55,
    min: 1,
    max: 10,
    mean: 5.5,
    stdDev: 3.02765,
    quantiles: [
      { quantile: 0.5, value: 5.5 },
      { quantile: 0.99, value: 10 },
    ],
    dropped: 0,
    ...overrides,
  };
}

/** A standard gauge carrying rich data, the way core's producer attaches it. */
export function rich(data: MeterworkMetricData): MetricData {
  return attachMeterworkData(gauge(data.descriptor.name, [[{}, 0]]), data);
}

export function richData<K extends MeterworkMetricData['kind']>(
  kind: K,
  name: string,
  points: Array<{ attributes: Attributes; value: Extract<MeterworkMetricData, { kind: K }>['points'][number]['value'] }>,
): MeterworkMetricData {
  return {
    kind,
    descriptor: descriptor(name, 's'),
    points: points.map((p) => ({ attributes: p.attributes, startTime: T0, endTime: T0, value: p.value })),
  } as MeterworkMetricData;
}

export function resourceMetrics(
  metrics: MetricData[],
  resourceAttributes: Attributes = { 'service.name': 'svc' },
  scope = { name: 'test-scope', version: '1.0.0' },
): ResourceMetrics {
  return {
    resource: resourceFromAttributes(resourceAttributes),
    scopeMetrics: [{ scope, metrics }],
  };
}
