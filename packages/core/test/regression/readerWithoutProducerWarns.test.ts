import { Meterwork } from '@meterwork/core';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { captureDiag, pointValue, PullReader } from '../sdk/otel/helpers';

// Issue: a reader without `metricProducers: [meterwork.producer]` silently lost every instrument our views select.
describe("a collection through a reader without meterwork's producer", () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diagCapture = captureDiag();
  });
  afterEach(() => diagCapture.restore());

  it('warns once, naming the reader and the instruments it misses; a reader with the producer never warns', async () => {
    const mw = new Meterwork({
      views: [
        { instrumentName: 'http.server.request.duration', aggregation: { type: 'uniform' } },
        { instrumentName: 'bytes.sent', aggregation: { type: 'meter' } },
      ],
    });
    const withProducer = new PullReader({ metricProducers: [mw.producer] });
    const without = new PullReader();
    const provider = new MeterProvider({ readers: [withProducer, without] });
    const meter = mw.wrap(provider).getMeter('shop');

    await without.collect(); // nothing is lost yet: no meterwork instrument exists
    expect(diagCapture.messages).toEqual([]);

    meter.createHistogram('http.server.request.duration').record(1);
    meter.createCounter('bytes.sent').add(10);
    await withProducer.collect();
    expect(diagCapture.messages).toEqual([]);

    await without.collect();
    await without.collect();
    expect(diagCapture.messages).toEqual([
      "meterwork: a PullReader collects without meterwork's producer, so it misses the instruments meterwork aggregates: " +
        '"http.server.request.duration" (meter "shop"), "bytes.sent" (meter "shop"); ' +
        'build the provider with meterwork.createMeterProvider({ readers }) or give the reader metricProducers: [meterwork.producer]',
    ]);
    // The reader with the producer still gets everything.
    expect(pointValue((await withProducer.collect()).resourceMetrics, 'bytes.sent')).toBe(10);
    await provider.shutdown();
  });

  it('does not warn for the readers of a provider built by createMeterProvider', async () => {
    const mw = new Meterwork({ views: [{ instrumentName: 'x', aggregation: { type: 'uniform' } }] });
    const reader = new PullReader();
    const provider = mw.createMeterProvider({ readers: [reader] });
    provider.getMeter('m').createHistogram('x').record(1);
    await reader.collect();
    expect(diagCapture.messages).toEqual([]);
    await provider.shutdown();
  });
});
