import { exponentialToExplicit } from '@meterwork/core/internal';
import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';
import type { CumulativeBuckets } from '../schema/types';

/** OTel explicit buckets (`counts` has one more entry than `boundaries`) -> cumulative, ending with +Inf. */
export function cumulativeExplicit(boundaries: readonly number[], counts: readonly number[]): CumulativeBuckets {
  const bounds: number[] = new Array(counts.length);
  const cumulative: number[] = new Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i];
    bounds[i] = i < boundaries.length ? boundaries[i] : Infinity;
    cumulative[i] = total;
  }
  return { bounds, cumulative };
}

/** More buckets than this are not converted (fields only): 160 is OTel's default max size. */
const MAX_CONVERTED_BUCKETS = 160;

/** Bounds rounded to 6 significant digits so field keys stay readable. */
function round(bound: number): number {
  return Number(bound.toPrecision(6));
}

/**
 * OTel exponential buckets -> cumulative explicit buckets (negative buckets,
 * the zero bucket with bound 0, positive buckets, +Inf), through core's
 * `exponentialToExplicit` (the Prometheus exporter's conversion too), with the
 * bounds rounded for field keys. Returns undefined when there are too many
 * buckets or the bounds are not finite, in which case only count/sum/min/max
 * are written.
 */
export function cumulativeExponential(h: ExponentialHistogram): CumulativeBuckets | undefined {
  if (h.negative.bucketCounts.length + h.positive.bucketCounts.length > MAX_CONVERTED_BUCKETS) return undefined;
  const base = Math.pow(2, Math.pow(2, -h.scale));
  if (!Number.isFinite(base) || base <= 1) return undefined;
  // Within MAX_CONVERTED_BUCKETS per sign, so no bucket is merged.
  const explicit = exponentialToExplicit(h, MAX_CONVERTED_BUCKETS).buckets;
  const exact = cumulativeExplicit(explicit.boundaries, explicit.counts);
  const bounds: number[] = [];
  const cumulative: number[] = [];
  for (let i = 0; i < exact.bounds.length; i++) {
    const bound = round(exact.bounds[i]);
    if (Number.isNaN(bound)) return undefined;
    // Rounding can make neighbouring bounds equal: keep one key, the larger count.
    if (bounds.length > 0 && bounds[bounds.length - 1] === bound) cumulative[cumulative.length - 1] = exact.cumulative[i];
    else {
      bounds.push(bound);
      cumulative.push(exact.cumulative[i]);
    }
  }
  return { bounds, cumulative };
}
