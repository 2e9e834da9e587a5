import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Meterwork, splitMeterworkMetrics } from '@meterwork/core';

/** OTel's own Prometheus exporter (a MetricReader) shows our series as standard data. */
describe('with @opentelemetry/exporter-prometheus', () => {
  it('serializes the standard encoding and keeps the rich form reachable', async () => {
    const mw = new Meterwork({
      views: [
        { instrumentName: 'http.server.request.duration', aggregation: { type: 'sliding_window', size: 100, quantiles: [0.5, 0.99] } },
        { instrumentName: 'bytes.sent', aggregation: { type: 'meter' } },
        { instrumentName: 'http.client.*', aggregation: { type: 'go_no_go' } },
      ],
    });
    const exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: [mw.producer] });
    const provider = new MeterProvider({ readers: [exporter] });
    const meter = mw.wrap(provider).getMeter('app');
    const h = meter.createHistogram('http.server.request.duration', { unit: 's' });
    for (let i = 1; i <= 10; i++) h.record(i, { route: '/a' });
    meter.createCounter('bytes.sent', { unit: 'By' }).add(1234);
    meter.createHistogram('http.client.duration').record(0.5, { 'error.type': 'timeout' });

    const { resourceMetrics, errors } = await exporter.collect();
    expect(errors).toEqual([]);
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    expect(splitMeterworkMetrics(all).meterwork.map((m) => m.kind)).toEqual(['summary', 'meter', 'go_no_go']);

    const text = new PrometheusSerializer().serialize(resourceMetrics);
    if (process.env.SHOW) console.log(text);
    expect(text).toMatch(/^http_server_request_duration\{route="\/a",quantile="0\.5",otel_scope_name="app"[^}]*\} 5(\.5)?$/m);
    expect(text).toMatch(/^http_server_request_duration_count(_total)?\{route="\/a"[^}]*\} 10$/m);
    expect(text).toMatch(/^http_server_request_duration_sum(_total)?\{route="\/a"[^}]*\} 55$/m);
    expect(text).toMatch(/^bytes_sent(_total)?\{[^}]*\} 1234$/m);
    expect(text).toMatch(/^bytes_sent_rate\{window="1m"[^}]*\} \d/m);
    expect(text).toMatch(/^http_client_duration_count(_total)?\{outcome="no_go"[^}]*\} 1$/m);
    await provider.shutdown();
  });
});
