import { ConsoleMetricExporter, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type * as MeterworkPrometheus from '@meterwork/exporter-prometheus';
import type { ConfigProblem } from '../file/ConfigFileError';
import type { AuthOptions } from '@meterwork/core';
import {
  createInfluxExporter,
  createPushgatewayExporter,
  DEFAULT_EXPORT_INTERVAL_MILLIS,
  DEFAULT_EXPORT_TIMEOUT_MILLIS,
  problemOf,
} from '../build/meterworkReaders';
import { createOtlpExporter } from '../build/otlp';
import { PEER_PACKAGES, requirePeer } from '../build/peers';
import type { BuiltReader } from '../build/types';
import type { PushExporterConfig } from '../model/types';

type Env = Readonly<Record<string, string | undefined>>;

/** Names `OTEL_METRICS_EXPORTER` accepts: the spec's and meterwork's. */
export const ENV_EXPORTERS = ['otlp', 'prometheus', 'console', 'none', 'influxdb', 'pushgateway'] as const;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function integer(env: Env, name: string, fallback: number, problems: ConfigProblem[], min = 1): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    problems.push({ path: name, message: `must be an integer >= ${min}, found ${JSON.stringify(raw)}` });
    return fallback;
  }
  return n;
}

function authFromEnv(env: Env, prefix: string): AuthOptions | undefined {
  const token = value(env, `${prefix}_TOKEN`);
  const username = value(env, `${prefix}_USERNAME`);
  if (token !== undefined) return { bearer: token };
  if (username !== undefined) return { basic: { username, password: env[`${prefix}_PASSWORD`] ?? '' } };
  return undefined;
}

function required(env: Env, name: string, why: string, problems: ConfigProblem[]): string | undefined {
  const v = value(env, name);
  if (v === undefined) problems.push({ path: name, message: `is required ${why}, found nothing` });
  return v;
}

/**
 * Readers from the standard variables, without a file: `OTEL_METRICS_EXPORTER`
 * (`otlp`, `prometheus`, `console`, `none`, and meterwork's `influxdb`,
 * `pushgateway`; default `otlp`), `OTEL_METRIC_EXPORT_INTERVAL` /
 * `OTEL_METRIC_EXPORT_TIMEOUT`, `OTEL_EXPORTER_PROMETHEUS_HOST` / `_PORT`,
 * `OTEL_EXPORTER_OTLP_METRICS_PROTOCOL` (read by the OTLP packages too) and the
 * `METERWORK_*` variables of meterwork's exporters (see the README).
 */
export function buildReadersFromEnv(env: Env, problems: ConfigProblem[]): BuiltReader[] {
  const names = (value(env, 'OTEL_METRICS_EXPORTER') ?? 'otlp')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const unknown = names.filter((n) => !(ENV_EXPORTERS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    problems.push({
      path: 'OTEL_METRICS_EXPORTER',
      message: `must list names among ${ENV_EXPORTERS.join(', ')}, found ${unknown.map((n) => JSON.stringify(n)).join(', ')}`,
    });
    return [];
  }
  if (names.includes('none')) return [];
  const interval = integer(env, 'OTEL_METRIC_EXPORT_INTERVAL', DEFAULT_EXPORT_INTERVAL_MILLIS, problems);
  const timeout = Math.min(integer(env, 'OTEL_METRIC_EXPORT_TIMEOUT', DEFAULT_EXPORT_TIMEOUT_MILLIS, problems), interval);
  const built: BuiltReader[] = [];
  const periodic = (name: string, make: () => { exporter: PushMetricExporter; beforeShutdown?: () => Promise<void> }): void => {
    try {
      const { exporter, beforeShutdown } = make();
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: interval, exportTimeoutMillis: timeout });
      built.push({ reader, path: 'OTEL_METRICS_EXPORTER', exporterName: name, exporter, beforeShutdown });
    } catch (error) {
      problems.push(problemOf('OTEL_METRICS_EXPORTER', error));
    }
  };
  for (const name of new Set(names)) {
    switch (name) {
      case 'otlp': {
        const protocol = value(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL') ?? value(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
        if (protocol !== 'grpc' && protocol !== 'http/protobuf' && protocol !== 'http/json') {
          problems.push({
            path: 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
            message: `must be one of "grpc", "http/protobuf", "http/json", found ${JSON.stringify(protocol)}`,
          });
          break;
        }
        periodic(name, () => ({
          exporter: createOtlpExporter(protocol === 'grpc' ? 'otlp_grpc' : 'otlp_http', protocol === 'http/json' ? { encoding: 'json' } : {}),
        }));
        break;
      }
      case 'console':
        periodic(name, () => ({ exporter: new ConsoleMetricExporter() }));
        break;
      case 'prometheus': {
        const port = integer(env, 'OTEL_EXPORTER_PROMETHEUS_PORT', 9464, problems, 0);
        const host = value(env, 'OTEL_EXPORTER_PROMETHEUS_HOST') ?? 'localhost';
        try {
          const { PrometheusPullReader } = requirePeer<typeof MeterworkPrometheus>(PEER_PACKAGES.meterworkPrometheus);
          const reader = new PrometheusPullReader({ host, port });
          built.push({ reader, path: 'OTEL_METRICS_EXPORTER', exporterName: name, start: async () => (await reader.startServer()).url });
        } catch (error) {
          problems.push(problemOf('OTEL_METRICS_EXPORTER', error));
        }
        break;
      }
      case 'pushgateway': {
        const url = required(env, 'METERWORK_PUSHGATEWAY_URL', 'by OTEL_METRICS_EXPORTER=pushgateway', problems);
        if (url === undefined) break;
        const auth = authFromEnv(env, 'METERWORK_PUSHGATEWAY');
        const job = value(env, 'METERWORK_PUSHGATEWAY_JOB') ?? value(env, 'OTEL_SERVICE_NAME') ?? 'unknown_service';
        const config: PushExporterConfig = { pushgateway: { url, job, ...(auth === undefined ? {} : { auth }) } };
        periodic(name, () => {
          const exporter = createPushgatewayExporter(config.pushgateway);
          return { exporter, beforeShutdown: () => exporter.forceFlush() };
        });
        break;
      }
      case 'influxdb': {
        const url = required(env, 'METERWORK_INFLUXDB_URL', 'by OTEL_METRICS_EXPORTER=influxdb', problems);
        const database = value(env, 'METERWORK_INFLUXDB_DATABASE');
        const bucket = value(env, 'METERWORK_INFLUXDB_BUCKET');
        if (url === undefined) break;
        if ((database === undefined) === (bucket === undefined)) {
          problems.push({
            path: 'METERWORK_INFLUXDB_DATABASE',
            message: `exactly one of METERWORK_INFLUXDB_DATABASE (InfluxDB 1.x) and METERWORK_INFLUXDB_BUCKET (2.x/3.x) must be set, found ${database === undefined ? 'neither' : 'both'}`,
          });
          break;
        }
        const org = value(env, 'METERWORK_INFLUXDB_ORG');
        const auth = authFromEnv(env, 'METERWORK_INFLUXDB');
        periodic(name, () => ({
          exporter: createInfluxExporter({
            url,
            ...(database !== undefined ? { v1: { database } } : { v2: { bucket: bucket!, ...(org === undefined ? {} : { org }) } }),
            ...(auth === undefined ? {} : { auth }),
          }),
        }));
        break;
      }
    }
  }
  return built;
}
