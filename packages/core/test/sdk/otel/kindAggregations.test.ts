import { ValueType } from '@opentelemetry/api';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { type TimerValue } from '@meterwork/core';
import { allMetrics, build, metricNamed, pointValue, richOf } from './helpers';

describe('meter, timer, go/no-go, tagged histogram', () => {
  it('meter on a counter: count SUM and rate gauges per window', async () => {
    const { meter, collect, clock } = build([{ instrumentName: 'bytes.sent', aggregation: { type: 'meter' } }]);
    const c = meter.createCounter('bytes.sent', { unit: 'By' });
    c.add(1000, { peer: 'a' });
    c.add(500, { peer: 'a' });
    clock.now += 5000;
    const rm = await collect();
    const count = metricNamed(rm, 'bytes.sent')!;
    expect(count.dataPointType === DataPointType.SUM && count.isMonotonic).toBe(true);
    expect(pointValue(rm, 'bytes.sent', { peer: 'a' })).toBe(1500);
    expect(metricNamed(rm, 'bytes.sent.rate')!.descriptor.unit).toBe('By/s');
    expect(pointValue(rm, 'bytes.sent.rate', { peer: 'a', window: '1m' })).toBeCloseTo(300, 6);
    expect(pointValue(rm, 'bytes.sent.rate', { peer: 'a', window: 'mean' })).toBeCloseTo(300, 6);
    expect(pointValue(rm, 'bytes.sent.rate', { window: '15m' })).toBeGreaterThan(0);
    const rich = richOf(count);
    expect(rich.kind).toBe('meter');
  });

  it('timer: summary of durations plus rates, default decaying reservoir', async () => {
    const { meter, collect, clock } = build([{ instrumentName: 'request.duration', aggregation: { type: 'timer' } }]);
    const h = meter.createHistogram('request.duration', { unit: 's' });
    for (let i = 1; i <= 10; i++) h.record(i / 10);
    clock.now += 5000;
    const rm = await collect();
    expect(pointValue(rm, 'request.duration.count')).toBe(10);
    expect(pointValue(rm, 'request.duration', { quantile: 0.5 })).toBeGreaterThan(0.4);
    expect(pointValue(rm, 'request.duration.rate', { window: '1m' })).toBeCloseTo(2, 6);
    const rich = richOf(metricNamed(rm, 'request.duration'));
    expect(rich.kind).toBe('timer');
    const v = rich.points[0]!.value as TimerValue;
    expect(v.rates.count).toBe(10);
    expect(v.max).toBe(1);
  });

  it('go/no-go classifies by error.type, which is not part of the series key', async () => {
    const { meter, collect } = build([{ instrumentName: 'http.client.request.duration', aggregation: { type: 'go_no_go' } }]);
    const h = meter.createHistogram('http.client.request.duration', { unit: 's' });
    h.record(0.1, { 'http.request.method': 'GET' });
    h.record(0.3, { 'http.request.method': 'GET' });
    h.record(2, { 'http.request.method': 'GET', 'error.type': 'timeout' });
    h.record(1, { 'http.request.method': 'POST', 'error.type': '500' });
    const rm = await collect();
    const get = { 'http.request.method': 'GET' };
    expect(pointValue(rm, 'http.client.request.duration.count', { ...get, outcome: 'go' })).toBe(2);
    expect(pointValue(rm, 'http.client.request.duration.count', { ...get, outcome: 'no_go' })).toBe(1);
    expect(pointValue(rm, 'http.client.request.duration.sum', { ...get, outcome: 'go' })).toBeCloseTo(0.4, 9);
    expect(pointValue(rm, 'http.client.request.duration.mean', { ...get, outcome: 'go' })).toBeCloseTo(0.2, 9);
    expect(pointValue(rm, 'http.client.request.duration.max', { ...get, outcome: 'no_go' })).toBe(2);
    expect(pointValue(rm, 'http.client.request.duration.min', { ...get, outcome: 'go' })).toBe(0.1);
    expect(pointValue(rm, 'http.client.request.duration.outliers', get)).toBe(0);
    // no mean/min/max points for an outcome without values
    expect(pointValue(rm, 'http.client.request.duration.mean', { 'http.request.method': 'POST', outcome: 'go' })).toBeUndefined();
    const rich = richOf(metricNamed(rm, 'http.client.request.duration.count'));
    expect(rich.kind).toBe('go_no_go');
    expect(rich.points.map((p) => p.attributes)).toEqual([get, { 'http.request.method': 'POST' }]);
    for (const m of allMetrics(rm)) {
      for (const p of m.dataPoints) expect(p.attributes['error.type']).toBeUndefined();
    }
  });

  it('go/no-go with a custom error attribute counts outliers and reports them', async () => {
    const seen: Array<{ name: string; value: number }> = [];
    const { meter, collect } = build(
      [{ instrumentName: 'job.duration', aggregation: { type: 'go_no_go', errorAttribute: 'failed', outliers: { k: 3, minSamples: 5 } } }],
      { onOutlier: (e) => seen.push({ name: e.name, value: e.value }) },
    );
    const h = meter.createHistogram('job.duration');
    for (const v of [10, 11, 9, 10, 11, 9, 10]) h.record(v);
    h.record(100);
    h.record(5, { failed: true });
    const rm = await collect();
    expect(pointValue(rm, 'job.duration.outliers')).toBe(1);
    expect(seen).toEqual([{ name: 'job.duration', value: 100 }]);
    expect(pointValue(rm, 'job.duration.count', { outcome: 'no_go' })).toBe(1);
  });

  it('go/no-go reports outliers to onOutlier with the default outlier settings too', async () => {
    const seen: number[] = [];
    const { meter, collect } = build([{ instrumentName: 'op.duration', aggregation: { type: 'go_no_go' } }], {
      onOutlier: (e) => seen.push(e.value),
    });
    const h = meter.createHistogram('op.duration');
    for (let i = 0; i < 30; i++) h.record(i % 2 === 0 ? 1 : 2); // minSamples 30 (default)
    h.record(50);
    expect(seen).toEqual([50]);
    expect(pointValue(await collect(), 'op.duration.outliers')).toBe(1);
  });

  it('marks quantiles, rates and means DOUBLE for an INT instrument (OTLP writes INT points as asInt)', async () => {
    const { meter, collect } = build([
      { instrumentName: 'q', aggregation: { type: 'timer', reservoir: { type: 'sliding_window', size: 10 } } },
      { instrumentName: 'm', aggregation: { type: 'meter' } },
      { instrumentName: 'g', aggregation: { type: 'go_no_go' } },
    ]);
    const q = meter.createHistogram('q', { valueType: ValueType.INT });
    q.record(1);
    q.record(2);
    meter.createCounter('m', { valueType: ValueType.INT }).add(3);
    meter.createHistogram('g', { valueType: ValueType.INT }).record(3);
    const rm = await collect();
    const typeOf = (name: string) => metricNamed(rm, name)?.descriptor.valueType;
    expect(pointValue(rm, 'q', { quantile: 0.5 })).toBe(1.5);
    for (const name of ['q', 'q.rate', 'm.rate', 'g.mean']) expect([name, typeOf(name)]).toEqual([name, ValueType.DOUBLE]);
    for (const name of ['q.count', 'q.sum', 'q.min', 'q.max', 'm', 'g.count', 'g.sum', 'g.min']) {
      expect([name, typeOf(name)]).toEqual([name, ValueType.INT]);
    }
  });

  it('tagged histogram on a histogram counts measurements, not their values', async () => {
    const { meter, collect } = build([{ instrumentName: 'conn.*', aggregation: { type: 'tagged_histogram' } }]);
    const h = meter.createHistogram('conn.time');
    h.record(0.25, { tls: 'expired' });
    h.record(3.5, { tls: 'expired' });
    h.record(0, { dns: 'nores' });
    const g = meter.createGauge('conn.queue');
    g.record(-4, { q: 'a' });
    const rm = await collect();
    expect(pointValue(rm, 'conn.time', { tls: 'expired' })).toBe(2);
    expect(pointValue(rm, 'conn.time', { dns: 'nores' })).toBe(1);
    expect(pointValue(rm, 'conn.queue', { q: 'a' })).toBe(1);
    expect((richOf(metricNamed(rm, 'conn.time')).points[0]!.value as { total: number }).total).toBe(3);
  });

  it('tagged histogram: a SUM per tag set with maxTagSets and the overflow', async () => {
    const { meter, collect } = build([{ instrumentName: 'conn.failures', aggregation: { type: 'tagged_histogram', maxTagSets: 2 } }]);
    const c = meter.createCounter('conn.failures');
    c.add(1, { reason: 'timeout' });
    c.add(2, { reason: 'refused' });
    c.add(1, { reason: 'timeout' });
    c.add(5, { reason: 'reset' });
    c.add(1, { reason: 'dns' });
    const rm = await collect();
    expect(pointValue(rm, 'conn.failures', { reason: 'timeout' })).toBe(2);
    expect(pointValue(rm, 'conn.failures', { reason: 'refused' })).toBe(2);
    expect(pointValue(rm, 'conn.failures', { 'otel.metric.overflow': true })).toBe(6);
    const rich = richOf(metricNamed(rm, 'conn.failures'));
    expect(rich.kind).toBe('tagged_histogram');
    expect(rich.points[0]!.value).toEqual({
      total: 10,
      overflow: 6,
      tagSets: [
        { tags: { reason: 'timeout' }, count: 2 },
        { tags: { reason: 'refused' }, count: 2 },
      ],
    });
  });

  it('createGoNoGo records lws-style through the same producer', async () => {
    const { mw, collect } = build([]);
    const g = mw.createGoNoGo('upload.bytes', { unit: 'By', meterName: 'uploads' });
    g.go(100, { peer: 'a' });
    g.go(300, { peer: 'a' });
    g.noGo(50, { peer: 'a' });
    const rm = await collect();
    expect(rm.scopeMetrics.find((s) => s.scope.name === 'uploads')).toBeDefined();
    expect(pointValue(rm, 'upload.bytes.count', { peer: 'a', outcome: 'go' })).toBe(2);
    expect(pointValue(rm, 'upload.bytes.mean', { peer: 'a', outcome: 'go' })).toBe(200);
    expect(pointValue(rm, 'upload.bytes.sum', { peer: 'a', outcome: 'no_go' })).toBe(50);
    expect(() => mw.createGoNoGo('1bad')).toThrow('createGoNoGo: name');
    expect(() => mw.createGoNoGo('ok', { cardinalityLimit: -1 })).toThrow(
      'Meterwork.createGoNoGo: option "cardinalityLimit" must be a positive integer, got -1',
    );
  });
});
