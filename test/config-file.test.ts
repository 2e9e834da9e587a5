/**
 * @meterwork/config against real servers: one file with a Pushgateway and an
 * InfluxDB reader (periodic) and a Prometheus pull reader, addresses given
 * through ${VAR} substitution; the data is read back from the Pushgateway,
 * InfluxDB 1.x and a Prometheus scraping the pull endpoint.
 */
import * as fs from 'fs';
import * as path from 'path';
import { startMetrics, type MetricsHandle } from '@meterwork/config';
import { describeWithBinaries, freePort, makeTempDir, requireBinary, startProcess, waitUntil, type RunningProcess } from './helpers/process';
import { startPrometheus, type Prometheus } from './fixtures/prometheus';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';

const FILE = `# yaml-language-server: $schema=../packages/config/schema/meterwork.schema.json
file_format: "1.0"
resource:
  attributes: [{ name: service.name, value: checkout }]
distribution:
  meterwork:
    readers:
      - periodic:
          interval: 3600000
          exporter:
            pushgateway: { url: "\${PUSHGATEWAY_URL}", job: checkout, grouping_key: { instance: host-1 } }
      - periodic:
          interval: 3600000
          exporter:
            influxdb: { url: "\${INFLUX_URL}", v1: { database: "\${INFLUX_DB:-metrics}" } }
      - pull:
          exporter:
            prometheus:
              host: 127.0.0.1
              port: \${PULL_PORT}
    views:
      - selector: { instrument_name: queue.latency }
        stream: { aggregation: { sliding_window: { size: 100, quantiles: [0.5] } } }
`;

describeWithBinaries(['prometheus-pushgateway', 'prometheus', 'influxd'])('startMetrics with Pushgateway, InfluxDB and Prometheus readers', () => {
  let pushgateway: RunningProcess;
  let influxd: Influxd;
  let prometheus: Prometheus;
  let dir: string;
  let handle: MetricsHandle | undefined;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    dir = makeTempDir('config-file');
    const gwPort = await freePort();
    pushgateway = startProcess('prometheus-pushgateway', 'prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${gwPort}`]);
    env.PUSHGATEWAY_URL = `http://127.0.0.1:${gwPort}`;
    await waitUntil('pushgateway ready', async () => (await fetch(`${env.PUSHGATEWAY_URL}/-/ready`)).ok, 30000, pushgateway);
    influxd = await startInfluxd(requireBinary('influxd')!, { auth: false });
    await influxd.query('CREATE DATABASE metrics');
    env.INFLUX_URL = influxd.url;
    env.PULL_PORT = String(await freePort());
    prometheus = await startPrometheus(requireBinary('prometheus')!, [{ name: 'app', port: Number(env.PULL_PORT) }]);
  }, 120000);

  afterAll(async () => {
    await handle?.shutdown();
    await Promise.all([prometheus?.stop(), pushgateway?.stop(), influxd?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pushes to the Pushgateway and InfluxDB, serves Prometheus, and the data reads back from each', async () => {
    const file = path.join(dir, 'metrics.yaml');
    fs.writeFileSync(file, FILE);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      handle = await startMetrics({ file, setGlobal: false });
    } finally {
      process.env = saved;
    }
    const meter = handle.meterProvider.getMeter('shop');
    meter.createCounter('orders').add(7, { region: 'eu' });
    const latency = meter.createHistogram('queue.latency');
    for (const v of [1, 2, 3]) latency.record(v);
    await handle.forceFlush();

    // Pushgateway: the pushed group, with the meterwork summary.
    const pushed = await (await fetch(`${env.PUSHGATEWAY_URL}/metrics`)).text();
    expect(pushed).toMatch(/orders_total\{[^}]*instance="host-1"[^}]*job="checkout"[^}]*region="eu"[^}]*\} 7/);
    expect(pushed).toMatch(/queue_latency\{[^}]*quantile="0.5"[^}]*\} 2/);

    // InfluxDB 1.x: the counter and the summary as lines (telegraf-prometheus-v1).
    await waitUntil(
      'influx has orders',
      async () => rows(await influxd.query('SHOW MEASUREMENTS', 'metrics')).some((r) => String(r.name).startsWith('orders')),
      30000,
    );
    const measurements = rows(await influxd.query('SHOW MEASUREMENTS', 'metrics')).map((r) => String(r.name));
    const orders = measurements.find((m) => m.startsWith('orders'))!;
    expect(rows(await influxd.query(`SELECT "counter" FROM "${orders}" WHERE "region" = 'eu'`, 'metrics'))[0]).toMatchObject({ counter: 7 });
    expect(rows(await influxd.query('SELECT "count" FROM "queue.latency"', 'metrics'))[0]).toMatchObject({ count: 3 });

    // Prometheus scraping the pull endpoint the file declared.
    expect(handle.pullEndpoints[0]!.url).toBe(`http://127.0.0.1:${env.PULL_PORT}/metrics`);
    await waitUntil('prometheus scraped orders', async () => (await prometheus.query('orders_total{job="app"}')).some((s) => s.value[1] === '7'), 60000);
    const q = await prometheus.query('queue_latency{job="app",quantile="0.5"}');
    expect(q.map((s) => s.value[1])).toEqual(['2']);

    await handle.shutdown();
    handle = undefined;
  }, 120000);
});
