import { metrics } from '@opentelemetry/api';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { bindInstrument, getMeterworkData, splitMeterworkMetrics } from '@meterwork/core';
import { allMetrics, build, metricNamed, pointValue } from './helpers';

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
    expect(counts).toEqual([
      [undefined, 2],
      ['2', 1],
    ]);
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
});
