/**
 * Meterwork data through OTel's own readers, end to end: a real scrape of
 * `@opentelemetry/exporter-prometheus` over loopback (checked by promtool)
 * and a PeriodicExportingMetricReader pushing to an in-memory exporter.
 */
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, DataPointType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { Meterwork, getMeterworkData, splitMeterworkMetrics } from '@meterwork/core';
import { freePort, requireBinary, runSync } from './helpers/process';

const views = [
  { instrumentName: 'http.server.request.duration', aggregation: { type: 'sliding_time_window', windowMillis: 60_000 } },
  { instrumentName: 'files.bytes_sent', aggregation: { type: 'meter' } },
  { instrumentName: 'http.client.request.duration', aggregation: { type: 'go_no_go' } },
  { instrumentName: 'conn.failures', aggregation: { type: 'tagged_histogram' } },
] as const;

function recordSome(provider: MeterProvider, mw: Meterwork): void {
  metrics.setGlobalMeterProvider(mw.wrap(provider));
  const meter = metrics.getMeter('some-lib');
  const h = meter.createHistogram('http.server.request.duration', { unit: 's' });
  for (let i = 1; i <= 50; i++) h.record(i / 100, { 'http.route': '/files', 'http.request.method': 'GET' });
  meter.createCounter('files.bytes_sent', { unit: 'By' }).add(4096);
  const client = meter.createHistogram('http.client.request.duration', { unit: 's' });
  client.record(0.2, { 'server.address': 'peer' });
  client.record(1.5, { 'server.address': 'peer', 'error.type': 'timeout' });
  meter.createCounter('conn.failures').add(2, { reason: 'refused' });
  meter.createCounter('plain.requests').add(3);
}

describe('meterwork through OTel readers', () => {
  afterEach(() => metrics.disable());

  it('a real Prometheus scrape shows our series and promtool parses them', async () => {
    const port = await freePort();
    const mw = new Meterwork({ views: [...views] });
    const exporter = await new Promise<PrometheusExporter>((resolve, reject) => {
      const e: PrometheusExporter = new PrometheusExporter({ host: '127.0.0.1', port, metricProducers: [mw.producer] }, (err) =>
        err ? reject(err) : resolve(e),
      );
    });
    const provider = new MeterProvider({ readers: [exporter] });
    try {
      recordSome(provider, mw);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/^http_server_request_duration\{http_request_method="GET",http_route="\/files",quantile="0\.99"[^}]*\} 0\.5$/m);
      expect(text).toMatch(/^http_server_request_duration_count_total\{[^}]*\} 50$/m);
      expect(text).toMatch(/^files_bytes_sent_total\{[^}]*\} 4096$/m);
      expect(text).toMatch(/^http_client_request_duration_count_total\{server_address="peer",outcome="no_go"[^}]*\} 1$/m);
      expect(text).toMatch(/^conn_failures_total\{reason="refused"[^}]*\} 2$/m);
      expect(text).toMatch(/^plain_requests_total\{[^}]*\} 3$/m);
      const promtool = requireBinary('promtool');
      if (promtool !== undefined) {
        const check = runSync(promtool, ['check', 'metrics'], text);
        // The text parses; the only lint promtool raises is about the
        // `quantile` label on our quantile gauges (a documented choice: a
        // GAUGE is the closest standard OTel type to a summary; our own
        // Prometheus bridge renders native summaries).
        const problems = (check.stdout + check.stderr).split('\n').filter((l) => l.trim() !== '');
        expect(problems.filter((l) => !l.includes('non-summary metrics should not have "quantile" label'))).toEqual([]);
      }
    } finally {
      await provider.shutdown();
    }
  });

  it('a PeriodicExportingMetricReader hands the rich form to its exporter', async () => {
    const mw = new Meterwork({ views: [...views] });
    const memory = new InMemoryMetricExporter(AggregationTemporality.DELTA);
    const reader = new PeriodicExportingMetricReader({
      exporter: memory,
      exportIntervalMillis: 60_000,
      metricProducers: [mw.createProducer({ temporality: (type) => memory.selectAggregationTemporality(type) })],
    });
    const provider = new MeterProvider({ readers: [reader] });
    try {
      recordSome(provider, mw);
      await reader.forceFlush();
      const rm = memory.getMetrics().at(-1)!;
      const all = rm.scopeMetrics.flatMap((s) => s.metrics);
      const { meterwork, plain } = splitMeterworkMetrics(all);
      expect(meterwork.map((m) => [m.kind, m.descriptor.name])).toEqual([
        ['summary', 'http.server.request.duration'],
        ['meter', 'files.bytes_sent'],
        ['go_no_go', 'http.client.request.duration'],
        ['tagged_histogram', 'conn.failures'],
      ]);
      expect(plain.map((m) => m.descriptor.name)).toEqual(['plain.requests']);
      // a producer with the reader's temporality: our sums are delta too, gauges stay cumulative
      const ours = all.filter((m) => getMeterworkData(m) !== undefined);
      expect(ours.filter((m) => m.dataPointType === DataPointType.SUM).every((m) => m.aggregationTemporality === AggregationTemporality.DELTA)).toBe(true);
      expect(ours.filter((m) => m.dataPointType === DataPointType.GAUGE).every((m) => m.aggregationTemporality === AggregationTemporality.CUMULATIVE)).toBe(
        true,
      );
      expect(ours.some((m) => m.dataPointType === DataPointType.SUM)).toBe(true);
    } finally {
      await provider.shutdown();
    }
  });
});
