/**
 * A small timing harness: each case runs a warm-up, then several rounds
 * sized to ~ROUND_MILLIS each; the median round gives ns/op. Cases from
 * different libraries run in the same process, one after another.
 */
import { MetricReader } from '@opentelemetry/sdk-metrics';

/** A reader that is never collected: the SDK must still aggregate every record. */
export class IdleReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface BenchCase {
  /** Shown in the first column; keep it short and say which library. */
  readonly name: string;
  /** Groups rows in the table (e.g. "windowed quantiles"). */
  readonly group: string;
  /** One operation; `i` is the iteration number (use it to pick inputs). */
  readonly fn: (i: number) => void;
  /** Called once after the case ran (shutdown providers, clear timers). */
  readonly teardown?: () => void | Promise<void>;
}

export interface BenchResult {
  readonly name: string;
  readonly group: string;
  readonly nsPerOp: number;
  readonly opsPerSec: number;
  readonly iterations: number;
}

export interface HarnessOptions {
  /** @default 300 */
  roundMillis?: number;
  /** @default 5 */
  rounds?: number;
  /** @default 100000 */
  warmupIterations?: number;
}

/** 4096 latency-like values in seconds (log-uniform 0.1 ms .. 10 s), shared by all cases. */
export const VALUES: Float64Array = (() => {
  let a = 12345;
  const out = new Float64Array(4096);
  for (let i = 0; i < out.length; i++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    out[i] = 1e-4 * Math.pow(1e5, a / 4294967296);
  }
  return out;
})();
export const VALUE_MASK = VALUES.length - 1;

type Loop = (fn: (i: number) => void, start: number, n: number) => number;

/**
 * A fresh loop function per case, so that its `fn(i)` call site only ever
 * sees one function and V8 can inline it; one shared loop becomes
 * megamorphic and adds ~5-10 ns to every case (measured here).
 */
function makeLoop(): Loop {
  return new Function(
    'fn',
    'start',
    'n',
    'const t0 = process.hrtime.bigint(); for (let i = start; i < start + n; i++) fn(i); return Number(process.hrtime.bigint() - t0);',
  ) as Loop;
}

export async function runCase(c: BenchCase, options: HarnessOptions = {}): Promise<BenchResult> {
  const roundMillis = options.roundMillis ?? 300;
  const rounds = options.rounds ?? 5;
  const warmup = options.warmupIterations ?? 100_000;
  const timeLoop = makeLoop();
  const warmNs = timeLoop(c.fn, 0, warmup);
  const perOp = Math.max(warmNs / warmup, 0.1);
  const n = Math.max(1000, Math.round((roundMillis * 1e6) / perOp));
  const samples: number[] = [];
  let i = warmup;
  for (let r = 0; r < rounds; r++) {
    samples.push(timeLoop(c.fn, i, n) / n);
    i += n;
  }
  samples.sort((a, b) => a - b);
  const nsPerOp = samples[samples.length >> 1];
  await c.teardown?.();
  return { name: c.name, group: c.group, nsPerOp, opsPerSec: 1e9 / nsPerOp, iterations: n * rounds };
}

export async function runCases(cases: readonly BenchCase[], options?: HarnessOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const c of cases) {
    const r = await runCase(c, options);
    results.push(r);
    process.stdout.write(`  ${r.name}: ${r.nsPerOp.toFixed(1)} ns/op\n`);
  }
  return results;
}

/** An aligned text table, grouped, in the order given. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['group', 'case', 'ns/op', 'ops/s'];
  const rows = results.map((r) => [r.group, r.name, r.nsPerOp.toFixed(1), Math.round(r.opsPerSec).toLocaleString('en-US')]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
  const line = (cells: string[]) => cells.map((cell, k) => (k >= 2 ? cell.padStart(widths[k]) : cell.padEnd(widths[k]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
