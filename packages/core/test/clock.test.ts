import { COARSE_CLOCK_RESOLUTION_MILLIS, coarseClock, monotonicClock } from '@meterwork/core';

describe('clocks', () => {
  it('monotonicClock never goes backwards and is on the epoch time base', () => {
    let last = monotonicClock();
    for (let i = 0; i < 10_000; i++) {
      const t = monotonicClock();
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
    expect(Math.abs(last - Date.now())).toBeLessThan(60_000);
  });

  it('coarseClock is on the same time base and lags by at most its resolution (plus event-loop lag)', () => {
    const coarse = coarseClock();
    const precise = monotonicClock();
    expect(coarse).toBeLessThanOrEqual(precise);
    // the first call refreshes at once; later reads lag by the tick period and any blocking
    expect(precise - coarse).toBeLessThan(COARSE_CLOCK_RESOLUTION_MILLIS + 1000);
  });
});
