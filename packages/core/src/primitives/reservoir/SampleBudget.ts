import { DropWarner } from '../../validate';

/** Default {@link SampleBudget} of a view's sliding time windows: 1M values (16 MB) per instrument. */
export const DEFAULT_MAX_SAMPLES_PER_INSTRUMENT = 1_000_000;

/**
 * Values held by a group of sliding time windows together (the series of
 * one instrument): `maxSamples` per series alone would let 2,000 series x
 * 100k values reach 3.2 GB. Each window adds what it stores and subtracts
 * what it trims or drops; a window that records while the budget is spent
 * first trims its own expired values, then drops its own oldest value (or,
 * holding none, the new one), counted in its `snapshot().dropped`.
 */
export class SampleBudget {
  /** Values held now by all windows sharing the budget. */
  used = 0;
  private readonly warner: DropWarner;
  private readonly reason: string;

  /** `name` is what the diagnostics name (the instrument). */
  constructor(
    readonly maxSamples: number,
    name: string,
  ) {
    this.warner = new DropWarner(name);
    this.reason = `its sliding time windows hold maxSamplesPerInstrument (${maxSamples}) values together: the recording series drops its oldest value`;
  }

  /** A value dropped because the budget is spent: a rate-limited `diag.warn` naming the owner. */
  dropped(value: number): void {
    this.warner.drop(this.reason, value);
  }
}
