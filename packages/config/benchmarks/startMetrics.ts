/**
 * Figures for the README (not a test):
 *   npm run bench -w @meterwork/config     (runs `tsc -b` output: build first)
 * startMetrics() from a file with 3 readers (Pushgateway, InfluxDB, Prometheus
 * pull) and 20 views (test/fixtures/three-readers-twenty-views.yaml) to a ready
 * provider (pull endpoint listening):
 * 1. cold: a fresh Node process per run, timing require('@meterwork/config')
 *    plus the first startMetrics() (what an application pays at start-up);
 * 2. warm: further startMetrics() calls in one process, split into the official
 *    parse (YAML + substitution + schema), our block's validation, and the rest.
 * The push readers point at a local stub server answering 200, so shutdowns are quick.
 */
import { execFileSync } from 'child_process';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type * as ConfigModule from '../src';
import type * as ParseFileModule from '../src/file/parseFile';
import type * as SchemaModule from '../src/schema/meterworkSchema';
import { loadavg } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..');
const FILE = join(ROOT, 'test', 'fixtures', 'three-readers-twenty-views.yaml');
const DIST = join(ROOT, 'dist', 'index.js');
const COLD_RUNS = 15;
const WARM_RUNS = 50;

/** Runs in a child: one cold start, printed as JSON { requireMs, startMs }. */
const CHILD = `
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const { startMetrics } = require(${JSON.stringify(DIST)});
const t1 = process.hrtime.bigint();
startMetrics({ file: ${JSON.stringify(FILE)}, setGlobal: false }).then(async (h) => {
  const t2 = process.hrtime.bigint();
  const c = process.cpuUsage(c0);
  await h.shutdown();
  console.log(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, startMs: Number(t2 - t1) / 1e6, cpuMs: (c.user + c.system) / 1000 }));
});`;

/** The baseline any OTel app pays: the SDK loaded, a provider with one periodic reader, registered. */
const BASELINE = `
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const { metrics } = require('@opentelemetry/api');
const { MeterProvider, PeriodicExportingMetricReader, ConsoleMetricExporter } = require('@opentelemetry/sdk-metrics');
const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 3600000 })] });
metrics.setGlobalMeterProvider(provider);
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000 }));
provider.shutdown();`;

function stats(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, min ${s[0]!.toFixed(1)} ms`;
}

function configurationVersion(): string {
  let dir = require.resolve('@opentelemetry/configuration');
  while (!dir.endsWith('configuration')) dir = join(dir, '..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- reading a package.json
  return (require(join(dir, 'package.json')) as { version: string }).version;
}

async function main(): Promise<void> {
  const stub = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(req.url?.startsWith('/write') ? 204 : 200).end());
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const env = { ...process.env, PUSHGATEWAY_URL: url, INFLUX_URL: url };
  Object.assign(process.env, { PUSHGATEWAY_URL: url, INFLUX_URL: url });
  console.log(`Node ${process.version}, @opentelemetry/configuration ${configurationVersion()}, load average ${loadavg()[0]!.toFixed(1)}`);

  const cold = Array.from(
    { length: COLD_RUNS },
    () => JSON.parse(execFileSync(process.execPath, ['-e', CHILD], { env }).toString().trim()) as { requireMs: number; startMs: number; cpuMs: number },
  );
  console.log(`cold, require('@meterwork/config'):      ${stats(cold.map((c) => c.requireMs))}`);
  console.log(`cold, first startMetrics() to ready:       ${stats(cold.map((c) => c.startMs))}`);
  console.log(`cold, both (what start-up pays):           ${stats(cold.map((c) => c.requireMs + c.startMs))}`);
  console.log(`cold, both, CPU time of the process:       ${stats(cold.map((c) => c.cpuMs))}`);
  const base = Array.from(
    { length: COLD_RUNS },
    () => JSON.parse(execFileSync(process.execPath, ['-e', BASELINE], { env }).toString().trim()) as { ms: number; cpuMs: number },
  );
  console.log(`baseline: plain OTel SDK, 1 reader, cold:  ${stats(base.map((b) => b.ms))} (CPU ${stats(base.map((b) => b.cpuMs))})`);

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package, as applications load it
  const config = require(DIST) as typeof ConfigModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built parser adapter, to split the time
  const { parseWithOfficialParser } = require(join(ROOT, 'dist', 'file', 'parseFile.js')) as typeof ParseFileModule;
  const warm: number[] = [];
  const parse: number[] = [];
  const load: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    let t = process.hrtime.bigint();
    parseWithOfficialParser(FILE);
    parse.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    config.loadMetricsConfig(FILE);
    load.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    const handle = await config.startMetrics({ file: FILE, setGlobal: false });
    warm.push(Number(process.hrtime.bigint() - t) / 1e6);
    await handle.shutdown();
  }
  console.log(`warm, official parse only:                 ${stats(parse)}`);
  console.log(`warm, parse + our block's validation:      ${stats(load)}`);
  console.log(`warm, startMetrics() to ready:             ${stats(warm)}`);
  // Our block's validation alone (the walk of the shipped schema), on the parsed model.
  const block = (parseWithOfficialParser(FILE).distribution as { meterwork: unknown }).meterwork;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built validator
  const { meterworkSchemaValidator } = require(join(ROOT, 'dist', 'schema', 'meterworkSchema.js')) as typeof SchemaModule;
  const t = process.hrtime.bigint();
  for (let i = 0; i < 1000; i++) meterworkSchemaValidator().validate(block, '/distribution/meterwork', []);
  console.log(`validation of distribution.meterwork only: ${(Number(process.hrtime.bigint() - t) / 1e6 / 1000).toFixed(3)} ms per file (mean of 1000)`);
  console.log(`load average after: ${loadavg()[0]!.toFixed(1)}`);
  stub.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
