import type { GoNoGoValue } from '@meterwork/core';
import { kindOf } from '@meterwork/core/internal';
import { goNoGoKind } from '../../../src/sdk/kind/goNoGo';
import { fieldsOf, samplesOf } from './values';

const empty = { count: 0, sum: 0, periodCount: 0 };
const P = 60_000;

describe('go/no-go kind', () => {
  it('is what kindOf("go_no_go") returns', () => {
    expect(kindOf('go_no_go')).toBe(goNoGoKind);
  });

  it('merge: counts and sums add, min of mins and max of maxes over non-empty periods, mean weighted by period count', () => {
    const values: GoNoGoValue[] = [
      { go: { count: 2, sum: 10, periodCount: 2, mean: 5, min: 3, max: 7 }, noGo: empty, outliers: 1, periodStartMillis: 2000, periodMillis: P },
      { go: empty, noGo: { count: 1, sum: 4, periodCount: 1, mean: 4, min: 4, max: 4 }, outliers: 0, periodStartMillis: 1000, periodMillis: P },
      { go: { count: 3, sum: 6, periodCount: 3, mean: 2, min: 1, max: 3 }, noGo: empty, outliers: 2, periodStartMillis: 3000, periodMillis: P },
      // Values in earlier periods only: counted, but no period statistics.
      { go: { count: 4, sum: 400, periodCount: 0 }, noGo: empty, outliers: 0, periodStartMillis: 3000, periodMillis: P },
    ];
    expect(goNoGoKind.merge(values, 'g')).toEqual({
      go: { count: 9, sum: 416, periodCount: 5, mean: 3.2, min: 1, max: 7 },
      noGo: { count: 1, sum: 4, periodCount: 1, mean: 4, min: 4, max: 4 },
      outliers: 3,
      periodStartMillis: 1000,
      periodMillis: P,
    });
  });

  it('diff: counts, sums and outliers become deltas per outcome; period statistics stay current; a lower count is a reset', () => {
    const previous: GoNoGoValue = {
      go: { count: 2, sum: 10, periodCount: 2, mean: 5, min: 3, max: 7 },
      noGo: { count: 5, sum: 50, periodCount: 5, mean: 10, min: 1, max: 20 },
      outliers: 1,
      periodStartMillis: 0,
      periodMillis: P,
    };
    const current: GoNoGoValue = {
      go: { count: 5, sum: 16, periodCount: 3, mean: 2, min: 1, max: 3 },
      noGo: { count: 1, sum: 4, periodCount: 1, mean: 4, min: 4, max: 4 },
      outliers: 3,
      periodStartMillis: P,
      periodMillis: P,
    };
    expect(goNoGoKind.diff(previous, current)).toEqual({
      go: { count: 3, sum: 6, periodCount: 3, mean: 2, min: 1, max: 3 },
      noGo: { count: 1, sum: 4, periodCount: 1, mean: 4, min: 4, max: 4 },
      outliers: 2,
      periodStartMillis: P,
      periodMillis: P,
    });
  });

  it('families: outcomes for both outcomes; mean/min/max only for an outcome with values in the period', () => {
    const v: GoNoGoValue = {
      go: { count: 2, sum: 10, periodCount: 2, mean: 5, min: 3, max: 7 },
      noGo: { count: 4, sum: 8, periodCount: 0 },
      outliers: 1,
      periodStartMillis: 0,
      periodMillis: P,
    };
    const bySuffix = new Map(goNoGoKind.families.families.map((f) => [f.suffix, f]));
    expect([...bySuffix.keys()]).toEqual(['outcomes', 'mean', 'min', 'max', 'outliers']);
    expect(samplesOf(bySuffix.get('outcomes')!, v)).toEqual([
      ['outcome=go', 2],
      ['outcome=no_go', 4],
    ]);
    expect(samplesOf(bySuffix.get('min')!, v)).toEqual([['outcome=go', 3]]);
    expect(samplesOf(bySuffix.get('outliers')!, v)).toEqual([['', 1]]);
  });

  it('fields: go_*, then the no-go outcome, then outliers; an empty period has no mean/min/max', () => {
    const v: GoNoGoValue = {
      go: { count: 2, sum: 10, periodCount: 2, mean: 5, min: 3, max: 7 },
      noGo: empty,
      outliers: 1,
      periodStartMillis: 0,
      periodMillis: P,
    };
    const fields = fieldsOf((out) => goNoGoKind.fields.write(v, out));
    expect(fields.slice(0, 5)).toEqual([
      ['go_count', 2],
      ['go_sum', 10],
      ['go_mean', 5],
      ['go_min', 3],
      ['go_max', 7],
    ]);
    expect(fields).toHaveLength(8);
    expect(fields[7]).toEqual(['outliers', 1]);
  });

  it('totals: counts, sums and outliers, nothing in the period; addTotals adds them and keeps the period', () => {
    const v: GoNoGoValue = {
      go: { count: 2, sum: 10, periodCount: 2, mean: 5, min: 3, max: 7 },
      noGo: empty,
      outliers: 1,
      periodStartMillis: 0,
      periodMillis: P,
    };
    const t = goNoGoKind.totals(v);
    expect(t.go).toEqual({ count: 2, sum: 10, periodCount: 0 });
    expect(goNoGoKind.addTotals(v, t)).toEqual({ ...v, go: { count: 4, sum: 20, periodCount: 2, mean: 5, min: 3, max: 7 }, outliers: 2 });
  });
});
