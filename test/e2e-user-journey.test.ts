/**
 * The user journey across every package, against real servers: a library
 * that only knows the global OTel API, meterwork views (go/no-go, a sliding
 * time window summary, a meter), one MeterProvider with two readers sharing
 * `meterwork.producer` (our PrometheusPullReader scraped by a real Prometheus,
 * and a PeriodicExportingMetricReader writing to a real influxd 1.x), bad
 * input dropped with a diag warning, the same figures read back from both
 * stores, and a clean shutdown.
 */
import * as fs from 'fs';
import { diag, DiagLogLevel, metrics, type Attributes, type DiagLogger } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { Meterwork } from '@meterwork/core';
import { PrometheusPullReader } from '@meterwork/exporter-prometheus';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { describeWithBinaries, requireBinary, waitUntil } from './helpers/process';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';
import { startPrometheus, type Prometheus, type PromSeries } from './fixtures/prometheus';

/**
 * What a third-party library does: it knows only `@opentelemetry/api`, and
 * creates its instruments when it is loaded (here: after the app has set
 * the global provider).
 */
function loadHttpLibrary() {
  const meter = metrics.getMeter('lib', '2.1.0');
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's', description: 'Duration of HTTP server requests' });
  const dbDuration = meter.createHistogram('db.client.operation.duration', { unit: 's', description: 'Duration of database operations' });
  const bytesSent = meter.createCounter('bytes.sent', { unit: 'By', description: 'Response bytes sent' });
  const active = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}', description: 'In-flight requests' });
  return {
    requestStarted: (route: string) => active.add(1, { 'http.route': route }),
    requestEnded: (route: string, seconds: number, bytes: number, errorType?: string) => {
      active.add(-1, { 'http.route': route });
      const attributes: Attributes = { 'http.route': route, 'http.request.method': 'GET' };
      if (errorType !== undefined) attributes['error.type'] = errorType;
      duration.record(seconds, attributes);
      bytesSent.add(bytes, { 'http.route': route });
    },
    dbQuery: (seconds: number) => dbDuration.record(seconds, { 'db.system': 'postgresql' }),
  };
}

/** Label value with a double quote, a comma, a backslash and a newline. */
const WEIRD_ROUTE = '/say "hi", \\o/\nbye';
/** How it reads back from InfluxDB: line protocol cannot carry CR/LF, the exporter writes a space. */
const WEIRD_ROUTE_INFLUX = '/say "hi", \\o/ bye';

/** The known data set. `noGo` entries carry their `error.type`. */
const REQUESTS: Record<string, { go: Array<[number, number]>; noGo: Array<[number, number, string]> }> = {
  // [seconds, bytes] and [seconds, bytes, error.type]
  '/files': {
    go: [
      [0.012, 1500],
      [0.034, 2048],
      [0.056, 512],
      [0.25, 10000],
    ],
    noGo: [
      [1.5, 0, '500'],
      [0.75, 120, 'timeout'],
    ],
  },
  [WEIRD_ROUTE]: {
    go: [
      [0.1, 300],
      [0.3, 700],
    ],
    noGo: [],
  },
};
/** DB durations: 1..20 ms in a shuffled order (7 is coprime with 20). */
const DB_SECONDS = Array.from({ length: 20 }, (_, i) => (((i * 7) % 20) + 1) / 1000);
const QUANTILES = [0.5, 0.9, 0.99];

interface Stats {
  count: number;
  sum: number;
  mean: number;
  min: number;
  max: number;
}

/** Summed in recording order, like the aggregation (so float sums compare exactly). */
function stats(values: number[]): Stats {
  const sum = values.reduce((a, b) => a + b, 0);
  return { count: values.length, sum, mean: sum / values.length, min: Math.min(...values), max: Math.max(...values) };
}

/** Hyndman-Fan type 6 (`pos = q (n + 1)`), as documented for sliding time window snapshots. */
function quantileType6(values: number[], q: number): number {
  const x = [...values].sort((a, b) => a - b);
  const pos = q * (x.length + 1);
  if (pos < 1) return x[0];
  if (pos >= x.length) return x[x.length - 1];
  const lo = Math.floor(pos);
  return x[lo - 1] + (pos - lo) * (x[lo] - x[lo - 1]);
}

function sampleStdDev(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

describeWithBinaries(['prometheus', 'influxd'])('user journey: global API library -> meterwork views -> Prometheus and InfluxDB', () => {
  let influx: Influxd | undefined;
  let prom: Prometheus | undefined;
  let meterwork: Meterwork;
  let provider: MeterProvider | undefined;
  let promReader: PrometheusPullReader | undefined;
  let exporter: InfluxMetricExporter;
  let endpoint = '';
  const warnings: string[] = [];
  const errors: string[] = [];

  // The expected figures, from the data set.
  const goByRoute = new Map<string, Stats>();
  const noGoByRoute = new Map<string, Stats>();
  for (const [route, r] of Object.entries(REQUESTS)) {
    goByRoute.set(route, stats(r.go.map(([s]) => s)));
    if (r.noGo.length > 0) noGoByRoute.set(route, stats(r.noGo.map(([s]) => s)));
  }
  const bytesRecorded: number[] = [];
  for (const r of Object.values(REQUESTS)) for (const [, bytes] of [...r.go, ...r.noGo]) bytesRecorded.push(bytes);
  const bytesByRoute = new Map(Object.entries(REQUESTS).map(([route, r]) => [route, [...r.go, ...r.noGo].reduce((a, [, b]) => a + b, 0)]));
  const db = stats(DB_SECONDS);

  beforeAll(async () => {
    const capture: DiagLogger = {
      error: (m, ...a) => errors.push([m, ...a].map(String).join(' ')),
      warn: (m, ...a) => warnings.push([m, ...a].map(String).join(' ')),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    };
    diag.setLogger(capture, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });

    // The application's setup.
    meterwork = new Meterwork({
      views: [
        { instrumentName: 'http.server.request.duration', aggregation: { type: 'go_no_go' } },
        { instrumentName: 'db.client.operation.duration', aggregation: { type: 'sliding_time_window', windowMillis: 600_000, quantiles: QUANTILES } },
        { instrumentName: 'bytes.sent', instrumentType: 'COUNTER', aggregation: { type: 'meter' } },
      ],
    });
    promReader = new PrometheusPullReader({ host: '127.0.0.1', port: 0, metricProducers: [meterwork.producer] });
    const address = await promReader.startServer();
    endpoint = address.url;

    // Both servers at once (Prometheus' first scrape comes ~5 s after it starts: its target updates are throttled).
    const [promStarted, influxStarted] = await Promise.allSettled([
      startPrometheus(requireBinary('prometheus')!, [{ name: 'app', port: address.port }]),
      startInfluxd(requireBinary('influxd')!, { auth: false }),
    ]);
    if (promStarted.status === 'fulfilled') prom = promStarted.value;
    if (influxStarted.status === 'fulfilled') influx = influxStarted.value;
    for (const r of [promStarted, influxStarted]) if (r.status === 'rejected') throw r.reason;
    await influx!.query('CREATE DATABASE app');

    exporter = new InfluxMetricExporter({
      url: influx!.url,
      v1: { database: 'app' },
      retry: { initialDelayMillis: 50, maxDelayMillis: 200 },
      flushTimeoutMillis: 20_000,
    });
    provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'e2e-app' }),
      readers: [promReader, new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000, metricProducers: [meterwork.producer] })],
    });
    metrics.setGlobalMeterProvider(meterwork.wrap(provider));
  }, 90_000);

  afterAll(async () => {
    metrics.disable();
    diag.disable();
    await provider?.shutdown().catch(() => undefined);
    await promReader?.stopServer().catch(() => undefined);
    for (const server of [prom, influx]) {
      if (server === undefined) continue;
      await server.stop();
      fs.rmSync(server.dir, { recursive: true, force: true });
    }
  }, 30_000);

  async function promOne(q: string): Promise<PromSeries> {
    const result = await prom!.query(q);
    expect(result).toHaveLength(1);
    return result[0];
  }

  async function promValue(q: string): Promise<number> {
    return Number((await promOne(q)).value[1]);
  }

  it('records the data set through the library; bad input never throws, is warned about', () => {
    const lib = loadHttpLibrary();
    expect(() => {
      for (const [route, r] of Object.entries(REQUESTS)) {
        for (const [seconds, bytes] of r.go) {
          lib.requestStarted(route);
          lib.requestEnded(route, seconds, bytes);
        }
        for (const [seconds, bytes, errorType] of r.noGo) {
          lib.requestStarted(route);
          lib.requestEnded(route, seconds, bytes, errorType);
        }
      }
      for (const s of DB_SECONDS) lib.dbQuery(s);
      lib.requestStarted('/slow'); // still in flight

      // Bad input, on every meterwork instrument, go and no-go alike.
      for (const bad of [NaN, Infinity, -Infinity, -0.5, '0.2' as unknown as number]) {
        lib.requestStarted('/files');
        lib.requestEnded('/files', bad, bad);
        lib.requestStarted('/files');
        lib.requestEnded('/files', bad, bad, '500');
        lib.dbQuery(bad);
      }
    }).not.toThrow();

    const ours = warnings.filter((w) => w.startsWith('meterwork: instrument'));
    for (const name of ['http.server.request.duration', 'db.client.operation.duration', 'bytes.sent']) {
      expect(ours).toContainEqual(expect.stringContaining(`instrument "${name}": dropped non-finite value NaN`));
      expect(ours).toContainEqual(expect.stringContaining(`instrument "${name}": dropped negative value -0.5`));
    }
    expect(errors).toEqual([]);
  });

  it('the endpoint serves no NaN or Inf sample', async () => {
    const res = await fetch(endpoint);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('http_server_request_duration_seconds_outcomes_total');
    expect(text).not.toMatch(/NaN|Inf/);
  });

  it('a real Prometheus scrapes the exact figures', async () => {
    const recordedAtMillis = Date.now();
    // A scrape that started after the recording (scrape timestamps are their start time).
    await waitUntil(
      'a successful scrape after the recording',
      async () => {
        // Instant queries answer with the evaluation time; timestamp() gives the scrape's.
        const [up] = await prom!.query('up{job="app"}');
        const [scrapedAt] = await prom!.query('timestamp(up{job="app"})');
        return up?.value[1] === '1' && Number(scrapedAt?.value[1]) * 1000 > recordedAtMillis;
      },
      30_000,
      prom!.proc,
    );

    // Go/no-go per outcome and route; the error.type attribute is not a label.
    const outcomes = await prom!.query('http_server_request_duration_seconds_outcomes_total{job="app"}');
    const byRouteOutcome = new Map(outcomes.map((s) => [`${s.metric.http_route}|${s.metric.outcome}`, s]));
    expect(outcomes).toHaveLength(2 * goByRoute.size); // both outcomes of every route, 0 included
    for (const [outcome, expected] of [
      ['go', goByRoute],
      ['no_go', noGoByRoute],
    ] as const) {
      for (const route of Object.keys(REQUESTS)) {
        const st = expected.get(route);
        const s = byRouteOutcome.get(`${route}|${outcome}`);
        expect(s).toBeDefined(); // also: the weird label value round-tripped exactly
        expect(Number(s!.value[1])).toBe(st?.count ?? 0);
        expect(s!.metric).toMatchObject({ http_request_method: 'GET', otel_scope_name: 'lib', otel_scope_version: '2.1.0' });
        expect(s!.metric).not.toHaveProperty('error_type');
        const sel = `job="app",outcome="${outcome}",http_route=${JSON.stringify(route)}`;
        if (st === undefined) {
          // mean/min/max only for outcomes with values
          expect(await prom!.query(`{__name__=~"http_server_request_duration_seconds_(mean|min|max)",${sel}}`)).toEqual([]);
          continue;
        }
        expect(await promValue(`http_server_request_duration_seconds_mean{${sel}}`)).toBe(st.mean);
        expect(await promValue(`http_server_request_duration_seconds_min{${sel}}`)).toBe(st.min);
        expect(await promValue(`http_server_request_duration_seconds_max{${sel}}`)).toBe(st.max);
      }
    }
    expect(await promValue('sum(http_server_request_duration_seconds_outliers_total{job="app"})')).toBe(0);

    // Summary over the sliding time window.
    for (const q of QUANTILES) {
      expect(await promValue(`db_client_operation_duration_seconds{job="app",quantile="${q}"}`)).toBeCloseTo(quantileType6(DB_SECONDS, q), 12);
    }
    expect(await promValue('db_client_operation_duration_seconds_count{job="app"}')).toBe(db.count);
    expect(await promValue('db_client_operation_duration_seconds_sum{job="app"}')).toBe(db.sum);
    expect((await promOne('db_client_operation_duration_seconds_count{job="app"}')).metric.db_system).toBe('postgresql');

    // Meter: the total per route (bad increments absent); rates exist per window.
    for (const [route, total] of bytesByRoute) {
      expect(await promValue(`bytes_sent_total{job="app",http_route=${JSON.stringify(route)}}`)).toBe(total);
    }
    expect(await promValue('sum(bytes_sent_total{job="app"})')).toBe(bytesRecorded.reduce((a, b) => a + b, 0));
    const windows = (await prom!.query('bytes_sent_rate{job="app",http_route="/files"}')).map((s) => s.metric.window).sort();
    expect(windows).toEqual(['15m', '1m', '5m', 'mean']);

    // The SDK's own up-down counter, next to ours.
    expect(await promValue('http_server_active_requests{job="app",http_route="/files"}')).toBe(0);
    expect(await promValue('http_server_active_requests{job="app",http_route="/slow"}')).toBe(1);

    // Nothing non-finite anywhere in the job's series.
    const all = await prom!.query('{job="app"}');
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((s) => !Number.isFinite(Number(s.value[1]))).map((s) => s.metric)).toEqual([]);
  }, 60_000);

  it('after a flush, influxd holds the same figures as float fields', async () => {
    await provider!.forceFlush();
    expect(exporter.stats).toMatchObject({ rejectedLines: 0 });

    const gonogo = rows(await influx!.query('SELECT * FROM "http.server.request.duration" GROUP BY *', 'app'));
    expect(gonogo).toHaveLength(Object.keys(REQUESTS).length);
    for (const [route, go] of goByRoute) {
      const influxRoute = route === WEIRD_ROUTE ? WEIRD_ROUTE_INFLUX : route;
      const row = gonogo.find((r) => r['http.route'] === influxRoute);
      expect(row).toBeDefined();
      expect(row).toMatchObject({
        'http.request.method': 'GET',
        'service.name': 'e2e-app',
        'otel.library.name': 'lib',
        'otel.library.version': '2.1.0',
        go_count: go.count,
        go_sum: go.sum,
        go_mean: go.mean,
        go_min: go.min,
        go_max: go.max,
        outliers: 0,
      });
      expect(row).not.toHaveProperty('error.type');
      const noGo = noGoByRoute.get(route);
      if (noGo === undefined) {
        expect(row!.no_go_count).toBe(0);
      } else {
        expect(row).toMatchObject({ no_go_count: noGo.count, no_go_sum: noGo.sum, no_go_mean: noGo.mean, no_go_min: noGo.min, no_go_max: noGo.max });
      }
    }

    const [summary, ...moreSummaries] = rows(await influx!.query('SELECT * FROM "db.client.operation.duration" GROUP BY *', 'app'));
    expect(moreSummaries).toEqual([]);
    expect(summary).toMatchObject({ 'db.system': 'postgresql', count: db.count, sum: db.sum, min: db.min, max: db.max });
    // The snapshot's mean is computed over its sorted values: equal to sum / count up to rounding.
    expect(summary.mean as number).toBeCloseTo(db.mean, 15);
    expect(summary.stddev as number).toBeCloseTo(sampleStdDev(DB_SECONDS), 12);
    for (const q of QUANTILES) expect(summary[String(q)] as number).toBeCloseTo(quantileType6(DB_SECONDS, q), 12);

    const meter = rows(await influx!.query('SELECT * FROM "bytes.sent" GROUP BY *', 'app'));
    expect(meter).toHaveLength(bytesByRoute.size);
    for (const [route, total] of bytesByRoute) {
      const influxRoute = route === WEIRD_ROUTE ? WEIRD_ROUTE_INFLUX : route;
      expect(meter.find((r) => r['http.route'] === influxRoute)).toMatchObject({ count: total, m1_rate: expect.any(Number), mean_rate: expect.any(Number) });
    }

    const active = rows(await influx!.query('SELECT * FROM "http.server.active_requests" GROUP BY *', 'app'));
    expect(active.map((r) => [r['http.route'], r.gauge]).sort()).toEqual(
      [
        ['/files', 0],
        ['/slow', 1],
        [WEIRD_ROUTE_INFLUX, 0],
      ].sort(),
    );

    // The standard-encoded siblings of our rich data are not written.
    const measurements = rows(await influx!.query('SHOW MEASUREMENTS', 'app')).map((r) => String(r.name));
    expect(measurements.filter((m) => /\.(count|sum|mean|min|max|rate|outcomes|outliers)$/.test(m))).toEqual([]);
    const fieldTypes = rows(await influx!.query('SHOW FIELD KEYS', 'app'));
    expect(new Set(fieldTypes.map((r) => r.fieldType))).toEqual(new Set(['float']));
    expect(errors).toEqual([]);
  }, 60_000);

  it('provider.shutdown() resolves and stops our endpoint', async () => {
    await expect(provider!.shutdown()).resolves.toBeUndefined();
    await expect(fetch(endpoint)).rejects.toThrow();
    expect(errors).toEqual([]);
  }, 60_000);
});
