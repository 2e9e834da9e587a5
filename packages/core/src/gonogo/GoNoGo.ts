import { diag } from '@opentelemetry/api';
import type { GoNoGoStats, GoNoGoValue } from '../data/types';
import type { Clock } from '../clock';
import { DropWarner, functionOption, positiveIntegerOption, positiveNumberOption } from '../validate';

export type GoNoGoOutcome = 'go' | 'noGo';

export interface GoNoGoOutlierEvent {
  readonly outcome: GoNoGoOutcome;
  readonly value: number;
  /** Mean and standard deviation of this outcome's values before this one. */
  readonly mean: number;
  readonly stdDev: number;
  /** |value - mean| / stdDev. */
  readonly deviations: number;
}

export interface GoNoGoOutlierOptions {
  /** A value is an outlier when |x - mean| > k * stdDev. @default 3 */
  readonly k?: number | undefined;
  /** No outliers are reported before an outcome has this many values in the period. @default 30 */
  readonly minSamples?: number | undefined;
  /** Called at once for each outlier; a throwing callback is caught and reported with `diag.error`. */
  readonly onOutlier?: ((event: GoNoGoOutlierEvent) => void) | undefined;
}

export interface GoNoGoOptions {
  /** Outlier detection settings. @default { k: 3, minSamples: 30 } */
  readonly outliers?: GoNoGoOutlierOptions | undefined;
  /** For `periodStartMillis` (ms since epoch). @default Date.now */
  readonly wallClock?: Clock | undefined;
}

/** Count, sum, min, max and Welford mean/variance of one outcome's values in the period. */
class OutcomeStats {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  mean = 0;
  m2 = 0;

  add(x: number): void {
    const n = ++this.count;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }

  /** Sample standard deviation (n - 1). */
  stdDev(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
  }

  clear(): void {
    this.count = this.sum = this.mean = this.m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  value(): GoNoGoStats {
    const n = this.count;
    return n === 0
      ? { count: 0, sum: 0, mean: 0, min: 0, max: 0 }
      : { count: n, sum: this.sum, mean: this.sum / n, min: this.min, max: this.max };
  }
}

/**
 * The go/no-go aggregation of lws_metrics: values (e.g. durations) of
 * successful ("go") and failed ("no-go") operations, aggregated separately
 * per period: count, sum, mean, min and max each (upstream shares min/max
 * between both and leaves min at 0 after a reset; here each outcome has its
 * own and a reset starts from "no value").
 *
 * Outliers: each outcome keeps a running mean and variance (Welford) over the
 * period, since successes and failures usually have different distributions.
 * Once an outcome has `minSamples` values, a new value with
 * |x - mean| > k * stdDev (mean and stdDev of the values before it) is an
 * outlier: counted in the snapshot and passed to `onOutlier` at once. The
 * value is still included in the stats, so a lasting shift stops counting as
 * outliers once it becomes the norm. While the stdDev is 0 (all values so far
 * equal) nothing is an outlier.
 */
export class GoNoGo {
  private readonly goStats = new OutcomeStats();
  private readonly noGoStats = new OutcomeStats();
  private outliers = 0;
  private periodStart: number;
  private readonly k: number;
  private readonly minSamples: number;
  private readonly onOutlier: ((event: GoNoGoOutlierEvent) => void) | undefined;
  private readonly wallClock: Clock;
  private readonly warner = new DropWarner('GoNoGo');

  constructor(options: GoNoGoOptions = {}) {
    const o = options.outliers ?? {};
    this.k = positiveNumberOption('GoNoGo', 'outliers.k', o.k, 3);
    this.minSamples = positiveIntegerOption('GoNoGo', 'outliers.minSamples', o.minSamples, 30);
    this.onOutlier = o.onOutlier === undefined ? undefined : functionOption('GoNoGo', 'outliers.onOutlier', o.onOutlier, undefined);
    this.wallClock = functionOption('GoNoGo', 'wallClock', options.wallClock, Date.now);
    this.periodStart = this.wallClock();
  }

  /** Records the value of a successful operation. */
  go(value: number): void {
    this.record('go', this.goStats, value);
  }

  /** Records the value of a failed operation. */
  noGo(value: number): void {
    this.record('noGo', this.noGoStats, value);
  }

  snapshot(): GoNoGoValue {
    return {
      go: this.goStats.value(),
      noGo: this.noGoStats.value(),
      outliers: this.outliers,
      periodStartMillis: this.periodStart,
    };
  }

  /** Starts a new period: everything back to "no value". */
  reset(): void {
    this.goStats.clear();
    this.noGoStats.clear();
    this.outliers = 0;
    this.periodStart = this.wallClock();
  }

  private record(outcome: GoNoGoOutcome, stats: OutcomeStats, value: number): void {
    if (!Number.isFinite(value)) return this.warner.drop('not a finite number', value);
    if (stats.count >= this.minSamples) {
      const sd = stats.stdDev();
      const distance = Math.abs(value - stats.mean);
      if (distance > this.k * sd && sd > 0) this.reportOutlier(outcome, value, stats.mean, sd, distance / sd);
    }
    stats.add(value);
  }

  private reportOutlier(outcome: GoNoGoOutcome, value: number, mean: number, stdDev: number, deviations: number): void {
    this.outliers++;
    if (this.onOutlier === undefined) return;
    try {
      this.onOutlier({ outcome, value, mean, stdDev, deviations });
    } catch (err) {
      diag.error('GoNoGo: onOutlier callback threw', err);
    }
  }
}
