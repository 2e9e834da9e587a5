import type { MetricData } from '@opentelemetry/sdk-metrics';
import { MeterworkDataKey, type MeterworkMetricData } from './types';

/** Returns the rich form a standard metric was produced from, if any. */
export function getMeterworkData(metric: MetricData): MeterworkMetricData | undefined {
  return (metric as unknown as { [MeterworkDataKey]?: MeterworkMetricData })[MeterworkDataKey];
}

/** Attaches the rich form to a standard metric (non-enumerable: JSON and
 * console exporters do not see it). */
export function attachMeterworkData<M extends MetricData>(metric: M, data: MeterworkMetricData): M {
  Object.defineProperty(metric, MeterworkDataKey, { value: data, enumerable: false });
  return metric;
}

/**
 * Splits one scope's metrics into meterwork rich metrics (each once, in order
 * of first appearance) and plain OTel metrics. Several standard metrics that
 * share one rich form (e.g. `x` quantile gauges and `x.count`) yield it once.
 */
export function splitMeterworkMetrics(metrics: readonly MetricData[]): {
  meterwork: MeterworkMetricData[];
  plain: MetricData[];
} {
  const meterwork: MeterworkMetricData[] = [];
  const plain: MetricData[] = [];
  let seen: Set<MeterworkMetricData> | undefined;
  for (const metric of metrics) {
    const data = getMeterworkData(metric);
    if (data === undefined) {
      plain.push(metric);
      continue;
    }
    seen ??= new Set();
    if (!seen.has(data)) {
      seen.add(data);
      meterwork.push(data);
    }
  }
  return { meterwork, plain };
}
