import type { ExponentialHistogram, Histogram } from '@opentelemetry/sdk-metrics';

interface Buckets {
  readonly offset: number;
  readonly bucketCounts: readonly number[];
}

/** Number of halvings (scale reductions) so that a bucket range fits in `maxBuckets`. */
function reductionFor(buckets: Buckets, maxBuckets: number): number {
  const n = buckets.bucketCounts.length;
  if (n === 0) return 0;
  let r = 0;
  const last = buckets.offset + n - 1;
  // Bucket indexes halve (floor) per scale step: `>>` floors negatives too.
  while ((last >> r) - (buckets.offset >> r) + 1 > maxBuckets) r++;
  return r;
}

function downscale(buckets: Buckets, r: number): { offset: number; counts: number[] } {
  const counts: number[] = [];
  const offset = buckets.offset >> r;
  for (let i = 0; i < buckets.bucketCounts.length; i++) {
    const j = ((buckets.offset + i) >> r) - offset;
    counts[j] = (counts[j] ?? 0) + buckets.bucketCounts[i];
  }
  for (let j = 0; j < counts.length; j++) counts[j] ??= 0;
  return { offset, counts };
}

/**
 * Converts an OTel exponential histogram point to classic (explicit bound)
 * buckets: bucket `i` at scale `s` covers `(base^i, base^(i+1)]` with
 * `base = 2^(2^-s)`, so its upper bound becomes an `le`. Negative buckets map
 * to `le = -base^i`, the zero bucket to `le = 0`. Downscales (merging pairs of
 * buckets) until each sign has at most `maxBuckets` buckets. Counts are
 * per-bucket (not cumulative), like the SDK's `Histogram`; the last count is
 * the `+Inf` bucket.
 */
export function exponentialToExplicit(value: ExponentialHistogram, maxBuckets: number): Histogram {
  const r = Math.max(reductionFor(value.positive, maxBuckets), reductionFor(value.negative, maxBuckets));
  const scale = value.scale - r;
  const pos = downscale(value.positive, r);
  const neg = downscale(value.negative, r);
  const exponent = Math.pow(2, -scale);
  const bound = (index: number) => Math.pow(2, index * exponent);
  const boundaries: number[] = [];
  const counts: number[] = [];
  for (let j = neg.counts.length - 1; j >= 0; j--) {
    boundaries.push(-bound(neg.offset + j));
    counts.push(neg.counts[j]);
  }
  boundaries.push(0);
  counts.push(value.zeroCount);
  for (let j = 0; j < pos.counts.length; j++) {
    boundaries.push(bound(pos.offset + j + 1));
    counts.push(pos.counts[j]);
  }
  counts.push(0);
  return { buckets: { boundaries, counts }, count: value.count, sum: value.sum, min: value.min, max: value.max };
}
