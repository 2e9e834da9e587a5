import { Meter } from '@meterwork/core';
import { captureDiag, EDGE_VALUES, manualClock } from '../../util';

describe('Meter', () => {
  it('ticks lazily on read: m1, m5, m15 after one tick and after a minute', () => {
    const clock = manualClock(0);
    const m = new Meter({ clock });
    m.mark(3);
    clock.advance(5000); // one tick: instant = 3 / 5 s = 0.6/s
    expect(m.m1Rate).toBeCloseTo(0.6, 12);
    expect(m.m5Rate).toBeCloseTo(0.6, 12);
    expect(m.m15Rate).toBeCloseTo(0.6, 12);
    clock.advance(60_000); // 12 more ticks, no events: 0.6 * exp(-1/N)
    expect(m.m1Rate).toBeCloseTo(0.22072766, 8);
    expect(m.m5Rate).toBeCloseTo(0.49123845, 8);
    expect(m.m15Rate).toBeCloseTo(0.56130419, 8); // Dropwizard MeterTest/EWMATest values
    expect(m.count).toBe(3);
    expect(m.meanRate).toBeCloseTo(3 / 65, 12);
  });

  it('does not tick before 5 s and counts marks since the last tick', () => {
    const clock = manualClock(0);
    const m = new Meter({ clock });
    m.mark();
    clock.advance(4999);
    expect(m.m1Rate).toBe(0);
    m.mark(4);
    clock.advance(1); // 5 events in the first interval
    expect(m.m1Rate).toBeCloseTo(1, 12);
  });

  it('catches up years of idleness in constant time; rates decay to 0', () => {
    const clock = manualClock(0);
    const m = new Meter({ clock });
    m.mark(1000);
    clock.advance(5000);
    expect(m.m15Rate).toBeCloseTo(200, 9);
    // 3,000 years = 1.9e10 ticks: a tick-by-tick catch-up would run for minutes, a
    // constant-time one returns at once (bound far above any scheduling noise).
    const idleSeconds = 3000 * 365 * 24 * 3600;
    clock.advance(idleSeconds * 1000);
    const t0 = Date.now();
    const v = m.snapshot();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(v).toEqual({ count: 1000, m1Rate: 0, m5Rate: 0, m15Rate: 0, meanRate: 1000 / (idleSeconds + 5) });
  });

  it('idle ticks initialize the rate at 0; later marks move it by alpha', () => {
    const clock = manualClock(0);
    const m = new Meter({ clock });
    clock.advance(3_600_000);
    m.mark(10); // catches up 720 empty ticks first
    clock.advance(5000);
    // the first (empty) tick set the rate to 0; instant 10 / 5 s = 2/s: 0 + alpha1 * 2 = 0.15991117
    expect(m.m1Rate).toBeCloseTo((1 - Math.exp(-1 / 12)) * 2, 12);
    expect(m.count).toBe(10);
  });

  it('drops NaN, Infinity and negative counts with a warning', () => {
    const captured = captureDiag();
    try {
      const m = new Meter({ clock: manualClock(0) });
      for (const v of EDGE_VALUES) m.mark(v);
      expect(m.count).toBe(1);
      expect(captured.warn).toHaveBeenCalledTimes(1);
      expect(() => m.mark('x' as never)).not.toThrow();
      expect(m.count).toBe(1);
    } finally {
      captured.restore();
    }
  });

  it('reset zeroes count and rates', () => {
    const clock = manualClock(0);
    const m = new Meter({ clock });
    m.mark(5);
    clock.advance(5000);
    m.reset();
    clock.advance(5000);
    expect(m.snapshot()).toEqual({ count: 0, m1Rate: 0, m5Rate: 0, m15Rate: 0, meanRate: 0 });
  });

  it('rejects a clock that is not a function', () => {
    expect(() => new Meter({ clock: 5 as never })).toThrow(/"clock"/);
  });
});
