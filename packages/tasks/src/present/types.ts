/**
 * The data the present endpoint and the dashboard read: plain snapshots, so
 * the HTTP side renders them without knowing how they are recorded. Every id
 * is an integer below 2^53 (monkit's random 63-bit ids do not survive JSON in
 * JavaScript).
 */

/** A duration distribution (monkit's `DurationDist`), all values in nanoseconds. */
export interface PresentDistribution {
  /** Observations since the function was first seen. */
  readonly count: number;
  /** Their sum, in ns. */
  readonly sum: number;
  /** Smallest and largest observation since the start, in ns (0 while `count` is 0). */
  readonly min: number;
  readonly max: number;
  /** The most recent observation, in ns (0 while `count` is 0). */
  readonly recent: number;
  /** The mean of the reservoir's samples (monkit's `ravg`), in ns. */
  readonly reservoirMean: number;
  /** The `q` quantile of the reservoir's samples, in ns (0 when empty). */
  quantile(q: number): number;
}

/** One instrumented function, as `/funcs` shows it. */
export interface PresentFunc {
  readonly id: number;
  /** monkit's package: the scope the function was registered in. */
  readonly scope: string;
  readonly name: string;
  /** Ids of the functions that called it (without the entry). */
  readonly parentIds: ReadonlyArray<number>;
  /** True when it was also called with no instrumented caller. */
  readonly entry: boolean;
  readonly current: number;
  readonly highwater: number;
  readonly success: number;
  readonly panics: number;
  /** Failures (not panics) by error name. */
  readonly errors: Readonly<Record<string, number>>;
  readonly successTimes: PresentDistribution;
  /** Durations of failed calls: errors and panics. */
  readonly failureTimes: PresentDistribution;
}

/** A running task (span). */
export interface PresentSpan {
  readonly id: number;
  /** The calling task's id, absent for a root. */
  readonly parentId?: number | undefined;
  readonly traceId: number;
  readonly scope: string;
  readonly name: string;
  /** Start, wall clock, ms since the epoch (fractions allowed). */
  readonly startMillis: number;
  /** True when the parent finished before this task. */
  readonly orphaned: boolean;
  /** The call's arguments, already rendered as strings (shown once, not quoted twice as monkit does). */
  readonly args: ReadonlyArray<string>;
  readonly annotations: ReadonlyArray<readonly [string, string]>;
}

/** A task that ended. */
export interface PresentFinishedSpan extends PresentSpan {
  /** End, wall clock, ms since the epoch. */
  readonly finishMillis: number;
  /** The error's message when it failed (also for a panic). */
  readonly err?: string | undefined;
  readonly panicked: boolean;
  /** True when it failed with the `Canceled` error name. */
  readonly canceled?: boolean | undefined;
}

/** What a trace request waits for: at least one of the two. */
export interface TraceSelector {
  /** Matches the full name `scope.name` (searched, not anchored, as monkit). */
  readonly regex?: RegExp | undefined;
  readonly traceId?: number | undefined;
}

/** One `/stats` value: `measurement,tags field=value`. */
export interface PresentStat {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly field: string;
  readonly value: number;
}

/**
 * What the present endpoint reads: the tasks' `Registry` through
 * `registrySource`, or a stand-in in tests.
 */
export interface PresentSource {
  /** The clock of span times, ms since the epoch. */
  now(): number;
  /** Every function seen so far, in any order (the endpoint sorts). */
  funcs(): Iterable<PresentFunc>;
  /** Tasks running now, in any order. */
  runningSpans(): Iterable<PresentSpan>;
  /**
   * Calls `observer` once with the next matching task (finished) and every
   * descendant that finished before it, root first. Returns the function
   * that stops watching (idempotent).
   */
  observeTrace(selector: TraceSelector, observer: (spans: PresentFinishedSpan[]) => void): () => void;
  /** Every `/stats` row, in output order. */
  stats(): Iterable<PresentStat>;
}
