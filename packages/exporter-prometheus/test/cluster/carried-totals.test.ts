import { ValueType } from '@opentelemetry/api';
import type { MeterworkMetricData } from '@meterwork/core';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { CarriedTotals } from '../../src/cluster/carried-totals';
import type { WireCollection } from '../../src/cluster/wire';

const t0: [number, number] = [100, 0];
const t1: [number, number] = [50, 0];
const descriptor = (name: string) => ({ name, description: name, unit: '', valueType: ValueType.DOUBLE });
const point = <V>(value: V, startTime = t0) => ({ startTime, endTime: t0, attributes: {}, value });

function sum(name: string, value: number, temporality: AggregationTemporality, isMonotonic = true, startTime = t0): MetricData {
  return {
    descriptor: descriptor(name),
    aggregationTemporality: temporality,
    dataPointType: DataPointType.SUM,
    isMonotonic,
    dataPoints: [point(value, startTime)],
  };
}
function meter(count: number, temporality?: 'delta'): MeterworkMetricData {
  return {
    kind: 'meter',
    descriptor: descriptor('hits'),
    points: [point({ count, m1Rate: 1, m5Rate: 1, m15Rate: 1, meanRate: 1 })],
    ...(temporality ? { temporality } : {}),
  };
}
function collection(plain: MetricData[], meterwork: MeterworkMetricData[]): WireCollection {
  return { resource: {}, scopes: [{ scope: { name: 'app' }, plain, meterwork }], errors: [] };
}

describe('CarriedTotals', () => {
  it('carries counters and cumulative rich data; not up-down sums, delta sums or delta rich data', () => {
    const carried = new CarriedTotals();
    carried.retire(
      collection(
        [
          sum('jobs', 7, AggregationTemporality.CUMULATIVE),
          sum('queue', 3, AggregationTemporality.CUMULATIVE, false),
          sum('ticks', 4, AggregationTemporality.DELTA),
        ],
        [meter(9)],
      ),
      '1',
    );
    carried.retire(collection([], [{ ...meter(5, 'delta'), descriptor: descriptor('deltaHits') }]), '2');
    const [scope] = carried.apply([]);
    expect(scope!.plain.map((m) => [m.descriptor.name, m.dataPoints[0]!.value])).toEqual([['jobs', 7]]);
    expect(
      scope!.meterwork.map((m) => [
        m.descriptor.name,
        (m.points[0]!.value as { count: number; m1Rate: number }).count,
        (m.points[0]!.value as { m1Rate: number }).m1Rate,
      ]),
    ).toEqual([['hits', 9, 0]]);
  });

  it('adds to live series keeping the earlier start time, so an OpenMetrics _created never moves forward', () => {
    const carried = new CarriedTotals();
    carried.retire(collection([sum('jobs', 7, AggregationTemporality.CUMULATIVE, true, t1)], [meter(9)]), '1');
    carried.retire(collection([sum('jobs', 1, AggregationTemporality.CUMULATIVE)], []), '2');
    const [scope] = carried.apply([{ scope: { name: 'app' }, plain: [sum('jobs', 10, AggregationTemporality.CUMULATIVE)], meterwork: [meter(2)] }]);
    expect(scope!.plain[0]!.dataPoints[0]!.value).toBe(18);
    expect(scope!.plain[0]!.dataPoints[0]!.startTime).toEqual(t1);
    // the live worker's rates stay; the counts add
    expect(scope!.meterwork[0]!.points[0]!.value).toEqual({ count: 11, m1Rate: 1, m5Rate: 1, m15Rate: 1, meanRate: 1 });
  });
});
