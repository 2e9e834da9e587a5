import { ValueType, type HrTime } from '@opentelemetry/api';
import type { MeterMetricData, MeterValue } from '@meterwork/core';
import { DeltaState } from '../../../src/sdk/export/DeltaState';

const descriptor = { name: 'hits', description: '', unit: '', valueType: ValueType.INT };
const rates = { m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 };
const A = Object.freeze({ route: 'a' });
const B = Object.freeze({ route: 'b' });

function data(end: number, series: Array<[object, number]>): MeterMetricData {
  return {
    kind: 'meter',
    descriptor,
    points: series.map(([attributes, count]) => ({
      attributes: attributes as never,
      startTime: [1, 0] as HrTime,
      endTime: [end, 0] as HrTime,
      value: { count, ...rates },
    })),
  };
}

function counts(d: MeterMetricData): Array<[number, number, number]> {
  return d.points.map((p) => [(p.value as MeterValue).count, p.startTime[0], p.endTime[0]]);
}

describe('DeltaState', () => {
  it('reports each series since the previous collection; a new series whole, from its own start time', () => {
    const state = new DeltaState();
    const instrument = {};
    expect(counts(state.delta(instrument, data(10, [[A, 5]])))).toEqual([[5, 1, 10]]);
    state.commit();
    const second = state.delta(
      instrument,
      data(20, [
        [A, 8],
        [B, 2],
      ]),
    );
    expect(counts(second)).toEqual([
      [3, 10, 20],
      [2, 1, 20],
    ]);
    expect(second.temporality).toBe('delta');
    state.commit();
  });

  it('forgets series and instruments not seen at the last collection (bounded state)', () => {
    const state = new DeltaState();
    const one = {};
    const two = {};
    state.delta(
      one,
      data(10, [
        [A, 5],
        [B, 7],
      ]),
    );
    state.delta(two, data(10, [[A, 1]]));
    state.commit();
    state.delta(one, data(20, [[A, 6]])); // B not collected, instrument two not collected
    state.commit();
    expect(
      counts(
        state.delta(
          one,
          data(30, [
            [A, 9],
            [B, 9],
          ]),
        ),
      ),
    ).toEqual([
      [3, 20, 30],
      [9, 1, 30],
    ]);
    expect(counts(state.delta(two, data(30, [[A, 4]])))).toEqual([[4, 1, 30]]);
  });

  it('treats a series with no attributes as one series across collections', () => {
    const state = new DeltaState();
    const instrument = {};
    state.delta(instrument, data(10, [[{}, 5]]));
    state.commit();
    expect(counts(state.delta(instrument, data(20, [[{}, 9]])))).toEqual([[4, 10, 20]]);
  });
});
