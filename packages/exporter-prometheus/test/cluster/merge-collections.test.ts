import { diag, ValueType } from '@opentelemetry/api';
import { getMeterworkData, type SummaryMetricData } from '@meterwork/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { mergeCollections, type WorkerCollection } from '../../src/cluster/merge-collections';
import { encodeMeterworkMetric } from '../../src/cluster/standard-encoding';
import { decodeCollection, encodeCollection } from '../../src/cluster/wire';

const t0: [number, number] = [100, 0];
const t1: [number, number] = [200, 5];
const descriptor = (name: string) => ({ name, description: name, unit: '', valueType: ValueType.DOUBLE });

function sum(name: string, points: Array<[Record<string, string>, number]>): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: points.map(([attributes, value]) => ({ startTime: t0, endTime: t1, attributes, value })),
  };
}
function gauge(name: string, value: number): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: [{ startTime: t0, endTime: t1, attributes: {}, value }],
  };
}
function histogram(name: string, boundaries: number[], counts: number[], sumValue: number, min: number, max: number): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: [
      {
        startTime: t0,
        endTime: t1,
        attributes: {},
        value: { buckets: { boundaries, counts }, count: counts.reduce((a, b) => a + b, 0), sum: sumValue, min, max },
      },
    ],
  };
}
function summary(samples: number[]): SummaryMetricData {
  const s = samples.reduce((a, b) => a + b, 0);
  return {
    kind: 'summary',
    descriptor: descriptor('latency'),
    points: [
      {
        startTime: t0,
        endTime: t1,
        attributes: { route: '/' },
        value: {
          count: samples.length,
          sum: s,
          min: samples[0]!,
          max: samples[samples.length - 1]!,
          mean: s / samples.length,
          stdDev: 0,
          quantiles: [{ quantile: 0.5, value: -1 }],
          dropped: 0,
          samples,
        },
      },
    ],
  };
}

/** A worker's collection as it travels: encoded from real MetricData with attached rich data, then decoded. */
function worker(id: string, plain: MetricData[], rich: SummaryMetricData): WorkerCollection {
  const metrics = [...plain, ...encodeMeterworkMetric(rich)];
  const text = encodeCollection(
    { resource: resourceFromAttributes({ 'service.name': 'app' }), scopeMetrics: [{ scope: { name: 'app', version: '1' }, metrics }] },
    [],
  );
  return { workerId: id, collection: decodeCollection(text) };
}

describe('wire format', () => {
  it('keeps NaN and infinities, and separates rich data from plain metrics', () => {
    const rich = summary([1, 2]);
    const text = encodeCollection(
      {
        resource: resourceFromAttributes({ a: 'b' }),
        scopeMetrics: [{ scope: { name: 's' }, metrics: [gauge('g', NaN), gauge('h', -Infinity), ...encodeMeterworkMetric(rich)] }],
      },
      [new Error('cb failed')],
    );
    const wire = decodeCollection(text);
    expect(wire.resource).toEqual({ a: 'b' });
    expect(wire.errors).toEqual(['cb failed']);
    expect(wire.scopes[0]!.plain.map((m) => m.dataPoints[0]!.value)).toEqual([NaN, -Infinity]);
    expect(wire.scopes[0]!.meterwork).toEqual([rich]);
    expect(() => decodeCollection('{"x":1}')).toThrow();
  });
});

describe('mergeCollections', () => {
  const bounds = [1, 10];
  const a = worker(
    '1',
    [
      sum('requests', [
        [{ code: '200' }, 5],
        [{ code: '500' }, 1],
      ]),
      gauge('heap', 100),
      histogram('size', bounds, [1, 2, 0], 12, 0.5, 9),
    ],
    summary([1, 2, 3, 4]),
  );
  const b = worker(
    '2',
    [sum('requests', [[{ code: '200' }, 7]]), gauge('heap', 300), histogram('size', bounds, [0, 1, 3], 100, 2, 40)],
    summary([5, 6, 7, 8, 9, 10]),
  );

  it('adds sums per series and histograms bucket by bucket', () => {
    const [scope] = mergeCollections([a, b]);
    expect(scope!.scope).toEqual({ name: 'app', version: '1' });
    const requests = scope!.plain.find((m) => m.descriptor.name === 'requests')!;
    expect(requests.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ code: '200' }, 12],
      [{ code: '500' }, 1],
    ]);
    const size = scope!.plain.find((m) => m.descriptor.name === 'size')!;
    expect(size.dataPoints[0]!.value).toEqual({ buckets: { boundaries: bounds, counts: [1, 3, 3] }, count: 7, sum: 112, min: 0.5, max: 40 });
  });

  it('keeps gauges per worker with a worker label by default, or combines them', () => {
    const perWorker = mergeCollections([a, b])[0]!.plain.find((m) => m.descriptor.name === 'heap')!;
    expect(perWorker.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ worker: '1' }, 100],
      [{ worker: '2' }, 300],
    ]);
    const label = mergeCollections([a, b], { workerLabel: 'pid' })[0]!.plain.find((m) => m.descriptor.name === 'heap')!;
    expect(label.dataPoints[1]!.attributes).toEqual({ pid: '2' });
    for (const [mode, expected] of [
      ['sum', 400],
      ['min', 100],
      ['max', 300],
      ['average', 200],
    ] as const) {
      const m = mergeCollections([a, b], { gaugeAggregation: mode })[0]!.plain.find((x) => x.descriptor.name === 'heap')!;
      expect(m.dataPoints.map((p) => p.value)).toEqual([expected]);
    }
  });

  it('merges summaries from the samples of all workers', () => {
    const [scope] = mergeCollections([a, b]);
    expect(scope!.meterwork).toHaveLength(1);
    const merged = scope!.meterwork[0] as SummaryMetricData;
    expect(merged.points).toHaveLength(1);
    expect(merged.points[0]!.attributes).toEqual({ route: '/' });
    expect(merged.points[0]!.value.count).toBe(10);
    expect(merged.points[0]!.value.quantiles).toEqual([{ quantile: 0.5, value: 5.5 }]);
    // the standard encoding carries the merged rich data
    const encoded = encodeMeterworkMetric(merged);
    expect(getMeterworkData(encoded[0]!)).toBe(merged);
  });

  it('drops (with diag.warn) a histogram point with other bounds and a metric of another type', () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const c = worker('3', [histogram('size', [5], [1, 1], 6, 1, 5), gauge('requests', 1)], summary([11]));
    const [scope] = mergeCollections([a, c]);
    expect(scope!.plain.find((m) => m.descriptor.name === 'size')!.dataPoints[0]!.value).toMatchObject({ count: 3, sum: 12 });
    expect(scope!.plain.find((m) => m.descriptor.name === 'requests')!.dataPointType).toBe(DataPointType.SUM);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('returns nothing for no workers', () => {
    expect(mergeCollections([])).toEqual([]);
  });
});
