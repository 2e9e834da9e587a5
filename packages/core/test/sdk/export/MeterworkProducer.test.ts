import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Meterwork, splitMeterworkMetrics } from '@meterwork/core';
import { PullReader, allMetrics, build, metricNamed, pointValue, setupPeriodic } from '../otel/helpers';

describe('readers', () => {
  it('merges into a PeriodicExportingMetricReader with an in-memory exporter, symbol intact', async () => {
    const mw = new Meterwork({ views: [{ instrumentName: 'd', aggregation: { type: 'sliding_window', size: 10 } }] });
    const { provider, flush } = setupPeriodic(mw.producer);
    const meter = mw.wrap(provider).getMeter('app');
    meter.createHistogram('d').record(4);
    meter.createCounter('plain').add(1);
    const rm = await flush();
    const { meterwork, plain } = splitMeterworkMetrics(allMetrics(rm));
    expect(meterwork.map((m) => m.kind)).toEqual(['summary']);
    expect(plain.map((m) => m.descriptor.name)).toEqual(['plain']);
    expect(pointValue(rm, 'd', { quantile: 0.5 })).toBe(4);
    await provider.shutdown();
  });

  it('serves several readers the same cumulative data', async () => {
    const mw = new Meterwork({ views: [{ instrumentName: 'x', aggregation: { type: 'sliding_window', size: 10 } }] });
    const a = new PullReader({ metricProducers: [mw.producer] });
    const b = new PullReader({ metricProducers: [mw.producer] });
    const provider = new MeterProvider({ readers: [a, b] });
    const h = mw.wrap(provider).getMeter('m').createHistogram('x');
    h.record(1);
    const first = (await a.collect()).resourceMetrics;
    h.record(2);
    const fromA = (await a.collect()).resourceMetrics;
    const fromB = (await b.collect()).resourceMetrics;
    expect(pointValue(first, 'x.count')).toBe(1);
    expect(pointValue(fromA, 'x.count')).toBe(2);
    expect(pointValue(fromB, 'x.count')).toBe(2);
    await provider.shutdown();
  });

  it('stops reporting after shutdown', async () => {
    const { mw, meter, collect } = build([{ instrumentName: 'x', aggregation: { type: 'uniform' } }]);
    meter.createHistogram('x').record(1);
    expect(pointValue(await collect(), 'x.count')).toBe(1);
    await mw.shutdown();
    expect(metricNamed(await collect(), 'x.count')).toBeUndefined();
  });
});
