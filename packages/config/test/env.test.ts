import { startMetrics, ConfigFileError, type MetricsHandle } from '@meterwork/config';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { HEADER, writeConfig } from './helpers';

/** The exporter names of a handle's readers, read through its private list (what was built). */
function built(handle: MetricsHandle): string[] {
  return (handle as unknown as { readers: Array<{ exporterName: string }> }).readers.map((r) => r.exporterName);
}

describe('without a file: the standard variables plus meterwork exporters', () => {
  let handle: MetricsHandle | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
  });

  it('OTEL_METRICS_EXPORTER=prometheus,console,pushgateway,influxdb builds each, with the interval and Prometheus host/port', async () => {
    handle = await startMetrics({
      setGlobal: false,
      env: {
        OTEL_METRICS_EXPORTER: 'prometheus, console,pushgateway,influxdb',
        OTEL_METRIC_EXPORT_INTERVAL: '5000',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: '0',
        METERWORK_PUSHGATEWAY_URL: 'http://127.0.0.1:9',
        METERWORK_PUSHGATEWAY_JOB: 'env-test',
        METERWORK_INFLUXDB_URL: 'http://127.0.0.1:9',
        METERWORK_INFLUXDB_BUCKET: 'b',
        METERWORK_INFLUXDB_TOKEN: 't',
      },
    });
    expect(built(handle)).toEqual(['prometheus', 'console', 'pushgateway', 'influxdb']);
    expect(handle.pullEndpoints[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const periodic = (handle as unknown as { readers: Array<{ reader: unknown }> }).readers[1]!.reader;
    expect(periodic).toBeInstanceOf(PeriodicExportingMetricReader);
    expect((periodic as { _exportInterval?: number })._exportInterval).toBe(5000);
  });

  it('otlp is the default; none builds no reader', async () => {
    handle = await startMetrics({ setGlobal: false, env: {} });
    expect(built(handle)).toEqual(['otlp']);
    await handle.shutdown();
    handle = await startMetrics({ setGlobal: false, env: { OTEL_METRICS_EXPORTER: 'none' } });
    expect(built(handle)).toEqual([]);
  });

  it('with a file, OTEL_METRICS_EXPORTER is ignored', async () => {
    const file = writeConfig(HEADER + 'distribution:\n  meterwork:\n    readers:\n      - periodic: { exporter: { console: {} } }\n');
    handle = await startMetrics({ setGlobal: false, env: { OTEL_CONFIG_FILE: file, OTEL_METRICS_EXPORTER: 'prometheus,influxdb' } });
    expect(built(handle)).toEqual(['console']);
  });

  it.each([
    [
      { OTEL_METRICS_EXPORTER: 'otlp,statsd' },
      'OTEL_METRICS_EXPORTER',
      /must list names among otlp, prometheus, console, none, influxdb, pushgateway, found "statsd"/,
    ],
    [{ OTEL_METRICS_EXPORTER: 'console', OTEL_METRIC_EXPORT_INTERVAL: '1m' }, 'OTEL_METRIC_EXPORT_INTERVAL', /must be an integer >= 1, found "1m"/],
    [{ OTEL_METRICS_EXPORTER: 'pushgateway' }, 'METERWORK_PUSHGATEWAY_URL', /is required by OTEL_METRICS_EXPORTER=pushgateway/],
    [{ OTEL_METRICS_EXPORTER: 'influxdb', METERWORK_INFLUXDB_URL: 'http://x' }, 'METERWORK_INFLUXDB_DATABASE', /exactly one of .* found neither/],
    [{ OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'udp' }, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', /found "udp"/],
  ])('rejects %j at %s', async (env, path, message) => {
    const error = (await startMetrics({ setGlobal: false, env }).catch((e: unknown) => e)) as ConfigFileError;
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.path).toBe(path);
    expect(error.problems[0]!.message).toMatch(message);
  });
});
