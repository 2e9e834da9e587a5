import { clampQuantile, type Snapshot } from './types';

/**
 * A snapshot where every value weighs the same (uniform, sliding window and
 * sliding time window reservoirs). Quantiles interpolate as Dropwizard Metrics
 * and go-metrics do (Hyndman-Fan type 6): `pos = q*(n+1)`. `stdDev` is the
 * sample standard deviation (divides by n - 1, as Dropwizard; go-metrics
 * divides by n); 0 for fewer than 2 values.
 */
export class UniformSnapshot implements Snapshot {
  readonly size: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stdDev: number;
  private readonly sorted: Float64Array;

  /** Copies `values` (any order) and sorts the copy. */
  constructor(
    values: ArrayLike<number>,
    readonly dropped = 0,
  ) {
    const sorted = Float64Array.from(values).sort();
    const n = sorted.length;
    this.sorted = sorted;
    this.size = n;
    this.min = n > 0 ? sorted[0] : 0;
    this.max = n > 0 ? sorted[n - 1] : 0;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i];
    const mean = n > 0 ? sum / n : 0;
    this.mean = mean;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const d = sorted[i] - mean;
      squares += d * d;
    }
    this.stdDev = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  }

  quantile(q: number): number {
    const n = this.size;
    q = clampQuantile(q);
    if (n === 0 || q < 0) return 0;
    const x = this.sorted;
    const pos = q * (n + 1);
    const i = Math.floor(pos);
    if (i < 1) return x[0];
    if (i >= n) return x[n - 1];
    return x[i - 1] + (pos - i) * (x[i] - x[i - 1]);
  }

  values(): number[] {
    return Array.from(this.sorted);
  }
}
