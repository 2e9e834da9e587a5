import type { CollectionResult, MetricData, MetricReader, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { getMeterworkData, type MeterworkMetricData } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';

/**
 * `prefix` is process-wide: the periodic readers of `distribution.meterwork`
 * get it from the policy engine, every other reader from here: pull readers
 * (meterwork's Prometheus endpoint, the official `prometheus/development`
 * exporter) and the periodic readers of `meter_provider` (OTLP, console).
 * Each sends or serves what its own `collect()` returns, so the reader's `collect` is wrapped to return every
 * metric renamed `<prefix>.<name>` (`ui` turns `cpu.srv` into `ui.cpu.srv`,
 * served as `ui_cpu_srv`). A meterwork metric's rich form is renamed once per
 * collection and attached to each renamed standard metric, so serializers
 * that read it (quantiles, meter rates) see the prefixed name too.
 * Allocates per scrape, never on a record path.
 */
export function prefixReader(reader: MetricReader, prefix: string): void {
  const collect = reader.collect.bind(reader);
  reader.collect = async (options?: Parameters<MetricReader['collect']>[0]): Promise<CollectionResult> => {
    const result = await collect(options);
    return { ...result, resourceMetrics: withPrefix(result.resourceMetrics, prefix) };
  };
}

/** `collection` with every metric name prefixed by `prefix` and a dot. */
export function withPrefix(collection: ResourceMetrics, prefix: string): ResourceMetrics {
  const renamedRich = new Map<MeterworkMetricData, MeterworkMetricData>();
  const rename = (name: string): string => `${prefix}.${name}`;
  return {
    resource: collection.resource,
    scopeMetrics: collection.scopeMetrics.map((scope) => ({
      scope: scope.scope,
      metrics: scope.metrics.map((metric) => {
        const renamed = { ...metric, descriptor: { ...metric.descriptor, name: rename(metric.descriptor.name) } } as MetricData;
        const rich = getMeterworkData(metric);
        if (rich === undefined) return renamed;
        let richRenamed = renamedRich.get(rich);
        if (richRenamed === undefined) {
          richRenamed = { ...rich, descriptor: { ...rich.descriptor, name: rename(rich.descriptor.name) } } as MeterworkMetricData;
          renamedRich.set(rich, richRenamed);
        }
        return attachMeterworkData(renamed, richRenamed);
      }),
    })),
  };
}
