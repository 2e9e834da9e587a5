/**
 * Issue 7, item 8: an exact sliding-time-window series cost ~10 KB even with
 * one value (an 8 KB chunk allocated up front), and a bounded-window series
 * ~5 KB (six sub-window sketches and 128-bucket stores up front). Now the
 * ring is allocated on the first value and doubles as needed; sub-window
 * sketches are made when first used and their bucket stores start small.
 */
import { BoundedTimeWindowReservoir, SlidingTimeWindowReservoir } from '@meterwork/core';
import { manualClock } from '../util';

describe('sliding time window allocates lazily and grows (issue 7 item 8)', () => {
  it('allocates nothing before the first value, then 4 values, doubling as the window fills', () => {
    const clock = manualClock(0);
    const r = new SlidingTimeWindowReservoir({ windowMillis: 1000, clock });
    expect(r.capacity).toBe(0);
    r.update(1);
    expect(r.capacity).toBe(4);
    const seen: number[] = [];
    for (let i = 0; i < 100; i++) {
      r.update(i);
      if (seen[seen.length - 1] !== r.capacity) seen.push(r.capacity);
    }
    expect(seen).toEqual([4, 8, 16, 32, 64, 128]);
    expect(r.snapshot().size).toBe(101);
  });

  it('never grows past maxSamples (rounded up to a power of two)', () => {
    const r = new SlidingTimeWindowReservoir({ windowMillis: 1000, maxSamples: 100, clock: manualClock(0) });
    for (let i = 0; i < 1000; i++) r.update(i);
    expect(r.capacity).toBe(128);
    expect(r.retained).toBe(100);
    expect(r.snapshot().dropped).toBe(900);
  });

  it('reuses expired room instead of growing: steady state allocates nothing', () => {
    const clock = manualClock(0);
    const r = new SlidingTimeWindowReservoir({ windowMillis: 100, clock });
    // 10 values per ms over a 100 ms window: ~1,000 held.
    for (let i = 0; i < 20_000; i++) {
      r.update(i);
      if (i % 10 === 9) clock.advance(1);
    }
    const warm = r.capacity;
    expect(warm).toBe(1024);
    for (let i = 0; i < 200_000; i++) {
      r.update(i);
      if (i % 10 === 9) clock.advance(1);
    }
    expect(r.capacity).toBe(warm);
    expect(r.snapshot().dropped).toBe(0);
  });

  it('gives memory back after a burst, a halving per snapshot, never below the first size', () => {
    const clock = manualClock(0);
    const r = new SlidingTimeWindowReservoir({ windowMillis: 100, clock });
    for (let i = 0; i < 1000; i++) r.update(i);
    expect(r.capacity).toBe(1024);
    clock.advance(100); // all expired
    const sizes: number[] = [];
    for (let k = 0; k < 12; k++) {
      expect(r.snapshot().size).toBe(0);
      sizes.push(r.capacity);
    }
    expect(sizes).toEqual([512, 256, 128, 64, 32, 16, 8, 4, 4, 4, 4, 4]);
    r.update(7);
    expect(r.snapshot().values()).toEqual([7]);
  });

  it('keeps values in order across wrap-around, growth and shrinking', () => {
    const clock = manualClock(0);
    const r = new SlidingTimeWindowReservoir({ windowMillis: 10, clock });
    const expected: number[] = [];
    for (let i = 0; i < 500; i++) {
      r.update(i);
      expected.push(i);
      clock.advance(i % 50 < 25 ? 0.5 : 2); // density varies: the ring grows and wraps
      while (expected.length > 0 && clock.now - timeOf(expected[0]) >= 10) expected.shift();
      if (i % 37 === 0) expect(r.snapshot().values()).toEqual(expected);
    }

    function timeOf(v: number): number {
      let t = 0;
      for (let i = 0; i < v; i++) t += i % 50 < 25 ? 0.5 : 2;
      return t;
    }
  });
});

describe('bounded time window allocates lazily (issue 7 item 8)', () => {
  it('makes one sub-window sketch per sub-window used, with a small bucket store', () => {
    const clock = manualClock(0);
    const r = new BoundedTimeWindowReservoir({ windowMillis: 60_000, subWindows: 6, clock });
    expect(r.allocatedSubWindows).toBe(0);
    expect(r.allocatedBuckets).toBe(0);
    r.update(0.2);
    r.update(0.21);
    expect(r.allocatedSubWindows).toBe(1);
    expect(r.allocatedBuckets).toBe(16); // was 128
    clock.advance(10_000);
    r.update(0.2);
    expect(r.allocatedSubWindows).toBe(2);
    // Over many windows: at most subWindows sketches, reused.
    for (let i = 0; i < 100; i++) {
      clock.advance(10_000);
      r.update(0.2);
    }
    expect(r.allocatedSubWindows).toBe(6);
    expect(r.snapshot().size).toBe(6);
  });
});
