/**
 * Cluster aggregation with real `cluster.fork()` workers: the jest process is
 * the primary, test/fixtures/cluster-worker.js the workers.
 */
import cluster, { type Worker } from 'cluster';
import * as path from 'path';
import { diag } from '@opentelemetry/api';
import { getMeterworkData, splitMeterworkMetrics, type GoNoGoMetricData, type SummaryMetricData } from '@meterwork/core';
import { MeterProvider, type HistogramMetricData, type MetricData, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { ClusterPrimaryProducer, PrometheusPullReader } from '@meterwork/exporter-prometheus';
import { findBinary, requireBinary, waitUntil } from './helpers/process';
import { startPrometheus } from './fixtures/prometheus';

const WORKER_VALUES = [
  [1, 2, 3, 4],
  [5, 6, 7],
  [8, 9, 10],
];

function fork(env: Record<string, string>): Promise<Worker> {
  const worker = cluster.fork(env);
  return new Promise((resolve, reject) => {
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    worker.on('message', (m: { type?: string }) => {
      if (m?.type === 'test:ready') resolve(worker);
    });
  });
}

function metric(scope: ScopeMetrics | undefined, name: string): MetricData {
  const found = scope?.metrics.find((m) => m.descriptor.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('cluster aggregation with real workers', () => {
  const workers: Worker[] = [];

  beforeAll(async () => {
    cluster.setupPrimary({ exec: path.join(__dirname, 'fixtures', 'cluster-worker.js'), silent: true });
    for (const values of WORKER_VALUES) workers.push(await fork({ VALUES: JSON.stringify(values) }));
  }, 60000);

  afterAll(async () => {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
            setTimeout(() => w.process.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  });

  it('computes quantiles over all workers values, sums counters and histograms, keeps gauges per worker', async () => {
    const { resourceMetrics, errors } = await new ClusterPrimaryProducer({ timeoutMillis: 10000 }).collect();
    expect(errors).toEqual([]);
    const app = resourceMetrics.scopeMetrics.find((s) => s.scope.name === 'app');
    const jobs = metric(app, 'jobs');
    expect(jobs.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ kind: 'test' }, 10]]);
    const size = metric(app, 'job.size') as HistogramMetricData;
    // bounds 2, 5, 8: (<=2) 1,2 | (<=5) 3,4,5 | (<=8) 6,7,8 | 9,10
    expect(size.dataPoints[0]!.value.buckets.counts).toEqual([2, 3, 3, 2]);
    expect(size.dataPoints[0]!.value.sum).toBe(55);
    expect(size.dataPoints[0]!.value.min).toBe(1);
    expect(size.dataPoints[0]!.value.max).toBe(10);
    const load = metric(app, 'worker.load');
    expect(load.dataPoints.map((p) => p.value).sort((a, b) => (a as number) - (b as number))).toEqual(workers.map((w) => w.id * 10));
    expect(new Set(load.dataPoints.map((p) => p.attributes.worker))).toEqual(new Set(workers.map((w) => String(w.id))));

    const { meterwork } = splitMeterworkMetrics(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics));
    const summary = meterwork.find((m) => m.kind === 'summary') as SummaryMetricData;
    const v = summary.points[0]!.value;
    expect(v.count).toBe(10);
    expect(v.sum).toBe(55);
    expect(v.min).toBe(1);
    expect(v.max).toBe(10);
    // type-6 over 1..10 combined: p50 at 5.5, p90 at 9.9, p99 clamps to 10
    expect(v.quantiles.map((q) => q.quantile)).toEqual([0.5, 0.9, 0.99]);
    expect(v.quantiles[0]!.value).toBeCloseTo(5.5, 12);
    expect(v.quantiles[1]!.value).toBeCloseTo(9.9, 12);
    expect(v.quantiles[2]!.value).toBe(10);
    expect(getMeterworkData(metric(app, 'request.duration.count'))).toBe(summary);
    expect(v.samples).toBeUndefined();

    // go/no-go: even values go (2+4+6+8+10 = 30 over 5), odd no-go (1+3+5+7+9 = 25 over 5)
    const gonogo = meterwork.find((m) => m.kind === 'go_no_go') as GoNoGoMetricData;
    expect(gonogo.points[0]!.value.go).toEqual({ count: 5, sum: 30, periodCount: 5, mean: 6, min: 2, max: 10 });
    expect(gonogo.points[0]!.value.noGo).toEqual({ count: 5, sum: 25, periodCount: 5, mean: 5, min: 1, max: 9 });
  }, 30000);

  it('serves all workers from the primary through the pull reader', async () => {
    const reader = new PrometheusPullReader({ metricProducers: [new ClusterPrimaryProducer()] });
    const provider = new MeterProvider({ readers: [reader] });
    try {
      const { body } = await reader.collectText();
      expect(body).toMatch(/^jobs_total\{[^}]*kind="test"[^}]*\} 10$/m);
      expect(body).toMatch(/^# TYPE request_duration_seconds summary$/m);
      expect(body).toMatch(/^request_duration_seconds\{[^}]*quantile="0.5"[^}]*\} 5.5$/m);
      expect(body).toMatch(/^request_duration_seconds\{[^}]*quantile="0.99"[^}]*\} 10$/m);
      expect(body).toMatch(/^request_duration_seconds_count\{[^}]*\} 10$/m);
      expect(body.match(/^worker_load\{/gm)).toHaveLength(workers.length);
    } finally {
      await provider.shutdown();
    }
  }, 30000);

  (findBinary('prometheus') || process.env.CI ? it : it.skip)(
    'is scraped by a real Prometheus from the primary (merged quantiles)',
    async () => {
      const reader = new PrometheusPullReader({ host: '127.0.0.1', port: 0, metricProducers: [new ClusterPrimaryProducer()] });
      const provider = new MeterProvider({ readers: [reader] });
      const { port } = await reader.startServer();
      const prometheus = await startPrometheus(requireBinary('prometheus')!, [{ name: 'cluster', port }]);
      try {
        const value = async (q: string) => {
          const r = await prometheus.query(q);
          return r.length === 1 ? Number(r[0]!.value[1]) : undefined;
        };
        await waitUntil('Prometheus scraped the primary', async () => (await value('up{job="cluster"}')) === 1, 30000, prometheus.proc);
        // type 6 over all workers' values 1..10, not a sum of per-worker quantiles
        expect(await value('request_duration_seconds{job="cluster",quantile="0.5"}')).toBeCloseTo(5.5, 12);
        expect(await value('request_duration_seconds_count{job="cluster"}')).toBe(10);
        expect(await value('jobs_total{job="cluster"}')).toBe(10);
      } finally {
        await prometheus.stop();
        await provider.shutdown();
      }
    },
    60000,
  );

  it('serves the workers that answer when one does not (timeout, diag.warn)', async () => {
    const hanging = await fork({ VALUES: '[100]', HANG: '1' });
    workers.push(hanging);
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    try {
      const started = Date.now();
      const { resourceMetrics, errors } = await new ClusterPrimaryProducer({ timeoutMillis: 500 }).collect();
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toContain(`workers ${hanging.id} did not answer`);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('did not answer'));
      const app = resourceMetrics.scopeMetrics.find((s) => s.scope.name === 'app');
      expect(metric(app, 'jobs').dataPoints[0]!.value).toBe(10);
    } finally {
      warn.mockRestore();
    }
  }, 30000);
});
