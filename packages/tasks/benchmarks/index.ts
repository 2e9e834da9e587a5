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
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Registry } from '../src';

const ROUNDS = 7;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function timeSync(fn: (i: number) => number, n: number): number {
  const rounds: number[] = [];
  let sink = 0;
  for (let i = 0; i < n; i++) sink += fn(i); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += fn(i);
    rounds.push(Number(process.hrtime.bigint() - t0) / n);
  }
  if (sink === -1) console.log(sink);
  return median(rounds);
}

async function timeAsync(fn: (i: number) => Promise<number>, n: number): Promise<number> {
  const rounds: number[] = [];
  let sink = 0;
  for (let i = 0; i < n; i++) sink += await fn(i);
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += await fn(i);
    rounds.push(Number(process.hrtime.bigint() - t0) / n);
  }
  if (sink === -1) console.log(sink);
  return median(rounds);
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
  const rows: Array<[string, number]> = [];
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

  console.log(`Node ${process.version}; median of ${ROUNDS} rounds; ns per call\n`);
  console.log('| case | ns/call | overhead vs bare (ns) |');
  console.log('|---|---|---|');
  for (const [name, ns] of rows) {
    const bare = name.startsWith('sync') ? bs : ba;
    console.log(`| ${name} | ${ns.toFixed(1)} | ${name.endsWith('bare call') ? '-' : (ns - bare).toFixed(1)} |`);
  }
  const syncRatio = (ss - bs) / (ws - bs);
  const asyncRatio = (sa - ba) / (wa - ba);
  console.log(`\nwrapper overhead: sync ${(ws - bs).toFixed(0)} ns (target <= 300), async ${(wa - ba).toFixed(0)} ns (target <= 1000)`);
  console.log(`a span per call costs ${syncRatio.toFixed(1)}x the wrapper (sync), ${asyncRatio.toFixed(1)}x (async); target >= 5x`);
  const f = mon.func('sync');
  console.log(`(sanity: ${f.success} sync successes recorded, r50 ${(f.successTimes.snapshot().quantile(0.5) * 1e9).toFixed(0)} ns)`);
  await provider.shutdown();
  contextManager.disable();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
