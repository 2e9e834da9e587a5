/**
 * Quantiles and moments over merged reservoir samples, the same estimators
 * the reservoirs use: Hyndman-Fan type 6 for uniform samples (Dropwizard
 * `UniformSnapshot`) and the step function of Dropwizard `WeightedSnapshot`
 * for weighted (decaying) samples.
 */

/** Type-6 quantile of ascending `sorted`; NaN when empty. */
export function quantileType6(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n + 1);
  const i = Math.floor(pos);
  if (i < 1) return sorted[0]!;
  if (i >= n) return sorted[n - 1]!;
  const lower = sorted[i - 1]!;
  return lower + (pos - i) * (sorted[i]! - lower);
}

/**
 * Weighted quantile of ascending `sorted` with `weights` (same order, any
 * positive scale): the value whose cumulative normalised weight (of the values
 * before it) is the greatest one <= q. NaN when empty.
 */
export function weightedQuantile(sorted: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  if (!(total > 0)) return quantileType6(sorted, q);
  // cumulative[i] = weight of the values before i; find the last i with cumulative[i] <= q.
  let cumulative = 0;
  let index = 0;
  for (let i = 0; i < n; i++) {
    if (cumulative > q) break;
    index = i;
    cumulative += weights[i]! / total;
  }
  return sorted[index]!;
}

export interface Moments {
  readonly mean: number;
  readonly stdDev: number;
}

/** Mean and sample (n - 1) standard deviation, as Dropwizard's uniform snapshot. */
export function moments(values: ArrayLike<number>): Moments {
  const n = values.length;
  if (n === 0) return { mean: 0, stdDev: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  if (n === 1) return { mean, stdDev: 0 };
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return { mean, stdDev: Math.sqrt(squares / (n - 1)) };
}

/** Weighted mean and (population) standard deviation, as Dropwizard's weighted snapshot. */
export function weightedMoments(values: ArrayLike<number>, weights: ArrayLike<number>): Moments {
  const n = values.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  if (n === 0 || !(total > 0)) return moments(values);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (values[i]! * weights[i]!) / total;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (weights[i]! / total) * (values[i]! - mean) ** 2;
  return { mean, stdDev: Math.sqrt(variance) };
}
