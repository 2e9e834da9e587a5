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
  /** The reservoir's samples, ascending, in ns (quantiles and `ravg` are computed from them). */
  readonly samples: ReadonlyArray<number>;
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

/** Receives every task start and end while a trace is being captured. */
export interface PresentSpanObserver {
  start(span: PresentSpan): void;
  finish(span: PresentFinishedSpan): void;
}

/** One `/stats` value: `measurement,tags field=value`. */
export interface PresentStat {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly field: string;
  readonly value: number;
}

/**
 * What the present endpoint reads. `@meterwork/tasks`' registry provides it
 * (`presentSourceOf`); anything else can too (for instance to present another
 * process's data).
 */
export interface PresentSource {
  /** Every function seen so far, in any order (the endpoint sorts). */
  funcs(): Iterable<PresentFunc>;
  /** Tasks running now, in any order. */
  runningSpans(): Iterable<PresentSpan>;
  /** Calls the observer for every task start and end until the returned function is called. */
  observeSpans(observer: PresentSpanObserver): () => void;
  /** More `/stats` rows than the functions' own (monkit values, process stats). */
  stats?(): Iterable<PresentStat>;
}
