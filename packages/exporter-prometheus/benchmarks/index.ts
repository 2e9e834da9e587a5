/**
 * Scrape benchmark: collect + serialize of many series, side by side in one
 * process, for the libraries users would pick:
 * - meterwork: OTel SDK instruments read by our PrometheusPullReader (`collectText`);
 * - prom-client 15: `registry.metrics()`;
 * - @prometheus-io/client (prom-client's successor, Node >= 22), the same way,
 *   when it is installed (.ci/run's Node 24 lane installs it);
 * - @opentelemetry/exporter-prometheus: `collect()` + `PrometheusSerializer.serialize`.
 *
 * Run: npm run bench -w @meterwork/exporter-prometheus (a script printing
 * figures, not a test). Each scenario is built, warmed up (2 scrapes), then
 * scraped N times; the median time is printed. "heap Δ" is the heap growth
 * from a forced-GC baseline to the end of one scrape: what the scrape
 * allocated and V8 has not collected yet (a lower bound of the peak when a GC
 * ran in between; the number of GC events during that scrape is printed).
 */
import { PerformanceObserver } from 'perf_hooks';
import * as v8 from 'v8';
import * as vm from 'vm';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter, PrometheusSerializer as OtelSerializer } from '@opentelemetry/exporter-prometheus';
import * as promClientModule from 'prom-client';
import { PrometheusPullReader } from '../src/pull/PrometheusPullReader';
import { PrometheusSerializer } from '../src/serializer/serializer';

class CollectOnlyReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** The SDK caps series per instrument at 2000 by default; lift it so every library keeps all series. */
const VIEWS = [{ instrumentName: '*', aggregationCardinalityLimit: 1_000_000 }];
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

interface Scrape {
  readonly library: string;
  /** One scrape; resolves with the size of the exposition in bytes. */
  scrape(): Promise<number>;
  close(): Promise<void>;
}

type Kind = 'counter' | 'histogram';

function attributes(i: number): Record<string, string> {
  return { route: `/api/v1/items/${i}`, method: METHODS[i % 4]!, status: String(200 + (i % 5)) };
}

function fillOtel(provider: MeterProvider, kind: Kind, series: number): void {
  const meter = provider.getMeter('bench');
  if (kind === 'counter') {
    const c = meter.createCounter('http.requests', { description: 'Requests' });
    for (let i = 0; i < series; i++) c.add(i + 1, attributes(i));
  } else {
    const h = meter.createHistogram('http.duration', { unit: 's', description: 'Duration', advice: { explicitBucketBoundaries: BUCKETS } });
    for (let i = 0; i < series; i++) {
      const a = attributes(i);
      h.record(0.003, a);
      h.record(0.2, a);
      h.record(3, a);
    }
  }
}

function meterwork(kind: Kind, series: number): Scrape {
  const reader = new PrometheusPullReader({ withTargetInfo: false });
  const provider = new MeterProvider({ readers: [reader as MetricReader], views: VIEWS });
  fillOtel(provider, kind, series);
  return {
    library: 'meterwork (collectText, one string)',
    scrape: async () => Buffer.byteLength((await reader.collectText()).body),
    close: () => provider.shutdown(),
  };
}

/**
 * What the pull server does per scrape: one collection, then the exposition in
 * 64 KiB chunks written one by one (each flattened here as a socket write would).
 */
function meterworkChunked(kind: Kind, series: number): Scrape {
  const reader = new CollectOnlyReader();
  const provider = new MeterProvider({ readers: [reader], views: VIEWS });
  fillOtel(provider, kind, series);
  const serializer = new PrometheusSerializer({ withTargetInfo: false });
  return {
    library: 'meterwork (chunks, as the server)',
    scrape: async () => {
      const { resourceMetrics } = await reader.collect();
      let bytes = 0;
      for (const chunk of serializer.serializeChunks(resourceMetrics)) bytes += Buffer.byteLength(chunk);
      return bytes;
    },
    close: () => provider.shutdown(),
  };
}

function otel(kind: Kind, series: number): Scrape {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter], views: VIEWS });
  fillOtel(provider, kind, series);
  const serializer = new OtelSerializer();
  return {
    library: '@opentelemetry/exporter-prometheus',
    scrape: async () => Buffer.byteLength(serializer.serialize((await exporter.collect()).resourceMetrics)),
    close: () => provider.shutdown(),
  };
}

type PromClientLike = typeof promClientModule;

/** @prometheus-io/client has prom-client's API; undefined when it is not installed (it needs Node >= 22). */
function prometheusIoClient(): PromClientLike | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional: only some lanes install it
    return require('@prometheus-io/client') as PromClientLike;
  } catch {
    return undefined;
  }
}

function promClientLike(library: string, lib: PromClientLike): (kind: Kind, series: number) => Scrape {
  return (kind, series) => {
    const registry = new lib.Registry();
    const labelNames = ['route', 'method', 'status'];
    if (kind === 'counter') {
      const c = new lib.Counter({ name: 'http_requests_total', help: 'Requests', labelNames, registers: [registry] });
      for (let i = 0; i < series; i++) c.inc(attributes(i), i + 1);
    } else {
      const h = new lib.Histogram({ name: 'http_duration_seconds', help: 'Duration', labelNames, buckets: BUCKETS, registers: [registry] });
      for (let i = 0; i < series; i++) {
        const a = attributes(i);
        h.observe(a, 0.003);
        h.observe(a, 0.2);
        h.observe(a, 3);
      }
    }
    return { library, scrape: async () => Buffer.byteLength(await registry.metrics()), close: async () => registry.clear() };
  };
}

const promClient = promClientLike('prom-client', promClientModule);

let gcCount = 0;
new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });

async function measure(make: () => Scrape, runs: number): Promise<{ library: string; medianMs: number; heapDeltaMB: number; gcs: number; bytes: number }> {
  const s = make();
  for (let i = 0; i < 2; i++) await s.scrape();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await s.scrape();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  gc();
  await new Promise((r) => setImmediate(r));
  const gcBefore = gcCount;
  const base = process.memoryUsage().heapUsed;
  const bytes = await s.scrape();
  const heapDelta = process.memoryUsage().heapUsed - base;
  await new Promise((r) => setImmediate(r)); // let the observer report
  const result = { library: s.library, medianMs: times[times.length >> 1]!, heapDeltaMB: heapDelta / 1048576, gcs: gcCount - gcBefore, bytes };
  await s.close();
  gc();
  return result;
}

async function main(): Promise<void> {
  const scenarios: Array<{ title: string; kind: Kind; series: number; runs: number }> = [
    { title: '10k counter series', kind: 'counter', series: 10_000, runs: 15 },
    { title: '100k counter series', kind: 'counter', series: 100_000, runs: 7 },
    { title: '10k histogram series (11 buckets)', kind: 'histogram', series: 10_000, runs: 7 },
  ];
  console.log(`node ${process.version}, ${process.platform}/${process.arch}; median of N scrapes after 2 warm-up scrapes`);
  const prometheusIo = prometheusIoClient();
  const libraries = [meterwork, meterworkChunked, promClient, ...(prometheusIo ? [promClientLike('@prometheus-io/client', prometheusIo)] : []), otel];
  if (!prometheusIo) console.log('(@prometheus-io/client not installed: npm install @prometheus-io/client on Node >= 22 to compare it too)');
  for (const sc of scenarios) {
    console.log(`\n${sc.title} (N=${sc.runs})`);
    const results = [];
    for (const make of libraries) results.push(await measure(() => make(sc.kind, sc.series), sc.runs));
    const ours = results[0]!.medianMs;
    const oursChunked = results[1]!.medianMs;
    for (const r of results) {
      const ratio = r.library.startsWith('meterwork')
        ? ''
        : `  meterwork ${(r.medianMs / ours).toFixed(1)}x / chunks ${(r.medianMs / oursChunked).toFixed(1)}x faster`;
      console.log(
        `  ${r.library.padEnd(38)} ${r.medianMs.toFixed(1).padStart(8)} ms   heap Δ ${r.heapDeltaMB.toFixed(1).padStart(6)} MB (${r.gcs} GC)   ${(r.bytes / 1048576).toFixed(1)} MB text${ratio}`,
      );
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
