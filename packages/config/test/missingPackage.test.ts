import { startMetrics, ConfigFileError } from '@meterwork/config';
import { HEADER, writeConfig } from './helpers';

// Simulate applications that did not install the optional exporter packages: requiring them fails as Node does.
function notFound(name: string): never {
  const error = new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/node_modules/@meterwork/config/dist/build/peers.js`) as Error & {
    code: string;
  };
  error.code = 'MODULE_NOT_FOUND';
  throw error;
}
jest.mock('@meterwork/exporter-influx', () => notFound('@meterwork/exporter-influx'));
jest.mock('@opentelemetry/exporter-metrics-otlp-grpc', () => notFound('@opentelemetry/exporter-metrics-otlp-grpc'));

describe('an exporter whose package is not installed', () => {
  it('is one problem naming the package to install, at the exporter key (file)', async () => {
    const file = writeConfig(
      HEADER +
        'distribution:\n  meterwork:\n    readers:\n      - periodic: { exporter: { influxdb: { url: "http://127.0.0.1:8086", v1: { database: d } } } }\n',
    );
    const error = (await startMetrics({ file, setGlobal: false }).catch((e: unknown) => e)) as ConfigFileError;
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.problems).toEqual([
      {
        path: '/distribution/meterwork/readers/0/periodic/exporter/influxdb',
        message: 'needs the package @meterwork/exporter-influx, which is not installed: npm install @meterwork/exporter-influx',
      },
    ]);
  });

  it('names the official OTLP package for a standard reader', async () => {
    const file = writeConfig(HEADER + 'meter_provider:\n  readers:\n    - periodic: { exporter: { otlp_grpc: { endpoint: "http://127.0.0.1:4317" } } }\n');
    const error = (await startMetrics({ file, setGlobal: false }).catch((e: unknown) => e)) as ConfigFileError;
    expect(error.problems).toEqual([
      {
        path: '/meter_provider/readers/0/periodic/exporter/otlp_grpc',
        message: expect.stringContaining('npm install @opentelemetry/exporter-metrics-otlp-grpc'),
      },
    ]);
  });

  it('names the package for OTEL_METRICS_EXPORTER without a file', async () => {
    const error = (await startMetrics({
      env: { OTEL_METRICS_EXPORTER: 'influxdb', METERWORK_INFLUXDB_URL: 'http://127.0.0.1:8086', METERWORK_INFLUXDB_DATABASE: 'd' },
      setGlobal: false,
    }).catch((e: unknown) => e)) as ConfigFileError;
    expect(error.file).toBeUndefined();
    expect(error.message).toBe(
      'Invalid metrics configuration in the environment: OTEL_METRICS_EXPORTER needs the package @meterwork/exporter-influx, which is not installed: npm install @meterwork/exporter-influx',
    );
  });

  it('other readers of the file still work when the package is not named', async () => {
    const file = writeConfig(HEADER + 'distribution:\n  meterwork:\n    readers:\n      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0 } } }\n');
    const handle = await startMetrics({ file, setGlobal: false });
    expect(handle.pullEndpoints).toHaveLength(1);
    await handle.shutdown();
  });
});
