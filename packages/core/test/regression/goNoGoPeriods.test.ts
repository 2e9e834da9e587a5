/**
 * Issue 7, item 5: a go/no-go series reached through a view was never reset,
 * so "the current period" was the process lifetime, min/max never recovered
 * and the outlier baseline stopped reacting. The model now: counts, sums and
 * outliers cumulative (monotonic in every encoding); mean/min/max and the
 * outlier baseline over periods of `periodMillis` that roll over by
 * themselves; an empty period has no min/max.
 */
import { getMeterworkData, GoNoGo, Meterwork, type GoNoGoValue, type GoNoGoOutlierEvent } from '@meterwork/core';
import { metricNamed, pointValue, setupProvider } from '../sdk/otel/helpers';
import { manualClock } from '../util';
import { goNoGoKind } from '../../src/sdk/kind/goNoGo';

const PERIOD = 60_000;

function setup(onOutlier?: (e: GoNoGoOutlierEvent & { name: string }) => void) {
  const clock = manualClock(1_700_000_000_000);
  const mw = new Meterwork({
    clock,
    views: [{ instrumentName: 'op.duration', aggregation: { type: 'go_no_go', periodMillis: PERIOD, outliers: { k: 3, minSamples: 20 } } }],
    ...(onOutlier === undefined ? {} : { onOutlier }),
  });
  const s = setupProvider(mw.producer);
  const h = mw.wrap(s.provider).getMeter('m').createHistogram('op.duration', { unit: 'ms' });
  return { clock, h, collect: s.collect };
}

describe('go/no-go periods (issue 7 item 5)', () => {
  it('across three periods: counts and sums cumulative, mean/min/max per period, empty period has none', async () => {
    const { clock, h, collect } = setup();
    const start = clock.now;

    // Period 1: go 100, 300; no-go 50.
    h.record(100);
    h.record(300);
    h.record(50, { 'error.type': 'timeout' });
    let rm = await collect();
    expect(pointValue(rm, 'op.duration.count', { outcome: 'go' })).toBe(2);
    expect(pointValue(rm, 'op.duration.min', { outcome: 'go' })).toBe(100);
    expect(pointValue(rm, 'op.duration.max', { outcome: 'go' })).toBe(300);
    expect(pointValue(rm, 'op.duration.mean', { outcome: 'no_go' })).toBe(50);

    // Period 2: go 20 only. Min recovers (not stuck at 100, not 0); no-go is empty.
    clock.advance(PERIOD);
    h.record(20);
    rm = await collect();
    expect(pointValue(rm, 'op.duration.count', { outcome: 'go' })).toBe(3);
    expect(pointValue(rm, 'op.duration.sum', { outcome: 'go' })).toBe(420);
    expect(pointValue(rm, 'op.duration.count', { outcome: 'no_go' })).toBe(1);
    expect(pointValue(rm, 'op.duration.min', { outcome: 'go' })).toBe(20);
    expect(pointValue(rm, 'op.duration.max', { outcome: 'go' })).toBe(20);
    expect(pointValue(rm, 'op.duration.mean', { outcome: 'go' })).toBe(20);
    // An empty period has no min/max/mean (never a placeholder 0).
    expect(pointValue(rm, 'op.duration.min', { outcome: 'no_go' })).toBeUndefined();
    expect(pointValue(rm, 'op.duration.max', { outcome: 'no_go' })).toBeUndefined();
    expect(pointValue(rm, 'op.duration.mean', { outcome: 'no_go' })).toBeUndefined();
    const rich = getMeterworkData(metricNamed(rm, 'op.duration.count')!)!.points[0]!.value as GoNoGoValue;
    expect(rich.noGo).toEqual({ count: 1, sum: 50, periodCount: 0 });
    expect(rich.periodStartMillis).toBe(start + PERIOD);
    expect(rich.periodMillis).toBe(PERIOD);

    // Period 3 with no record at all: the period rolls over on collection too.
    clock.advance(PERIOD);
    rm = await collect();
    expect(pointValue(rm, 'op.duration.count', { outcome: 'go' })).toBe(3);
    expect(pointValue(rm, 'op.duration.sum', { outcome: 'go' })).toBe(420);
    expect(pointValue(rm, 'op.duration.min', { outcome: 'go' })).toBeUndefined();
    const rich3 = getMeterworkData(metricNamed(rm, 'op.duration.count')!)!.points[0]!.value as GoNoGoValue;
    expect(rich3.go).toEqual({ count: 3, sum: 420, periodCount: 0 });
    expect(rich3.periodStartMillis).toBe(start + 2 * PERIOD);
  });

  it('counts, sums and outliers never decrease over collections spanning periods', async () => {
    const { clock, h, collect } = setup();
    let last = { count: 0, sum: 0, outliers: 0 };
    for (let step = 0; step < 12; step++) {
      for (let i = 0; i < 25; i++) h.record(step % 4 === 3 && i === 24 ? 10_000 : 10 + (i % 3));
      clock.advance(PERIOD / 2);
      const rm = await collect();
      const now = {
        count: pointValue(rm, 'op.duration.count', { outcome: 'go' })!,
        sum: pointValue(rm, 'op.duration.sum', { outcome: 'go' })!,
        outliers: pointValue(rm, 'op.duration.outliers')!,
      };
      expect(now.count).toBeGreaterThanOrEqual(last.count);
      expect(now.sum).toBeGreaterThanOrEqual(last.sum);
      expect(now.outliers).toBeGreaterThanOrEqual(last.outliers);
      last = now;
    }
    expect(last.count).toBe(300);
    expect(last.outliers).toBeGreaterThan(0);
  });

  it('after a regime change outliers stop firing within a period', () => {
    const clock = manualClock(0);
    const events: number[] = [];
    const g = new GoNoGo({ clock, periodMillis: PERIOD, outliers: { k: 3, minSamples: 20, onOutlier: (e) => events.push(clock.now) } });
    // Hours of a stable regime (10 +- 1), one value per second.
    for (let t = 0; t < 3 * 3600; t++) {
      g.go(10 + (t % 3) - 1);
      clock.advance(1000);
    }
    expect(events).toHaveLength(0);
    // Regime change: every value is now ~100 (100 +- 1).
    const changeAt = clock.now;
    for (let t = 0; t < 170; t++) {
      g.go(100 + (t % 3) - 1);
      clock.advance(1000);
    }
    expect(events.length).toBeGreaterThan(0); // the change itself is reported
    // ... but not forever: nothing fires a period after the change.
    const lastEvent = Math.max(...events);
    expect(lastEvent - changeAt).toBeLessThan(PERIOD);
    // And the new period's stats are the new regime only.
    const s = g.snapshot();
    expect(s.go.min).toBe(99);
    expect(s.go.max).toBe(101);
  });

  it('the outlier baseline follows the regime when periods are busy (previous period as fallback)', () => {
    const clock = manualClock(0);
    const events: number[] = [];
    const g = new GoNoGo({ clock, periodMillis: PERIOD, outliers: { k: 3, minSamples: 20, onOutlier: (e) => events.push(e.value) } });
    for (let i = 0; i < 50; i++) g.go(10 + (i % 3) - 1);
    clock.advance(PERIOD);
    // The new period has fewer than minSamples values: the previous period is the baseline.
    g.go(1000);
    expect(events).toEqual([1000]);
    // Two periods later with no values in between: no stale baseline.
    clock.advance(2 * PERIOD);
    g.go(5000);
    expect(events).toEqual([1000]);
  });

  it('every encoding reads the same model: cumulative counts, no min/max for an empty period', () => {
    const clock = manualClock(0);
    const g = new GoNoGo({ clock, wallClock: clock, periodMillis: PERIOD });
    g.go(5);
    g.noGo(7);
    clock.advance(PERIOD);
    g.go(3);
    const v = g.snapshot();
    // Native fields (InfluxDB): counts and sums cumulative; no no-go mean/min/max this period.
    const fields: Record<string, number> = {};
    goNoGoKind.fields.write(v, { add: (k: string, x: number) => (fields[k] = x) });
    expect(Object.keys(fields).some((k) => /^no_?go_(mean|min|max)$/.test(k))).toBe(false);
    expect(
      Object.entries(fields)
        .filter(([k]) => /count$/.test(k))
        .map(([, x]) => x)
        .sort(),
    ).toEqual([1, 2]);
    // Native families (Prometheus): the min family has a go sample only; outcomes are cumulative.
    const samples = (suffix: string) => {
      const out: Array<[number, string | undefined]> = [];
      const family = goNoGoKind.families.families.find((f) => f.suffix === suffix)!;
      family.samples(v, { sample: (x: number, label?: string) => out.push([x, label]), tagSet: () => {}, summary: () => {} });
      return out;
    };
    expect(samples('min')).toEqual([[3, 'go']]);
    expect(samples('outcomes')).toEqual([
      [2, 'go'],
      [1, 'no_go'],
    ]);
  });
});
