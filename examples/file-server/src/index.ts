/**
 * go-metrics' file-server demo on OpenTelemetry + meterwork: a simulated file
 * server instrumented with the standard OTel API; meterwork views turn the
 * byte counter into an EWMA meter and the duration histogram into a timer; a
 * go/no-go records bytes per download (failed downloads are no-go). Results
 * go through OTel's `PeriodicExportingMetricReader` (`createMeterProvider`) and
 * are printed as readable lines (set DEMO_CONSOLE_EXPORTER=1 to also see
 * OTel's `ConsoleMetricExporter` dump).
 *
 * Env: DEMO_DURATION_MS (default 6000: the EWMA rates tick after 5 s), DEMO_EXPORT_INTERVAL_MS (default 2000).
 */
import { metrics } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  ConsoleMetricExporter,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { Meterwork, type MeterworkView } from '@meterwork/core';
import { FileServer } from './FileServer';
import { formatMetrics } from './formatMetrics';

export interface DemoOptions {
  /** @default 6000 (EWMA rates tick every 5 s: the last export shows them) */
  readonly durationMillis?: number;
  /** @default 2000 */
  readonly exportIntervalMillis?: number;
  /** Also print OTel's ConsoleMetricExporter output. @default false */
  readonly consoleExporter?: boolean;
  /** Where lines go. @default console.log */
  readonly write?: (line: string) => void;
}

/** Plain data: the same views could come from a YAML file. */
export const views: MeterworkView[] = [
  { instrumentName: 'fileserver.bytes_sent', aggregation: { type: 'meter' } },
  {
    instrumentName: 'fileserver.request.duration',
    aggregation: { type: 'timer', reservoir: { type: 'sliding_time_window', windowMillis: 60_000, quantiles: [0.5, 0.95, 0.99] } },
  },
];

/** Prints each export as one readable line per series. */
class ReadableExporter implements PushMetricExporter {
  private readonly started = Date.now();
  private exports = 0;
  private readonly console: ConsoleMetricExporter | undefined;

  constructor(
    private readonly write: (line: string) => void,
    consoleExporter: boolean,
  ) {
    this.console = consoleExporter ? new ConsoleMetricExporter() : undefined;
  }

  export(rm: ResourceMetrics, done: (result: ExportResult) => void): void {
    this.exports++;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.write(`--- export #${this.exports} at ${seconds} s ---`);
    for (const line of formatMetrics(rm)) this.write(line);
    if (this.console !== undefined) this.console.export(rm, done);
    else done({ code: ExportResultCode.SUCCESS });
  }

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function envMillis(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got "${raw}"`);
  return n;
}

/** Runs the demo for `durationMillis`, then shuts everything down (a last export included). */
export async function main(options: DemoOptions = {}): Promise<void> {
  const durationMillis = options.durationMillis ?? 6000;
  const exportIntervalMillis = options.exportIntervalMillis ?? 2000;
  const write = options.write ?? ((line: string) => console.log(line));

  const meterwork = new Meterwork({ views });
  const reader = new PeriodicExportingMetricReader({
    exporter: new ReadableExporter(write, options.consoleExporter ?? false),
    exportIntervalMillis,
    exportTimeoutMillis: Math.min(30_000, exportIntervalMillis),
  });
  // OTel's MeterProvider with meterwork's producer on the reader, wrapped so that views apply.
  const provider = meterwork.createMeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);

  // From here on, only the standard API, as any library would use it.
  const server = new FileServer(
    metrics.getMeter('file-server', '1.0.0'),
    meterwork.createGoNoGo('fileserver.transfer.size', {
      meterName: 'file-server',
      unit: 'By',
      description: 'Bytes sent per download; no-go when the download failed',
    }),
  );
  write(`meterwork file-server demo: running ${durationMillis} ms, exporting every ${exportIntervalMillis} ms`);
  server.start();
  await new Promise((resolve) => setTimeout(resolve, durationMillis));
  server.stop();
  await provider.shutdown(); // exports one last time
  await meterwork.shutdown();
  metrics.disable();
}

if (require.main === module) {
  main({
    durationMillis: envMillis('DEMO_DURATION_MS', 6000),
    exportIntervalMillis: envMillis('DEMO_EXPORT_INTERVAL_MS', 2000),
    consoleExporter: process.env.DEMO_CONSOLE_EXPORTER === '1',
  }).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
