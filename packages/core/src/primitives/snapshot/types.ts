/**
 * What a reservoir holds at one moment. Reads never throw: an empty snapshot
 * answers 0 for everything.
 *
 * `quantile(q)`: `q` outside [0, 1] is clamped silently (a read path does not
 * warn); `q` NaN answers 0.
 */
export interface Snapshot {
  /** Number of values the snapshot describes. */
  readonly size: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Standard deviation; see each implementation for the form. */
  readonly stdDev: number;
  /** Values the reservoir had to drop (e.g. `maxSamples` reached); 0 if none. */
  readonly dropped: number;
  quantile(q: number): number;
  /** Sorted ascending; a fresh copy. */
  values(): number[];
  /**
   * Relative weights of `values()`, same order, for weighted or bucketed
   * snapshots; absent means every value weighs 1.
   */
  weights?(): number[];
}

/** Clamps q to [0, 1]; NaN becomes -1 (the caller answers 0). */
export function clampQuantile(q: number): number {
  if (q !== q) return -1;
  return q < 0 ? 0 : q > 1 ? 1 : q;
}
