/**
 * Memory per series: `npm run bench:memory -w @meterwork/core`
 * (`node --expose-gc`). For each windowed aggregation, creates 100k series
 * with a few values each, once through a view (a wrapped histogram with
 * 100k attribute sets: what an application pays) and once as bare
 * reservoirs, and prints the heapUsed (+ arrayBuffers) delta per series after
 * a full GC.
 */
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BoundedTimeWindowReservoir, Meterwork, SlidingTimeWindowReservoir, type MeterworkAggregation, type Reservoir } from '../src/index'; // the sources, not a possibly stale dist/
import { IdleReader } from './harness';

const SERIES = Number(process.env.SERIES ?? 100_000);
const VALUES_PER_SERIES = 3;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 4; i++) g();
}

function used(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Bytes per series of what `build` keeps alive. */
function perSeries(build: () => unknown): number {
  const before = used();
  const kept = build();
  const after = used();
  if (kept === undefined) throw new Error('nothing kept');
  return (after - before) / SERIES;
}

function viaView(aggregation: MeterworkAggregation): number {
  return perSeries(() => {
    const mw = new Meterwork({ views: [{ instrumentName: 'd', aggregation, aggregationCardinalityLimit: SERIES + 1 }] });
    const provider = mw.wrap(new MeterProvider({ readers: [new IdleReader({ metricProducers: [mw.producer] })] }));
    const h = provider.getMeter('m').createHistogram('d');
    for (let s = 0; s < SERIES; s++) {
      const attributes = { series: s };
      for (let v = 0; v < VALUES_PER_SERIES; v++) h.record(0.001 * (v + 1) * (1 + (s % 7)), attributes);
    }
    return mw;
  });
}

function bare(make: () => Reservoir): number {
  return perSeries(() => {
    const all: Reservoir[] = [];
    for (let s = 0; s < SERIES; s++) {
      const r = make();
      for (let v = 0; v < VALUES_PER_SERIES; v++) r.update(0.001 * (v + 1) * (1 + (s % 7)));
      all.push(r);
    }
    return all;
  });
}

const rows: Array<[string, number]> = [];
rows.push(['baseline: go_no_go through a view', viaView({ type: 'go_no_go' })]);
rows.push(['sliding_time_window (60 s) through a view', viaView({ type: 'sliding_time_window', windowMillis: 60_000 })]);
rows.push(['bounded_time_window (60 s / 6, 1 %) through a view', viaView({ type: 'bounded_time_window', windowMillis: 60_000 })]);
rows.push(['SlidingTimeWindowReservoir alone', bare(() => new SlidingTimeWindowReservoir({ windowMillis: 60_000 }))]);
rows.push(['BoundedTimeWindowReservoir alone', bare(() => new BoundedTimeWindowReservoir({ windowMillis: 60_000 }))]);

console.log(`Node ${process.version}, ${SERIES} series x ${VALUES_PER_SERIES} values, heapUsed + arrayBuffers delta after GC\n`);
const width = Math.max(...rows.map(([n]) => n.length));
for (const [name, bytes] of rows) console.log(`${name.padEnd(width)}  ${(bytes / 1024).toFixed(2).padStart(6)} KB per series`);
