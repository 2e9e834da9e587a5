import type { GoNoGoStats } from '../../sdk/data/types';

/**
 * One outcome's values: a cumulative count and sum (never reset), and the
 * current period's count, sum, min, max and Welford mean/variance (the
 * outlier baseline), plus the previous period's baseline.
 */
export class OutcomeStats {
  /** Count and sum of the periods before the current one (cumulative = these + the current period's). */
  closedCount = 0;
  closedSum = 0;
  /** Current period. */
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  mean = 0;
  /** Sum of squared deviations from the mean (Welford). */
  m2 = 0;
  /** The previous period's baseline (count 0: no previous period with values). */
  prevCount = 0;
  prevMean = 0;
  prevStdDev = 0;

  add(x: number): void {
    const n = ++this.count;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }

  /** Sample standard deviation (n - 1) of the current period. */
  stdDev(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
  }

  /**
   * Starts a new period. `adjacent`: the period ending is the one right
   * before the new one, so it becomes the fallback baseline; otherwise
   * (idle periods in between) there is none.
   */
  newPeriod(adjacent: boolean): void {
    this.closedCount += this.count;
    this.closedSum += this.sum;
    this.prevCount = adjacent ? this.count : 0;
    this.prevMean = adjacent ? this.mean : 0;
    this.prevStdDev = adjacent ? this.stdDev() : 0;
    this.count = this.sum = this.mean = this.m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  value(): GoNoGoStats {
    const n = this.count;
    const count = this.closedCount + n;
    const sum = this.closedSum + this.sum;
    if (n === 0) return { count, sum, periodCount: 0 };
    return { count, sum, periodCount: n, mean: this.sum / n, min: this.min, max: this.max };
  }
}
