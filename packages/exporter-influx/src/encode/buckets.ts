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
 * the zero bucket with bound 0, positive buckets, +Inf). Bucket `i` of the
 * positive range covers (base^(offset+i), base^(offset+i+1)], base = 2^(2^-scale).
 * Returns undefined when there are too many buckets or the bounds are not
 * finite, in which case only count/sum/min/max are written.
 */
export function cumulativeExponential(h: ExponentialHistogram): CumulativeBuckets | undefined {
  const neg = h.negative.bucketCounts;
  const pos = h.positive.bucketCounts;
  if (neg.length + pos.length > MAX_CONVERTED_BUCKETS) return undefined;
  const base = Math.pow(2, Math.pow(2, -h.scale));
  if (!Number.isFinite(base) || base <= 1) return undefined;
  const bounds: number[] = [];
  const cumulative: number[] = [];
  // Rounding can make neighbouring bounds equal: keep one key, the larger count.
  const push = (bound: number, count: number) => {
    if (bounds.length > 0 && bounds[bounds.length - 1] === bound) cumulative[cumulative.length - 1] = count;
    else {
      bounds.push(bound);
      cumulative.push(count);
    }
  };
  let total = 0;
  // Negative buckets from the most negative: bucket i covers [-base^(offset+i+1), -base^(offset+i)).
  for (let i = neg.length - 1; i >= 0; i--) {
    total += neg[i];
    push(round(-Math.pow(base, h.negative.offset + i)), total);
  }
  total += h.zeroCount;
  push(0, total);
  for (let i = 0; i < pos.length; i++) {
    total += pos[i];
    push(round(Math.pow(base, h.positive.offset + i + 1)), total);
  }
  push(Infinity, total);
  for (const b of bounds) if (Number.isNaN(b)) return undefined;
  return { bounds, cumulative };
}
