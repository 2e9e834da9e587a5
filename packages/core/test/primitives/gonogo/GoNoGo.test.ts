import { GoNoGo, type GoNoGoOutlierEvent } from '@meterwork/core';
import { captureDiag, EDGE_VALUES, manualClock } from '../../util';

describe('GoNoGo', () => {
  it('keeps go and no-go stats separately', () => {
    const clock = manualClock(1_700_000_000_000);
    const g = new GoNoGo({ clock, wallClock: clock });
    g.go(10);
    g.go(30);
    g.noGo(5);
    expect(g.snapshot()).toEqual({
      go: { count: 2, sum: 40, periodCount: 2, mean: 20, min: 10, max: 30 },
      noGo: { count: 1, sum: 5, periodCount: 1, mean: 5, min: 5, max: 5 },
      outliers: 0,
      periodStartMillis: 1_700_000_000_000,
      periodMillis: 60_000,
    });
  });

  // Changed with the period model: an empty period has no mean/min/max (was 0).
  it('reports no mean, min or max for an outcome with no values', () => {
    const g = new GoNoGo();
    g.go(-3);
    expect(g.snapshot().noGo).toEqual({ count: 0, sum: 0, periodCount: 0 });
    expect(g.snapshot().go.max).toBe(-3); // min/max start from "no value", not 0
  });

  // Changed with the period model: counts and sums stay cumulative across a reset.
  it('reset starts a new period with no values; counts and sums stay cumulative', () => {
    const clock = manualClock(1000);
    const g = new GoNoGo({ clock, wallClock: clock, periodMillis: 1_000_000 });
    g.go(100);
    g.noGo(200);
    clock.advance(60_000);
    g.reset();
    g.go(150); // min must not stay at 100 or at 0
    const s = g.snapshot();
    expect(s.go).toEqual({ count: 2, sum: 250, periodCount: 1, mean: 150, min: 150, max: 150 });
    expect(s.noGo).toEqual({ count: 1, sum: 200, periodCount: 0 });
    expect(s.periodStartMillis).toBe(61_000);
  });

  it('detects outliers per outcome after minSamples (Welford mean/stdDev)', () => {
    const events: GoNoGoOutlierEvent[] = [];
    const g = new GoNoGo({ clock: manualClock(0), outliers: { k: 3, minSamples: 30, onOutlier: (e) => events.push(e) } });
    for (let i = 0; i < 30; i++) g.go(i % 2 === 0 ? 9 : 11); // mean 10, sample sd sqrt(30 / 29) = 1.01709
    g.go(13); // |13 - 10| = 3 < 3.051: not an outlier
    expect(events).toHaveLength(0);
    g.noGo(1000); // no-go has its own stats, under minSamples
    expect(events).toHaveLength(0);
    g.go(20); // |20 - mean| ~ 9.9 > 3 * ~1.1
    expect(events).toHaveLength(1);
    expect(events[0].outcome).toBe('go');
    expect(events[0].value).toBe(20);
    expect(events[0].mean).toBeCloseTo(313 / 31, 12); // 15 * 9 + 15 * 11 + 13 = 313
    expect(events[0].deviations).toBeGreaterThan(3);
    expect(g.snapshot().outliers).toBe(1);
    expect(g.snapshot().go.count).toBe(32); // outliers still count in the stats
    // Changed with the period model: outliers are cumulative, and a new period
    // with fewer than minSamples values is checked against the previous one.
    g.reset();
    expect(g.snapshot().outliers).toBe(1);
    g.go(1000);
    expect(events).toHaveLength(2);
    expect(events[1].mean).toBeCloseTo(333 / 32, 12);
  });

  it('does not count before minSamples and honours k', () => {
    const g = new GoNoGo({ outliers: { k: 1, minSamples: 3 } });
    g.go(1);
    g.go(3);
    g.go(2); // mean 2, sd 1
    g.go(3.5); // 1.5 > 1 * 1
    expect(g.snapshot().outliers).toBe(1);
  });

  it('catches a throwing onOutlier and reports it with diag', () => {
    const captured = captureDiag();
    try {
      const g = new GoNoGo({
        outliers: {
          minSamples: 2,
          k: 1,
          onOutlier: () => {
            throw new Error('callback bug');
          },
        },
      });
      g.go(1);
      g.go(2);
      expect(() => g.go(100)).not.toThrow();
      expect(g.snapshot().outliers).toBe(1);
      expect(captured.error).toHaveBeenCalledTimes(1);
    } finally {
      captured.restore();
    }
  });

  it('drops non-finite values with a warning', () => {
    const captured = captureDiag();
    try {
      const g = new GoNoGo();
      for (const v of EDGE_VALUES) {
        g.go(v);
        g.noGo(v);
      }
      const s = g.snapshot();
      expect([s.go.count, s.go.sum, s.noGo.count]).toEqual([2, 0, 2]);
      expect(captured.warn).toHaveBeenCalledTimes(1);
    } finally {
      captured.restore();
    }
  });

  it.each<[string, () => unknown, RegExp]>([
    ['k 0', () => new GoNoGo({ outliers: { k: 0 } }), /"outliers.k"/],
    ['minSamples 0.5', () => new GoNoGo({ outliers: { minSamples: 0.5 } }), /"outliers.minSamples"/],
    ['onOutlier not a function', () => new GoNoGo({ outliers: { onOutlier: 3 as never } }), /"outliers.onOutlier"/],
    ['periodMillis 0', () => new GoNoGo({ periodMillis: 0 }), /"periodMillis"/],
  ])('invalid option %s throws naming it', (_n, make, msg) => {
    expect(make).toThrow(msg);
  });
});
