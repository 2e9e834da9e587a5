import { ValueType } from '@opentelemetry/api';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { splitMeterworkMetrics, type MeterworkAggregation, type SummaryValue } from '@meterwork/core';
import { ATTRS, allMetrics, build, metricNamed, pointValue, richOf } from './helpers';

describe('reservoir aggregations through a wrapped histogram', () => {
  const cases: Array<[string, MeterworkAggregation]> = [
    ['sliding_window', { type: 'sliding_window', size: 1000 }],
    ['sliding_time_window', { type: 'sliding_time_window', windowMillis: 60_000 }],
    ['bounded_time_window', { type: 'bounded_time_window', windowMillis: 60_000 }],
    ['uniform', { type: 'uniform', size: 1000 }],
    ['exponentially_decaying', { type: 'exponentially_decaying', size: 1000 }],
  ];

  it.each(cases)('%s: standard summary encoding and the rich form', async (_name, aggregation) => {
    const { meter, collect } = build([{ instrumentName: 'http.server.*', aggregation }]);
    const h = meter.createHistogram('http.server.request.duration', { unit: 's', description: 'Duration' });
    for (let i = 1; i <= 100; i++) h.record(i / 100, ATTRS);
    h.record(5, { ...ATTRS, 'http.route': '/other' });
    const rm = await collect();

    const scope = rm.scopeMetrics.find((s) => s.scope.name === 'test-lib');
    expect(scope?.scope.version).toBe('1.2.3');
    const q = metricNamed(rm, 'http.server.request.duration')!;
    expect(q.dataPointType).toBe(DataPointType.GAUGE);
    expect(q.descriptor.unit).toBe('s');
    expect(q.descriptor.description).toBe('Duration');
    const p50 = pointValue(rm, 'http.server.request.duration', { ...ATTRS, quantile: 0.5 })!;
    const p99 = pointValue(rm, 'http.server.request.duration', { ...ATTRS, quantile: 0.99 })!;
    expect(p50).toBeGreaterThan(0.45);
    expect(p50).toBeLessThan(0.56);
    expect(p99).toBeGreaterThan(0.95);
    expect(p99).toBeLessThanOrEqual(1.011);
    const quantilesReported = q.dataPoints.filter((p) => p.attributes['http.route'] === '/files').map((p) => p.attributes.quantile);
    expect(quantilesReported).toEqual([0.5, 0.75, 0.95, 0.98, 0.99, 0.999]);

    const count = metricNamed(rm, 'http.server.request.duration.count')!;
    expect(count.dataPointType).toBe(DataPointType.SUM);
    expect(count.dataPointType === DataPointType.SUM && count.isMonotonic).toBe(true);
    expect(pointValue(rm, 'http.server.request.duration.count', ATTRS)).toBe(100);
    expect(pointValue(rm, 'http.server.request.duration.sum', ATTRS)).toBeCloseTo(50.5, 9);
    expect(pointValue(rm, 'http.server.request.duration.min', ATTRS)).toBeCloseTo(0.01, 2);
    expect(pointValue(rm, 'http.server.request.duration.max', ATTRS)).toBeCloseTo(1, 1);
    expect(pointValue(rm, 'http.server.request.duration.count', { 'http.route': '/other' })).toBe(1);

    const { meterwork, plain } = splitMeterworkMetrics(allMetrics(rm));
    expect(plain).toEqual([]);
    expect(meterwork).toHaveLength(1);
    const rich = meterwork[0]!;
    expect(rich.kind).toBe('summary');
    expect(rich.descriptor).toEqual({ name: 'http.server.request.duration', description: 'Duration', unit: 's', valueType: ValueType.DOUBLE });
    expect(rich.points).toHaveLength(2);
    const v = rich.points[0]!.value as SummaryValue;
    expect(v.count).toBe(100);
    expect(v.samples).toBeUndefined();
    expect(rich.points[0]!.attributes).toEqual(ATTRS);
  });

  it('honours the view quantiles (sorted) and a sliding time window forgets old values but not the count', async () => {
    const { meter, collect, clock } = build([
      { instrumentName: 'latency', aggregation: { type: 'sliding_time_window', windowMillis: 10_000, quantiles: [0.9, 0.1] } },
    ]);
    const h = meter.createHistogram('latency');
    for (let i = 0; i < 10; i++) h.record(100);
    clock.now += 20_000;
    for (let i = 0; i < 10; i++) h.record(1);
    const rm = await collect();
    const q = metricNamed(rm, 'latency')!;
    expect(q.dataPoints.map((p) => [p.attributes.quantile, p.value])).toEqual([
      [0.1, 1],
      [0.9, 1],
    ]);
    expect(pointValue(rm, 'latency.count')).toBe(20);
    expect(pointValue(rm, 'latency.sum')).toBe(1010);
    expect(pointValue(rm, 'latency.max')).toBe(1);
  });

  it('leaves quantiles, min and max out while the window is empty', async () => {
    const { meter, collect, clock } = build([{ instrumentName: 'latency', aggregation: { type: 'sliding_time_window', windowMillis: 1000 } }]);
    meter.createHistogram('latency').record(3);
    clock.now += 5000;
    const rm = await collect();
    expect(metricNamed(rm, 'latency')).toBeUndefined();
    expect(metricNamed(rm, 'latency.max')).toBeUndefined();
    expect(pointValue(rm, 'latency.count')).toBe(1);
  });

  it('fills samples for cluster merging when the producer has includeSamples (weights for decaying)', async () => {
    const { meter, collect } = build(
      [
        { instrumentName: 'a', aggregation: { type: 'sliding_window', size: 10 } },
        { instrumentName: 'b', aggregation: { type: 'exponentially_decaying', size: 10 } },
      ],
      {},
      { includeSamples: true },
    );
    const a = meter.createHistogram('a');
    const b = meter.createHistogram('b');
    for (const v of [3, 1, 2]) {
      a.record(v);
      b.record(v);
    }
    const rm = await collect();
    const ra = richOf(metricNamed(rm, 'a')).points[0]!.value as SummaryValue;
    expect(ra.samples).toEqual([1, 2, 3]);
    expect(ra.sampleWeights).toBeUndefined();
    const rb = richOf(metricNamed(rm, 'b')).points[0]!.value as SummaryValue;
    expect(rb.samples).toEqual([1, 2, 3]);
    expect(rb.sampleWeights).toHaveLength(3);
  });
});
