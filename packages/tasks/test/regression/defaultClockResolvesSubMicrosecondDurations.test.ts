import { Registry } from '@meterwork/tasks';

// Timing tasks on Unix-time milliseconds (~1.7e12) left a double ~0.24 µs of
// resolution, so most sub-microsecond calls measured 0. The default clock is
// performance.now() (small values) and only span times get the Unix origin.
describe('default clock', () => {
  it('is a small-valued monotonic clock, with span times still in Unix ms', async () => {
    const reg = new Registry();
    const t = reg.clock();
    expect(t).toBeLessThan(1e10);
    // 1e10 ms from process start: ~115 days; at ~1e7 the spacing of doubles is ~2e-9 ms.
    expect(Math.abs(reg.now() - Date.now())).toBeLessThan(1000);
    let release!: () => void;
    const p = reg.scope('r').task(function wait() {
      return new Promise<void>((r) => (release = r));
    })();
    const [span] = reg.runningSpans();
    expect(Math.abs(span!.start - Date.now())).toBeLessThan(1000);
    release();
    await p;
  });
});
