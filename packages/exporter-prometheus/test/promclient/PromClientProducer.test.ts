import { diag } from '@opentelemetry/api';
import { getMeterworkData, type SummaryMetricData } from '@meterwork/core';
import { DataPointType, MeterProvider, type GaugeMetricData, type HistogramMetricData, type MetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { PromClientProducer } from '../../src/promclient/PromClientProducer';
import { CollectOnlyReader } from '../util';

async function collect(registry: Registry): Promise<MetricData[]> {
  const { resourceMetrics, errors } = await new PromClientProducer({ registry }).collect();
  expect(errors).toEqual([]);
  expect(resourceMetrics.scopeMetrics).toHaveLength(1);
  expect(resourceMetrics.scopeMetrics[0]!.scope.name).toBe('prom-client');
  return resourceMetrics.scopeMetrics[0]!.metrics;
}

function byName(metrics: MetricData[], name: string): MetricData {
  const found = metrics.find((m) => m.descriptor.name === name);
  if (!found) throw new Error(`no metric ${name} in ${metrics.map((m) => m.descriptor.name).join(', ')}`);
  return found;
}

describe('PromClientProducer', () => {
  it('rejects a missing registry naming the option', () => {
    expect(() => new PromClientProducer({ registry: undefined as never })).toThrow(/"registry"/);
  });

  it('converts counters to monotonic sums and gauges to gauges, labels to attributes', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'jobs_total', help: 'Jobs done', labelNames: ['queue'], registers: [registry] });
    counter.inc({ queue: 'a' }, 3);
    counter.inc({ queue: 'b' });
    new Gauge({ name: 'queue_depth', help: 'Depth', registers: [registry] }).set(-4.5);
    const metrics = await collect(registry);

    const sum = byName(metrics, 'jobs_total') as SumMetricData;
    expect(sum.dataPointType).toBe(DataPointType.SUM);
    expect(sum.isMonotonic).toBe(true);
    expect(sum.descriptor.description).toBe('Jobs done');
    expect(sum.descriptor.unit).toBe('');
    expect(sum.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ queue: 'a' }, 3],
      [{ queue: 'b' }, 1],
    ]);
    const gauge = byName(metrics, 'queue_depth') as GaugeMetricData;
    expect(gauge.dataPointType).toBe(DataPointType.GAUGE);
    expect(gauge.dataPoints[0]!.value).toBe(-4.5);
  });

  it('converts histograms: bounds from le, cumulative counts to per-bucket counts', async () => {
    const registry = new Registry();
    const h = new Histogram({ name: 'latency_seconds', help: 'L', buckets: [0.1, 1, 10], labelNames: ['route'], registers: [registry] });
    for (const v of [0.05, 0.5, 0.7, 5, 50]) h.observe({ route: '/x' }, v);
    const metric = byName(await collect(registry), 'latency_seconds') as HistogramMetricData;
    expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(metric.dataPoints).toHaveLength(1);
    const point = metric.dataPoints[0]!;
    expect(point.attributes).toEqual({ route: '/x' });
    expect(point.value.buckets).toEqual({ boundaries: [0.1, 1, 10], counts: [1, 2, 1, 1] });
    expect(point.value.count).toBe(5);
    expect(point.value.sum).toBeCloseTo(56.25, 10);
  });

  it('converts summaries to meterwork summary rich data with the standard encoding', async () => {
    const registry = new Registry();
    const s = new Summary({ name: 'size_bytes', help: 'S', percentiles: [0.5, 0.9], labelNames: ['kind'], registers: [registry] });
    for (let i = 1; i <= 100; i++) s.observe({ kind: 'k' }, i);
    const metrics = await collect(registry);
    const quantileGauge = byName(metrics, 'size_bytes');
    const rich = getMeterworkData(quantileGauge) as SummaryMetricData;
    expect(rich.kind).toBe('summary');
    expect(rich.descriptor.name).toBe('size_bytes');
    expect(rich.points).toHaveLength(1);
    const v = rich.points[0]!.value;
    expect(rich.points[0]!.attributes).toEqual({ kind: 'k' });
    expect(v.count).toBe(100);
    expect(v.sum).toBe(5050);
    expect(v.mean).toBeCloseTo(50.5, 10);
    expect(v.quantiles.map((q) => q.quantile)).toEqual([0.5, 0.9]);
    expect(v.quantiles[0]!.value).toBeCloseTo(50.5, 0);
    expect(v.quantiles[1]!.value).toBeGreaterThan(85);
    // standard encoding: every carrier points at the same rich form
    expect(getMeterworkData(byName(metrics, 'size_bytes.count'))).toBe(rich);
    expect((byName(metrics, 'size_bytes.count') as SumMetricData).dataPoints[0]!.value).toBe(100);
    expect((quantileGauge as GaugeMetricData).dataPoints.map((p) => p.attributes)).toEqual([
      { kind: 'k', quantile: 0.5 },
      { kind: 'k', quantile: 0.9 },
    ]);
  });

  it('brings collectDefaultMetrics into an OTel reader next to SDK metrics', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const reader = new CollectOnlyReader({ metricProducers: [new PromClientProducer({ registry })] });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('app').createCounter('app.requests').add(2);
    // prom-client reports the CPU time used since collectDefaultMetrics(); the kernel
    // accounts it in ticks, so a collection right after registration can read 0 (seen
    // on Node 24): use some CPU first.
    const cpuAtStart = process.cpuUsage().user;
    while (process.cpuUsage().user - cpuAtStart < 20_000) Math.sqrt(Math.random());
    const { resourceMetrics } = await reader.collect();
    const scopes = resourceMetrics.scopeMetrics.map((s) => s.scope.name);
    expect(scopes).toEqual(expect.arrayContaining(['app', 'prom-client']));
    const prom = resourceMetrics.scopeMetrics.find((s) => s.scope.name === 'prom-client')!.metrics;
    const cpu = byName(prom, 'process_cpu_user_seconds_total') as SumMetricData;
    expect(cpu.isMonotonic).toBe(true);
    expect(cpu.dataPoints[0]!.value).toBeGreaterThan(0);
    expect(byName(prom, 'nodejs_eventloop_lag_seconds').dataPointType).toBe(DataPointType.GAUGE);
    expect(byName(prom, 'nodejs_gc_duration_seconds').dataPointType).toBe(DataPointType.HISTOGRAM);
    await provider.shutdown();
  });

  it('keeps NaN and infinite gauge values, drops non-numeric values of custom collectors with diag.warn', async () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const registry = new Registry();
    new Gauge({ name: 'not_a_number', help: 'n', registers: [registry] }).set(NaN);
    new Gauge({ name: 'infinite', help: 'i', registers: [registry] }).set(-Infinity);
    const custom = {
      name: 'custom',
      help: 'c',
      type: 'gauge',
      aggregator: 'sum',
      get: async () => ({
        name: 'custom',
        help: 'c',
        type: 'gauge',
        aggregator: 'sum',
        values: [
          { labels: {}, value: 'high' },
          { labels: { a: 'b' }, value: 2 },
        ],
      }),
    };
    registry.registerMetric(custom as never);
    const metrics = await collect(registry);
    expect((byName(metrics, 'not_a_number') as GaugeMetricData).dataPoints[0]!.value).toBeNaN();
    expect((byName(metrics, 'infinite') as GaugeMetricData).dataPoints[0]!.value).toBe(-Infinity);
    expect((byName(metrics, 'custom') as GaugeMetricData).dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ a: 'b' }, 2]]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('custom has a non-numeric value "high"'));
    warn.mockRestore();
  });

  it('reports a failing registry as a collection error instead of throwing', async () => {
    const registry = new Registry();
    new Gauge({
      name: 'broken',
      help: 'b',
      registers: [registry],
      collect() {
        throw new Error('boom');
      },
    });
    const { errors, resourceMetrics } = await new PromClientProducer({ registry }).collect();
    expect(errors).toHaveLength(1);
    expect(resourceMetrics.scopeMetrics[0]!.metrics).toEqual([]);
  });
});
