/**
 * What reporting policies cost (`npx tsc -b`, then from packages/config:
 * `node -r ts-node/register/transpile-only benchmarks/policyReport.ts`).
 *
 * - Record path: `counter.add` on a provider whose only reader is a
 *   PolicyMetricReader vs one with OTel's PeriodicExportingMetricReader:
 *   policies are applied at report time only, so both should cost the same.
 * - One report (collect, bind, prefix, delta, export to a no-op exporter) of
 *   200 instruments x 10 series (20 of them go/no-go), cumulative and delta.
 */
import { performance } from 'node:perf_hooks';
import { PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { Meterwork } from '@meterwork/core';
import { PolicyMetricReader } from '@meterwork/config';

const noop: PushMetricExporter = {
  export: (_m, cb) => cb({ code: 0 }),
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function recordNanos(reader: PolicyMetricReader | PeriodicExportingMetricReader): number {
  const meter = new Meterwork().createMeterProvider({ readers: [reader] }).getMeter('bench');
  const counter = meter.createCounter('cpu.srv');
  const attrs = { route: '/a' };
  const N = 2_000_000;
  const runs: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) counter.add(1, attrs);
    runs.push(((performance.now() - t0) * 1e6) / N);
  }
  return median(runs);
}

/** Median ms of one report, and of the collection alone (what any reader pays). */
async function reportMillis(temporality: 'cumulative' | 'delta'): Promise<{ report: number; collect: number }> {
  const reader = new PolicyMetricReader({
    prefix: 'ui',
    exporters: [noop],
    policies: [
      { name: 'a', intervalMillis: 3_600_000, report: ['a.*'], temporality, reportInactive: true },
      { name: 'b', intervalMillis: 3_600_000, report: ['b.*', 'jobs.*'], temporality, reportInactive: true },
    ],
  });
  const mw = new Meterwork({ views: [{ instrumentName: 'jobs.*', aggregation: { type: 'go_no_go' } }] });
  const provider = mw.createMeterProvider({ readers: [reader] });
  const meter = provider.getMeter('bench');
  const record: Array<() => void> = [];
  for (let i = 0; i < 180; i++) {
    const c = meter.createCounter(`${i % 2 === 0 ? 'a' : 'b'}.m${i}`);
    record.push(() => {
      for (let s = 0; s < 10; s++) c.add(1, { s });
    });
  }
  for (let i = 0; i < 20; i++) {
    const h = meter.createHistogram(`jobs.j${i}`);
    record.push(() => {
      for (let s = 0; s < 10; s++) h.record(s, { s });
    });
  }
  const runs: number[] = [];
  const collects: number[] = [];
  for (let r = 0; r < 30; r++) {
    for (const f of record) f();
    const t0 = performance.now();
    await reader.forceFlush();
    const t1 = performance.now();
    await reader.collect();
    collects.push(performance.now() - t1);
    runs.push(t1 - t0);
  }
  await provider.shutdown();
  return { report: median(runs.slice(5)), collect: median(collects.slice(5)) };
}

async function main(): Promise<void> {
  const policy = recordNanos(new PolicyMetricReader({ exporters: [noop], policies: [{ name: 'p', report: ['*'], intervalMillis: 3_600_000 }] }));
  const periodic = recordNanos(new PeriodicExportingMetricReader({ exporter: noop, exportIntervalMillis: 3_600_000 }));
  console.log(`counter.add: ${policy.toFixed(1)} ns with a PolicyMetricReader, ${periodic.toFixed(1)} ns with a PeriodicExportingMetricReader`);
  for (const t of ['cumulative', 'delta'] as const) {
    const { report, collect } = await reportMillis(t);
    console.log(
      `one ${t} report of 200 instruments x 10 series (2 policies): ${report.toFixed(1)} ms, of which a collection alone takes ${collect.toFixed(1)} ms (median)`,
    );
  }
  process.exit(0);
}

void main();
