import { metrics, ValueType, type Histogram } from '@opentelemetry/api';
import { DataPointType, MeterProvider, type MetricData } from '@opentelemetry/sdk-metrics';
import {
  Meterwork,
  OVERFLOW_ATTRIBUTES,
  bindInstrument,
  getMeterworkData,
  splitMeterworkMetrics,
  type MeterworkAggregation,
  type MeterworkProducerOptions,
  type MeterworkView,
  type SummaryValue,
  type TimerValue,
} from '@meterwork/core';
import { PullReader, allMetrics, captureDiag, metricNamed, pointValue, setupPeriodic, setupProvider } from './helpers';
import { manualClock } from '../../util';

const ATTRS = { 'http.request.method': 'GET', 'http.route': '/files', 'server.port': 8080 };

function build(views: MeterworkView[], extra: Partial<ConstructorParameters<typeof Meterwork>[0]> = {}, producer?: MeterworkProducerOptions) {
  const clock = manualClock(1_700_000_000_000); // wall-clock-like ms, shared by the aggregations of a test
  const mw = new Meterwork({ views, clock, ...extra });
  const setup = setupProvider(producer === undefined ? mw.producer : mw.createProducer(producer));
  const wrapped = mw.wrap(setup.provider);
  return { mw, clock, ...setup, meter: wrapped.getMeter('test-lib', '1.2.3'), wrapped };
}

function richOf(metric: MetricData | undefined) {
  expect(metric).toBeDefined();
  const rich = getMeterworkData(metric!);
  expect(rich).toBeDefined();
  return rich!;
}

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
    expect(q.dataPoints.map((p) => [p.attributes.quantile, p.value])).toEqual([[0.1, 1], [0.9, 1]]);
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
    expect(() => mw.createGoNoGo('ok', { cardinalityLimit: -1 })).toThrow('Meterwork.createGoNoGo: option "cardinalityLimit" must be a positive integer, got -1');
  });
});

describe('wrapping', () => {
  afterEach(() => metrics.disable());

  it('works for instruments a library creates through the global API', async () => {
    const { wrapped, collect } = build([{ instrumentName: 'lib.*', meterName: 'some-lib', aggregation: { type: 'sliding_window', size: 10 } }]);
    metrics.setGlobalMeterProvider(wrapped);
    // what a library does, unchanged:
    const h = metrics.getMeter('some-lib').createHistogram('lib.op.duration');
    h.record(7, { op: 'read' });
    metrics.getMeter('other-lib').createHistogram('lib.op.duration').record(8);
    const rm = await collect();
    const ours = rm.scopeMetrics.filter((s) => s.scope.name === 'some-lib').flatMap((s) => s.metrics);
    expect(ours.every((m) => getMeterworkData(m) !== undefined)).toBe(true);
    expect(pointValue(rm, 'lib.op.duration.count', { op: 'read' })).toBe(1);
    // the other meter's instrument is the SDK's plain histogram
    const sdk = rm.scopeMetrics.find((s) => s.scope.name === 'other-lib')!.metrics[0]!;
    expect(sdk.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(getMeterworkData(sdk)).toBeUndefined();
  });

  it('does not let the SDK aggregate a matched instrument, unless keepOtelAggregation', async () => {
    const { meter, collect } = build([
      { instrumentName: 'ours', aggregation: { type: 'uniform' } },
      { instrumentName: 'both', keepOtelAggregation: true, aggregation: { type: 'uniform' } },
    ]);
    meter.createHistogram('ours').record(1);
    meter.createHistogram('both').record(2);
    meter.createHistogram('theirs').record(3);
    const rm = await collect();
    const { plain } = splitMeterworkMetrics(allMetrics(rm));
    expect(plain.map((m) => m.descriptor.name).sort()).toEqual(['both', 'theirs']);
    expect(plain.every((m) => m.dataPointType === DataPointType.HISTOGRAM)).toBe(true);
    expect(pointValue(rm, 'both.count')).toBe(1);
    expect(pointValue(rm, 'ours.count')).toBe(1);
  });

  it('keepOtelAggregation feeds both for counters and bound instruments too', async () => {
    const { meter, collect } = build([{ instrumentName: 'c', keepOtelAggregation: true, aggregation: { type: 'meter' } }]);
    const c = meter.createCounter('c');
    c.add(2, { k: 'v' });
    bindInstrument(c, { k: 'v' }).add(3);
    const rm = await collect();
    const { meterwork, plain } = splitMeterworkMetrics(allMetrics(rm));
    expect(plain.map((m) => [m.descriptor.name, m.dataPoints[0]!.value])).toEqual([['c', 5]]);
    expect(meterwork[0]!.points[0]!.value).toMatchObject({ count: 5 });
  });

  it('wrapped provider forwards shutdown and forceFlush to the SDK provider', async () => {
    const { wrapped, provider } = build([]);
    const flush = jest.spyOn(provider, 'forceFlush');
    const shutdown = jest.spyOn(provider, 'shutdown');
    await wrapped.forceFlush();
    await wrapped.shutdown();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it('passes observable instruments, batch callbacks and unmatched types through to the SDK', async () => {
    const { meter, collect } = build([{ instrumentName: '*', instrumentType: 'HISTOGRAM', aggregation: { type: 'uniform' } }]);
    const g = meter.createObservableGauge('queue.size');
    g.addCallback((r) => r.observe(4));
    const oc = meter.createObservableCounter('cpu.time');
    const cb = (r: { observe: (o: typeof oc, v: number) => void }) => r.observe(oc, 9);
    meter.addBatchObservableCallback(cb, [oc]);
    meter.createUpDownCounter('clients').add(2);
    meter.createGauge('temp').record(20);
    const rm = await collect();
    expect(pointValue(rm, 'queue.size')).toBe(4);
    expect(pointValue(rm, 'cpu.time')).toBe(9);
    expect(pointValue(rm, 'clients')).toBe(2);
    expect(pointValue(rm, 'temp')).toBe(20);
    meter.removeBatchObservableCallback(cb, [oc]);
    expect(splitMeterworkMetrics(allMetrics(rm)).meterwork).toEqual([]);
  });

  it('returns the same meter per scope and shares state between same-named instruments', async () => {
    const { wrapped, collect } = build([{ instrumentName: 'x', aggregation: { type: 'uniform' } }]);
    expect(wrapped.getMeter('m')).toBe(wrapped.getMeter('m'));
    wrapped.getMeter('m').createHistogram('x').record(1);
    wrapped.getMeter('m').createHistogram('X').record(2);
    wrapped.getMeter('m', '2').createHistogram('x').record(3);
    const rm = await collect();
    const counts = rm.scopeMetrics.map((s) => [s.scope.version, pointValue({ ...rm, scopeMetrics: [s] }, 'x.count')]);
    expect(counts).toEqual([[undefined, 2], ['2', 1]]);
  });

  it('renames and filters attributes as the view says', async () => {
    const { meter, collect } = build([
      { instrumentName: 'x', name: 'renamed', description: 'from view', attributeKeys: { included: ['route'] }, aggregation: { type: 'uniform' } },
    ]);
    meter.createHistogram('x', { description: 'from instrument' }).record(1, { route: '/a', user: 'u1' });
    meter.createHistogram('x').record(1, { route: '/a', user: 'u2' });
    const rm = await collect();
    const m = metricNamed(rm, 'renamed.count')!;
    expect(m.descriptor.description).toBe('from view');
    expect(m.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ route: '/a' }, 2]]);
  });

  it('bound instruments record into the same series', async () => {
    const { meter, collect } = build([{ instrumentName: 'x', aggregation: { type: 'go_no_go' } }]);
    const h = meter.createHistogram('x');
    const ok = bindInstrument(h, { route: '/a' });
    const failed = bindInstrument(h, { route: '/a', 'error.type': 'boom' });
    ok.record(1);
    ok.record(3);
    failed.record(10);
    h.record(5, { route: '/a' });
    failed.record(NaN);
    // a plain SDK instrument gets a (slow) wrapper with the same behaviour
    const sdkCounter = meter.createCounter('plain');
    bindInstrument(sdkCounter, { k: 'v' }).add(4);
    const rm = await collect();
    expect(pointValue(rm, 'x.count', { route: '/a', outcome: 'go' })).toBe(3);
    expect(pointValue(rm, 'x.count', { route: '/a', outcome: 'no_go' })).toBe(1);
    expect(pointValue(rm, 'plain', { k: 'v' })).toBe(4);
  });

  it('applies a cardinality limit with an OTel overflow series', async () => {
    const { meter, collect } = build([{ instrumentName: 'x', aggregationCardinalityLimit: 3, aggregation: { type: 'sliding_window', size: 10 } }]);
    const h = meter.createHistogram('x');
    for (let i = 0; i < 10; i++) h.record(i, { id: i });
    const rm = await collect();
    const counts = metricNamed(rm, 'x.count')!.dataPoints.map((p) => [p.attributes, p.value]);
    expect(counts).toEqual([
      [{ id: 0 }, 1],
      [{ id: 1 }, 1],
      [OVERFLOW_ATTRIBUTES, 8],
    ]);
  });

  it('stamps startTime at series creation and endTime at collection', async () => {
    const { meter, collect } = build([{ instrumentName: 'x', aggregation: { type: 'uniform' } }]);
    const h = meter.createHistogram('x');
    h.record(1, { a: 1 });
    await new Promise((r) => setTimeout(r, 20));
    h.record(1, { a: 2 });
    const rm = await collect();
    const [p1, p2] = metricNamed(rm, 'x.count')!.dataPoints;
    const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
    expect(ms(p2!.startTime) - ms(p1!.startTime)).toBeGreaterThanOrEqual(15);
    expect(ms(p1!.endTime)).toBe(ms(p2!.endTime));
    expect(ms(p1!.endTime)).toBeGreaterThanOrEqual(ms(p2!.startTime));
    const rm2 = await collect();
    expect(ms(metricNamed(rm2, 'x.count')!.dataPoints[0]!.startTime)).toBe(ms(p1!.startTime)); // cumulative
  });
});

describe('bad input', () => {
  let diagCapture: ReturnType<typeof captureDiag>;
  beforeEach(() => {
    diagCapture = captureDiag();
  });
  afterEach(() => diagCapture.restore());

  it('drops NaN/Infinity and negative counter or histogram values with a rate-limited diag warning, never throws', async () => {
    const { meter, collect } = build([
      { instrumentName: 'h', aggregation: { type: 'sliding_window', size: 10 } },
      { instrumentName: 'c', aggregation: { type: 'meter' } },
      { instrumentName: 'g', aggregation: { type: 'sliding_window', size: 10 } },
    ]);
    const h = meter.createHistogram('h');
    const c = meter.createCounter('c');
    const g = meter.createGauge('g');
    expect(() => {
      h.record(NaN);
      h.record(Infinity);
      h.record(-Infinity);
      h.record('3' as unknown as number);
      h.record(-1);
      c.add(-5);
      c.add(NaN);
      h.record(2, null as never); // treated as no attributes
      h.record(2, 'attrs' as never);
    }).not.toThrow();
    g.record(-3); // gauges take negative values
    c.add(2);
    const rm = await collect();
    expect(metricNamed(rm, 'h.count')!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{}, 2]]);
    expect(pointValue(rm, 'c')).toBe(2);
    expect(pointValue(rm, 'g.min')).toBe(-3);
    const text = diagCapture.messages.join('\n');
    expect(text).toContain('instrument "h": dropped non-finite value NaN');
    expect(text).toContain('instrument "h": dropped negative value -1');
    expect(text).toContain('instrument "c": dropped negative value -5');
    // rate-limited: one non-finite warning for h despite four bad values
    expect(diagCapture.messages.filter((m) => m.includes('"h": dropped non-finite')).length).toBe(1);
  });

  it('warns with diag once the cardinality limit sends attribute sets to the overflow series', async () => {
    const { meter, collect } = build([{ instrumentName: 'x', aggregationCardinalityLimit: 2, aggregation: { type: 'meter' } }]);
    const c = meter.createCounter('x');
    c.add(1, { id: 1 });
    expect(diagCapture.messages.join('\n')).not.toContain('cardinality limit');
    for (let i = 2; i < 100; i++) c.add(1, { id: i });
    expect(pointValue(await collect(), 'x', OVERFLOW_ATTRIBUTES)).toBe(98);
    const warnings = diagCapture.messages.filter((m) => m.includes('cardinality limit'));
    expect(warnings).toEqual([
      'meterwork: instrument "x": cardinality limit (2 series) reached: measurements with new attribute sets go to the overflow series {"otel.metric.overflow": true}',
    ]);
  });

  it('drops negative durations of a timer from count and sum too', async () => {
    const { meter, collect } = build([{ instrumentName: 't', aggregation: { type: 'timer', reservoir: { type: 'sliding_window', size: 10 } } }]);
    const h = meter.createHistogram('t');
    h.record(2);
    h.record(-1);
    const rm = await collect();
    expect(pointValue(rm, 't.count')).toBe(1);
    expect(pointValue(rm, 't.sum')).toBe(2);
    expect(diagCapture.messages.join('\n')).toContain('instrument "t": dropped negative value -1');
  });

  it('leaves invalid instrument names to the SDK (which warns)', async () => {
    const { meter, collect } = build([{ instrumentName: '*', aggregation: { type: 'uniform' } }]);
    const h: Histogram = meter.createHistogram('1-invalid');
    h.record(1);
    const rm = await collect();
    // The SDK warns but keeps the instrument (its own aggregation): not ours.
    expect(splitMeterworkMetrics(allMetrics(rm)).meterwork).toEqual([]);
    expect(diagCapture.messages.join('\n')).toMatch(/Invalid metric name/i);
  });

  it('survives weird attribute values without throwing', async () => {
    const { meter, collect } = build([{ instrumentName: 'w', aggregation: { type: 'sliding_window', size: 10 } }]);
    const h = meter.createHistogram('w');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => {
      h.record(1, { big: 10n } as never);
      h.record(1, { obj: circular } as never);
      h.record(1, { [Symbol('s')]: 1, k: 'v' } as never);
      h.record(1, { k: 'v' });
      bindInstrument(h, { big: 1n } as never).record(1);
    }).not.toThrow();
    const rm = await collect();
    // invalid values are left out of the key: {big}, {obj} and bound {big} land in the {} series
    expect(metricNamed(rm, 'w.count')!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{}, 3],
      [{ k: 'v' }, 2],
    ]);
    expect(diagCapture.messages.join('\n')).toContain('instrument "w": ignored attribute "big": bigint is not a valid attribute value');
  });

  it('leaves a second instrument type of the same name to the SDK, with a warning naming both', async () => {
    const { meter, collect } = build([{ instrumentName: 'dup', aggregation: { type: 'uniform' } }]);
    meter.createHistogram('dup').record(1);
    meter.createGauge('dup').record(7);
    expect(diagCapture.messages.join('\n')).toContain('selects GAUGE "dup" of meter "test-lib" as metric "dup", which already aggregates HISTOGRAM "dup"');
    const { meterwork, plain } = splitMeterworkMetrics(allMetrics(await collect()));
    expect(meterwork.map((m) => m.descriptor.name)).toEqual(['dup']);
    expect(plain.map((m) => [m.descriptor.name, m.dataPoints[0]!.value])).toEqual([['dup', 7]]);
  });

  it('wrap rejects what is not a MeterProvider', () => {
    expect(() => new Meterwork().wrap({} as never)).toThrow('must be a MeterProvider');
  });
});

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
