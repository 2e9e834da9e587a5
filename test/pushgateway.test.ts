/**
 * PushgatewayExporter against a real Pushgateway (basic auth via its
 * --web.config.file) scraped by a real Prometheus (honor_labels, 1 s).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { Registry, Summary } from 'prom-client';
import { PromClientProducer, PushgatewayExporter } from '@meterwork/exporter-prometheus';
import { CollectOnlyReader } from './helpers/otel';
import { describeWithBinaries, freePort, makeTempDir, requireBinary, startProcess, waitUntil, type RunningProcess } from './helpers/process';
import { startPrometheus, type Prometheus } from './fixtures/prometheus';

// bcrypt hash of the password "test" (the example of the Prometheus basic-auth guide);
// no bcrypt tool is needed to run this test.
const USER = 'admin';
const PASSWORD = 'test';
const BCRYPT_OF_TEST = '$2b$12$hNf2lSsxfm0.i4a.1kVpSOVyBCfIB51VRjgBUyv6kdnyTlgWj81Ay';
const AUTH_HEADER = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

async function get(url: string, auth = true): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers: auth ? { Authorization: AUTH_HEADER } : {} });
  return { status: res.status, text: await res.text() };
}

describeWithBinaries(['prometheus-pushgateway', 'prometheus'])('Pushgateway + Prometheus', () => {
  let pushgateway: RunningProcess;
  let prometheus: Prometheus;
  let dir: string | undefined;
  let gatewayUrl: string;
  let prometheusUrl: string;

  beforeAll(async () => {
    dir = makeTempDir('pushgateway');
    fs.writeFileSync(path.join(dir, 'web.yml'), `basic_auth_users:\n  ${USER}: ${BCRYPT_OF_TEST}\n`);
    const gwPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${gwPort}`;
    pushgateway = startProcess('prometheus-pushgateway', 'prometheus-pushgateway', [
      `--web.listen-address=127.0.0.1:${gwPort}`,
      `--web.config.file=${path.join(dir, 'web.yml')}`,
      `--persistence.file=${path.join(dir, 'pushgateway.data')}`,
    ]);
    await waitUntil('pushgateway ready', async () => (await get(`${gatewayUrl}/-/ready`)).status === 200, 30000, pushgateway);

    prometheus = await startPrometheus(requireBinary('prometheus')!, [
      { name: 'pushgateway', port: gwPort, honorLabels: true, basicAuth: { username: USER, password: PASSWORD } },
    ]);
    prometheusUrl = prometheus.url;
  }, 120000);

  afterAll(async () => {
    await Promise.all([prometheus?.stop(), pushgateway?.stop()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pushes OTel and prom-client metrics (PUT, grouping key with a slash) that Prometheus then scrapes', async () => {
    const registry = new Registry();
    const summary = new Summary({ name: 'batch_item_seconds', help: 'Item time', percentiles: [0.5], registers: [registry] });
    for (const v of [1, 2, 3]) summary.observe(v);
    const exporter = new PushgatewayExporter({
      url: gatewayUrl,
      job: 'nightly',
      groupingKey: { instance: 'host/1' },
      auth: { basic: { username: USER, password: PASSWORD } },
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 600000, metricProducers: [new PromClientProducer({ registry })] });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('batch').createCounter('batch.jobs', { description: 'Jobs done' }).add(7, { queue: 'q1' });
    await reader.forceFlush();

    const pushed = (await get(`${gatewayUrl}/metrics`)).text;
    const line = pushed.split('\n').find((l) => l.startsWith('batch_jobs_total{'));
    expect(line).toBeDefined();
    expect(line).toContain('instance="host/1"');
    expect(line).toContain('job="nightly"');
    expect(line).toContain('queue="q1"');
    expect(line!.endsWith(' 7')).toBe(true);
    expect(pushed).toMatch(/batch_item_seconds\{[^}]*quantile="0.5"[^}]*\} 2/);
    expect(pushed).toMatch(/batch_item_seconds_count\{[^}]*\} 3/);

    let result: Array<{ metric: Record<string, string>; value: [number, string] }> = [];
    await waitUntil(
      'prometheus scraped the pushed counter',
      async () => {
        const res = await get(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('batch_jobs_total{job="nightly"}')}`, false);
        result = JSON.parse(res.text).data.result;
        return result.length > 0;
      },
      30000,
      prometheus.proc,
    );
    expect(result[0]!.value[1]).toBe('7');
    expect(result[0]!.metric.instance).toBe('host/1');
    expect(result[0]!.metric.queue).toBe('q1');

    const sum = JSON.parse((await get(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('batch_item_seconds_sum{job="nightly"}')}`, false)).text).data
      .result;
    expect(sum[0]?.value[1]).toBe('6');
    await provider.shutdown();
    // without deleteOnShutdown the group stays
    expect((await get(`${gatewayUrl}/metrics`)).text).toContain('batch_jobs_total{');
  }, 60000);

  it('deletes its group on shutdown when deleteOnShutdown is set', async () => {
    const exporter = new PushgatewayExporter({
      url: gatewayUrl,
      job: 'shortlived',
      groupingKey: { run: '42' },
      auth: { basic: { username: USER, password: PASSWORD } },
      deleteOnShutdown: true,
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 600000 });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('x').createCounter('shortlived.items').add(3);
    await reader.forceFlush();
    const groups = async () => JSON.parse((await get(`${gatewayUrl}/api/v1/metrics`)).text).data as Array<{ labels: Record<string, string> }>;
    expect((await groups()).some((g) => g.labels.job === 'shortlived' && g.labels.run === '42')).toBe(true);
    await provider.shutdown();
    expect((await groups()).some((g) => g.labels.job === 'shortlived')).toBe(false);
  }, 30000);

  it('keeps grouping key values . and .. as given (they would otherwise be resolved as URL dot segments)', async () => {
    const reader = new CollectOnlyReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('x').createCounter('dots.items').add(2);
    const { resourceMetrics } = await reader.collect();
    const exporter = new PushgatewayExporter({
      url: gatewayUrl,
      job: '..',
      groupingKey: { instance: '.' },
      auth: { basic: { username: USER, password: PASSWORD } },
    });
    const result = await new Promise<ExportResult>((resolve) => exporter.export(resourceMetrics, resolve));
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const groups = JSON.parse((await get(`${gatewayUrl}/api/v1/metrics`)).text).data as Array<{ labels: Record<string, string> }>;
    expect(groups.some((g) => g.labels.job === '..' && g.labels.instance === '.')).toBe(true);
    await exporter.shutdown();
    await provider.shutdown();
  }, 30000);

  it('fails with the 401 (no retries) on a wrong password', async () => {
    const reader = new CollectOnlyReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('x').createCounter('denied').add(1);
    const { resourceMetrics } = await reader.collect();
    const exporter = new PushgatewayExporter({
      url: gatewayUrl,
      job: 'denied',
      auth: { basic: { username: USER, password: 'wrong' } },
      retry: { initialDelayMillis: 10 },
    });
    const result = await new Promise<ExportResult>((resolve) => exporter.export(resourceMetrics, resolve));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/401/);
    await exporter.shutdown();
    await provider.shutdown();
  }, 30000);
});
