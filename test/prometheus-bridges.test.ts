/**
 * The prom-client bridge scraped by a real Prometheus: an app that already
 * serves prom-client's `register.metrics()` shows OTel and meterwork metrics
 * on that same endpoint.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Meterwork } from '@meterwork/core';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Counter, Registry } from 'prom-client';
import { PromClientBridgeReader } from '@meterwork/exporter-prometheus';
import { describeWithBinaries, requireBinary, waitUntil } from './helpers/process';
import { startPrometheus, type Prometheus } from './fixtures/prometheus';

describeWithBinaries(['prometheus'])('prom-client bridge scraped by Prometheus', () => {
  let prometheus: Prometheus | undefined;
  let server: http.Server | undefined;
  let provider: MeterProvider | undefined;

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await provider?.shutdown();
  });

  it('serves prom-client, OTel and meterwork metrics from the app registry', async () => {
    const registry = new Registry();
    new Counter({ name: 'legacy_requests_total', help: 'prom-client counter', registers: [registry] }).inc(4);
    const meterwork = new Meterwork({ views: [{ instrumentName: 'rpc.duration', aggregation: { type: 'sliding_window', size: 100, quantiles: [0.5] } }] });
    const bridge = new PromClientBridgeReader({ metricProducers: [meterwork.producer] });
    provider = new MeterProvider({ readers: [bridge] });
    const meter = meterwork.wrap(provider).getMeter('app');
    meter.createCounter('jobs').add(7, { queue: 'q"1' });
    const duration = meter.createHistogram('rpc.duration', { unit: 's' });
    for (const v of [0.1, 0.2, 0.3, 0.4]) duration.record(v);
    bridge.registerWith(registry);

    server = http.createServer((_req, res) => {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        (err: Error) => res.writeHead(500).end(String(err)),
      );
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    prometheus = await startPrometheus(requireBinary('prometheus')!, [{ name: 'app', port }]);

    const value = async (q: string) => {
      const r = await prometheus!.query(q);
      return r.length === 1 ? Number(r[0]!.value[1]) : undefined;
    };
    await waitUntil('Prometheus scraped the app', async () => (await value('up{job="app"}')) === 1, 30000, prometheus.proc);
    expect(await value('legacy_requests_total{job="app"}')).toBe(4);
    expect(await value('jobs_total{job="app",queue="q\\"1"}')).toBe(7);
    // type 6 over 0.1..0.4: pos 2.5 -> 0.2 + 0.5 * (0.3 - 0.2)
    expect(await value('rpc_duration_seconds{job="app",quantile="0.5"}')).toBeCloseTo(0.25, 12);
    expect(await value('rpc_duration_seconds_count{job="app"}')).toBe(4);
  }, 60000);
});
