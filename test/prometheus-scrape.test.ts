/**
 * A real Prometheus (Debian `prometheus`, 2.42) scrapes PrometheusPullReader:
 * once negotiating OpenMetrics 1.0.0 (what Prometheus asks for), once through
 * a handler that strips `Accept` so it gets text 0.0.4; plus the fuzz data set
 * in both formats (promtool cannot parse OpenMetrics, so this is where the
 * OpenMetrics output of adversarial names and values is validated: Prometheus
 * fails the whole scrape, `up == 0`, on any parse error).
 */
import * as fs from 'fs';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { ValueType } from '@opentelemetry/api';
import {
  AggregationType,
  DataPointType,
  AggregationTemporality,
  MeterProvider,
  type MetricData,
  type MetricProducer,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { MeterworkMetricData } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';
import { PrometheusPullReader } from '@meterwork/exporter-prometheus';
import { describeWithBinaries, findBinary, waitUntil } from './helpers/process';
import { startPrometheus, type Prometheus } from './fixtures/prometheus';
import { adversarialStrings } from '../packages/exporter-prometheus/test/serializer/fuzz-strings';
import { fuzzNamesMetrics, fuzzValuesMetrics } from '../packages/exporter-prometheus/test/serializer/fuzz-metrics';

const JOBS = ['meterwork_om', 'meterwork_text', 'fuzz_om', 'fuzz_text'] as const;

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

/** A standard metric carrying meterwork rich data (its own points are ignored by our serializer). */
function richMetric(data: MeterworkMetricData): MetricData {
  const placeholder: MetricData = {
    descriptor: { ...data.descriptor },
    dataPointType: DataPointType.GAUGE,
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPoints: [],
  };
  return attachMeterworkData(placeholder, data);
}

function richProducer(): MetricProducer {
  const t0: [number, number] = [Math.floor(Date.now() / 1000) - 60, 0];
  const now: [number, number] = [Math.floor(Date.now() / 1000), 0];
  const d = (name: string, unit: string) => ({ name, unit, description: `${name} (rich)`, valueType: ValueType.DOUBLE });
  const summary = {
    count: 4,
    sum: 1.2,
    min: 0.1,
    max: 0.6,
    mean: 0.3,
    stdDev: 0.2,
    quantiles: [
      { quantile: 0.5, value: 0.25 },
      { quantile: 0.99, value: 0.6 },
    ],
    dropped: 0,
  };
  const rates = { count: 12, m1Rate: 0.2, m5Rate: 0.1, m15Rate: 0.05, meanRate: 0.3 };
  const stats = (count: number, sum: number) => ({ count, sum, periodCount: count, mean: sum / count, min: 1, max: 9 });
  const metrics = [
    richMetric({
      kind: 'summary',
      descriptor: d('job.queue.wait', 's'),
      points: [{ attributes: { queue: 'q1' }, startTime: t0, endTime: now, value: summary }],
    }),
    richMetric({ kind: 'timer', descriptor: d('db.query', 's'), points: [{ attributes: {}, startTime: t0, endTime: now, value: { ...summary, rates } }] }),
    richMetric({ kind: 'meter', descriptor: d('orders', '{order}'), points: [{ attributes: {}, startTime: t0, endTime: now, value: rates }] }),
    richMetric({
      kind: 'go_no_go',
      descriptor: d('checkout', 'ms'),
      points: [
        {
          attributes: { shop: 's1' },
          startTime: t0,
          endTime: now,
          value: { go: stats(8, 40), noGo: stats(2, 18), outliers: 1, periodStartMillis: Date.now(), periodMillis: 60_000 },
        },
      ],
    }),
    richMetric({
      kind: 'tagged_histogram',
      descriptor: d('errors', ''),
      points: [{ attributes: {}, startTime: t0, endTime: now, value: { total: 6, overflow: 1, tagSets: [{ tags: { code: 'E1' }, count: 5 }] } }],
    }),
  ];
  return {
    collect: async () => ({
      resourceMetrics: { resource: resourceFromAttributes({}), scopeMetrics: [{ scope: { name: 'meterwork-rich' }, metrics }] },
      errors: [],
    }),
  };
}

function staticProducer(rm: ResourceMetrics): MetricProducer {
  return { collect: async () => ({ resourceMetrics: rm, errors: [] }) };
}

/** Serves `reader.requestHandler` without the `Accept` header, so Prometheus gets text 0.0.4. */
async function textOnlyServer(reader: PrometheusPullReader): Promise<Server> {
  const server = createServer((req, res) => {
    delete req.headers.accept;
    reader.requestHandler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

describeWithBinaries(['prometheus'])('Prometheus scrapes PrometheusPullReader', () => {
  let prom: Prometheus | undefined;
  let promUrl = '';
  let tmp = '';
  const servers: Server[] = [];
  const providers: MeterProvider[] = [];
  const fuzzStrings = adversarialStrings();

  async function query(q: string): Promise<Series[]> {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as { status: string; data: { result: Series[] } };
    if (body.status !== 'success') throw new Error(`query ${q} failed: ${JSON.stringify(body)}`);
    return body.data.result;
  }

  async function one(q: string): Promise<Series> {
    const result = await query(q);
    expect(result).toHaveLength(1);
    return result[0];
  }

  beforeAll(async () => {
    // Our endpoints.
    const reader = new PrometheusPullReader({ host: '127.0.0.1', port: 0, metricProducers: [richProducer()] });
    const provider = new MeterProvider({
      readers: [reader],
      resource: resourceFromAttributes({ 'service.name': 'scrape-test' }),
      views: [{ instrumentName: 'payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    });
    providers.push(provider);
    const meter = provider.getMeter('scrape-scope', '1.0.0');
    meter.createCounter('http.requests', { unit: '{request}', description: 'Requests' }).add(7, { route: '/a' });
    meter.createGauge('temperature', { unit: 'Cel', description: 'Temperature' }).record(21.5);
    const duration = meter.createHistogram('http.server.duration', { unit: 's', description: 'Duration' });
    for (const v of [0.05, 0.5, 7]) duration.record(v);
    const size = meter.createHistogram('payload.size', { unit: 'By', description: 'Payload size' });
    for (const v of [100, 2000, 3000]) size.record(v);
    const omAddress = await reader.startServer();
    const textServer = await textOnlyServer(reader);
    servers.push(textServer);

    const fuzzValues = fuzzValuesMetrics(fuzzStrings);
    const fuzzReader = new PrometheusPullReader({
      host: '127.0.0.1',
      port: 0,
      metricProducers: [staticProducer(fuzzValues), staticProducer(fuzzNamesMetrics(fuzzStrings))],
    });
    providers.push(new MeterProvider({ readers: [fuzzReader], resource: fuzzValues.resource }));
    const fuzzAddress = await fuzzReader.startServer();
    const fuzzTextServer = await textOnlyServer(fuzzReader);
    servers.push(fuzzTextServer);

    // Prometheus.
    prom = await startPrometheus(
      findBinary('prometheus')!,
      [
        { name: 'meterwork_om', port: omAddress.port },
        { name: 'meterwork_text', port: (textServer.address() as AddressInfo).port },
        { name: 'fuzz_om', port: fuzzAddress.port },
        { name: 'fuzz_text', port: (fuzzTextServer.address() as AddressInfo).port },
        // A 5 s scrape timeout: on a busy 2-core machine a scrape of the fuzz set (about 2 MB) took over 1 s.
      ],
      { scrapeIntervalSeconds: 5 },
    );
    promUrl = prom.url;
    tmp = prom.dir;
    await waitUntil('one scrape of every job', async () => (await query('up')).length === JOBS.length, 30000, prom.proc);
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
    for (const s of servers) await new Promise((r) => s.close(r));
    for (const p of providers) await p.shutdown();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 30_000);

  it('every scrape succeeds (up == 1), in both formats, fuzz data included', async () => {
    const up = await query('up');
    const failed = up.filter((s) => s.value[1] !== '1').map((s) => s.metric.job);
    if (failed.length > 0) {
      const targets = await (await fetch(`${promUrl}/api/v1/targets`)).json();
      throw new Error(`scrape failed for ${failed.join(', ')}: ${JSON.stringify(targets).slice(0, 4000)}`);
    }
    expect(up.map((s) => s.metric.job).sort()).toEqual([...JOBS].sort());
  });

  it('OpenMetrics was negotiated: _created series exist only for the OpenMetrics job', async () => {
    const created = await query('http_requests_created');
    expect(created.map((s) => s.metric.job)).toEqual(['meterwork_om']);
  });

  describe.each(['meterwork_om', 'meterwork_text'])('job %s', (job) => {
    const sel = `job="${job}"`;

    it('counter with labels, scope labels and _total', async () => {
      const s = await one(`http_requests_total{${sel}}`);
      expect(s.value[1]).toBe('7');
      expect(s.metric).toMatchObject({ route: '/a', otel_scope_name: 'scrape-scope', otel_scope_version: '1.0.0' });
    });

    it('gauge with unit suffix', async () => {
      expect((await one(`temperature_celsius{${sel}}`)).value[1]).toBe('21.5');
    });

    it('histogram buckets, sum and count', async () => {
      expect((await one(`http_server_duration_seconds_bucket{${sel},le="5"}`)).value[1]).toBe('2');
      expect((await one(`http_server_duration_seconds_bucket{${sel},le="+Inf"}`)).value[1]).toBe('3');
      expect((await one(`http_server_duration_seconds_count{${sel}}`)).value[1]).toBe('3');
      expect(Number((await one(`http_server_duration_seconds_sum{${sel}}`)).value[1])).toBeCloseTo(7.55);
    });

    it('exponential histogram converted to buckets', async () => {
      expect((await one(`payload_size_bytes_count{${sel}}`)).value[1]).toBe('3');
      const buckets = await query(`payload_size_bytes_bucket{${sel}}`);
      expect(buckets.length).toBeGreaterThan(2);
      const q = await one(`histogram_quantile(0.5, payload_size_bytes_bucket{${sel}})`);
      expect(Number(q.value[1])).toBeGreaterThan(1000);
      expect(Number(q.value[1])).toBeLessThan(3100);
    });

    it('summary from a reservoir, and timer rates', async () => {
      expect((await one(`job_queue_wait_seconds{${sel},quantile="0.5"}`)).value[1]).toBe('0.25');
      expect((await one(`job_queue_wait_seconds_count{${sel}}`)).value[1]).toBe('4');
      expect((await one(`db_query_seconds_rate{${sel},window="1m"}`)).value[1]).toBe('0.2');
    });

    it('meter, go/no-go and tagged histogram', async () => {
      expect((await one(`orders_total{${sel}}`)).value[1]).toBe('12');
      expect((await one(`orders_rate{${sel},window="5m"}`)).value[1]).toBe('0.1');
      expect((await one(`checkout_milliseconds_outcomes_total{${sel},outcome="go"}`)).value[1]).toBe('8');
      expect((await one(`checkout_milliseconds_mean{${sel},outcome="no_go"}`)).value[1]).toBe('9');
      expect((await one(`errors_total{${sel},code="E1"}`)).value[1]).toBe('5');
      expect((await one(`errors_total{${sel},otel_metric_overflow="true"}`)).value[1]).toBe('1');
    });

    it('target_info carries the resource', async () => {
      expect((await one(`target_info{${sel}}`)).metric.service_name).toBe('scrape-test');
    });
  });

  describe.each(['fuzz_om', 'fuzz_text'])('job %s', (job) => {
    it('every adversarial label value round-trips exactly', async () => {
      const series = await query(`fuzz_values{job="${job}"}`);
      expect(series).toHaveLength(fuzzStrings.length);
      for (const s of series) {
        const original = fuzzStrings[Number(s.metric.i)];
        // UTF-8 can't carry lone surrogates (they become U+FFFD); Prometheus drops empty labels.
        const expected = Buffer.from(original, 'utf8').toString('utf8');
        expect(s.metric.v ?? '').toBe(expected);
      }
    }, 30_000);
  });
});
