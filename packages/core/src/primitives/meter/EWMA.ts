/** Seconds between EWMA ticks (Unix load average and Dropwizard use 5). */
export const TICK_INTERVAL_SECONDS = 5;

/**
 * An exponentially weighted moving average of a rate, ticked every
 * {@link TICK_INTERVAL_SECONDS} seconds: `alpha = 1 - exp(-5 / 60 / minutes)`;
 * on a tick `instant = uncounted / 5 s`; the first tick sets the rate to the
 * instant rate, later ones do `rate += alpha * (instant - rate)`.
 */
export class EWMA {
  private uncounted = 0;
  private ratePerSecond = 0;
  private initialized = false;
  /** Per-tick weight of the new instant rate. */
  readonly alpha: number;

  constructor(readonly minutes: number) {
    this.alpha = 1 - Math.exp(-TICK_INTERVAL_SECONDS / 60 / minutes);
  }

  /** Events per second. */
  get rate(): number {
    return this.ratePerSecond;
  }

  update(n: number): void {
    this.uncounted += n;
  }

  tick(): void {
    const instant = this.uncounted / TICK_INTERVAL_SECONDS;
    this.uncounted = 0;
    if (this.initialized) {
      this.ratePerSecond += this.alpha * (instant - this.ratePerSecond);
    } else {
      this.ratePerSecond = instant;
      this.initialized = true;
    }
  }

  /**
   * `ticks` ticks in one step: the first takes the uncounted events, the
   * others see none, so they multiply the rate by `(1 - alpha)^(ticks - 1)`:
   * constant time however long the meter was idle (underflows to 0).
   */
  tickMany(ticks: number): void {
    if (ticks <= 0) return;
    this.tick();
    if (ticks > 1) this.ratePerSecond *= Math.pow(1 - this.alpha, ticks - 1);
  }

  reset(): void {
    this.uncounted = 0;
    this.ratePerSecond = 0;
    this.initialized = false;
  }
}
