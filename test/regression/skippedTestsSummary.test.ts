/**
 * A missing server binary skips integration tests; the run must end with one
 * visible list of what was skipped and why (jest hides a worker's warnings in
 * multi-worker runs). The skip helper records to a directory; the reporter
 * (or .ci/run) prints the summary from it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { makeTempDir, requireBinary } from '../helpers/process';
import { SKIP_LOG_DIR_ENV } from '../helpers/skips';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the reporter is plain CommonJS loaded by jest itself
const { skipSummary } = require('../helpers/skip-summary-reporter.js') as { skipSummary(dir: string): string[] };

describe('summary of skipped integration tests', () => {
  const saved = { ci: process.env.CI, dir: process.env[SKIP_LOG_DIR_ENV] };
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('skips');
    process.env[SKIP_LOG_DIR_ENV] = dir;
    delete process.env.CI;
    jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (saved.ci === undefined) delete process.env.CI;
    else process.env.CI = saved.ci;
    if (saved.dir === undefined) delete process.env[SKIP_LOG_DIR_ENV];
    else process.env[SKIP_LOG_DIR_ENV] = saved.dir;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists each missing binary once, with its Debian package and the test file that skipped', () => {
    expect(requireBinary('meterwork-no-such-server')).toBeUndefined();
    expect(requireBinary('meterwork-no-such-server')).toBeUndefined();
    expect(requireBinary('influxd-meterwork-missing')).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([`skips-${process.pid}.jsonl`]);
    const self = path.relative(path.join(__dirname, '../..'), __filename);
    expect(skipSummary(dir)).toEqual([
      'SKIPPED integration tests (2 reasons):',
      `  - server binary 'influxd-meterwork-missing' not found (install the Debian package influxd-meterwork-missing; .ci/run does): ${self}`,
      `  - server binary 'meterwork-no-such-server' not found (install the Debian package meterwork-no-such-server; .ci/run does): ${self}`,
    ]);
  });

  it('says nothing when nothing was skipped', () => {
    expect(skipSummary(dir)).toEqual([]);
    expect(skipSummary(path.join(dir, 'absent'))).toEqual([]);
  });

  it('fails instead of skipping when CI is set', () => {
    process.env.CI = '1';
    expect(() => requireBinary('meterwork-no-such-server')).toThrow("server binary 'meterwork-no-such-server' not found");
    expect(skipSummary(dir)).toEqual([]);
  });
});
