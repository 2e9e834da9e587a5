/** monkit's observed quantiles, in `/funcs` order. */
export const OBSERVED_QUANTILES: ReadonlyArray<number> = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1];

/**
 * The `q` quantile of ascending `samples`, interpolated at `q*(n-1)` (type 7,
 * as monkit); 0 for no samples.
 */
export function quantileOf(samples: ReadonlyArray<number>, q: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return samples[lo] + (samples[hi] - samples[lo]) * (pos - lo);
}

/** The mean of `samples` (monkit's `ravg`); 0 for none. */
export function meanOf(samples: ReadonlyArray<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s;
  return sum / samples.length;
}
