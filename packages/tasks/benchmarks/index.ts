/**
 * Overhead of the task wrapper per call: `npm run bench -w @meterwork/tasks`.
 *
 * Every case runs in this one process, one after another: a bare call, the
 * same function wrapped by `task()` (metrics on: counts, highwater, call
 * graph, duration reservoir, running-span list), and the same function
 * inside an OTel `tracer.startActiveSpan` per call with a real tracer
 * provider (sdk-trace-base, AsyncLocalStorage context manager, a
 * BatchSpanProcessor into a no-op exporter, always sampled). Sync cases
 * time batches of calls; async cases await each call in turn. The median of
 * several rounds is reported; overhead = case - bare.
 *
 * Times are the process's CPU time (`process.cpuUsage`, user + system) per
 * call: on a shared machine, wall time also counts the time the process
 * waited for a core (at load 12 on 2 cores it doubled the figures); the
 * wall-clock figure is printed next to it.
 */
import os from 'node:os';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Registry } from '../src';

const ROUNDS = 7;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

interface Timing {
  /** CPU ns per call. */
  readonly cpu: number;
  /** Wall-clock ns per call. */
  readonly wall: number;
}

/** One round: CPU and wall ns per call. */
class Round {
  private readonly cpu0 = process.cpuUsage();
  private readonly wall0 = process.hrtime.bigint();
  end(n: number): Timing {
    const wall = Number(process.hrtime.bigint() - this.wall0) / n;
    const u = process.cpuUsage(this.cpu0);
    return { cpu: ((u.user + u.system) * 1000) / n, wall };
  }
}

function medians(rounds: Timing[]): Timing {
  return { cpu: median(rounds.map((r) => r.cpu)), wall: median(rounds.map((r) => r.wall)) };
}

function timeSync(fn: (i: number) => number, n: number): Timing {
  const rounds: Timing[] = [];
  let sink = 0;
  for (let i = 0; i < n; i++) sink += fn(i); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const round = new Round();
    for (let i = 0; i < n; i++) sink += fn(i);
    rounds.push(round.end(n));
  }
  if (sink === -1) console.log(sink);
  return medians(rounds);
}

async function timeAsync(fn: (i: number) => Promise<number>, n: number): Promise<Timing> {
  const rounds: Timing[] = [];
  let sink = 0;
  for (let i = 0; i < n; i++) sink += await fn(i);
  for (let r = 0; r < ROUNDS; r++) {
    const round = new Round();
    for (let i = 0; i < n; i++) sink += await fn(i);
    rounds.push(round.end(n));
  }
  if (sink === -1) console.log(sink);
  return medians(rounds);
}

const noopExporter: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => undefined,
};

async function main(): Promise<void> {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(noopExporter)] });
  const tracer = provider.getTracer('bench');

  const registry = new Registry();
  const mon = registry.scope('bench');
  const bareSync = (i: number): number => (i * 7) & 1023;
  const wrappedSync = mon.task('sync', bareSync);
  const spanSync = (i: number): number =>
    tracer.startActiveSpan('sync', (span) => {
      const r = bareSync(i);
      span.end();
      return r;
    });
  const bareAsync = async (i: number): Promise<number> => (i * 7) & 1023;
  const wrappedAsync = mon.task('async', bareAsync);
  const spanAsync = (i: number): Promise<number> =>
    tracer.startActiveSpan('async', async (span) => {
      const r = await bareAsync(i);
      span.end();
      return r;
    });
  const tracedRegistry = new Registry({ otelSpans: tracer });
  const wrappedTracedSync = tracedRegistry.scope('bench').task('sync', bareSync);

  const nSync = Number(process.env.BENCH_SYNC_CALLS ?? 1_000_000);
  const nAsync = Number(process.env.BENCH_ASYNC_CALLS ?? 200_000);
  const rows: Array<[string, Timing]> = [];
  const bs = timeSync(bareSync, nSync);
  rows.push(['sync: bare call', bs]);
  const ws = timeSync(wrappedSync, nSync);
  rows.push(['sync: task() wrapper', ws]);
  const ss = timeSync(spanSync, nSync / 10);
  rows.push(['sync: OTel startActiveSpan', ss]);
  const ts = timeSync(wrappedTracedSync, nSync / 10);
  rows.push(['sync: task() with otelSpans', ts]);
  const ba = await timeAsync(bareAsync, nAsync);
  rows.push(['async: bare call', ba]);
  const wa = await timeAsync(wrappedAsync, nAsync);
  rows.push(['async: task() wrapper', wa]);
  const sa = await timeAsync(spanAsync, nAsync / 4);
  rows.push(['async: OTel startActiveSpan', sa]);

  const load = os.loadavg()[0]!.toFixed(1);
  console.log(`Node ${process.version}, ${os.cpus().length} cores, load ${load}; median of ${ROUNDS} rounds; ns per call (CPU time / wall time)\n`);
  console.log('| case | CPU ns/call | overhead vs bare (CPU ns) | wall ns/call |');
  console.log('|---|---|---|---|');
  for (const [name, t] of rows) {
    const bare = name.startsWith('sync') ? bs : ba;
    const overhead = name.endsWith('bare call') ? '-' : (t.cpu - bare.cpu).toFixed(0);
    console.log(`| ${name} | ${t.cpu.toFixed(0)} | ${overhead} | ${t.wall.toFixed(0)} |`);
  }
  const syncOverhead = ws.cpu - bs.cpu;
  const asyncOverhead = wa.cpu - ba.cpu;
  console.log(`\nwrapper overhead (CPU): sync ${syncOverhead.toFixed(0)} ns (target <= 300), async ${asyncOverhead.toFixed(0)} ns (target <= 1000)`);
  console.log(
    `a span per call costs ${((ss.cpu - bs.cpu) / syncOverhead).toFixed(1)}x the wrapper (sync), ${((sa.cpu - ba.cpu) / asyncOverhead).toFixed(1)}x (async); target >= 5x`,
  );
  const f = mon.func('sync');
  console.log(`(sanity: ${f.success} sync successes recorded, r50 ${(f.successTimes.snapshot().quantile(0.5) * 1e9).toFixed(0)} ns)`);
  await provider.shutdown();
  contextManager.disable();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
