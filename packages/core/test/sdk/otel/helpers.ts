import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  MetricReader,
  PeriodicExportingMetricReader,
  type MetricData,
  type MetricProducer,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** The plainest real reader: collects on demand. */
export class PullReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export interface Setup {
  provider: MeterProvider;
  reader: PullReader;
  collect(): Promise<ResourceMetrics>;
}

export function setupProvider(producer: MetricProducer): Setup {
  const reader = new PullReader({ metricProducers: [producer] });
  const provider = new MeterProvider({ readers: [reader] });
  return {
    provider,
    reader,
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw errors[0];
      return resourceMetrics;
    },
  };
}

/** A periodic reader with an in-memory exporter (what users run), flushed on demand. */
export function setupPeriodic(producer: MetricProducer): {
  provider: MeterProvider;
  exporter: InMemoryMetricExporter;
  flush(): Promise<ResourceMetrics>;
} {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000, metricProducers: [producer] });
  const provider = new MeterProvider({ readers: [reader] });
  return {
    provider,
    exporter,
    async flush() {
      await reader.forceFlush();
      const all = exporter.getMetrics();
      return all[all.length - 1]!;
    },
  };
}

export function allMetrics(rm: ResourceMetrics): MetricData[] {
  return rm.scopeMetrics.flatMap((s) => s.metrics);
}

export function metricNamed(rm: ResourceMetrics, name: string): MetricData | undefined {
  return allMetrics(rm).find((m) => m.descriptor.name === name);
}

/** Value of the point of `name` whose attributes include `attrs`. */
export function pointValue(rm: ResourceMetrics, name: string, attrs: Record<string, unknown> = {}): number | undefined {
  const m = metricNamed(rm, name);
  if (m === undefined) return undefined;
  const p = (m.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>).find((dp) =>
    Object.entries(attrs).every(([k, v]) => dp.attributes[k] === v),
  );
  return p === undefined ? undefined : (p.value as number);
}

/** Captures diag messages; call `restore()` in afterEach. */
export function captureDiag(): { messages: string[]; restore(): void } {
  const messages: string[] = [];
  const push = (...args: unknown[]) => messages.push(args.map(String).join(' '));
  const logger: DiagLogger = { error: push, warn: push, info: push, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { messages, restore: () => diag.disable() };
}
