'use strict';
// Jest reporter: one visible list, at the end of the run, of the integration
// tests skipped because a server binary is missing (test/helpers/skips.ts
// writes the records; jest hides workers' warnings in multi-worker runs).
// When the caller already set METERWORK_SKIP_LOG_DIR (.ci/run, which prints
// one summary for all its lanes), this reporter leaves the printing to it.
const fs = require('fs');
const os = require('os');
const path = require('path');

const ENV = 'METERWORK_SKIP_LOG_DIR';

/** Reads every record in `dir` and returns the summary lines (empty when nothing was skipped). */
function skipSummary(dir) {
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  const byReason = new Map();
  for (const file of files) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      const { reason, file: testFile } = JSON.parse(line);
      if (!byReason.has(reason)) byReason.set(reason, new Set());
      if (testFile) byReason.get(reason).add(testFile);
    }
  }
  if (byReason.size === 0) return [];
  const lines = [`SKIPPED integration tests (${byReason.size} reason${byReason.size === 1 ? '' : 's'}):`];
  for (const [reason, testFiles] of [...byReason].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`  - ${reason}${testFiles.size ? `: ${[...testFiles].sort().join(', ')}` : ''}`);
  }
  return lines;
}

class SkipSummaryReporter {
  constructor() {
    this.owned = !process.env[ENV];
    // Workers start after the reporters are made, so they inherit this.
    if (this.owned) process.env[ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'meterwork-skips-'));
    this.dir = process.env[ENV];
  }

  onRunComplete() {
    if (!this.owned) return;
    const lines = skipSummary(this.dir);
    if (lines.length) process.stderr.write('\n' + lines.join('\n') + '\n');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = SkipSummaryReporter;
module.exports.skipSummary = skipSummary;
