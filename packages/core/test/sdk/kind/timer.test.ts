import { kindOf } from '@meterwork/core/internal';
import { timerKind } from '../../../src/sdk/kind/timer';
import { fieldsOf, samplesOf, summary } from './values';

const rates = { count: 2, m1Rate: 1, m5Rate: 1, m15Rate: 1, meanRate: 1 };

describe('timer kind', () => {
  it('is what kindOf("timer") returns', () => {
    expect(kindOf('timer')).toBe(timerKind);
  });

  it('merge: summary merged from samples plus rates added', () => {
    const merged = timerKind.merge(
      [
        { ...summary([0.1, 0.3]), rates },
        { ...summary([0.2]), rates },
      ],
      't',
    );
    expect(merged.quantiles[0]!.value).toBeCloseTo(0.2, 12);
    expect(merged.rates.count).toBe(4);
    expect(merged.rates.m1Rate).toBe(2);
  });

  it('diff: count, sum, dropped and the rates count become deltas; the distribution and rates stay current', () => {
    const previous = { ...summary([1, 2], { dropped: 1 }), rates };
    const current = { ...summary([1, 2, 3, 4], { dropped: 3 }), rates: { ...rates, count: 4, m1Rate: 9 } };
    const delta = timerKind.diff(previous, current);
    expect([delta.count, delta.sum, delta.dropped, delta.rates.count, delta.rates.m1Rate]).toEqual([2, 7, 2, 2, 9]);
    expect(delta.quantiles).toBe(current.quantiles);
    expect([delta.min, delta.max, delta.mean]).toEqual([1, 4, 2.5]);
  });

  it('families: a summary named in seconds and a `_rate` gauge', () => {
    expect(timerKind.families.unit).toBe('seconds');
    const [s, rate] = timerKind.families.families;
    const v = { ...summary([1, 3]), rates };
    expect(samplesOf(s!, v)).toEqual([['summary', { quantiles: v.quantiles, sum: 4, count: 2 }]]);
    expect(rate!.help).toBe(' (events per second)');
    expect(samplesOf(rate!, v).map((r) => r[0])).toEqual(['window=1m', 'window=5m', 'window=15m', 'window=mean']);
  });

  it('fields: the summary fields then the rates, quantiles apart', () => {
    const v = { ...summary([1, 3]), rates };
    expect(fieldsOf((out) => timerKind.fields.write(v, out)).map((f) => f[0])).toEqual([
      'count',
      'sum',
      'min',
      'max',
      'mean',
      'stddev',
      'm1_rate',
      'm5_rate',
      'm15_rate',
      'mean_rate',
    ]);
    expect(timerKind.fields.quantiles!(v)).toBe(v.quantiles);
  });

  it('totals and addTotals: the summary part and the rates count', () => {
    const v = { ...summary([1, 3]), rates };
    const t = timerKind.totals(v);
    expect([t.count, t.sum, t.max, t.rates.count, t.rates.m1Rate]).toEqual([2, 4, 0, 2, 0]);
    const added = timerKind.addTotals(v, t);
    expect([added.count, added.sum, added.max, added.rates.count, added.rates.m1Rate]).toEqual([4, 8, 3, 4, 1]);
  });
});
