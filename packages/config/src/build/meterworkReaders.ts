import { AggregationTemporality, ConsoleMetricExporter, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type * as MeterworkPrometheus from '@meterwork/exporter-prometheus';
import type * as MeterworkInflux from '@meterwork/exporter-influx';
import type { ConfigProblem } from '../file/ConfigFileError';
import type { InfluxConfig, PushExporterConfig, PushgatewayConfig, ReaderConfig, RetryConfig } from '../model/types';
import { createOtlpExporter } from './otlp';
import { MissingPeerError, PEER_PACKAGES, requirePeer } from './peers';
import type { Transports } from './torTransport';
import type { BuiltReader } from './types';
import { snakeCase } from './views';

/** The default export interval of a periodic reader (OTel's). */
export const DEFAULT_EXPORT_INTERVAL_MILLIS = 60_000;
/** The default export timeout of a periodic reader (OTel's), shortened to the interval when that is shorter. */
export const DEFAULT_EXPORT_TIMEOUT_MILLIS = 30_000;

function retryOf(retry: RetryConfig | undefined): unknown {
  if (retry === undefined) return undefined;
  return { ...retry, ...(retry.maxRetries === 'Infinity' ? { maxRetries: Infinity } : {}) };
}

/** Pushgateway exporter with the file's options (1:1, `retry.max_retries: "Infinity"` is `Infinity`). */
export function createPushgatewayExporter(config: PushgatewayConfig, transports: Transports = {}): MeterworkPrometheus.PushgatewayExporter {
  const { PushgatewayExporter } = requirePeer<typeof MeterworkPrometheus>(PEER_PACKAGES.meterworkPrometheus);
  const { transport, ...options } = config;
  // Through tor: the SOCKS agent, and with `anonymous` the signature and the session's grouping key.
  const hooks = transport === 'tor' ? transports.tor?.pushgatewayExporterOptions() : undefined;
  const groupingKey = hooks?.groupingKey === undefined ? {} : { groupingKey: { ...options.groupingKey, ...hooks.groupingKey } };
  return new PushgatewayExporter({ ...options, retry: retryOf(config.retry), ...hooks, ...groupingKey } as MeterworkPrometheus.PushgatewayExporterOptions);
}

/** InfluxDB exporter with the file's options (1:1; `temporality` by name). */
export function createInfluxExporter(config: InfluxConfig, transports: Transports = {}): MeterworkInflux.InfluxMetricExporter {
  const { InfluxMetricExporter } = requirePeer<typeof MeterworkInflux>(PEER_PACKAGES.meterworkInflux);
  const temporality =
    config.temporality === undefined ? undefined : config.temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  const { transport, ...options } = config;
  // Through tor: the SOCKS agent, and with `anonymous` the signature, the kept resource attributes, no self-metrics.
  const hooks = transport === 'tor' ? transports.tor?.influxExporterOptions() : undefined;
  return new InfluxMetricExporter({ ...options, retry: retryOf(config.retry), temporality, ...hooks } as MeterworkInflux.InfluxMetricExporterOptions);
}

function createPushExporter(name: string, config: unknown, transports: Transports): { exporter: PushMetricExporter; beforeShutdown?: () => Promise<void> } {
  // With `anonymous`, the tor transport's profile strips identifying data before the exporter sees it.
  const wrap = (e: PushMetricExporter): PushMetricExporter =>
    (config as { transport?: string }).transport === 'tor' && transports.tor !== undefined ? transports.tor.wrapExporter(e) : e;
  switch (name) {
    case 'pushgateway': {
      const exporter = createPushgatewayExporter(config as PushgatewayConfig, transports);
      return { exporter: wrap(exporter), beforeShutdown: () => exporter.forceFlush() };
    }
    case 'influxdb':
      return { exporter: wrap(createInfluxExporter(config as InfluxConfig, transports)) };
    case 'otlp_http':
    case 'otlp_grpc':
      return { exporter: createOtlpExporter(name, config as never) };
    case 'console':
      return { exporter: new ConsoleMetricExporter() };
    default:
      throw new Error(`unknown exporter ${name}`); // the schema allows no other name
  }
}

/** A construction failure as a problem at `path`: a missing package names it, an invalid option quotes the package's message. */
export function problemOf(path: string, error: unknown): ConfigProblem {
  if (error instanceof MissingPeerError) return { path, message: error.message };
  return { path, message: `is rejected by the exporter: ${(error as Error)?.message ?? String(error)}` };
}

/**
 * The readers of `distribution.meterwork.readers`, built in order. Problems
 * (a package not installed, an option the package rejects) are added to
 * `problems`; the readers built so far are returned so the caller can shut them down.
 */
export function buildMeterworkReaders(
  readers: readonly ReaderConfig[],
  basePath: string,
  problems: ConfigProblem[],
  transports: Transports = {},
): BuiltReader[] {
  const built: BuiltReader[] = [];
  readers.forEach((r, i) => {
    const path = `${basePath}/${i}`;
    if ('periodic' in r) {
      const [[key, config]] = Object.entries(r.periodic.exporter as PushExporterConfig);
      const name = snakeCase(key);
      const exporterPath = `${path}/periodic/exporter/${name}`;
      const interval = r.periodic.interval ?? DEFAULT_EXPORT_INTERVAL_MILLIS;
      const timeout = r.periodic.timeout ?? Math.min(DEFAULT_EXPORT_TIMEOUT_MILLIS, interval);
      if (timeout > interval) {
        problems.push({ path: `${path}/periodic/timeout`, message: `must be <= interval (${interval}), found ${timeout}` });
        return;
      }
      let made: ReturnType<typeof createPushExporter>;
      try {
        made = createPushExporter(name, config, transports);
      } catch (error) {
        problems.push(problemOf(exporterPath, error));
        return;
      }
      const reader = new PeriodicExportingMetricReader({ exporter: made.exporter, exportIntervalMillis: interval, exportTimeoutMillis: timeout });
      built.push({ reader, path, exporterName: name, exporter: made.exporter, interval, timeout, beforeShutdown: made.beforeShutdown });
    } else {
      const exporterPath = `${path}/pull/exporter/prometheus`;
      try {
        const { PrometheusPullReader } = requirePeer<typeof MeterworkPrometheus>(PEER_PACKAGES.meterworkPrometheus);
        const reader = new PrometheusPullReader(r.pull.exporter.prometheus as MeterworkPrometheus.PrometheusPullReaderOptions);
        built.push({ reader, path, exporterName: 'prometheus', start: async () => (await reader.startServer()).url });
      } catch (error) {
        problems.push(problemOf(exporterPath, error));
      }
    }
  });
  return built;
}
