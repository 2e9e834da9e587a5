import { Meterwork, getMeterworkData } from '@meterwork/core';
import { metrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { allMetrics, captureDiag, metricNamed, pointValue, PullReader } from '../sdk/otel/helpers';

// Issue: matched instruments leave the SDK, so a reader built without `metricProducers: [meterwork.producer]` lost them.
describe("createMeterProvider puts meterwork's producer on every reader", () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diagCapture = captureDiag();
  });
  afterEach(() => diagCapture.restore());

  const views = [{ instrumentName: 'http.server.request.duration', aggregation: { type: 'sliding_window' as const, size: 10, quantiles: [0.5] } }];

  it("every reader, built without metricProducers, gets meterwork's metrics next to the SDK's, with the provider's resource", async () => {
    const mw = new Meterwork({ views });
    const pull = new PullReader();
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const periodic = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = mw.createMeterProvider({ readers: [pull, periodic], resource: resourceFromAttributes({ 'service.name': 'shop' }) });
    const meter = provider.getMeter('shop');
    meter.createHistogram('http.server.request.duration').record(0.25);
    meter.createCounter('orders').add(3);

    const fromPull = (await pull.collect()).resourceMetrics;
    await periodic.forceFlush();
    const fromPeriodic = exporter.getMetrics().at(-1)!;
    for (const rm of [fromPull, fromPeriodic]) {
      expect(pointValue(rm, 'http.server.request.duration', { quantile: 0.5 })).toBe(0.25);
      expect(getMeterworkData(metricNamed(rm, 'http.server.request.duration')!)).toBeDefined();
      expect(pointValue(rm, 'orders')).toBe(3);
      expect(rm.resource.attributes['service.name']).toBe('shop');
    }
    // The interception is gone once the provider bound the readers.
    expect(Object.prototype.hasOwnProperty.call(pull, 'setMetricProducer')).toBe(false);
    expect(diagCapture.messages).toEqual([]);
    await provider.shutdown();
  });

  it("a reader that already lists meterwork's producer gets it once, not twice", async () => {
    const mw = new Meterwork({ views });
    const reader = new PullReader({ metricProducers: [mw.producer] });
    const provider = mw.createMeterProvider({ readers: [reader] });
    provider.getMeter('shop').createHistogram('http.server.request.duration').record(1);
    const names = allMetrics((await reader.collect()).resourceMetrics).map((m) => m.descriptor.name);
    expect(names.filter((n) => n === 'http.server.request.duration')).toHaveLength(1);
    await provider.shutdown();
  });

  it('works as the global provider (the API returns our aggregations)', async () => {
    const mw = new Meterwork({ views });
    const reader = new PullReader();
    const provider = mw.createMeterProvider({ readers: [reader] });
    expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
    try {
      metrics.getMeter('lib').createHistogram('http.server.request.duration').record(2);
      const rm = (await reader.collect()).resourceMetrics;
      expect(pointValue(rm, 'http.server.request.duration.count')).toBe(1);
    } finally {
      metrics.disable();
      await provider.shutdown();
    }
  });

  it('leaves a reader untouched when the provider refuses it (already bound elsewhere)', () => {
    const mw = new Meterwork({ views });
    const reader = new PullReader();
    mw.createMeterProvider({ readers: [reader] });
    expect(() => mw.createMeterProvider({ readers: [reader] })).toThrow('MetricReader can not be bound to a MeterProvider again');
    expect(Object.prototype.hasOwnProperty.call(reader, 'setMetricProducer')).toBe(false);
  });
});
