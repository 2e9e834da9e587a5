/** One mistake in a configuration: where it is and what is wrong. */
export interface ConfigProblem {
  /**
   * JSON pointer of the offending key, in the form of the official parser's
   * errors, e.g. `/distribution/meterwork/views/2/stream/aggregation/sliding_time_window/window`;
   * for the environment, the variable's name (e.g. `OTEL_METRICS_EXPORTER`).
   */
  readonly path: string;
  /** What was found and what is allowed, e.g. `must be an integer >= 1, found "60s"`. */
  readonly message: string;
}

/**
 * Thrown by {@link startMetrics} for a configuration it cannot use: every
 * mistake is one {@link ConfigProblem}, and the message lists them all in the
 * official parser's form: `Invalid OpenTelemetry config file: <file>: <path> <message>`.
 */
export class ConfigFileError extends Error {
  /** The file, or `undefined` when the configuration came from environment variables. */
  readonly file: string | undefined;
  /** Every mistake found, in document order. */
  readonly problems: readonly ConfigProblem[];

  constructor(file: string | undefined, problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    const where = file === undefined ? 'Invalid metrics configuration in the environment' : `Invalid OpenTelemetry config file: ${file}`;
    const detail = problems.length === 1 ? ` ${line(problems[0])}` : problems.map((p) => `\n  ${line(p)}`).join('');
    super(`${where}:${detail}`, options);
    this.name = 'ConfigFileError';
    this.file = file;
    this.problems = problems;
  }
}

function line(p: ConfigProblem): string {
  return p.path === '' ? p.message : `${p.path} ${p.message}`;
}
