import { ExponentiallyDecayingReservoir } from '@meterwork/core';
import { manualClock, seededRandom, sequenceRandom } from '../../util';

const HOUR = 3_600_000;

describe('ExponentiallyDecayingReservoir', () => {
  it('weighs values by exp(alpha * (t - landmark))', () => {
    const clock = manualClock(0);
    const r = new ExponentiallyDecayingReservoir({ size: 10, alpha: 0.015, clock, random: sequenceRandom(0.5) });
    r.update(10); // t = 0: weight 1
    clock.advance(10_000);
    r.update(20); // t = 10 s: weight exp(0.015 * 10) = exp(0.15) = 1.16183424
    const s = r.snapshot();
    const total = 1 + Math.exp(0.15); // 2.16183424
    // normalized: 10 -> 0.46257015, 20 -> 0.53742985
    expect(s.weights!()[0]).toBeCloseTo(1 / total, 12);
    expect(s.weights!()[1]).toBeCloseTo(0.53742985, 8);
    // mean = 10 * 0.46257015 + 20 * 0.53742985 = 15.3742985
    expect(s.mean).toBeCloseTo(15.3742985, 6);
    // the step function: cumulative [0, 0.4626]: q 0.4 -> 10, q 0.5 -> 20
    expect(s.quantile(0.4)).toBe(10);
    expect(s.quantile(0.5)).toBe(20);
  });

  it('replaces the lowest priority only when the new one is higher', () => {
    const clock = manualClock(0);
    // priority = weight / (1 - random): 0.5 -> 2, 0.0 -> 1, 0.9 -> 10 (all at weight 1)
    const r = new ExponentiallyDecayingReservoir({ size: 1, clock, random: sequenceRandom(0.5, 0.0, 0.9) });
    r.update(10); // priority 2
    r.update(20); // priority 1 < 2: kept out (go-metrics would replace)
    expect(r.snapshot().values()).toEqual([10]);
    r.update(30); // priority 10 > 2: replaces
    expect(r.snapshot().values()).toEqual([30]);
    expect(r.count).toBe(3);
  });

  it('guards a random source returning 1 (U = 0)', () => {
    const r = new ExponentiallyDecayingReservoir({ size: 2, clock: manualClock(0), random: () => 1 });
    r.update(1);
    r.update(2);
    const s = r.snapshot();
    expect(s.values()).toEqual([1, 2]);
    expect(s.mean).toBe(1.5);
  });

  it('keeps the highest priorities from a stream (heap order)', () => {
    const clock = manualClock(0);
    const r = new ExponentiallyDecayingReservoir({ size: 100, clock, random: seededRandom(1) });
    for (let i = 0; i < 1000; i++) {
      r.update(i);
      clock.advance(1000); // 1000 s in all: recent values dominate
    }
    const s = r.snapshot();
    expect(s.size).toBe(100);
    // weight grows by e^0.015 per value: median of the sample well in the recent part
    expect(s.quantile(0.5)).toBeGreaterThan(850);
    expect(s.max).toBe(999);
  });

  it('rescales on read after more than an hour idle, keeping quantiles', () => {
    const clock = manualClock(0);
    const r = new ExponentiallyDecayingReservoir({ size: 10, clock, random: sequenceRandom(0.5) });
    r.update(1);
    clock.advance(30_000);
    r.update(2);
    const before = r.snapshot();
    clock.advance(HOUR + 1);
    const after = r.snapshot();
    expect(r.landmarkMillis).toBe(HOUR + 30_001);
    expect(after.values()).toEqual([1, 2]);
    expect(after.mean).toBeCloseTo(before.mean, 10);
    expect(after.weights!()[1]).toBeCloseTo(before.weights!()[1], 10);
  });

  it('reads empty once idle long enough for weights to underflow (~14 h at alpha 0.015)', () => {
    const clock = manualClock(0);
    const r = new ExponentiallyDecayingReservoir({ clock });
    for (let i = 0; i < 50; i++) r.update(i);
    clock.advance(15 * HOUR); // exp(-0.015 * 54000) = exp(-810) = 0
    expect(r.snapshot().size).toBe(0);
    r.update(7);
    expect(r.snapshot().values()).toEqual([7]);
  });

  it('never overflows weights over days of steady records', () => {
    const clock = manualClock(0);
    const r = new ExponentiallyDecayingReservoir({ size: 50, clock, random: seededRandom(2) });
    for (let i = 0; i < 5000; i++) {
      r.update(i % 10);
      clock.advance(60_000); // 5000 min ~ 3.5 days
    }
    const s = r.snapshot();
    expect(s.size).toBe(50);
    expect(Number.isFinite(s.mean)).toBe(true);
    expect(s.weights!().every((w) => Number.isFinite(w) && w > 0)).toBe(true);
  });

  it('reset forgets values', () => {
    const r = new ExponentiallyDecayingReservoir({ clock: manualClock(0) });
    r.update(1);
    r.reset();
    expect(r.snapshot().size).toBe(0);
    expect(r.count).toBe(0);
  });
});
