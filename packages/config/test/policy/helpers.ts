import { diag, DiagLogLevel, type Attributes, type DiagLogger } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type InstrumentType, type MetricData, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { Meterwork, getMeterworkData, type MeterworkMetricData } from '@meterwork/core';
import { PolicyMetricReader, type PolicyMetricReaderOptions } from '@meterwork/config';

/** Records every report it is given; the result and the temporality it asks for are settable. */
export class RecordingExporter implements PushMetricExporter {
  readonly reports: ResourceMetrics[] = [];
  result: ExportResult = { code: 0 };
  /** When set, `export` never calls back (a hung exporter). */
  hang = false;
  flushes = 0;
  shutdowns = 0;

  constructor(private readonly temporality?: AggregationTemporality) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.reports.push(metrics);
    if (!this.hang) resultCallback(this.result);
  }

  async forceFlush(): Promise<void> {
    this.flushes++;
  }

  async shutdown(): Promise<void> {
    this.shutdowns++;
  }

  selectAggregationTemporality(_type: InstrumentType): AggregationTemporality {
    return this.temporality ?? AggregationTemporality.CUMULATIVE;
  }

  /** The metric names of each report, sorted, oldest first; then forgets them. */
  take(): string[][] {
    const names = this.reports.map(metricNames);
    this.reports.length = 0;
    return names;
  }
}

export function allMetrics(rm: ResourceMetrics): MetricData[] {
  return rm.scopeMetrics.flatMap((s) => s.metrics);
}

export function metricNames(rm: ResourceMetrics): string[] {
  return allMetrics(rm)
    .map((m) => m.descriptor.name)
    .sort();
}

export function metricIn(rm: ResourceMetrics, name: string): MetricData {
  const m = allMetrics(rm).find((x) => x.descriptor.name === name);
  if (m === undefined) throw new Error(`no metric ${name} in [${metricNames(rm).join(', ')}]`);
  return m;
}

/** The value of the point of `name` whose attributes are `attributes` (exactly). */
export function valueIn(rm: ResourceMetrics, name: string, attributes: Attributes = {}): unknown {
  const key = JSON.stringify(Object.entries(attributes).sort());
  const p = (metricIn(rm, name).dataPoints as Array<{ attributes: Attributes; value: unknown }>).find(
    (x) => JSON.stringify(Object.entries(x.attributes).sort()) === key,
  );
  return p?.value;
}

export function richIn(rm: ResourceMetrics, name: string): MeterworkMetricData {
  const rich = getMeterworkData(metricIn(rm, name));
  if (rich === undefined) throw new Error(`${name} has no meterwork data`);
  return rich;
}

/** A Meterwork (timed by the faked `Date.now`) and a provider with one policy reader. */
export function setup(options: PolicyMetricReaderOptions) {
  const mw = new Meterwork({
    clock: () => Date.now(),
    views: [
      { instrumentName: 'jobs', aggregation: { type: 'go_no_go', periodMillis: 60_000 } },
      { instrumentName: 'hits', aggregation: { type: 'meter' } },
      { instrumentName: 'req', aggregation: { type: 'tagged_histogram' } },
    ],
  });
  const reader = new PolicyMetricReader(options);
  const provider = mw.createMeterProvider({ readers: [reader] });
  const meter = provider.getMeter('app');
  return { mw, reader, provider, meter };
}

/** Moves the faked clock and timers by `millis` and lets the reports it started finish. */
export async function tick(millis: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(millis);
  // The reports are promise chains (collect, select, export): let them settle.
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Fake timers that leave setImmediate real (used to let promise chains settle). */
export function useFakeTimers(): void {
  jest.useFakeTimers({ now: 1_700_000_000_000, doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
}

export interface CapturedDiag {
  readonly messages: Array<{ level: 'error' | 'warn' | 'info' | 'debug' | 'verbose'; message: string }>;
  of(level: string): string[];
  restore(): void;
}

/** Captures `diag` messages (warn and above by default). */
export function captureDiag(level = DiagLogLevel.WARN): CapturedDiag {
  const messages: CapturedDiag['messages'] = [];
  const log =
    (l: CapturedDiag['messages'][number]['level']) =>
    (message: string, ...args: unknown[]): void => {
      messages.push({ level: l, message: [message, ...args.map(String)].join(' ') });
    };
  const logger: DiagLogger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('verbose') };
  diag.setLogger(logger, { logLevel: level, suppressOverrideMessage: true });
  return {
    messages,
    of: (l) => messages.filter((m) => m.level === l).map((m) => m.message),
    restore: () => diag.disable(),
  };
}
