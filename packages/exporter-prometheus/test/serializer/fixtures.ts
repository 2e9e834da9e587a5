import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import type { MeterworkView } from '@meterwork/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** Hand-built OTel data for serializer tests (no SDK pipeline, exact values). */

export const START: HrTime = [1700000000, 500_000_000];
export const END: HrTime = [1700000060, 0];

export function resourceMetrics(
  scopes: Array<{ name: string; version?: string; metrics: MetricData[] }>,
  resource: Attributes = { 'service.name': 'test' },
): ResourceMetrics {
  return {
    resource: resourceFromAttributes(resource),
    scopeMetrics: scopes.map((s) => ({ scope: { name: s.name, version: s.version }, metrics: s.metrics })),
  };
}

function descriptor(name: string, unit: string, description: string) {
  return { name, unit, description, valueType: ValueType.DOUBLE };
}

export function sum(
  name: string,
  points: Array<[Attributes, number]>,
  opts: { unit?: string; description?: string; monotonic?: boolean; temporality?: AggregationTemporality } = {},
): MetricData {
  return {
    descriptor: descriptor(name, opts.unit ?? '', opts.description ?? ''),
    dataPointType: DataPointType.SUM,
    aggregationTemporality: opts.temporality ?? AggregationTemporality.CUMULATIVE,
    isMonotonic: opts.monotonic ?? true,
    dataPoints: points.map(([attributes, value]) => ({ attributes, value, startTime: START, endTime: END })),
  };
}

export function gauge(name: string, points: Array<[Attributes, number]>, opts: { unit?: string; description?: string } = {}): MetricData {
  return {
    descriptor: descriptor(name, opts.unit ?? '', opts.description ?? ''),
    dataPointType: DataPointType.GAUGE,
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPoints: points.map(([attributes, value]) => ({ attributes, value, startTime: START, endTime: END })),
  };
}

export function histogram(
  name: string,
  points: Array<[Attributes, Histogram]>,
  opts: { unit?: string; description?: string; temporality?: AggregationTemporality } = {},
): MetricData {
  return {
    descriptor: descriptor(name, opts.unit ?? '', opts.description ?? ''),
    dataPointType: DataPointType.HISTOGRAM,
    aggregationTemporality: opts.temporality ?? AggregationTemporality.CUMULATIVE,
    dataPoints: points.map(([attributes, value]) => ({ attributes, value, startTime: START, endTime: END })),
  };
}

export function exponentialHistogram(name: string, points: Array<[Attributes, ExponentialHistogram]>, opts: { unit?: string } = {}): MetricData {
  return {
    descriptor: descriptor(name, opts.unit ?? '', ''),
    dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPoints: points.map(([attributes, value]) => ({ attributes, value, startTime: START, endTime: END })),
  };
}

/** Sample lines (no comments) as `name{labels} value`. */
export function samples(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
}

export function comments(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('#'));
}

/** Views giving one instrument of each meterwork kind (the instrument names the rich-data tests record into). */
export const RICH_VIEWS: MeterworkView[] = [
  { instrumentName: 'job.duration', aggregation: { type: 'sliding_window', size: 100 } },
  { instrumentName: 'db.query', aggregation: { type: 'timer' } },
  { instrumentName: 'bytes.sent', aggregation: { type: 'meter' } },
  { instrumentName: 'checkout', aggregation: { type: 'go_no_go' } },
  { instrumentName: 'conn.failures', aggregation: { type: 'tagged_histogram', maxTagSets: 1 } },
];
