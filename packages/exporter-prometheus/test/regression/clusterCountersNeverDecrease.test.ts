/**
 * Regression: when a worker timed out or exited, the primary's merged
 * counters and histogram/summary counts dropped (110 -> 10 in one scrape) and
 * Prometheus read a counter reset. Now a late worker is served from its last
 * collection (diag naming it) and an exited worker's totals are carried
 * forward. Fake workers on a fake `cluster` module, fake timers: fast and
 * exact. test/regression/clusterCountersNeverDecrease.test.ts does the same
 * with real `cluster.fork()` workers and a real Prometheus.
 */
import { EventEmitter } from 'events';
import { diag, ValueType } from '@opentelemetry/api';
import type { MeterworkMetricData } from '@meterwork/core';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { ClusterPrimaryProducer } from '../../src/cluster/ClusterPrimaryProducer';
import { COLLECT_RESPONSE, type CollectRequest } from '../../src/cluster/messages';
import type { WireCollection } from '../../src/cluster/wire';
import { PrometheusSerializer } from '../../src/serializer/serializer';
import { cumulativeSamples, decreases } from './parseScrape';

/** The fake `cluster` module: an EventEmitter with `workers`, as nodeCluster() returns. */
const fakeCluster = Object.assign(new EventEmitter(), { workers: {} as Record<number, FakeWorker> });
jest.mock('../../src/cluster/node-cluster', () => ({ nodeCluster: () => fakeCluster }));

const t0: [number, number] = [1_700_000_000, 0];
const descriptor = (name: string, unit = '') => ({ name, description: name, unit, valueType: ValueType.DOUBLE });

/** A worker that records 10 events per collection and answers on time, late (when told) or not at all (exited). */
class FakeWorker {
  connected = true;
  /** When set, requests are held until `answerHeld()`. */
  late = false;
  private events = 0;
  private held: CollectRequest[] = [];

  constructor(readonly id: number) {}

  isConnected(): boolean {
    return this.connected;
  }

  send(request: CollectRequest, _handle: undefined, callback: (error: Error | null) => void): boolean {
    callback(null);
    this.events += 10;
    if (this.late) this.held.push(request);
    else queueMicrotask(() => this.answer(request));
    return true;
  }

  /** Answers the held requests (after the primary's timeout), in order. */
  answerHeld(): void {
    for (const request of this.held.splice(0)) this.answer(request);
  }

  exit(): void {
    this.connected = false;
    delete fakeCluster.workers[this.id];
    fakeCluster.emit('exit', this, 0, null);
  }

  private answer(request: CollectRequest): void {
    fakeCluster.emit('message', this, { type: COLLECT_RESPONSE, requestId: request.requestId, payload: JSON.stringify(this.collection()) });
  }

  private collection(): WireCollection {
    const n = this.events;
    const point = <V>(value: V, attributes = {}) => ({ startTime: t0, endTime: t0, attributes, value });
    const plain: MetricData[] = [
      {
        descriptor: descriptor('jobs'),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: [point(n, { kind: 'a' })],
      },
      {
        descriptor: descriptor('queue'),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: false,
        dataPoints: [point(3)],
      },
      {
        descriptor: descriptor('heap'),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: [point(this.id * 100)],
      },
      {
        descriptor: descriptor('size'),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: [point({ buckets: { boundaries: [5], counts: [n / 2, n / 2] }, count: n, sum: n * 5, min: 1, max: 9 })],
      },
    ];
    const samples = Array.from({ length: 5 }, (_, i) => this.id + i);
    const meterwork: MeterworkMetricData[] = [
      {
        kind: 'summary',
        descriptor: descriptor('latency', 's'),
        points: [
          point({
            count: n,
            sum: n * 2,
            min: samples[0]!,
            max: samples[4]!,
            mean: 0,
            stdDev: 0,
            quantiles: [{ quantile: 0.5, value: 0 }],
            dropped: 0,
            samples,
          }),
        ],
      },
      {
        kind: 'timer',
        descriptor: descriptor('handler', 's'),
        points: [
          point({
            count: n,
            sum: n,
            min: samples[0]!,
            max: samples[4]!,
            mean: 0,
            stdDev: 0,
            quantiles: [{ quantile: 0.9, value: 0 }],
            dropped: 0,
            samples,
            rates: { count: n, m1Rate: 1, m5Rate: 1, m15Rate: 1, meanRate: 1 },
          }),
        ],
      },
      { kind: 'meter', descriptor: descriptor('hits'), points: [point({ count: n, m1Rate: 2, m5Rate: 2, m15Rate: 2, meanRate: 2 })] },
      {
        kind: 'go_no_go',
        descriptor: descriptor('checks'),
        points: [
          point({
            go: { count: n, sum: n, periodCount: 10, mean: 1, min: 1, max: 1 },
            noGo: { count: n / 2, sum: n, periodCount: 5, mean: 2, min: 2, max: 2 },
            outliers: n / 10,
            periodStartMillis: 0,
            periodMillis: 60000,
          }),
        ],
      },
      {
        kind: 'tagged_histogram',
        descriptor: descriptor('errors'),
        points: [point({ total: n, overflow: 0, tagSets: [{ tags: { code: String(this.id) }, count: n }] })],
      },
    ];
    return { resource: { 'service.name': 'app' }, scopes: [{ scope: { name: 'app' }, plain, meterwork }], errors: [] };
  }
}

function startWorkers(count: number): FakeWorker[] {
  const workers = Array.from({ length: count }, (_, i) => new FakeWorker(i + 1));
  for (const w of workers) fakeCluster.workers[w.id] = w;
  return workers;
}

describe('cluster: cumulative data never goes backwards (fake workers)', () => {
  const serializer = new PrometheusSerializer({ withTargetInfo: false, withScopeLabels: false });
  let warn: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    fakeCluster.workers = {};
    fakeCluster.removeAllListeners();
  });
  afterEach(() => {
    warn.mockRestore();
    jest.useRealTimers();
  });

  /** One scrape: collect (advancing the fake clock past the timeout when someone is late) and serialise. */
  async function scrape(producer: ClusterPrimaryProducer): Promise<string> {
    const collecting = producer.collect();
    await jest.advanceTimersByTimeAsync(1000);
    const { resourceMetrics } = await collecting;
    return serializer.serialize(resourceMetrics, 'prometheus-text');
  }

  it('over 20 scrapes with a late worker and an exited one, no counter, _count, _sum or _bucket decreases', async () => {
    const [, second, third] = startWorkers(3);
    const producer = new ClusterPrimaryProducer({ timeoutMillis: 500 });
    const scrapes: string[] = [];
    for (let i = 1; i <= 20; i++) {
      if (i === 5) second!.late = true;
      if (i === 8) {
        second!.late = false;
        second!.answerHeld(); // between scrapes, after the timeout
      }
      if (i === 12) third!.exit();
      scrapes.push(await scrape(producer));
    }
    const series = scrapes.map((text) => cumulativeSamples(text));
    expect(decreases(series)).toEqual([]);
    // every cumulative family is there in every scrape
    for (const name of [
      'jobs_total',
      'size_count',
      'size_bucket',
      'latency_seconds_count',
      'handler_seconds_count',
      'hits_total',
      'errors_total',
      'checks_outcomes_total',
      'checks_outliers_total',
    ]) {
      for (const s of series) expect([...s.keys()].some((k) => k.startsWith(name))).toBe(true);
    }
    // scrape 20: workers 1 and 2 at 200 events, worker 3's 110 carried (it answered 11 times)
    expect(scrapes[19]).toMatch(/^jobs_total\{kind="a"\} 510$/m);
    expect(scrapes[19]).toMatch(/^latency_seconds_count 510$/m);
    // gauges of the exited worker are gone; the up-down sum (a level) too
    expect(scrapes[19]).toMatch(/^heap\{worker="1"\} 100$/m);
    expect(scrapes[19]).not.toMatch(/^heap\{worker="3"\}/m);
    expect(scrapes[19]).toMatch(/^queue 6$/m);
    // the late worker was served from its last collection and named
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/worker 2 did not answer within 500 ms; serving the last collection of worker 2/));
  });

  it('a late worker: its last collection is served, and its late answer is kept for the next scrape', async () => {
    const [first, second] = startWorkers(2);
    const producer = new ClusterPrimaryProducer({ timeoutMillis: 500 });
    expect(await scrape(producer)).toMatch(/^jobs_total\{kind="a"\} 20$/m);
    second!.late = true;
    // worker 2 has recorded 20 by now but answers late: its 10 is served, not 0
    expect(await scrape(producer)).toMatch(/^jobs_total\{kind="a"\} 30$/m);
    second!.answerHeld();
    second!.late = false;
    expect(await scrape(producer)).toMatch(/^jobs_total\{kind="a"\} 60$/m);
    expect(first!.isConnected()).toBe(true);
  });

  it("an exited worker's totals add to the survivors' and series only it had stay", async () => {
    const [, second] = startWorkers(2);
    const producer = new ClusterPrimaryProducer({ timeoutMillis: 500 });
    await scrape(producer);
    second!.exit();
    const text = await scrape(producer);
    expect(text).toMatch(/^jobs_total\{kind="a"\} 30$/m); // 20 live + 10 carried
    expect(text).toMatch(/^size_bucket\{le="5"\} 15$/m);
    expect(text).toMatch(/^size_count 30$/m);
    expect(text).toMatch(/^size_sum 150$/m);
    expect(text).toMatch(/^hits_total 30$/m);
    expect(text).toMatch(/^errors_total\{code="2"\} 10$/m); // only the exited worker had this tag set
    expect(text).toMatch(/^errors_total\{code="1"\} 20$/m);
    // quantiles come from the live worker's samples only (1..5): p50 = 3
    expect(text).toMatch(/^latency_seconds\{quantile="0.5"\} 3$/m);
  });

  it('overlapping collections (two scrapers) both get every answer, none waits for the timeout', async () => {
    startWorkers(2);
    const producer = new ClusterPrimaryProducer({ timeoutMillis: 500 });
    const both = Promise.all([producer.collect(), producer.collect()]);
    await jest.advanceTimersByTimeAsync(1); // the fake clock stays far below the 500 ms timeout
    const [a, b] = await both;
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    expect(serializer.serialize(b.resourceMetrics)).toMatch(/^jobs_total\{kind="a"\} 40$/m);
  });

  it('with every worker gone, the carried totals are still served', async () => {
    const [first] = startWorkers(1);
    const producer = new ClusterPrimaryProducer({ timeoutMillis: 500 });
    await scrape(producer);
    first!.exit();
    const text = await scrape(producer);
    expect(text).toMatch(/^jobs_total\{kind="a"\} 10$/m);
    expect(text).toMatch(/^latency_seconds_count 10$/m);
    expect(text).not.toMatch(/^heap/m);
  });
});
