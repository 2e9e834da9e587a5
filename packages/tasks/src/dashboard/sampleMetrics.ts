/**
 * The values one sample plots from an OTel `MetricProducer`: meterwork's
 * typed data where the producer attached it (meter rates, reservoir and
 * timer quantiles, go/no-go counts), the value of plain sums and gauges.
 * Cumulative counts are turned into rates by the sampler.
 */
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, type MetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { splitMeterworkMetrics, type MeterworkMetricData } from '@meterwork/core';

/** A sampled value; `rate: true` when it is a cumulative count the sampler turns into a per-second rate. */
export interface SampledValue {
  readonly chart: string;
  readonly label: string;
  readonly unit: string;
  readonly value: number;
  readonly rate?: boolean;
}

export function attributesLabel(attributes: Attributes): string {
  const keys = Object.keys(attributes).sort();
  return keys.length === 0 ? '' : '{' + keys.map((k) => `${k}=${String(attributes[k])}`).join(',') + '}';
}

function quantileLabel(q: number): string {
  return 'p' + String(Math.round(q * 1000) / 10);
}

function meterworkValues(metric: MeterworkMetricData, out: SampledValue[]): void {
  const chart = metric.descriptor.name;
  const unit = metric.descriptor.unit;
  switch (metric.kind) {
    case 'meter':
      for (const p of metric.points) {
        out.push({ chart, label: `m1_rate${attributesLabel(p.attributes)}`, unit: '/s', value: p.value.m1Rate });
        out.push({ chart, label: `mean_rate${attributesLabel(p.attributes)}`, unit: '/s', value: p.value.meanRate });
      }
      break;
    case 'summary':
    case 'timer':
      for (const p of metric.points) {
        for (const q of p.value.quantiles) out.push({ chart, label: `${quantileLabel(q.quantile)}${attributesLabel(p.attributes)}`, unit, value: q.value });
      }
      break;
    case 'go_no_go':
      for (const p of metric.points) {
        out.push({ chart, label: `go${attributesLabel(p.attributes)}`, unit: '/s', value: p.value.go.count, rate: true });
        out.push({ chart, label: `no_go${attributesLabel(p.attributes)}`, unit: '/s', value: p.value.noGo.count, rate: true });
      }
      break;
    case 'tagged_histogram':
      for (const p of metric.points) out.push({ chart, label: `total${attributesLabel(p.attributes)}`, unit: '/s', value: p.value.total, rate: true });
      break;
  }
}

function plainValues(metric: MetricData, out: SampledValue[]): void {
  const chart = metric.descriptor.name;
  const unit = metric.descriptor.unit;
  if (metric.dataPointType === DataPointType.SUM) {
    for (const p of metric.dataPoints) {
      const label = `${metric.isMonotonic ? 'rate' : 'value'}${attributesLabel(p.attributes)}`;
      out.push({ chart, label, unit: metric.isMonotonic ? '/s' : unit, value: p.value, rate: metric.isMonotonic });
    }
  } else if (metric.dataPointType === DataPointType.GAUGE) {
    for (const p of metric.dataPoints) out.push({ chart, label: `value${attributesLabel(p.attributes)}`, unit, value: p.value });
  }
}

/** Collects `producer` once; errors are the caller's (it shows them, never throws into user code). */
export async function sampleProducer(producer: MetricProducer, selected: (name: string) => boolean): Promise<SampledValue[]> {
  const { resourceMetrics } = await producer.collect();
  const out: SampledValue[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    const { meterwork, plain } = splitMeterworkMetrics(scope.metrics);
    for (const m of meterwork) if (selected(m.descriptor.name)) meterworkValues(m, out);
    for (const m of plain) if (selected(m.descriptor.name)) plainValues(m, out);
  }
  return out;
}
