import { SlidingWindowReservoir, Timer } from '@meterwork/core';
import { captureDiag, EDGE_VALUES, manualClock } from '../../util';

function makeTimer() {
  const clock = manualClock(0);
  const timer = new Timer({ reservoir: new SlidingWindowReservoir({ size: 100 }), clock });
  return { clock, timer };
}

describe('Timer', () => {
  it('records durations in seconds and marks the meter', () => {
    const { clock, timer } = makeTimer();
    timer.update(0.25);
    timer.update(0.75);
    expect(timer.count).toBe(2);
    expect(timer.snapshot().values()).toEqual([0.25, 0.75]);
    clock.advance(5000);
    expect(timer.m1Rate).toBeCloseTo(0.4, 12); // 2 events / 5 s
    expect(timer.rates().count).toBe(2);
    expect(timer.meanRate).toBeCloseTo(0.4, 12);
  });

  it('times a synchronous function and returns its result', () => {
    const { clock, timer } = makeTimer();
    const result = timer.time(() => {
      clock.advance(1500);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(timer.snapshot().values()).toEqual([1.5]);
  });

  it('records and rethrows when a synchronous function throws', () => {
    const { clock, timer } = makeTimer();
    const boom = new Error('boom');
    expect(() =>
      timer.time(() => {
        clock.advance(200);
        throw boom;
      }),
    ).toThrow(boom);
    expect(timer.snapshot().values()).toEqual([0.2]);
  });

  it('times an async function until it settles', async () => {
    const { clock, timer } = makeTimer();
    const p = timer.time(async () => {
      await Promise.resolve();
      clock.advance(300);
      return 42;
    });
    expect(timer.count).toBe(0);
    await expect(p).resolves.toBe(42);
    expect(timer.snapshot().values()).toEqual([0.3]);
  });

  it('records and rethrows when the promise rejects', async () => {
    const { clock, timer } = makeTimer();
    const p = timer.time(async () => {
      await Promise.resolve();
      clock.advance(100);
      throw new Error('nope');
    });
    await expect(p).rejects.toThrow('nope');
    expect(timer.snapshot().values()).toEqual([0.1]);
  });

  it('stopwatch records the elapsed seconds once', () => {
    const { clock, timer } = makeTimer();
    const stop = timer.startStopwatch();
    clock.advance(2500);
    expect(stop()).toBe(2.5);
    clock.advance(1000);
    expect(stop()).toBe(2.5);
    expect(timer.count).toBe(1);
  });

  it('drops NaN, Infinity and negative durations with a warning', () => {
    const captured = captureDiag();
    try {
      const { timer } = makeTimer();
      for (const v of EDGE_VALUES) timer.update(v);
      expect(timer.snapshot().values()).toEqual([1]);
      expect(timer.count).toBe(1);
      expect(captured.warn).toHaveBeenCalled();
    } finally {
      captured.restore();
    }
  });

  it('defaults to an exponentially decaying reservoir', () => {
    const t = new Timer();
    t.update(0.5);
    expect(t.snapshot().weights).toBeDefined();
    expect(t.snapshot().values()).toEqual([0.5]);
  });

  it('rejects an invalid reservoir', () => {
    expect(() => new Timer({ reservoir: {} as never })).toThrow(/"reservoir"/);
  });
});
