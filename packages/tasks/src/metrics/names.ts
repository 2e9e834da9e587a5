/**
 * The metric names the tasks source reports (with the default prefix
 * `tasks`). Attributes: `scope` and `name` (the function), plus `error_name`
 * on errors and `kind` (`success` / `failure`) on durations; values carry
 * `scope`.
 */
export const TASK_METRIC_NAMES = {
  /** Gauge: calls running now. */
  current: 'function.current',
  /** Gauge: the most calls that ran at once. */
  highwater: 'function.highwater',
  /** Counter (monotonic sum): successful calls. */
  successes: 'function.successes',
  /** Counter: failed calls that were not panics, by `error_name`. */
  errors: 'function.errors',
  /** Counter: calls that panicked. */
  panics: 'function.panics',
  /** Summary (seconds): durations, `kind` = `success` or `failure`; `.count`, `.sum`, `.min`, `.max` and a gauge per `quantile`. */
  duration: 'function.duration',
  /** Prefix of monkit values: `value.<value name>`. */
  value: 'value',
} as const;
