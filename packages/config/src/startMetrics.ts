import type { ViewOptions } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import { InvalidOptionError, Meterwork, type MeterworkView } from '@meterwork/core';
import { buildMeterworkReaders } from './build/meterworkReaders';
import { applyPolicies } from './build/policies';
import { prefixReader } from './build/prefixReader';
import { startTransports, type Transports } from './build/torTransport';
import { PolicyMetricReader } from './policy/PolicyMetricReader';
import { buildStandardReaders, buildStandardViews } from './build/standardReaders';
import type { BuiltReader } from './build/types';
import { toMeterworkView } from './build/views';
import { buildReadersFromEnv } from './env/fromEnv';
import { ConfigFileError, type ConfigProblem } from './file/ConfigFileError';
import { loadMetricsConfig, METERWORK_BLOCK_PATH, type MetricsConfig } from './file/loadMetricsConfig';
import { MetricsHandle } from './MetricsHandle';
import { resourceFromConfig, resourceFromEnv } from './resource';

/** Options of {@link startMetrics}. */
export interface StartMetricsOptions {
  /** The configuration file. @default the `OTEL_CONFIG_FILE` environment variable; without either, the standard variables (`OTEL_METRICS_EXPORTER`, ...) */
  readonly file?: string | undefined;
  /** Environment variables read without a file (tests pass their own). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Register the provider as OTel's global MeterProvider. @default true */
  readonly setGlobal?: boolean | undefined;
}

/**
 * Sets up metrics from the OpenTelemetry declarative configuration file (or,
 * without one, from the standard environment variables): reads the file once
 * with the official `@opentelemetry/configuration` parser, validates
 * `distribution.meterwork`, builds the MeterProvider with the standard readers
 * of `meter_provider` and meterwork's readers (each with meterwork's producer),
 * the views of both, starts the pull endpoints, registers the provider as the
 * global one and returns a handle whose `shutdown()` flushes every exporter.
 *
 * Throws {@link ConfigFileError} for a configuration it cannot use (every
 * mistake listed, with the JSON pointer of its key), including an exporter
 * whose package is not installed.
 *
 * ```ts
 * const metrics = await startMetrics(); // OTEL_CONFIG_FILE=config/production.yaml
 * process.on('SIGTERM', () => void metrics.shutdown());
 * ```
 */
export async function startMetrics(options: StartMetricsOptions = {}): Promise<MetricsHandle> {
  const env = options.env ?? process.env;
  const file = options.file ?? (env.OTEL_CONFIG_FILE?.trim() || undefined);
  const problems: ConfigProblem[] = [];
  let config: MetricsConfig | undefined;
  let readers: BuiltReader[];
  let views: MeterworkView[] = [];
  let standardViews: ViewOptions[] = [];
  let resource: Resource;
  let transports: Transports = {};
  if (file !== undefined) {
    // With a file, OTEL_METRICS_EXPORTER and the other metric variables are ignored (the spec's rule).
    config = loadMetricsConfig(file);
    const meterProvider = config.model.meter_provider as { readers?: unknown[]; views?: unknown[] } | undefined;
    transports = await startTransports(config.meterwork.tor, config.meterwork.readers ?? [], METERWORK_BLOCK_PATH, problems);
    readers = [
      ...buildStandardReaders(meterProvider?.readers ?? [], problems),
      ...applyPolicies(
        buildMeterworkReaders(config.meterwork.readers ?? [], `${METERWORK_BLOCK_PATH}/readers`, problems, transports),
        config.meterwork.policies ?? [],
        config.meterwork.prefix,
        METERWORK_BLOCK_PATH,
        problems,
      ),
    ];
    const prefix = config.meterwork.prefix;
    // The prefix is process-wide: policy readers apply it themselves, every other reader (pull, meter_provider's) here.
    if (prefix !== undefined) for (const r of readers) if (!(r.reader instanceof PolicyMetricReader)) prefixReader(r.reader, prefix);
    views = (config.meterwork.views ?? []).map(toMeterworkView);
    standardViews = buildStandardViews(meterProvider?.views ?? []);
    resource = resourceFromConfig(config.model.resource);
  } else {
    readers = buildReadersFromEnv(env, problems);
    resource = resourceFromEnv();
  }
  let meterwork: Meterwork | undefined;
  try {
    meterwork = new Meterwork({ views });
  } catch (error) {
    if (!(error instanceof InvalidOptionError)) throw error;
    problems.push({ path: viewPointer(error.option), message: error.message.replace(/^Meterwork: option "[^"]*" /, '') });
  }
  if (problems.length > 0 || meterwork === undefined) {
    await Promise.allSettled(readers.map((r) => r.reader.shutdown()));
    await transports.tor?.stop();
    throw new ConfigFileError(file, problems);
  }
  const provider = meterwork.createMeterProvider({ resource, readers: readers.map((r) => r.reader), views: standardViews });
  const handle = new MetricsHandle(provider, meterwork, readers, config, transports.tor === undefined ? [] : [() => transports.tor!.stop()]);
  try {
    await handle.startPullEndpoints();
    if (options.setGlobal !== false) handle.registerGlobal();
  } catch (error) {
    await handle.shutdown();
    throw error;
  }
  return handle;
}

/** Core's `views[2].aggregation.windowMillis` as the file's pointer (down to the view: core's option names are not the file's). */
function viewPointer(option: string): string {
  const m = /^views\[(\d+)\]/.exec(option);
  return m === null ? `${METERWORK_BLOCK_PATH}/views` : `${METERWORK_BLOCK_PATH}/views/${m[1]}`;
}
