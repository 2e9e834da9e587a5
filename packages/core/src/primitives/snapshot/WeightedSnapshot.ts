import { clampQuantile, type Snapshot } from './types';

/**
 * A snapshot of weighted samples (exponentially decaying reservoir), computed
 * as Dropwizard Metrics' `WeightedSnapshot`: weights are normalized to sum 1,
 * the quantile is a step function over the cumulative weights (no
 * interpolation), mean and standard deviation are weighted (the population
 * form: sum of w*(x-mean)^2, weights summing to 1).
 */
export class WeightedSnapshot implements Snapshot {
  readonly size: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stdDev: number;
  private readonly sorted: Float64Array;
  private readonly normWeights: Float64Array;
  /** cumulative[i] = sum of normWeights[0..i-1]. */
  private readonly cumulative: Float64Array;

  constructor(
    samples: ArrayLike<number>,
    weights: ArrayLike<number>,
    readonly dropped = 0,
  ) {
    const n = Math.min(samples.length, weights.length);
    const order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => samples[a] - samples[b]);
    const sorted = new Float64Array(n);
    const norm = new Float64Array(n);
    let sumWeight = 0;
    for (let i = 0; i < n; i++) {
      sorted[i] = samples[order[i]];
      sumWeight += weights[order[i]];
    }
    for (let i = 0; i < n; i++) norm[i] = sumWeight > 0 ? weights[order[i]] / sumWeight : 0;
    const cumulative = new Float64Array(n);
    for (let i = 1; i < n; i++) cumulative[i] = cumulative[i - 1] + norm[i - 1];

    let mean = 0;
    for (let i = 0; i < n; i++) mean += sorted[i] * norm[i];
    let variance = 0;
    for (let i = 0; i < n; i++) {
      const d = sorted[i] - mean;
      variance += norm[i] * d * d;
    }
    this.sorted = sorted;
    this.normWeights = norm;
    this.cumulative = cumulative;
    this.size = n;
    this.min = n > 0 ? sorted[0] : 0;
    this.max = n > 0 ? sorted[n - 1] : 0;
    this.mean = mean;
    this.stdDev = n > 1 ? Math.sqrt(variance) : 0;
  }

  quantile(q: number): number {
    const n = this.size;
    q = clampQuantile(q);
    if (n === 0 || q < 0) return 0;
    // Largest i with cumulative[i] <= q (Dropwizard: binarySearch, else insertion point - 1).
    const c = this.cumulative;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (c[mid] <= q) lo = mid;
      else hi = mid - 1;
    }
    return this.sorted[lo];
  }

  values(): number[] {
    return Array.from(this.sorted);
  }

  /** Normalized weights (sum 1) of `values()`, same order. */
  weights(): number[] {
    return Array.from(this.normWeights);
  }
}
