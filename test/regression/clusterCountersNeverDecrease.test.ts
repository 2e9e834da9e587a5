/**
 * Regression (issue 7, item 1): when a worker timed out or exited, the
 * primary's merged counters and histogram/summary counts dropped and
 * Prometheus read a counter reset. Real `cluster.fork()` workers on the built
 * dist/ (`npx tsc -b` first), each recording all the time: during 20 scrapes
 * of the primary's pull endpoint one worker answers after the timeout and
 * another is killed; no counter, `_count`, `_sum` or `_bucket` decreases in
 * any scrape, and a real Prometheus scraping the primary meanwhile reports
 * `resets(...[1m]) == 0`. The fast variant with fake workers is
 * packages/exporter-prometheus/test/regression/clusterCountersNeverDecrease.test.ts.
 */
import cluster, { type Worker } from 'cluster';
import * as fs from 'fs';
import * as path from 'path';
import { diag } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { ClusterPrimaryProducer, PrometheusPullReader } from '@meterwork/exporter-prometheus';
import { cumulativeSamples, decreases } from '../../packages/exporter-prometheus/test/regression/parseScrape';
import { startPrometheus, type Prometheus } from '../fixtures/prometheus';
import { requireBinary, waitUntil } from '../helpers/process';

const FIXTURE = path.join(__dirname, 'fixtures', 'growingClusterWorker.js');
const PRIMARY_TIMEOUT_MILLIS = 400;
const CUMULATIVE = [
  'jobs_total',
  'job_size_count',
  'job_size_bucket',
  'request_duration_seconds_count',
  'request_duration_seconds_sum',
  'checks_outcomes_total',
];

function fork(): Promise<Worker> {
  const worker = cluster.fork();
  return new Promise((resolve, reject) => {
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    worker.on('message', (m: { type?: string }) => {
      if (m?.type === 'test:ready') resolve(worker);
    });
  });
}

function stop(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    worker.once('exit', () => resolve());
    worker.process.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cluster: cumulative data never goes backwards (real workers, real Prometheus)', () => {
  const prometheusBinary = requireBinary('prometheus');
  const workers: Worker[] = [];
  let provider: MeterProvider | undefined;
  let prometheus: Prometheus | undefined;

  beforeAll(() => {
    for (const pkg of ['core', 'exporter-prometheus']) {
      if (!fs.existsSync(path.join(__dirname, '..', '..', 'packages', pkg, 'dist', 'index.js'))) throw new Error('build first: npx tsc -b');
    }
  });

  afterAll(async () => {
    await prometheus?.stop();
    await provider?.shutdown();
    await Promise.all(workers.map(stop));
  }, 60000);

  (prometheusBinary ? it : it.skip)(
    'a late worker and a killed one: no cumulative sample decreases over 20 scrapes, and Prometheus sees no reset',
    async () => {
      const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
      try {
        cluster.setupPrimary({ exec: FIXTURE, silent: true });
        for (let i = 0; i < 3; i++) workers.push(await fork());
        const [, late, killed] = workers as [Worker, Worker, Worker];

        const reader = new PrometheusPullReader({
          host: '127.0.0.1',
          port: 0,
          metricProducers: [new ClusterPrimaryProducer({ timeoutMillis: PRIMARY_TIMEOUT_MILLIS })],
        });
        provider = new MeterProvider({ readers: [reader] });
        const { port } = await reader.startServer();
        prometheus = await startPrometheus(prometheusBinary!, [{ name: 'cluster', port }]);
        const instant = async (q: string) => (await prometheus!.query(q)).map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
        await waitUntil('Prometheus scraped the primary', async () => (await instant('up{job="cluster"}'))[0]?.value === 1, 60000, prometheus.proc);

        const scrapes: string[] = [];
        for (let i = 1; i <= 20; i++) {
          // The stall outlasts the primary's timeout: scrape 6 (and maybe 7) serves the
          // late worker's last collection; its answer comes between scrapes.
          if (i === 6) late.send({ type: 'test:stall', millis: PRIMARY_TIMEOUT_MILLIS * 3 });
          // Killed just before a scrape: that scrape may still wait for it.
          if (i === 12) killed.process.kill('SIGKILL');
          const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Accept: 'text/plain; version=0.0.4' } });
          expect(res.status).toBe(200);
          scrapes.push(await res.text());
          await sleep(400);
        }

        const series = scrapes.map((text) => cumulativeSamples(text));
        expect(decreases(series)).toEqual([]);
        for (const name of CUMULATIVE) for (const s of series) expect([...s.keys()].some((k) => k.startsWith(name))).toBe(true);
        // the scenario happened: the late worker was named, the killed one is gone (its gauge with it)
        expect(warn).toHaveBeenCalledWith(
          expect.stringMatching(new RegExp(`worker ${late.id} did not answer within ${PRIMARY_TIMEOUT_MILLIS} ms; serving the last collection of worker`)),
        );
        expect(killed.isDead()).toBe(true);
        expect(scrapes[19]).not.toMatch(new RegExp(`^worker_heap\\{[^}]*worker="${killed.id}"`, 'm'));
        expect(scrapes[19]).toMatch(new RegExp(`^worker_heap\\{[^}]*worker="${late.id}"`, 'm'));

        // Prometheus scraped the primary across the whole scenario and saw no reset.
        await sleep(3000);
        const samples = await instant('count_over_time(jobs_total{job="cluster"}[1m])');
        expect(samples[0]?.value).toBeGreaterThanOrEqual(8);
        for (const name of ['jobs_total', 'job_size_count', 'request_duration_seconds_count']) {
          const resets = await instant(`resets(${name}{job="cluster"}[1m])`);
          expect(resets.length).toBeGreaterThan(0);
          expect(resets.map((r) => `${name}: ${r.value}`)).toEqual(resets.map(() => `${name}: 0`));
        }
      } finally {
        warn.mockRestore();
      }
    },
    120000,
  );
});
