import type { Snapshot } from '../snapshot/types';

/**
 * A bounded set of recorded values from which quantiles are read.
 * `update` never throws and allocates nothing in steady state; values that
 * are not finite numbers are dropped with a rate-limited `diag.warn`.
 */
export interface Reservoir {
  update(value: number): void;
  snapshot(): Snapshot;
  /** Forgets every value (and the dropped count). */
  reset(): void;
  /** Values accepted since creation or the last `reset()` (not only those still held). */
  readonly count: number;
}

/** `() => number` in [0, 1), like `Math.random`. */
export type RandomSource = () => number;
