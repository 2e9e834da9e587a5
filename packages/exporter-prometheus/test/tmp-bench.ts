import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { PrometheusSerializer as OtelSerializer } from '@opentelemetry/exporter-prometheus';
import { PrometheusSerializer } from '../src/index';
import * as client from 'prom-client';
class R extends MetricReader { protected async onShutdown() {} protected async onForceFlush() {} }
(async () => {
  const N = 100_000;
  const r = new R({ cardinalitySelector: () => N + 10 });
  const mp = new MeterProvider({ readers: [r] });
  const c = mp.getMeter('bench').createCounter('bench.requests', { description: 'x' });
  for (let i = 0; i < N; i++) c.add(i, { method: 'GET', route: '/r' + (i % 100), id: String(i) });
  const ours = new PrometheusSerializer();
  const otel = new OtelSerializer();
  const reg = new client.Registry();
  const pc = new client.Counter({ name: 'bench_requests_total', help: 'x', labelNames: ['method', 'route', 'id'], registers: [reg] });
  for (let i = 0; i < N; i++) pc.inc({ method: 'GET', route: '/r' + (i % 100), id: String(i) }, i);
  const time = async (label: string, fn: () => Promise<unknown> | unknown) => {
    for (let k = 0; k < 2; k++) await fn();
    const t: number[] = [];
    for (let k = 0; k < 5; k++) { const s = process.hrtime.bigint(); await fn(); t.push(Number(process.hrtime.bigint() - s) / 1e6); }
    t.sort((a, b) => a - b);
    console.log(label.padEnd(40), 'median', t[2].toFixed(1), 'ms');
  };
  const rm = (await r.collect()).resourceMetrics;
  console.log('points', rm.scopeMetrics[0].metrics[0].dataPoints.length);
  await time('collect only', () => r.collect());
  await time('ours serialize text', () => ours.serialize(rm));
  await time('ours serialize openmetrics', () => ours.serialize(rm, 'openmetrics'));
  await time('ours chunks text', () => { let n = 0; for (const ch of ours.serializeChunks(rm)) n += ch.length; return n; });
  await time('otel serialize', () => otel.serialize(rm));
  await time('ours collect+serialize', async () => ours.serialize((await r.collect()).resourceMetrics));
  await time('otel collect+serialize', async () => otel.serialize((await r.collect()).resourceMetrics));
  await time('prom-client metrics()', () => reg.metrics());
})();
