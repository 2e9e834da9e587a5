import { kindOf } from '@meterwork/core/internal';
import { meterKind } from '../../../src/sdk/kind/meter';
import { fieldsOf, samplesOf } from './values';

describe('meter kind', () => {
  it('is what kindOf("meter") returns', () => {
    expect(kindOf('meter')).toBe(meterKind);
  });

  it('merge: counts and rates add', () => {
    expect(
      meterKind.merge(
        [
          { count: 10, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 },
          { count: 5, m1Rate: 0.5, m5Rate: 0.25, m15Rate: 0.125, meanRate: 1 },
        ],
        'm',
      ),
    ).toEqual({ count: 15, m1Rate: 1.5, m5Rate: 2.25, m15Rate: 3.125, meanRate: 5 });
  });

  it('diff: the count becomes a delta, rates stay current; a lower count is a reset', () => {
    const previous = { count: 10, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 };
    const current = { count: 25, m1Rate: 5, m5Rate: 6, m15Rate: 7, meanRate: 8 };
    expect(meterKind.diff(previous, current)).toEqual({ count: 15, m1Rate: 5, m5Rate: 6, m15Rate: 7, meanRate: 8 });
    expect(meterKind.diff(current, previous).count).toBe(10);
  });

  it('families: a counter and a `_rate` gauge with a window label', () => {
    const v = { count: 3, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 };
    const [counter, rate] = meterKind.families.families;
    expect([counter!.suffix, counter!.type, rate!.suffix, rate!.type, rate!.help]).toEqual(['', 'counter', 'rate', 'gauge', ' (per second)']);
    expect(samplesOf(counter!, v)).toEqual([['', 3]]);
    expect(samplesOf(rate!, v)).toEqual([
      ['window=1m', 1],
      ['window=5m', 2],
      ['window=15m', 3],
      ['window=mean', 4],
    ]);
  });

  it('fields: count then the four rates', () => {
    const v = { count: 3, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 };
    expect(fieldsOf((out) => meterKind.fields.write(v, out))).toEqual([
      ['count', 3],
      ['m1_rate', 1],
      ['m5_rate', 2],
      ['m15_rate', 3],
      ['mean_rate', 4],
    ]);
  });

  it('totals: the count alone; addTotals adds it and keeps the rates', () => {
    const v = { count: 3, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 };
    expect(meterKind.totals(v)).toEqual({ count: 3, m1Rate: 0, m5Rate: 0, m15Rate: 0, meanRate: 0 });
    expect(meterKind.addTotals(v, meterKind.totals({ ...v, count: 10 }))).toEqual({ ...v, count: 13 });
  });
});
