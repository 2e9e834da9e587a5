import { BoundedTimeWindowReservoir } from '@meterwork/core';
import { exactRankQuantile, manualClock, seededRandom } from '../../util';

const QUANTILES = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** Mixed data: log-normal positives over 6 decades, negatives, exact zeros. */
function mixedData(n: number, seed: number): number[] {
  const rnd = seededRandom(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = rnd();
    const magnitude = Math.exp((rnd() - 0.5) * 14); // ~1e-3 .. ~1e3
    out.push(u < 0.3 ? -magnitude : u < 0.35 ? 0 : magnitude);
  }
  return out;
}

describe('BoundedTimeWindowReservoir', () => {
  it.each([0.01, 0.05])('answers quantiles within relativeError %p of the exact ones (negatives, zeros)', (relativeError) => {
    const clock = manualClock(0);
    const r = new BoundedTimeWindowReservoir({ windowMillis: 60_000, relativeError, clock });
    const data = mixedData(100_000, 42);
    // spread over several sub-windows so the snapshot merges them
    data.forEach((x, i) => {
      r.update(x);
      if (i % 20_000 === 0) clock.advance(10_000);
    });
    const s = r.snapshot();
    const sorted = Float64Array.from(data).sort();
    expect(s.size).toBe(data.length);
    for (const q of QUANTILES) {
      const exact = exactRankQuantile(sorted, q);
      expect(Math.abs(s.quantile(q) - exact)).toBeLessThanOrEqual(relativeError * Math.abs(exact) + 1e-12);
    }
    expect(s.min).toBe(sorted[0]);
    expect(s.max).toBe(sorted[sorted.length - 1]);
    const mean = data.reduce((a, b) => a + b, 0) / data.length;
    expect(s.mean).toBeCloseTo(mean, 9);
    const sd = Math.sqrt(data.reduce((a, b) => a + (b - mean) ** 2, 0) / (data.length - 1));
    expect(s.stdDev).toBeCloseTo(sd, 9);
  });

  it('keeps only the last windowMillis, sliding by sub-windows', () => {
    const clock = manualClock(0);
    const r = new BoundedTimeWindowReservoir({ windowMillis: 60_000, subWindows: 6, clock });
    r.update(1); // sub-window [0, 10 s)
    clock.advance(10_000);
    r.update(2); // [10 s, 20 s)
    clock.advance(45_000); // now 55 s: both in
    expect(r.snapshot().size).toBe(2);
    clock.advance(5_000); // now 60 s: sub-window 6 is current, sub-window 0 is out
    const s = r.snapshot();
    expect(s.size).toBe(1);
    expect(s.min).toBe(2);
    clock.advance(60_000);
    expect(r.snapshot().size).toBe(0);
    expect(r.count).toBe(2);
  });

  it('reuses a slot for a new sub-window without mixing old values', () => {
    const clock = manualClock(0);
    const r = new BoundedTimeWindowReservoir({ windowMillis: 600, subWindows: 6, clock });
    r.update(5); // slot 0, epoch 0
    clock.advance(600); // epoch 6 -> slot 0 again
    r.update(7);
    const s = r.snapshot();
    expect(s.size).toBe(1);
    expect(s.max).toBe(7);
  });

  it('keeps constant memory under 1M updates over many windows', () => {
    const clock = manualClock(0);
    const r = new BoundedTimeWindowReservoir({ windowMillis: 60_000, clock });
    const rnd = seededRandom(7);
    let afterWarmup = 0;
    for (let i = 0; i < 1_000_000; i++) {
      r.update(Math.exp(rnd() * 10) * (rnd() < 0.1 ? -1 : 1)); // 1 .. 2e4, some negative
      if (i % 1000 === 0) clock.advance(1000); // 1,000 s in all
      if (i === 200_000) afterWarmup = r.allocatedBuckets;
    }
    expect(afterWarmup).toBeGreaterThan(0);
    expect(r.allocatedBuckets).toBe(afterWarmup);
    expect(r.allocatedBuckets).toBeLessThanOrEqual(2 * 6 * 2048);
    const s = r.snapshot();
    expect(s.dropped).toBe(0);
    expect(s.size).toBeLessThanOrEqual(60_000 + 1000);
  });

  it('collapses the lowest buckets beyond maxBuckets and stays accurate at the top', () => {
    const clock = manualClock(0);
    const r = new BoundedTimeWindowReservoir({ windowMillis: 1000, subWindows: 1, maxBuckets: 256, clock });
    const data: number[] = [];
    for (let e = -300; e <= 300; e++) data.push(10 ** e);
    for (const x of data) r.update(x);
    const s = r.snapshot();
    // 256 buckets at 1 % span a ratio of e^(256 * 0.02) ~ 166: 1e300 and 1e299 stay exact-ish
    expect(r.allocatedBuckets).toBeLessThanOrEqual(256);
    expect(s.size).toBe(data.length);
    expect(Math.abs(s.quantile(0.999) - 1e299) / 1e299).toBeLessThanOrEqual(0.01);
    expect(s.quantile(1)).toBe(1e300);
    expect(s.quantile(0)).toBe(1e-300); // min is exact
    // rank floor(0.5 * 600) = 300 is 1e0, collapsed into the lowest kept bucket (~1e298): inaccurate by design
    expect(s.quantile(0.5)).toBeGreaterThan(1e297);
  });

  it('values() returns bucket representatives, weights() their counts', () => {
    const r = new BoundedTimeWindowReservoir({ windowMillis: 1000, clock: manualClock(0) });
    for (const x of [-2, 0, 0, 100, 100, 100]) r.update(x);
    const s = r.snapshot();
    const v = s.values();
    expect(v).toHaveLength(3);
    expect(Math.abs(v[0] + 2)).toBeLessThanOrEqual(0.02);
    expect(v[1]).toBe(0);
    expect(Math.abs(v[2] - 100)).toBeLessThanOrEqual(1);
    expect(s.weights!()).toEqual([1, 2, 3]);
  });

  it('reset forgets values', () => {
    const r = new BoundedTimeWindowReservoir({ windowMillis: 1000, clock: manualClock(0) });
    r.update(1);
    r.reset();
    expect(r.snapshot().size).toBe(0);
    r.update(3);
    expect(r.snapshot().max).toBe(3);
  });
});
