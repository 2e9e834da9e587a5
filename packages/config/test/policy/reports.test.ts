/**
 * What a policy sends: cumulative or delta (reset after each report), with or
 * without inactive series, under the process prefix; for OTel's own metrics
 * and meterwork's kinds (deltas through core's per-kind `diff`).
 */
import { AggregationTemporality, DataPointType, type Histogram } from '@opentelemetry/sdk-metrics';
import type { GoNoGoValue, MeterValue, TaggedHistogramValue } from '@meterwork/core';
import { RecordingExporter, metricNames as allNames, metricIn, richIn, setup, tick, useFakeTimers, valueIn } from './helpers';

let shutdown: (() => Promise<void>) | undefined;
beforeEach(() => useFakeTimers());
afterEach(async () => {
  await shutdown?.();
  shutdown = undefined;
  jest.useRealTimers();
});

describe('PolicyMetricReader: cumulative, delta, inactivity, prefix', () => {
  it('cumulative keeps accumulating, delta resets after each report, for counters, up-down counters and histograms', async () => {
    const cum = new RecordingExporter();
    const del = new RecordingExporter(AggregationTemporality.DELTA);
    const { meter, provider } = setup({
      policies: [
        { name: 'c', intervalMillis: 1000, report: ['c.*'], exporters: [cum] },
        { name: 'd', intervalMillis: 1000, report: ['d.*'], exporters: [del], temporality: 'delta' },
      ],
    });
    shutdown = () => provider.shutdown();
    const make = (p: string) => ({ n: meter.createCounter(`${p}.n`), ud: meter.createUpDownCounter(`${p}.ud`), h: meter.createHistogram(`${p}.h`) });
    const c = make('c');
    const d = make('d');
    const steps = [5, 3, 4];
    for (const x of steps) {
      for (const i of [c, d]) {
        i.n.add(x, { k: 'v' });
        i.ud.add(-x);
        i.h.record(x);
      }
      await tick(1000);
    }
    expect(cum.reports.map((r) => valueIn(r, 'c.n', { k: 'v' }))).toEqual([5, 8, 12]);
    expect(del.reports.map((r) => valueIn(r, 'd.n', { k: 'v' }))).toEqual([5, 3, 4]);
    expect(cum.reports.map((r) => valueIn(r, 'c.ud'))).toEqual([-5, -8, -12]);
    expect(del.reports.map((r) => valueIn(r, 'd.ud'))).toEqual([-5, -3, -4]);
    expect(del.reports.map((r) => (valueIn(r, 'd.h') as Histogram).count)).toEqual([1, 1, 1]);
    expect(del.reports.map((r) => (valueIn(r, 'd.h') as Histogram).sum)).toEqual([5, 3, 4]);
    expect(cum.reports.map((r) => (valueIn(r, 'c.h') as Histogram).sum)).toEqual([5, 8, 12]);
    const last = del.reports[2]!;
    expect(metricIn(last, 'd.n').aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(metricIn(cum.reports[2]!, 'c.n').aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    // A delta point starts where the previous report of the series ended.
    const [prev, cur] = [metricIn(del.reports[1]!, 'd.n').dataPoints[0]!, metricIn(last, 'd.n').dataPoints[0]!];
    expect(cur.startTime).toEqual(prev.endTime);
  });

  it('delta for meterwork kinds goes through the kind diff: go/no-go counts and sums, meter counts, tagged histogram counts', async () => {
    const del = new RecordingExporter();
    const { meter, provider } = setup({
      policies: [{ name: 'd', intervalMillis: 1000, report: ['*'], exporters: [del], temporality: AggregationTemporality.DELTA }],
    });
    shutdown = () => provider.shutdown();
    const jobs = meter.createHistogram('jobs');
    const hits = meter.createCounter('hits');
    const req = meter.createCounter('req');
    for (const i of [1, 2, 3]) {
      for (let k = 0; k < i; k++) jobs.record(2);
      jobs.record(10, { 'error.type': 'timeout' });
      hits.add(i);
      req.add(i, { route: 'a' });
      await tick(1000);
    }
    const go = del.reports.map((r) => (richIn(r, 'jobs.count').points[0]!.value as GoNoGoValue).go);
    expect(go.map((s) => [s.count, s.sum])).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
    expect(del.reports.map((r) => (richIn(r, 'jobs.count').points[0]!.value as GoNoGoValue).noGo.count)).toEqual([1, 1, 1]);
    expect(del.reports.map((r) => (richIn(r, 'hits').points[0]!.value as MeterValue).count)).toEqual([1, 2, 3]);
    expect(del.reports.map((r) => (richIn(r, 'req').points[0]!.value as TaggedHistogramValue).total)).toEqual([1, 2, 3]);
    expect(del.reports.map((r) => richIn(r, 'jobs.count').temporality)).toEqual(['delta', 'delta', 'delta']);
    const count = metricIn(del.reports[2]!, 'jobs.count');
    expect(count.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(count.dataPointType === DataPointType.SUM && count.isMonotonic).toBe(true);
  });

  it('skips series with no activity since their last report unless reportInactive; a delta after a pause covers the whole pause', async () => {
    const skip = new RecordingExporter();
    const all = new RecordingExporter();
    const { meter, provider } = setup({
      policies: [
        { name: 'skip', intervalMillis: 1000, report: ['s.*'], exporters: [skip], temporality: 'delta' },
        { name: 'all', intervalMillis: 1000, report: ['a.*'], exporters: [all], reportInactive: true },
      ],
    });
    shutdown = () => provider.shutdown();
    const s = meter.createCounter('s.n');
    const a = meter.createCounter('a.n');
    s.add(1, { x: '1' });
    s.add(1, { x: '2' });
    a.add(1);
    await tick(1000);
    expect(skip.reports.map((r) => metricIn(r, 's.n').dataPoints.length)).toEqual([2]);
    await tick(1000); // nothing recorded: skip sends nothing at all
    expect(skip.reports).toHaveLength(1);
    expect(all.reports.map((r) => valueIn(r, 'a.n'))).toEqual([1, 1]);
    s.add(4, { x: '2' });
    await tick(1000);
    const third = skip.reports[1]!;
    expect(metricIn(third, 's.n').dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ x: '2' }, 4]]);
    // The delta's start is the series' previous report, two ticks ago.
    expect(metricIn(third, 's.n').dataPoints[0]!.startTime).toEqual(metricIn(skip.reports[0]!, 's.n').dataPoints[1]!.endTime);
  });

  it('a metric that moves to a delta policy continues from its last report, whichever policy sent it', async () => {
    const a = new RecordingExporter();
    const b = new RecordingExporter();
    const { meter, provider, reader } = setup({
      policies: [
        { name: 'a', intervalMillis: 1000, report: ['x'], exporters: [a] },
        { name: 'b', intervalMillis: 1000, report: ['*'], exporters: [b], temporality: 'delta' },
      ],
    });
    shutdown = () => provider.shutdown();
    const x = meter.createCounter('x');
    x.add(5);
    await tick(1000);
    expect(a.reports.map((r) => valueIn(r, 'x'))).toEqual([5]);
    reader.removePolicy('a');
    x.add(2);
    await tick(1000);
    expect(b.reports.map((r) => valueIn(r, 'x'))).toEqual([2]);
    expect(metricIn(b.reports[0]!, 'x').dataPoints[0]!.startTime).toEqual(metricIn(a.reports[0]!, 'x').dataPoints[0]!.endTime);
  });

  it('prefixes every reported name, OTel and meterwork (rich data too); policies match the name without the prefix', async () => {
    const e = new RecordingExporter();
    const { meter, provider } = setup({ prefix: 'ui', policies: [{ name: 'p', intervalMillis: 1000, report: ['cpu.*', 'hits'], exporters: [e] }] });
    shutdown = () => provider.shutdown();
    meter.createCounter('cpu.srv').add(1);
    meter.createCounter('hits').add(2);
    meter.createCounter('ui.cpu.srv').add(1); // matches no pattern: patterns see names without the prefix
    await tick(1000);
    expect(e.reports).toHaveLength(1);
    const r = e.reports[0]!;
    expect(allNames(r)).toEqual(['ui.cpu.srv', 'ui.hits', 'ui.hits.rate']);
    expect(richIn(r, 'ui.hits').descriptor.name).toBe('ui.hits');
    expect(valueIn(r, 'ui.cpu.srv')).toBe(1);
  });
});
