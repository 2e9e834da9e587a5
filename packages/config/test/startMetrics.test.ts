import { metrics } from '@opentelemetry/api';
import { startMetrics, loadMetricsConfig, type MetricsHandle } from '@meterwork/config';
import { FIXTURES, HEADER, writeConfig } from './helpers';
import { join } from 'path';

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  return res.text();
}

describe('startMetrics from a file', () => {
  let handle: MetricsHandle | undefined;
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
  });

  it('builds our readers and views, sets the provider global, and serves meterwork aggregations', async () => {
    const file = writeConfig(
      HEADER +
        `distribution:
  meterwork:
    readers:
      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0, with_target_info: false } } }
    views:
      - selector: { instrument_name: queue.latency }
        stream: { aggregation: { sliding_time_window: { window: 60000, quantiles: [0.5] } } }
`,
    );
    handle = await startMetrics({ file });
    expect(handle.pullEndpoints).toHaveLength(1);
    expect(handle.pullEndpoints[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    // The global provider is ours: an instrument created through the API lands in our view.
    const histogram = metrics.getMeter('test').createHistogram('queue.latency');
    histogram.record(3);
    histogram.record(5);
    const body = await scrape(handle.pullEndpoints[0]!.url);
    expect(body).toMatch(/queue_latency\{[^}]*quantile="0.5"[^}]*\} 4/);
    expect(body).toMatch(/queue_latency_count\{[^}]*\} 2/);
    expect(body).not.toContain('target_info');
  });

  it('takes the file from OTEL_CONFIG_FILE when no argument is given', async () => {
    const file = writeConfig(HEADER + 'distribution:\n  meterwork:\n    readers:\n      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0 } } }\n');
    handle = await startMetrics({ env: { OTEL_CONFIG_FILE: file, OTEL_METRICS_EXPORTER: 'bogus' }, setGlobal: false });
    expect(handle.config?.file).toBe(file);
    expect(handle.pullEndpoints).toHaveLength(1);
  });

  it('loads the 3-reader, 20-view fixture into the model with camelCase options', () => {
    const config = loadMetricsConfig(join(FIXTURES, 'three-readers-twenty-views.yaml'));
    expect(config.meterwork.readers).toHaveLength(3);
    expect(config.meterwork.views).toHaveLength(20);
    expect(config.meterwork.readers![1]).toEqual({
      periodic: { interval: 60000, exporter: { influxdb: { url: 'http://127.0.0.1:9', v1: { database: 'bench' } } } },
    });
    expect(config.meterwork.views![19]!.stream.attributeKeys).toEqual({ included: ['route'] });
  });

  it('starts the 3-reader, 20-view fixture and shuts every reader down', async () => {
    handle = await startMetrics({ file: join(FIXTURES, 'three-readers-twenty-views.yaml'), setGlobal: false });
    expect(handle.pullEndpoints.map((e) => e.exporter)).toEqual(['prometheus']);
    const url = handle.pullEndpoints[0]!.url;
    await handle.shutdown();
    handle = undefined;
    await expect(fetch(url)).rejects.toThrow();
  });

  it('refuses to register a second global MeterProvider (metrics would be set up twice)', async () => {
    const file = writeConfig(HEADER + 'distribution:\n  meterwork:\n    readers:\n      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0 } } }\n');
    handle = await startMetrics({ file });
    await expect(startMetrics({ file })).rejects.toThrow(/a global MeterProvider is already registered/);
  });
});
