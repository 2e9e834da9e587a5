import { BucketStore } from './BucketStore';

/**
 * A DDSketch-style quantile sketch with relative-error guarantee: a value x
 * goes to bucket `ceil(log_gamma(|x|))` with `gamma = (1 + e) / (1 - e)`, in
 * one store for positives and one for negatives, plus a count of zeros; any
 * quantile is answered within relative error `e` of the exact value of rank
 * `floor(q * (n - 1))`. Count, sum, min and max are exact; mean and variance
 * are exact too (Welford, merged with Chan's formula).
 */
export class LogBucketSketch {
  private readonly multiplier: number;
  private readonly gamma: number;
  readonly positive: BucketStore;
  readonly negative: BucketStore;
  zeroCount = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;
  mean = 0;
  /** Sum of squared deviations from the mean (Welford). */
  m2 = 0;

  constructor(
    readonly relativeError: number,
    maxBuckets: number,
  ) {
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.multiplier = 1 / Math.log(this.gamma);
    this.positive = new BucketStore(maxBuckets);
    this.negative = new BucketStore(maxBuckets);
  }

  add(x: number): void {
    if (x > 0) this.positive.add(Math.ceil(Math.log(x) * this.multiplier), 1);
    else if (x < 0) this.negative.add(Math.ceil(Math.log(-x) * this.multiplier), 1);
    else this.zeroCount++;
    const n = ++this.count;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }

  clear(): void {
    this.positive.clear();
    this.negative.clear();
    this.zeroCount = 0;
    this.count = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.mean = 0;
    this.m2 = 0;
  }

  /** Adds `other`'s content into this sketch (same relativeError). */
  merge(other: LogBucketSketch): void {
    if (other.count === 0) return;
    other.positive.forEach((i, c) => this.positive.add(i, c));
    other.negative.forEach((i, c) => this.negative.add(i, c));
    this.zeroCount += other.zeroCount;
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.mean += (delta * other.count) / n;
    this.count = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** The value a bucket stands for: within relativeError of both its bounds. */
  representative(index: number): number {
    return (2 * Math.pow(this.gamma, index)) / (this.gamma + 1);
  }

  /** q in [0, 1]; 0 when empty. The lowest and highest ranks answer the exact min and max; others are clamped to [min, max]. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.floor(q * (this.count - 1));
    if (rank <= 0) return this.min;
    if (rank >= this.count - 1) return this.max;
    let result = this.max;
    let seen = 0;
    // Negatives from the most negative (highest |x| index) up.
    const neg = this.negative;
    for (let j = neg.counts.length - 1; j >= 0; j--) {
      seen += neg.counts[j];
      if (seen > rank) return this.clamp(-this.representative(j + neg.offset));
    }
    seen += this.zeroCount;
    if (seen > rank) return this.clamp(0);
    const pos = this.positive;
    for (let j = 0; j < pos.counts.length; j++) {
      seen += pos.counts[j];
      if (seen > rank) {
        result = this.representative(j + pos.offset);
        break;
      }
    }
    return this.clamp(result);
  }

  private clamp(x: number): number {
    return x < this.min ? this.min : x > this.max ? this.max : x;
  }
}
