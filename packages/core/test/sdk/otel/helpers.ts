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
import { Meterwork, getMeterworkData, type MeterworkProducerOptions, type MeterworkView } from '@meterwork/core';
import { manualClock } from '../../util';

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

export const ATTRS = { 'http.request.method': 'GET', 'http.route': '/files', 'server.port': 8080 };

export function build(views: MeterworkView[], extra: Partial<ConstructorParameters<typeof Meterwork>[0]> = {}, producer?: MeterworkProducerOptions) {
  const clock = manualClock(1_700_000_000_000); // wall-clock-like ms, shared by the aggregations of a test
  const mw = new Meterwork({ views, clock, ...extra });
  const setup = setupProvider(producer === undefined ? mw.producer : mw.createProducer(producer));
  const wrapped = mw.wrap(setup.provider);
  return { mw, clock, ...setup, meter: wrapped.getMeter('test-lib', '1.2.3'), wrapped };
}

export function richOf(metric: MetricData | undefined) {
  expect(metric).toBeDefined();
  const rich = getMeterworkData(metric!);
  expect(rich).toBeDefined();
  return rich!;
}
