import { Meterwork, getMeterworkData } from '@meterwork/core';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { captureDiag, metricNamed, pointValue, PullReader } from '../sdk/otel/helpers';

// Issue: apps started with @opentelemetry/sdk-node had no documented way in (NodeSDK registers the global provider itself).
// This is the README's recipe, step by step.
describe('the @opentelemetry/sdk-node recipe', () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  const env = { ...process.env };
  beforeEach(() => {
    diagCapture = captureDiag();
    // No exporters of NodeSDK's own (it would start OTLP trace and log exporters from the environment).
    process.env.OTEL_TRACES_EXPORTER = 'none';
    process.env.OTEL_LOGS_EXPORTER = 'none';
  });
  afterEach(() => {
    diagCapture.restore();
    process.env = env;
    for (const api of [metrics, trace, context, propagation]) api.disable();
  });

  it("NodeSDK with a reader carrying meterwork's producer, then the global provider re-registered wrapped", async () => {
    const meterwork = new Meterwork({
      views: [{ instrumentName: 'http.server.request.duration', aggregation: { type: 'sliding_window', size: 100, quantiles: [0.5] } }],
    });
    const reader = new PullReader({ metricProducers: [meterwork.producer] });
    const sdk = new NodeSDK({ metricReaders: [reader], autoDetectResources: false, serviceName: 'shop' });
    sdk.start();

    // NodeSDK registered its own MeterProvider: take it, wrap it, register the wrapper.
    const sdkProvider = metrics.getMeterProvider();
    metrics.disable();
    expect(metrics.setGlobalMeterProvider(meterwork.wrap(sdkProvider))).toBe(true);

    // Libraries use the plain API.
    const meter = metrics.getMeter('shop');
    const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
    for (const d of [0.1, 0.2, 0.3]) duration.record(d);
    meter.createCounter('orders').add(2);

    const rm = (await reader.collect()).resourceMetrics;
    expect(getMeterworkData(metricNamed(rm, 'http.server.request.duration')!)).toBeDefined();
    expect(pointValue(rm, 'http.server.request.duration', { quantile: 0.5 })).toBe(0.2);
    expect(pointValue(rm, 'orders')).toBe(2);
    expect(rm.resource.attributes['service.name']).toBe('shop');
    expect(diagCapture.messages.filter((m) => m.includes('meterwork'))).toEqual([]);
    await sdk.shutdown();
  });

  it('a NodeSDK reader without the producer is reported at its first collection', async () => {
    const meterwork = new Meterwork({ views: [{ instrumentName: 'jobs.run', aggregation: { type: 'meter' } }] });
    const reader = new PullReader();
    const sdk = new NodeSDK({ metricReaders: [reader], autoDetectResources: false });
    sdk.start();
    const sdkProvider = metrics.getMeterProvider();
    metrics.disable();
    metrics.setGlobalMeterProvider(meterwork.wrap(sdkProvider));
    metrics.getMeter('jobs').createCounter('jobs.run').add(1);
    await reader.collect();
    expect(diagCapture.messages.filter((m) => m.includes('meterwork'))).toEqual([
      expect.stringContaining(
        'a PullReader collects without meterwork\'s producer, so it misses the instruments meterwork aggregates: "jobs.run" (meter "jobs")',
      ),
    ]);
    await sdk.shutdown();
  });
});
