import { KIND_NAMES, kindOf } from '@meterwork/core/internal';
import { summaryKind } from '../../../src/sdk/kind/summary';
import { fieldsOf, samplesOf, summary } from './values';

describe('summary kind', () => {
  it('is what kindOf("summary") returns; unknown kinds have none', () => {
    expect(kindOf('summary')).toBe(summaryKind);
    expect(kindOf('histogram')).toBeUndefined();
    expect(kindOf('toString')).toBeUndefined();
    expect(KIND_NAMES).toEqual(['summary', 'timer', 'meter', 'go_no_go', 'tagged_histogram']);
  });

  it('diff: count, sum and dropped become deltas; a lower count is a reset (count and sum whole)', () => {
    const previous = summary([1, 2], { dropped: 1 });
    const current = summary([1, 2, 3, 4], { dropped: 1 });
    expect(summaryKind.diff(previous, current)).toEqual({ ...current, count: 2, sum: 7, dropped: 0 });
    expect(summaryKind.diff(current, previous)).toEqual({ ...previous, count: 2, sum: 3, dropped: 0 });
  });

  it('diff keeps a negative sum delta when the count grew (an up-down counter)', () => {
    expect(summaryKind.diff(summary([5]), summary([5, -8])).sum).toBe(-8);
  });

  it('families: one summary family with the instrument unit', () => {
    expect(summaryKind.families.unit).toBe('instrument');
    const v = summary([1, 3]);
    expect(samplesOf(summaryKind.families.families[0]!, v)).toEqual([['summary', { quantiles: v.quantiles, sum: 4, count: 2 }]]);
  });

  it('fields: count, sum, min, max, mean, stddev; quantiles apart', () => {
    const v = summary([1, 3]);
    expect(fieldsOf((out) => summaryKind.fields.write(v, out))).toEqual([
      ['count', 2],
      ['sum', 4],
      ['min', 1],
      ['max', 3],
      ['mean', 2],
      ['stddev', 0],
    ]);
    expect(summaryKind.fields.quantiles!(v)).toBe(v.quantiles);
  });

  it('totals: count, sum and dropped, the distribution empty; addTotals adds them and keeps the distribution', () => {
    const v = summary([1, 3], { dropped: 2 });
    expect(summaryKind.totals(v)).toEqual({
      count: 2,
      sum: 4,
      dropped: 2,
      min: 0,
      max: 0,
      mean: 0,
      stdDev: 0,
      quantiles: v.quantiles.map((q) => ({ quantile: q.quantile, value: 0 })),
    });
    expect(summaryKind.addTotals(v, summaryKind.totals(summary([5], { dropped: 1 })))).toEqual({ ...v, count: 3, sum: 9, dropped: 3 });
  });
});
