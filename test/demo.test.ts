/**
 * The file-server demo (`npm run demo`): its main function with a short run,
 * and the built program as a child process that must exit by itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { main } from '../examples/file-server/src/index';

const BUILT = path.join(__dirname, '../examples/file-server/dist/index.js');
const CORE_BUILT = path.join(__dirname, '../packages/core/dist/index.js');

/** Value right after `label` on the last line of `name` (e.g. "count 12"). */
function lastNumber(lines: string[], name: string, label: RegExp): number {
  const line = [...lines].reverse().find((l) => l.startsWith(name));
  expect(line).toBeDefined();
  const m = label.exec(line!);
  expect(m).not.toBeNull();
  return Number(m![1]);
}

function checkOutput(lines: string[]): void {
  expect(lines.some((l) => /--- export #1 at/.test(l))).toBe(true);
  // connected clients: the SDK's own UpDownCounter (no view) passes through
  expect(lines.some((l) => /^fileserver\.clients\s.*\(OTel SDK\)$/.test(l))).toBe(true);
  expect(lastNumber(lines, 'fileserver.bytes_sent', /total ([\d.]+) (?:KiB|MiB|GiB|B)/)).toBeGreaterThan(0);
  expect(lastNumber(lines, 'fileserver.bytes_sent', /rate: mean ([\d.]+)/)).toBeGreaterThan(0);
  expect(lines.some((l) => /^fileserver\.bytes_sent\s.*\(meter\)$/.test(l))).toBe(true);
  expect(lastNumber(lines, 'fileserver.request.duration', /count (\d+)/)).toBeGreaterThan(0);
  expect(lastNumber(lines, 'fileserver.request.duration', /p95 ([\d.]+) ms/)).toBeGreaterThan(0);
  expect(lines.some((l) => /^fileserver\.request\.duration\s.*\(timer\)$/.test(l))).toBe(true);
  expect(lastNumber(lines, 'fileserver.transfer.size', /go (\d+) \(mean/)).toBeGreaterThan(0);
  expect(lines.some((l) => /^fileserver\.transfer\.size\s.*no-go \d+ .*\(go\/no-go\)$/.test(l))).toBe(true);
}

describe('file-server demo', () => {
  it('main() prints readable, non-zero figures and returns', async () => {
    const lines: string[] = [];
    await main({ durationMillis: 1200, exportIntervalMillis: 500, write: (l) => lines.push(l) });
    if (process.env.SHOW_DEMO) console.log(lines.join('\n'));
    checkOutput(lines);
    // periodic exports plus the final one at shutdown
    expect(lines.filter((l) => l.startsWith('--- export #')).length).toBeGreaterThanOrEqual(2);
  });

  it("with consoleExporter, OTel's own ConsoleMetricExporter shows our metrics as standard data", async () => {
    const dumped: Array<{ descriptor: { name: string }; dataPoints: Array<{ attributes: Record<string, unknown> }> }> = [];
    const dir = jest.spyOn(console, 'dir').mockImplementation((obj: unknown) => void dumped.push(obj as (typeof dumped)[number]));
    try {
      await main({ durationMillis: 600, exportIntervalMillis: 300, consoleExporter: true, write: () => undefined });
    } finally {
      dir.mockRestore();
    }
    const names = new Set(dumped.map((m) => m.descriptor.name));
    const expected = [
      'fileserver.clients',
      'fileserver.bytes_sent',
      'fileserver.bytes_sent.rate',
      'fileserver.request.duration',
      'fileserver.request.duration.count',
      'fileserver.transfer.size.count',
    ];
    for (const name of expected) expect(names).toContain(name);
    const quantiles = dumped.filter((m) => m.descriptor.name === 'fileserver.request.duration').flatMap((m) => m.dataPoints.map((p) => p.attributes.quantile));
    expect(quantiles).toEqual(expect.arrayContaining([0.5, 0.95, 0.99]));
  });

  it('the built demo runs and exits by itself', async () => {
    if (!fs.existsSync(BUILT) || !fs.existsSync(CORE_BUILT)) {
      const msg = 'demo not built: run `npm run build` first';
      if (process.env.CI) throw new Error(msg);
      console.warn(`SKIPPING: ${msg}`);
      return;
    }
    const child = spawn(process.execPath, [BUILT], {
      env: { ...process.env, DEMO_DURATION_MS: '1500', DEMO_EXPORT_INTERVAL_MS: '500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(killer);
    expect({ code, out }).toEqual({ code: 0, out: expect.any(String) });
    checkOutput(out.split('\n'));
  }, 30_000);
});
