import { createReservoir, type Reservoir, type ReservoirOptions, type Snapshot } from '@meterwork/core';

/** Quantiles `/funcs` shows (monkit's). */
export const FUNC_QUANTILES: readonly number[] = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1];

/** What a {@link Dist} reports to a stats sink, as monkit names the fields. */
export type DistField = 'count' | 'sum' | 'min' | 'max' | 'rmin' | 'ravg' | 'r10' | 'r50' | 'r90' | 'r99' | 'rmax' | 'recent';

/**
 * A distribution, as monkit keeps one: exact `count`, `sum`, `min`, `max` and
 * the most `recent` value since creation, plus a reservoir (one of core's)
 * for the mean and quantiles of recent values (`snapshot()`).
 *
 * `observe` never throws and allocates nothing in steady state; a value that
 * is not a finite number is dropped by the reservoir (with its rate-limited
 * `diag.warn`) and not counted here either.
 */
export class Dist {
  /** Values observed since creation. */
  count = 0;
  /** Their sum. */
  sum = 0;
  /** Smallest value observed; 0 while `count` is 0. */
  min = 0;
  /** Largest value observed; 0 while `count` is 0. */
  max = 0;
  /** The last value observed; 0 while `count` is 0. */
  recent = 0;
  /** The reservoir behind `snapshot()`. */
  readonly reservoir: Reservoir;

  constructor(reservoir: ReservoirOptions | Reservoir) {
    this.reservoir = 'update' in reservoir ? reservoir : createReservoir(reservoir);
  }

  observe(value: number): void {
    if (typeof value !== 'number' || value - value !== 0) {
      this.reservoir.update(value); // drops it with core's rate-limited warning
      return;
    }
    if (this.count === 0) {
      this.min = value;
      this.max = value;
    } else if (value < this.min) this.min = value;
    else if (value > this.max) this.max = value;
    this.count++;
    this.sum += value;
    this.recent = value;
    this.reservoir.update(value);
  }

  /** `sum / count`, 0 while empty (monkit's `avg`). */
  get average(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** The reservoir's current content: `mean` is monkit's `ravg`, `quantile(q)` its `r50` etc. */
  snapshot(): Snapshot {
    return this.reservoir.snapshot();
  }

  /**
   * Writes monkit's distribution fields in monkit's order: `count`, then,
   * only when count > 0, `sum min max rmin ravg r10 r50 r90 r99 rmax recent`.
   * `scale` multiplies every value except `count` (e.g. 1 to keep seconds).
   */
  stats(sink: (field: DistField, value: number) => void, scale = 1): void {
    sink('count', this.count);
    if (this.count === 0) return;
    const s = this.snapshot();
    sink('sum', this.sum * scale);
    sink('min', this.min * scale);
    sink('max', this.max * scale);
    sink('rmin', s.min * scale);
    sink('ravg', s.mean * scale);
    sink('r10', s.quantile(0.1) * scale);
    sink('r50', s.quantile(0.5) * scale);
    sink('r90', s.quantile(0.9) * scale);
    sink('r99', s.quantile(0.99) * scale);
    sink('rmax', s.max * scale);
    sink('recent', this.recent * scale);
  }
}
