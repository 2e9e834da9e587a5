import { SlidingTimeWindowReservoir } from '@meterwork/core';
import { captureDiag, manualClock } from '../../util';

describe('SlidingTimeWindowReservoir', () => {
  it('keeps exactly the values of the last windowMillis', () => {
    const clock = manualClock(1000);
    const r = new SlidingTimeWindowReservoir({ windowMillis: 100, clock });
    r.update(1); // t = 1000
    clock.advance(50);
    r.update(2); // t = 1050
    clock.advance(49); // now 1099: both in
    expect(r.snapshot().values()).toEqual([1, 2]);
    clock.advance(1); // now 1100: 1100 - 1000 = 100, not < 100 -> 1 is out
    expect(r.snapshot().values()).toEqual([2]);
    clock.advance(50);
    expect(r.snapshot().size).toBe(0);
    expect(r.count).toBe(2);
  });

  it('empties after the window passes, across many ring growths', () => {
    const clock = manualClock();
    const r = new SlidingTimeWindowReservoir({ windowMillis: 60_000, clock });
    for (let i = 0; i < 5000; i++) {
      r.update(i);
      clock.advance(1);
    }
    // now = 5000; all in
    const s = r.snapshot();
    expect(s.size).toBe(5000);
    expect(s.quantile(0.5)).toBe(2499.5);
    clock.advance(60_000);
    expect(r.snapshot().size).toBe(0);
    expect(r.retained).toBe(0);
  });

  it('trims by binary search', () => {
    const clock = manualClock();
    const r = new SlidingTimeWindowReservoir({ windowMillis: 10, clock });
    for (let i = 0; i < 100; i++) {
      r.update(i);
      clock.advance(1);
    }
    // now = 100: values stamped 91..99 are in
    expect(r.snapshot().values()).toEqual([91, 92, 93, 94, 95, 96, 97, 98, 99]);
  });

  it('bounds memory by maxSamples under 1M updates and reports dropped', () => {
    const clock = manualClock();
    const r = new SlidingTimeWindowReservoir({ windowMillis: 60_000, maxSamples: 10_000, clock });
    let maxCapacity = 0;
    for (let i = 0; i < 1_000_000; i++) {
      r.update(i);
      if ((i & 1023) === 0) maxCapacity = Math.max(maxCapacity, r.capacity);
    }
    expect(r.retained).toBe(10_000);
    const s = r.snapshot();
    expect(s.size).toBe(10_000);
    expect(s.dropped).toBe(990_000);
    expect(s.min).toBe(990_000); // the oldest were dropped
    expect(s.max).toBe(999_999);
    // One ring (changed from 8 KB chunks): the power of two above 10,000.
    expect(maxCapacity).toBe(16_384);
  });

  it('warns with diag when maxSamples makes it drop values, rate-limited', () => {
    const d = captureDiag();
    try {
      const r = new SlidingTimeWindowReservoir({ windowMillis: 60_000, maxSamples: 3, clock: manualClock() });
      for (let i = 0; i < 5; i++) r.update(i);
      expect(r.snapshot().dropped).toBe(2);
      expect(d.warn).toHaveBeenCalledTimes(1);
      expect(String(d.warn.mock.calls[0][0])).toContain('more than maxSamples (3) values, the oldest is dropped');
    } finally {
      d.restore();
    }
  });

  it('does not count expired values still held as dropped when maxSamples is reached', () => {
    const clock = manualClock();
    // 4 values per 100 ms window, maxSamples 4: expired values are trimmed, not dropped
    const r = new SlidingTimeWindowReservoir({ windowMillis: 100, maxSamples: 4, clock });
    for (let i = 0; i < 1000; i++) {
      r.update(i);
      clock.advance(25);
    }
    const s = r.snapshot();
    expect(s.dropped).toBe(0);
    expect(s.values()).toEqual([997, 998, 999]); // now = 25000: 996 is 100 ms old, out
  });

  it('bounds memory by time without reads (trims when the ring fills)', () => {
    const clock = manualClock();
    const r = new SlidingTimeWindowReservoir({ windowMillis: 100, maxSamples: 10_000_000, clock });
    let maxRetained = 0;
    for (let i = 0; i < 1_000_000; i++) {
      r.update(i);
      if (i % 100 === 0) clock.advance(1); // 100 values per ms -> 10,000 per window
      maxRetained = Math.max(maxRetained, r.retained);
    }
    expect(maxRetained).toBeLessThanOrEqual(16_384);
    // One ring (changed from 8 KB chunks): the power of two above 10,100 values per window.
    expect(r.capacity).toBe(16_384);
    expect(r.snapshot().dropped).toBe(0);
  });

  it('reset forgets values and the dropped count', () => {
    const clock = manualClock();
    const r = new SlidingTimeWindowReservoir({ windowMillis: 100, maxSamples: 2, clock });
    for (let i = 0; i < 1500; i++) r.update(i);
    r.reset();
    const s = r.snapshot();
    expect([s.size, s.dropped, r.count]).toEqual([0, 0, 0]);
    r.update(5);
    expect(r.snapshot().values()).toEqual([5]);
  });
});
