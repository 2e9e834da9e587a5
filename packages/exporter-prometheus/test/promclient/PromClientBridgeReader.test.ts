import { diag, ValueType } from '@opentelemetry/api';
import type { SummaryMetricData } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { Counter, Registry, type OpenMetricsContentType } from 'prom-client';
import { PromClientBridgeReader } from '../../src/promclient/PromClientBridgeReader';

/** A producer standing in for meterwork's: one summary with two quantiles. */
function summaryProducer(): MetricProducer {
  const data: SummaryMetricData = {
    kind: 'summary',
    descriptor: { name: 'rpc.duration', description: 'RPC time', unit: 's', valueType: ValueType.DOUBLE },
    points: [
      {
        startTime: [1, 0],
        endTime: [2, 0],
        attributes: { method: 'get' },
        value: {
          count: 4,
          sum: 2.5,
          min: 0.1,
          max: 1.5,
          mean: 0.625,
          stdDev: 0.5,
          quantiles: [
            { quantile: 0.5, value: 0.45 },
            { quantile: 0.99, value: 1.5 },
          ],
          dropped: 0,
        },
      },
    ],
  };
  const carrier = attachMeterworkData(
    { descriptor: data.descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints: [] },
    data,
  );
  return {
    collect: async () => ({ resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: { name: 'meterwork' }, metrics: [carrier] }] }, errors: [] }),
  };
}

function setup(producers: MetricProducer[] = []) {
  const registry = new Registry();
  // Scope labels and target_info (on by default, as in the serializer) are tested in test/regression/.
  const reader = new PromClientBridgeReader({ metricProducers: producers, withScopeLabels: false, withTargetInfo: false });
  const provider = new MeterProvider({ readers: [reader] });
  reader.registerWith(registry);
  return { registry, reader, provider, meter: provider.getMeter('app') };
}

describe('PromClientBridgeReader', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('validates options and the registry argument', () => {
    expect(() => new PromClientBridgeReader({ collectTimeoutMillis: -1 })).toThrow(/"collectTimeoutMillis"/);
    expect(() => new PromClientBridgeReader().registerWith({} as never)).toThrow(/prom-client Registry/);
  });

  it('shows OTel counters, gauges and histograms in registry.metrics() with Prometheus names and types', async () => {
    const { registry, meter, provider } = setup();
    new Counter({ name: 'legacy_total', help: 'existing prom-client metric', registers: [registry] }).inc(3);
    meter.createCounter('http.requests', { description: 'Requests' }).add(5, { 'http.method': 'GET', code: 200 });
    meter.createUpDownCounter('queue.size', { unit: 'By' }).add(-7);
    meter.createObservableGauge('cpu.usage', { unit: '1' }).addCallback((r) => r.observe(0.25));
    const h = meter.createHistogram('http.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1] } });
    h.record(0.05, { route: '/a' });
    h.record(0.5, { route: '/a' });
    h.record(5, { route: '/a' });

    const text = await registry.metrics();
    expect(text).toContain('legacy_total 3');
    expect(text).toContain('# HELP http_requests_total Requests\n# TYPE http_requests_total counter\nhttp_requests_total{http_method="GET",code="200"} 5');
    expect(text).toContain('# TYPE queue_size_bytes gauge\nqueue_size_bytes -7');
    expect(text).toContain('# TYPE cpu_usage_ratio gauge\ncpu_usage_ratio 0.25');
    expect(text).toContain('# TYPE http_duration_seconds histogram');
    expect(text).toContain('http_duration_seconds_bucket{route="/a",le="0.1"} 1');
    expect(text).toContain('http_duration_seconds_bucket{route="/a",le="1"} 2');
    expect(text).toContain('http_duration_seconds_bucket{route="/a",le="+Inf"} 3');
    expect(text).toContain('http_duration_seconds_sum{route="/a"} 5.55');
    expect(text).toContain('http_duration_seconds_count{route="/a"} 3');

    const json = await registry.getMetricsAsJSON();
    expect(json.map((m) => [m.name, m.type]).sort()).toEqual([
      ['cpu_usage_ratio', 'gauge'],
      ['http_duration_seconds', 'histogram'],
      ['http_requests_total', 'counter'],
      ['legacy_total', 'counter'],
      ['queue_size_bytes', 'gauge'],
    ]);
    await provider.shutdown();
  });

  it('picks up instruments created after registration on the very next scrape, and follows value changes', async () => {
    const { registry, meter, provider } = setup();
    expect(await registry.metrics()).not.toContain('late_total');
    const c = meter.createCounter('late');
    c.add(1);
    expect(await registry.metrics()).toContain('late_total 1');
    c.add(2);
    expect(await registry.metrics()).toContain('late_total 3');
    await provider.shutdown();
  });

  it('renders meterwork summaries as prom-client summaries', async () => {
    const { registry, provider } = setup([summaryProducer()]);
    const text = await registry.metrics();
    expect(text).toContain('# HELP rpc_duration_seconds RPC time\n# TYPE rpc_duration_seconds summary');
    expect(text).toContain('rpc_duration_seconds{method="get",quantile="0.5"} 0.45');
    expect(text).toContain('rpc_duration_seconds{method="get",quantile="0.99"} 1.5');
    expect(text).toContain('rpc_duration_seconds_sum{method="get"} 2.5');
    expect(text).toContain('rpc_duration_seconds_count{method="get"} 4');
    await provider.shutdown();
  });

  it('skips (diag.warn, no throw) an OTel metric whose name an existing prom-client metric has', async () => {
    const { registry, meter, provider } = setup();
    new Counter({ name: 'jobs_total', help: 'prom-client jobs', registers: [registry] }).inc(42);
    meter.createCounter('jobs').add(1);
    meter.createCounter('other').add(1);
    const text = await registry.metrics();
    expect(text).toContain('jobs_total 42');
    expect(text).not.toContain('jobs_total 1');
    expect(text).toContain('other_total 1');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('jobs_total is already registered'));
    await provider.shutdown();
  });

  it('drops (diag.warn) an OTel metric whose Prometheus name another OTel metric of another type has', async () => {
    const { registry, meter, provider } = setup();
    meter.createObservableGauge('clash').addCallback((r) => r.observe(1));
    meter.createHistogram('clash').record(2);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE clash gauge\nclash 1');
    expect(text).not.toContain('clash_bucket');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("conflicts with the gauge 'clash'"));
    await provider.shutdown();
  });

  it('works with OpenMetrics registries (counter family name without _total)', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const reader = new PromClientBridgeReader({ withScopeLabels: false, withTargetInfo: false });
    const provider = new MeterProvider({ readers: [reader] });
    reader.registerWith(registry);
    provider.getMeter('x').createCounter('hits').add(2);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE hits counter\nhits_total 2');
    expect(await registry.metrics()).toContain('hits_total 2');
    await provider.shutdown();
  });

  it('removes series that disappear and restores the registry on shutdown', async () => {
    const { registry, meter, provider } = setup();
    meter.createCounter('temp').add(1);
    await registry.metrics();
    expect(registry.getSingleMetric('temp_total')).toBeDefined();
    // a registry.merge() result reads our objects through get()
    expect(await Registry.merge([registry]).metrics()).toContain('temp_total 1');
    await provider.shutdown();
    expect(registry.getSingleMetric('temp_total')).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(registry, 'metrics')).toBe(false);
    expect(await registry.metrics()).toBe('\n');
  });

  it('serves the rest of the registry when collection fails (not bound to a provider)', async () => {
    const registry = new Registry();
    new Counter({ name: 'only_total', help: 'x', registers: [registry] }).inc();
    new PromClientBridgeReader().registerWith(registry);
    await expect(registry.metrics()).resolves.toContain('only_total 1');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('cannot collect'));
  });
});
