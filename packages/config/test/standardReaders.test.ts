import { createServer } from 'net';
import { startMetrics, type MetricsHandle } from '@meterwork/config';
import { HEADER, withEnv, writeConfig } from './helpers';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("meter_provider's standard readers and views", () => {
  let handle: MetricsHandle | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
  });

  it('prometheus/development (the official exporter) gets the meterwork producer, standard views apply, resource attributes are kept', async () => {
    const port = await freePort();
    const file = writeConfig(
      HEADER +
        `resource:
  attributes: [{ name: service.name, value: standard-test }]
meter_provider:
  readers:
    - pull:
        exporter:
          prometheus/development:
            host: 127.0.0.1
            port: \${PROM_DEV_PORT}
  views:
    - selector: { instrument_name: request.size }
      stream: { aggregation: { explicit_bucket_histogram: { boundaries: [10, 100] } } }
distribution:
  meterwork:
    views:
      - selector: { instrument_name: queue.latency }
        stream: { aggregation: { uniform: { size: 10, quantiles: [0.5] } } }
`,
    );
    handle = await withEnv({ PROM_DEV_PORT: String(port) }, () => startMetrics({ file, setGlobal: false }));
    expect(handle.pullEndpoints.map((e) => [e.exporter, e.url])).toEqual([['prometheus/development', `http://127.0.0.1:${port}/metrics`]]);
    const meter = handle.meterProvider.getMeter('std');
    meter.createHistogram('request.size').record(50);
    const latency = meter.createHistogram('queue.latency');
    for (const v of [1, 2, 3]) latency.record(v);
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    // The standard view's buckets, from the SDK's aggregation.
    expect(body).toMatch(/request_size_bucket\{[^}]*le="100"[^}]*\} 1/);
    expect(body).toMatch(/request_size_bucket\{[^}]*le="10"[^}]*\} 0/);
    // The meterwork view's aggregation reaches the official exporter through the producer (standard encoding).
    expect(body).toMatch(/queue_latency\{quantile="0.5"[^}]*\} 2/);
    expect(body).toMatch(/queue_latency_count_total\{[^}]*\} 3/);
    expect(body).toMatch(/service_name="standard-test"/);
  });

  it('console and otlp_http periodic readers are built with their interval', async () => {
    const file = writeConfig(
      HEADER +
        `meter_provider:
  readers:
    - periodic: { interval: 3600000, timeout: 1000, exporter: { console: } }
    - periodic: { interval: 3600000, exporter: { otlp_http: { endpoint: "http://127.0.0.1:9/v1/metrics", encoding: json, timeout: 500 } } }
`,
    );
    handle = await startMetrics({ file, setGlobal: false });
    const readers = (handle as unknown as { readers: Array<{ exporterName: string; reader: { _exportInterval?: number; _exportTimeout?: number } }> }).readers;
    expect(readers.map((r) => r.exporterName)).toEqual(['console', 'otlp_http']);
    expect(readers.map((r) => [r.reader._exportInterval, r.reader._exportTimeout])).toEqual([
      [3600000, 1000],
      [3600000, 30000],
    ]);
  });
});
