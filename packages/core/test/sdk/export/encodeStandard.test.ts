import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { getMeterworkData, OVERFLOW_ATTRIBUTES, type MeterworkMetricData } from '@meterwork/core';
import { encodeStandard } from '@meterwork/core/internal';

const times = { startTime: [1, 0] as [number, number], endTime: [2, 0] as [number, number] };
const meter: MeterworkMetricData = {
  kind: 'meter',
  descriptor: { name: 'hits', description: 'd', unit: 'By', valueType: ValueType.INT },
  points: [{ ...times, attributes: { a: 1 }, value: { count: 5, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 } }],
};

describe('encodeStandard', () => {
  it('names, units, types and value types come from the kind; every metric carries the rich form', () => {
    const [count, rate] = encodeStandard(meter, true);
    expect(count!.descriptor).toEqual({ name: 'hits', description: 'd', unit: 'By', valueType: ValueType.INT });
    expect([count!.dataPointType, count!.aggregationTemporality, (count as { isMonotonic?: boolean }).isMonotonic]).toEqual([
      DataPointType.SUM,
      AggregationTemporality.CUMULATIVE,
      true,
    ]);
    expect(rate!.descriptor).toEqual({ name: 'hits.rate', description: 'd', unit: 'By/s', valueType: ValueType.DOUBLE });
    expect(rate!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ a: 1, window: '1m' }, 1],
      [{ a: 1, window: '5m' }, 2],
      [{ a: 1, window: '15m' }, 3],
      [{ a: 1, window: 'mean' }, 4],
    ]);
    expect(getMeterworkData(count!)).toBe(meter);
    expect(getMeterworkData(rate!)).toBe(meter);
  });

  it('SUM metrics take the given temporality; GAUGEs stay CUMULATIVE', () => {
    const [count, rate] = encodeStandard(meter, true, AggregationTemporality.DELTA);
    expect(count!.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(rate!.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
  });

  it("a summary's sum is monotonic only for an instrument that takes non-negative values; metrics without points are left out", () => {
    const summary: MeterworkMetricData = {
      kind: 'summary',
      descriptor: { name: 'lat', description: '', unit: 's', valueType: ValueType.DOUBLE },
      points: [{ ...times, attributes: {}, value: { count: 0, sum: 0, min: 0, max: 0, mean: 0, stdDev: 0, quantiles: [], dropped: 0 } }],
    };
    for (const monotonic of [true, false]) {
      const metrics = encodeStandard(summary, monotonic);
      expect(metrics.map((m) => m.descriptor.name)).toEqual(['lat.count', 'lat.sum']);
      expect(metrics[0]!.descriptor.unit).toBe('');
      expect((metrics[1] as { isMonotonic?: boolean }).isMonotonic).toBe(monotonic);
    }
  });

  it('a tagged histogram point per tag set (the overflow as otel.metric.overflow)', () => {
    const tagged: MeterworkMetricData = {
      kind: 'tagged_histogram',
      descriptor: { name: 'req', description: '', unit: '', valueType: ValueType.INT },
      points: [{ ...times, attributes: {}, value: { total: 7, overflow: 2, tagSets: [{ tags: { route: 'a' }, count: 5 }] } }],
    };
    const [metric] = encodeStandard(tagged, true);
    expect(metric!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ route: 'a' }, 5],
      [OVERFLOW_ATTRIBUTES, 2],
    ]);
  });
});
