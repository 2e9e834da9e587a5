import { diag } from '@opentelemetry/api';
import type { GoNoGoValue } from '../../sdk/data/types';
import { coarseClock, type Clock } from '../../clock';
import { DropWarner, functionOption, positiveIntegerOption, positiveNumberOption } from '../../validate';
import { OutcomeStats } from './OutcomeStats';

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
  /**
   * Values an outcome needs in a period before that period is its outlier
   * baseline (until then the previous period's, if it had as many). @default 30
   */
  readonly minSamples?: number | undefined;
  /** Called at once for each outlier; a throwing callback is caught and reported with `diag.error`. */
  readonly onOutlier?: ((event: GoNoGoOutlierEvent) => void) | undefined;
}

export interface GoNoGoOptions {
  /** Outlier detection settings. @default { k: 3, minSamples: 30 } */
  readonly outliers?: GoNoGoOutlierOptions | undefined;
  /**
   * Length of a period: mean, min, max and the outlier baseline cover the
   * current period; counts, sums and the outlier count are cumulative.
   * Periods follow each other from the creation time (or the last `reset()`).
   * @default 60000
   */
  readonly periodMillis?: number | undefined;
  /** Times the periods (ms, monotonic); read on every record. @default coarseClock */
  readonly clock?: Clock | undefined;
  /** For `periodStartMillis` (ms since epoch); read once per period. @default Date.now */
  readonly wallClock?: Clock | undefined;
}

/** Default {@link GoNoGoOptions.periodMillis}: one minute, lws_metrics' usual report interval. */
export const DEFAULT_GO_NO_GO_PERIOD_MILLIS = 60_000;

/**
 * The go/no-go aggregation of lws_metrics: values (e.g. durations) of
 * successful ("go") and failed ("no-go") operations, aggregated separately.
 *
 * One model, used by every encoding: count and sum of each outcome, and the
 * outlier count, are cumulative since creation (they never decrease); mean,
 * min and max describe the current period of `periodMillis` and are absent
 * while it has no values. Periods roll over by themselves (checked on record
 * and on snapshot; upstream relies on its reporter to reset, and leaves min
 * at 0 after a reset: here an empty period has no min).
 *
 * Outliers: each outcome keeps a running mean and variance (Welford) over the
 * current period, since successes and failures usually have different
 * distributions. A new value with |x - mean| > k * stdDev (of the values
 * before it) is an outlier: counted and passed to `onOutlier` at once. The
 * baseline is the current period once it has `minSamples` values, before that
 * the previous period if it had `minSamples` values, else there is none. The
 * value is still included in the stats, so after a regime change outliers
 * stop firing once the new values are the norm, at the latest `minSamples`
 * values into the next period. While the stdDev is 0 (all values equal)
 * nothing is an outlier.
 */
export class GoNoGo {
  private readonly goStats = new OutcomeStats();
  private readonly noGoStats = new OutcomeStats();
  private outliers = 0;
  private readonly k: number;
  private readonly minSamples: number;
  private readonly periodMillis: number;
  private readonly onOutlier: ((event: GoNoGoOutlierEvent) => void) | undefined;
  private readonly clock: Clock;
  private readonly wallClock: Clock;
  /** Current period on `clock`: [periodStart, periodEnd). */
  private periodStart: number;
  private periodEnd: number;
  private periodStartWall: number;
  private readonly warner = new DropWarner('GoNoGo');

  constructor(options: GoNoGoOptions = {}) {
    const o = options.outliers ?? {};
    this.k = positiveNumberOption('GoNoGo', 'outliers.k', o.k, 3);
    this.minSamples = positiveIntegerOption('GoNoGo', 'outliers.minSamples', o.minSamples, 30);
    this.onOutlier = o.onOutlier === undefined ? undefined : functionOption('GoNoGo', 'outliers.onOutlier', o.onOutlier, undefined);
    this.periodMillis = positiveNumberOption('GoNoGo', 'periodMillis', options.periodMillis, DEFAULT_GO_NO_GO_PERIOD_MILLIS);
    this.clock = functionOption('GoNoGo', 'clock', options.clock, coarseClock);
    this.wallClock = functionOption('GoNoGo', 'wallClock', options.wallClock, Date.now);
    this.periodStart = this.clock();
    this.periodEnd = this.periodStart + this.periodMillis;
    this.periodStartWall = this.wallClock();
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
    this.roll(this.clock());
    return {
      go: this.goStats.value(),
      noGo: this.noGoStats.value(),
      outliers: this.outliers,
      periodStartMillis: this.periodStartWall,
      periodMillis: this.periodMillis,
    };
  }

  /**
   * Starts a new period now (as lws_metrics' report-and-reset): mean, min and
   * max start from "no value"; counts, sums and outliers stay cumulative.
   */
  reset(): void {
    const now = this.clock();
    this.goStats.newPeriod(true);
    this.noGoStats.newPeriod(true);
    this.periodStart = now;
    this.periodEnd = now + this.periodMillis;
    this.periodStartWall = this.wallClock();
  }

  private record(outcome: GoNoGoOutcome, stats: OutcomeStats, value: number): void {
    if (!Number.isFinite(value)) return this.warner.drop('not a finite number', value);
    // One compare: a clock that goes back (an injected one) keeps the period until its end.
    const now = this.clock();
    if (now >= this.periodEnd) this.roll(now);
    if (stats.count >= this.minSamples) this.check(outcome, value, stats.mean, stats.stdDev());
    else if (stats.prevCount >= this.minSamples) this.check(outcome, value, stats.prevMean, stats.prevStdDev);
    stats.add(value);
  }

  /** Moves to the period holding `now` (periods are back to back from the last start). */
  private roll(now: number): void {
    if (now < this.periodEnd && now >= this.periodStart) return;
    // A clock that went back (a broken injected clock) starts a new period there.
    const periods = now < this.periodStart ? 2 : Math.floor((now - this.periodStart) / this.periodMillis);
    const adjacent = periods === 1;
    this.goStats.newPeriod(adjacent);
    this.noGoStats.newPeriod(adjacent);
    this.periodStart = now < this.periodStart ? now : this.periodStart + periods * this.periodMillis;
    this.periodEnd = this.periodStart + this.periodMillis;
    // Once per period: the wall clock time at which this period started.
    this.periodStartWall = this.wallClock() - (now - this.periodStart);
  }

  private check(outcome: GoNoGoOutcome, value: number, mean: number, sd: number): void {
    const distance = Math.abs(value - mean);
    if (distance > this.k * sd && sd > 0) this.reportOutlier(outcome, value, mean, sd, distance / sd);
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
