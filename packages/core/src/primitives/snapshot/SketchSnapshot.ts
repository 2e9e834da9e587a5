import type { LogBucketSketch } from '../reservoir/sketch/LogBucketSketch';
import { clampQuantile, type Snapshot } from './types';

/**
 * An approximate snapshot read from a log-bucket sketch
 * ({@link BoundedTimeWindowReservoir}). `size`, `min`, `max` and `mean` are
 * exact; `stdDev` is the exact sample form (n - 1), as {@link UniformSnapshot};
 * `quantile(q)` is within the sketch's relative error of the exact value of
 * rank `floor(q * (size - 1))`.
 *
 * `values()` does not return the recorded values: it returns one
 * representative per non-empty bucket (sorted ascending), and `weights()` the
 * number of values in each bucket, same order; so `values().length` is
 * usually smaller than `size`.
 */
export class SketchSnapshot implements Snapshot {
  readonly size: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stdDev: number;
  readonly dropped = 0;
  /** Read once, on the first `values()` or `weights()` (callers usually want both). */
  private bucketList: { values: number[]; weights: number[] } | undefined;

  /** Takes ownership of `sketch` (a merged copy; not modified afterwards). */
  constructor(private readonly sketch: LogBucketSketch) {
    const n = sketch.count;
    this.size = n;
    this.min = n > 0 ? sketch.min : 0;
    this.max = n > 0 ? sketch.max : 0;
    this.mean = n > 0 ? sketch.mean : 0;
    this.stdDev = n > 1 ? Math.sqrt(Math.max(0, sketch.m2) / (n - 1)) : 0;
  }

  quantile(q: number): number {
    q = clampQuantile(q);
    if (this.size === 0 || q < 0) return 0;
    return this.sketch.quantile(q);
  }

  values(): number[] {
    return this.buckets().values.slice();
  }

  weights(): number[] {
    return this.buckets().weights.slice();
  }

  private buckets(): { values: number[]; weights: number[] } {
    if (this.bucketList !== undefined) return this.bucketList;
    const s = this.sketch;
    const values: number[] = [];
    const weights: number[] = [];
    const neg: Array<[number, number]> = [];
    s.negative.forEach((i, c) => neg.push([-s.representative(i), c]));
    for (let k = neg.length - 1; k >= 0; k--) {
      values.push(neg[k][0]);
      weights.push(neg[k][1]);
    }
    if (s.zeroCount > 0) {
      values.push(0);
      weights.push(s.zeroCount);
    }
    s.positive.forEach((i, c) => {
      values.push(s.representative(i));
      weights.push(c);
    });
    this.bucketList = { values, weights };
    return this.bucketList;
  }
}
