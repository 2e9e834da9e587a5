/**
 * Skipped integration tests, reported once at the end of the run. Jest hides
 * a worker's console output in multi-worker runs, so a skip is also written
 * as one JSON line to a file in `$METERWORK_SKIP_LOG_DIR` (set by the skip
 * summary reporter, or by .ci/run across its lanes), which the reporter
 * (test/helpers/skip-summary-reporter.js) or .ci/run prints at the end.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The environment variable naming the directory that collects skip records. */
export const SKIP_LOG_DIR_ENV = 'METERWORK_SKIP_LOG_DIR';

export interface SkipRecord {
  /** The test file that skipped (relative to the repository root), when jest knows it. */
  readonly file?: string;
  readonly reason: string;
}

/** Records a skip for the end-of-run summary (and prints it for single-worker runs). */
export function recordSkip(reason: string): void {
  console.warn(`SKIPPING: ${reason}`);
  const dir = process.env[SKIP_LOG_DIR_ENV];
  if (!dir) return;
  const testPath = typeof expect === 'function' ? expect.getState().testPath : undefined;
  const record: SkipRecord = { reason, ...(testPath ? { file: path.relative(path.join(__dirname, '../..'), testPath) } : {}) };
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.appendFileSync(path.join(dir, `skips-${process.pid}.jsonl`), JSON.stringify(record) + '\n');
  } catch (error) {
    console.warn(`could not record the skip in ${dir}: ${(error as Error).message}`);
  }
}
