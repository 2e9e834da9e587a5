/**
 * examples/environments: the same built app (dist/, as a child process) under
 * each of its three files, chosen only by OTEL_CONFIG_FILE, against real
 * servers; the data is read back from them.
 *
 * - development: console output and meterwork's Prometheus endpoint, scraped by a real Prometheus;
 * - staging: the endpoint scraped by Prometheus and pushes to a real Pushgateway (scraped too);
 * - production: InfluxDB (a real influxd) through reporting policies, with a prefix.
 *
 * Every run ends with SIGTERM: the app flushes its exporters and exits 0 by itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawn, type ChildProcess } from 'child_process';
import { describeWithBinaries, freePort, makeTempDir, requireBinary, startProcess, waitUntil, type RunningProcess } from './helpers/process';
import { startPrometheus, type Prometheus } from './fixtures/prometheus';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';

jest.setTimeout(180_000);

const EXAMPLE = path.join(__dirname, '../examples/environments');
const APP = path.join(EXAMPLE, 'dist/index.js');

interface App {
  readonly child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code (the app must exit by itself within 60 s). */
  stop(): Promise<number | string>;
}

/** The example app with `OTEL_CONFIG_FILE=config/<environment>.yaml` and `vars`; no other OTEL_ or METERWORK_ variable leaks in. */
function startApp(environment: 'development' | 'staging' | 'production', vars: Record<string, string>): App {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_') && !k.startsWith('METERWORK_')) env[k] = v;
  const child = spawn(process.execPath, [APP], {
    cwd: EXAMPLE,
    env: { ...env, OTEL_CONFIG_FILE: `config/${environment}.yaml`, ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('did not exit within 60 s'), 60_000).unref());
      const result = await Promise.race([exited, timeout]);
      if (typeof result === 'string') child.kill('SIGKILL');
      return result;
    },
  };
}

/** Polls until `app` printed `text` (or exited, or 60 s passed). */
async function waitForOutput(app: App, text: string): Promise<void> {
  await waitUntil(`the app printing ${JSON.stringify(text)}`, async () => app.output().includes(text), 60_000, {
    child: app.child,
    name: 'example app',
    output: app.output,
    stop: async () => undefined,
  } as RunningProcess);
}

/** The value of the only series `query` returns in Prometheus, once there is one. */
async function promValue(prometheus: Prometheus, query: string): Promise<number> {
  let value = NaN;
  await waitUntil(
    `prometheus answering ${query}`,
    async () => {
      const result = await prometheus.query(query);
      if (result.length !== 1) return false;
      value = Number(result[0]!.value[1]);
      return value > 0;
    },
    60_000,
    prometheus.proc,
  );
  return value;
}

beforeAll(() => {
  if (!fs.existsSync(APP)) throw new Error(`${APP} is missing: run \`npx tsc -b\` first (the test runs the built example)`);
});

describeWithBinaries(['prometheus'])('examples/environments: development (console + Prometheus pull)', () => {
  it('prints the metrics on the console and serves them to a real Prometheus', async () => {
    const port = await freePort();
    const prometheus = await startPrometheus(requireBinary('prometheus')!, [{ name: 'checkout', port }]);
    const app = startApp('development', { METRICS_PORT: String(port), CONSOLE_INTERVAL: '500' });
    try {
      await waitForOutput(app, `checkout: metrics at http://127.0.0.1:${port}/metrics`);
      await waitForOutput(app, "name: 'checkout.orders'");
      expect(app.output()).toContain("name: 'checkout.latency.count'"); // meterwork's data reaches OTel's console exporter
      expect(await promValue(prometheus, 'sum(checkout_orders_total{job="checkout"})')).toBeGreaterThan(0);
      expect(await promValue(prometheus, 'checkout_latency_seconds{job="checkout",quantile="0.99"}')).toBeGreaterThan(0.05);
      expect(await promValue(prometheus, 'checkout_payment_duration_seconds_outcomes_total{job="checkout",outcome="no_go"}')).toBeGreaterThan(0);
      expect(await promValue(prometheus, 'checkout_queue_depth{job="checkout"}')).toBeGreaterThan(0);
    } finally {
      const code = await app.stop();
      await prometheus.stop();
      expect({ code, output: code === 0 ? '' : app.output() }).toEqual({ code: 0, output: '' });
    }
    expect(app.output()).toContain('checkout: stopped');
  });
});

describeWithBinaries(['prometheus', 'prometheus-pushgateway'])('examples/environments: staging (Prometheus + Pushgateway)', () => {
  let dir: string;
  let pushgateway: RunningProcess;
  let gatewayPort: number;
  beforeAll(async () => {
    dir = makeTempDir('env-staging');
    gatewayPort = await freePort();
    pushgateway = startProcess('prometheus-pushgateway', 'prometheus-pushgateway', [
      `--web.listen-address=127.0.0.1:${gatewayPort}`,
      `--persistence.file=${path.join(dir, 'pushgateway.data')}`,
    ]);
    await waitUntil('pushgateway ready', async () => (await fetch(`http://127.0.0.1:${gatewayPort}/-/ready`)).ok, 60_000, pushgateway);
  });
  afterAll(async () => {
    await pushgateway?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is scraped by Prometheus and pushes to the Pushgateway, whose group Prometheus scrapes too', async () => {
    const port = await freePort();
    const prometheus = await startPrometheus(requireBinary('prometheus')!, [
      { name: 'checkout-app', port },
      { name: 'pushgateway', port: gatewayPort, honorLabels: true },
    ]);
    const app = startApp('staging', {
      METRICS_PORT: String(port),
      PUSHGATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
      PUSH_INTERVAL: '500',
      HOSTNAME: 'staging-test',
    });
    try {
      await waitForOutput(app, `checkout: metrics at http://127.0.0.1:${port}/metrics`);
      expect(await promValue(prometheus, 'sum(checkout_orders_total{job="checkout-app"})')).toBeGreaterThan(0);
      // The pushed group keeps its own job and instance labels (honor_labels).
      expect(await promValue(prometheus, 'sum(checkout_orders_total{job="checkout",instance="staging-test"})')).toBeGreaterThan(0);
      expect(await promValue(prometheus, 'checkout_latency_seconds_count{job="checkout",instance="staging-test"}')).toBeGreaterThan(0);
    } finally {
      const code = await app.stop();
      await prometheus.stop();
      expect({ code, output: code === 0 ? '' : app.output() }).toEqual({ code: 0, output: '' });
    }
    // The last push at shutdown holds every order placed.
    const pushed = await (await fetch(`http://127.0.0.1:${gatewayPort}/metrics`)).text();
    const orders = pushed
      .split('\n')
      .filter((l) => l.startsWith('checkout_orders_total{') && l.includes('job="checkout"'))
      .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    expect(orders).toHaveLength(2); // region eu and us
    expect(orders.every((n) => n > 0)).toBe(true);
  });
});

describeWithBinaries(['influxd'])('examples/environments: production (InfluxDB)', () => {
  let server: Influxd;
  beforeAll(async () => {
    server = await startInfluxd(requireBinary('influxd')!, { auth: false });
    await server.query('CREATE DATABASE checkout');
  });
  afterAll(async () => {
    await server?.stop();
    if (server !== undefined) fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('writes to InfluxDB through the policies: prefixed names, unlisted metrics not sent, native fields, the last write at shutdown', async () => {
    const app = startApp('production', { INFLUX_URL: server.url, BUSINESS_INTERVAL: '500', LATENCY_INTERVAL: '1000', REGION: 'eu1' });
    try {
      await waitForOutput(app, 'checkout: started with config/production.yaml');
      await waitUntil(
        'orders and latency in InfluxDB',
        async () =>
          rows(await server.query('SELECT * FROM "eu1.checkout.orders"', 'checkout')).length > 0 &&
          rows(await server.query('SELECT * FROM "eu1.checkout.latency"', 'checkout')).length > 0,
        60_000,
      );
    } finally {
      const code = await app.stop();
      expect({ code, output: code === 0 ? '' : app.output() }).toEqual({ code: 0, output: '' });
    }
    const measurements = rows(await server.query('SHOW MEASUREMENTS', 'checkout')).map((r) => String(r['name']));
    // checkout.queue.depth is listed by no policy: kept in the process, never written.
    expect(measurements.filter((m) => m.includes('checkout')).sort()).toEqual(['eu1.checkout.latency', 'eu1.checkout.orders', 'eu1.checkout.payment.duration']);
    const payments = rows(await server.query('SELECT * FROM "eu1.checkout.payment.duration" ORDER BY time DESC LIMIT 1', 'checkout'))[0]!;
    expect(payments['go_count'] as number).toBeGreaterThan(0);
    expect(payments['no_go_count'] as number).toBeGreaterThan(0);
    expect(payments['service.name']).toBe('checkout');
    expect(typeof payments['session']).toBe('string');
    const latency = rows(await server.query('SELECT * FROM "eu1.checkout.latency" ORDER BY time DESC LIMIT 1', 'checkout'))[0]!;
    expect(latency['count'] as number).toBeGreaterThan(0);
    expect(latency['0.99'] as number).toBeGreaterThan(0.05);
  });
});
