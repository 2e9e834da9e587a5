/**
 * What a user gets from npm: the three packages packed with `npm pack` (which
 * builds first), installed from the tarballs into a fresh app outside the
 * workspace, and the quick start run from CommonJS, from ESM and from a
 * TypeScript `module: nodenext` project (type-checked with the workspace's tsc,
 * then run). Also checks the tarballs' contents and the exports maps.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');
const PACKAGES = ['core', 'exporter-prometheus', 'exporter-influx'];
const TIMEOUT_MILLIS = 300_000;

interface PackResult {
  readonly name: string;
  readonly filename: string;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: TIMEOUT_MILLIS });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The version installed in the workspace, so that npm finds it in its cache. */
function workspaceVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The root quick start, condensed: the same imports and views, Prometheus on port 0, InfluxDB replaced by a local HTTP server. */
function quickStart(imports: string): string {
  return `${imports}

async function main() {
  diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
  let written = '';
  const influxServer = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      written += body.endsWith('\\n') ? body : body + '\\n';
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise((resolve) => influxServer.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = influxServer.address();
  const influxPort = typeof address === 'object' && address !== null ? address.port : 0;

  const meterwork = new Meterwork({
    views: [
      { instrumentName: 'http.server.request.duration', aggregation: { type: 'go_no_go' } },
      { instrumentName: 'db.*.duration', aggregation: { type: 'bounded_time_window', windowMillis: 60_000, quantiles: [0.5, 0.99] } },
      { instrumentName: 'bytes.sent', aggregation: { type: 'meter' } },
    ],
  });
  const prometheus = new PrometheusPullReader({ port: 0 });
  const influx = new PeriodicExportingMetricReader({
    exporter: new InfluxMetricExporter({ url: 'http://127.0.0.1:' + influxPort, v1: { database: 'telemetry' } }),
    exportIntervalMillis: 3_600_000,
  });
  const provider = meterwork.createMeterProvider({ readers: [prometheus, influx] });
  metrics.setGlobalMeterProvider(provider);
  const { url } = await prometheus.startServer();

  const meter = metrics.getMeter('quickstart');
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
  for (let i = 0; i < 3; i++) duration.record(0.25, { 'http.request.method': 'GET' });
  duration.record(2, { 'http.request.method': 'GET', 'error.type': '500' });
  const db = meter.createHistogram('db.query.duration', { unit: 's' });
  for (let i = 1; i <= 100; i++) db.record(i);
  const bytesSent = meter.createCounter('bytes.sent', { unit: 'By' });
  bytesSent.add(1000);
  bytesSent.add(24);

  const scrape = await (await fetch(url)).text();
  await provider.forceFlush();
  await provider.shutdown();
  influxServer.close();
  console.log(JSON.stringify({ scrape, written }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

const CJS_IMPORTS = `'use strict';
const http = require('node:http');
const { diag, DiagConsoleLogger, DiagLogLevel, metrics } = require('@opentelemetry/api');
const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { Meterwork } = require('@meterwork/core');
const { PrometheusPullReader } = require('@meterwork/exporter-prometheus');
const { InfluxMetricExporter } = require('@meterwork/exporter-influx');`;

const ESM_IMPORTS = `import http from 'node:http';
import { diag, DiagConsoleLogger, DiagLogLevel, metrics } from '@opentelemetry/api';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { Meterwork } from '@meterwork/core';
import { PrometheusPullReader } from '@meterwork/exporter-prometheus';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';`;

const TS_IMPORTS = ESM_IMPORTS.replace("import http from 'node:http';", "import * as http from 'node:http';");

/** What every variant of the quick start must print: the values recorded above, through both exporters. */
function expectQuickStartOutput(stdout: string): void {
  const { scrape, written } = JSON.parse(stdout.trim().split('\n').pop()!) as { scrape: string; written: string };
  // go/no-go: 3 go and 1 no-go (error.type set)
  expect(scrape).toMatch(/^# TYPE http_server_request_duration_seconds\w* /m);
  expect(scrape).toMatch(/^http_server_request_duration_seconds_\w+\{[^}]*outcome="go"[^}]*\} 3$/m);
  expect(scrape).toMatch(/^http_server_request_duration_seconds_\w+\{[^}]*outcome="no_go"[^}]*\} 1$/m);
  // bounded time window over 1..100: a real summary with quantiles, count and sum
  expect(scrape).toMatch(/^# TYPE db_query_duration_seconds summary$/m);
  expect(scrape).toMatch(/^db_query_duration_seconds_count\{[^}]*\} 100$/m);
  expect(scrape).toMatch(/^db_query_duration_seconds_sum\{[^}]*\} 5050$/m);
  const p50 = Number(/^db_query_duration_seconds\{[^}]*quantile="0.5"[^}]*\} (\S+)$/m.exec(scrape)?.[1]);
  expect(p50).toBeGreaterThanOrEqual(49);
  expect(p50).toBeLessThanOrEqual(52);
  // meter: 1024 events marked
  expect(scrape).toMatch(/^bytes_sent\w*_total\{[^}]*\} 1024$/m);
  // InfluxDB line protocol, delivered by forceFlush
  expect(written).toMatch(/^http\.server\.request\.duration,\S* (\S*,)?go_count=3i?,(\S*,)?no_go_count=1i?[, ]/m);
  expect(written).toMatch(/^db\.query\.duration,\S* (\S*,)?count=100i?,(\S*,)?sum=5050i?[, ]/m);
  expect(written).toMatch(/^bytes\.sent,\S* (\S*,)?count=1024i?[, ]/m);
}

describe('npm pack, install the tarballs into a fresh app, run the quick start', () => {
  let dir: string;
  let app: string;
  const tarballs: Record<string, string> = {};

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meterwork-pack-'));
    app = path.join(dir, 'app');
    fs.mkdirSync(app);
    // Pack from a copy of the packages without dist/, as from a clean clone (`prepack` cleans dist/ and builds), and so that
    // rebuilding there never touches the dist/ that other tests run meanwhile.
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, 'node_modules', '@meterwork'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'tsconfig.base.json'), path.join(repo, 'tsconfig.base.json'));
    for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
      if (entry !== '@meterwork') fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(repo, 'node_modules', entry));
    }
    for (const p of PACKAGES) {
      fs.cpSync(path.join(ROOT, 'packages', p), path.join(repo, 'packages', p), {
        recursive: true,
        filter: (source) => !['dist', 'node_modules', 'test', 'benchmarks'].includes(path.basename(source)),
      });
      fs.symlinkSync(path.join(repo, 'packages', p), path.join(repo, 'node_modules', '@meterwork', p));
    }
    const packed = PACKAGES.map(
      (p) => (JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], path.join(repo, 'packages', p)).replace(/^[^[]*/, '')) as PackResult[])[0]!,
    );
    for (const p of packed) tarballs[p.name] = path.join(dir, p.filename);
    for (const p of packed) fs.writeFileSync(path.join(dir, `${p.name.replace('/', '+')}.files.json`), JSON.stringify(p.files.map((f) => f.path)));
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'meterwork-pack-test-app', version: '1.0.0', private: true }));
    // The install line of the READMEs (every runtime peer), plus TypeScript's Node types for the nodenext project.
    const peers = ['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/resources', '@opentelemetry/sdk-metrics', '@types/node'];
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        ...Object.values(tarballs),
        ...peers.map((p) => `${p}@${workspaceVersion(p)}`),
      ],
      app,
    );
  }, TIMEOUT_MILLIS);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('packs the three packages with LICENSE, README, dist and src, without .tsbuildinfo; every source map resolves', () => {
    expect(Object.keys(tarballs).sort()).toEqual(['@meterwork/core', '@meterwork/exporter-influx', '@meterwork/exporter-prometheus']);
    for (const name of Object.keys(tarballs)) {
      const files = JSON.parse(fs.readFileSync(path.join(dir, `${name.replace('/', '+')}.files.json`), 'utf8')) as string[];
      expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'src/index.ts']));
      expect(files.filter((f) => f.includes('tsbuildinfo'))).toEqual([]);
      expect(files.filter((f) => f.includes('/test/') || f.startsWith('test/'))).toEqual([]);
      const installed = path.join(app, 'node_modules', name);
      const maps = files.filter((f) => f.endsWith('.map'));
      expect(maps.length).toBeGreaterThan(0);
      for (const map of maps) {
        const { sources } = JSON.parse(fs.readFileSync(path.join(installed, map), 'utf8')) as { sources: string[] };
        for (const source of sources)
          expect(fs.existsSync(path.resolve(path.dirname(path.join(installed, map)), source)) ? source : `${map} -> ${source}`).toBe(source);
      }
    }
  });

  it(
    'the quick start runs from CommonJS',
    () => {
      fs.writeFileSync(path.join(app, 'quickstart.cjs'), quickStart(CJS_IMPORTS));
      expectQuickStartOutput(run(process.execPath, ['quickstart.cjs'], app));
    },
    TIMEOUT_MILLIS,
  );

  it(
    'the quick start runs from ESM',
    () => {
      fs.writeFileSync(path.join(app, 'quickstart.mjs'), quickStart(ESM_IMPORTS));
      expectQuickStartOutput(run(process.execPath, ['quickstart.mjs'], app));
    },
    TIMEOUT_MILLIS,
  );

  it(
    'the quick start type-checks and runs from a TypeScript nodenext project (ESM and CommonJS output)',
    () => {
      const ts = path.join(app, 'ts');
      fs.mkdirSync(ts, { recursive: true });
      fs.writeFileSync(path.join(ts, 'quickstart.mts'), quickStart(TS_IMPORTS));
      fs.writeFileSync(path.join(ts, 'quickstart.cts'), quickStart(TS_IMPORTS));
      fs.writeFileSync(
        path.join(ts, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            types: ['node'],
            strict: true,
            exactOptionalPropertyTypes: true,
            // tsc --init's default; with false, the prom-client bridges' declarations need prom-client installed (an optional peer)
            skipLibCheck: true,
            outDir: 'out',
          },
          files: ['quickstart.mts', 'quickstart.cts'],
        }),
      );
      run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], ts);
      expectQuickStartOutput(run(process.execPath, ['out/quickstart.mjs'], ts));
      expectQuickStartOutput(run(process.execPath, ['out/quickstart.cjs'], ts));
    },
    TIMEOUT_MILLIS,
  );

  it('exposes the package roots and @meterwork/core/internal, not deep paths into dist/', () => {
    const probe = `
      const results = {};
      for (const id of ['@meterwork/core', '@meterwork/core/internal', '@meterwork/core/package.json', '@meterwork/exporter-prometheus', '@meterwork/exporter-influx',
                        '@meterwork/core/dist/index.js', '@meterwork/exporter-prometheus/dist/serializer/serializer.js']) {
        try { require.resolve(id); results[id] = 'ok'; } catch (error) { results[id] = error.code; }
      }
      console.log(JSON.stringify(results));`;
    expect(JSON.parse(run(process.execPath, ['-e', probe], app))).toEqual({
      '@meterwork/core': 'ok',
      '@meterwork/core/internal': 'ok',
      '@meterwork/core/package.json': 'ok',
      '@meterwork/exporter-prometheus': 'ok',
      '@meterwork/exporter-influx': 'ok',
      '@meterwork/core/dist/index.js': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      '@meterwork/exporter-prometheus/dist/serializer/serializer.js': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
    // prom-client is an optional peer: not installed by the app, and not needed to load the package.
    expect(fs.existsSync(path.join(app, 'node_modules', 'prom-client'))).toBe(false);
  });
});
