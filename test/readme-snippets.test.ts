/**
 * Every TypeScript snippet in every README compiles for a user, and the root
 * quick start runs.
 *
 * - Type check: each fenced ```ts block becomes a file of a fresh project
 *   (strict, exactOptionalPropertyTypes) that imports `@meterwork/*` through
 *   node_modules and the packages' `exports` to their built dist/ types
 *   (`npx tsc -b` first), once as CommonJS and once as ESM (`module:
 *   nodenext`, `"type": "module"`). ```ts fragment blocks are skipped; keep
 *   them few.
 * - Run: the root quick start, transpiled, as a child process against a real
 *   influxd (INFLUX_URL, PORT, METRICS_PORT from the environment, as the
 *   snippet reads them): it serves the app and the metrics endpoint, and on
 *   SIGTERM writes what it measured to InfluxDB and exits by itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { freePort, makeTempDir, requireBinary, startProcess, waitUntil, type RunningProcess } from './helpers/process';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';
import { REPO_ROOT, extractSnippets, readmePaths, transpileSnippet, typeCheckSnippets, type ModuleKind, type Snippet } from './helpers/snippets';

jest.setTimeout(180_000);

const ALL = readmePaths().flatMap(extractSnippets);
const FRAGMENTS = ALL.filter((s) => s.tags.includes('fragment'));
const CHECKED = ALL.filter((s) => !s.tags.includes('fragment'));
/** Fragments are for what cannot stand alone (a line of a config); everything else is complete. */
const MAX_FRAGMENTS = 3;

function quickStart(): Snippet {
  const root = ALL.filter((s) => s.readme === 'README.md');
  expect(root.length).toBeGreaterThanOrEqual(1);
  return root[0]!;
}

beforeAll(() => {
  for (const pkg of ['core', 'exporter-prometheus', 'exporter-influx']) {
    const dts = path.join(REPO_ROOT, 'packages', pkg, 'dist', 'index.d.ts');
    if (!fs.existsSync(dts)) throw new Error(`${dts} is missing: run \`npx tsc -b\` first (snippets import the built packages)`);
  }
});

describe('README snippets', () => {
  it('the root README starts with exactly the two commands: the demo and the tests', () => {
    const head = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').split('\n').slice(0, 6);
    expect(head[0]).toBe('# meterwork');
    expect(head[1]).toBe('');
    expect(head[2]).toBe('```sh');
    expect(head[3]).toMatch(/^npm ci && npm run demo\s+#/);
    expect(head[4]).toMatch(/^npm test\s+#/);
    expect(head[5]).toBe('```');
  });

  it('are found in the root, package and example READMEs, and few are fragments', () => {
    expect(ALL.filter((s) => s.readme === 'README.md').length).toBeGreaterThanOrEqual(1);
    for (const pkg of ['core', 'exporter-prometheus', 'exporter-influx']) {
      expect(CHECKED.filter((s) => s.readme === `packages/${pkg}/README.md`).length).toBeGreaterThanOrEqual(1);
    }
    expect(FRAGMENTS.map((s) => `${s.readme}:${s.line}`).length).toBeLessThanOrEqual(MAX_FRAGMENTS);
    expect(quickStart().tags).not.toContain('fragment');
  });

  it.each<ModuleKind>(['cjs', 'esm'])('type-check as %s with strict and exactOptionalPropertyTypes', (kind) => {
    const { dir, errors } = typeCheckSnippets(CHECKED, kind);
    // On failure the message lists README:line:column diagnostics; the project stays in `dir` for `npx tsc -p`.
    expect({ dir: errors.length === 0 ? '' : dir, errors }).toEqual({ dir: '', errors: [] });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** The quick start as a user runs it: transpiled into a project of its own, `node quickstart.js`. */
function writeQuickStart(kind: ModuleKind): string {
  const dir = makeTempDir(`quickstart-${kind}`);
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: kind === 'esm' ? 'module' : 'commonjs' }));
  const file = path.join(dir, 'quickstart.js');
  fs.writeFileSync(file, transpileSnippet(quickStart(), kind));
  return file;
}

interface QuickStartRun {
  readonly proc: RunningProcess;
  readonly appUrl: string;
  readonly metricsUrl: string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

async function startQuickStart(kind: ModuleKind, influxUrl: string): Promise<QuickStartRun> {
  const file = writeQuickStart(kind);
  const port = await freePort();
  const metricsPort = await freePort();
  const env = { ...process.env, INFLUX_URL: influxUrl, PORT: String(port), METRICS_PORT: String(metricsPort) };
  const proc = startProcess(`quick start (${kind})`, process.execPath, [file], { cwd: path.dirname(file), env });
  const exited = new Promise<number | string>((resolve) => {
    if (proc.child.exitCode !== null) resolve(proc.child.exitCode);
    proc.child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const metricsUrl = `http://localhost:${metricsPort}/metrics`;
  await waitUntil('the quick start prints its metrics URL', async () => /metrics at http:\/\//.test(proc.output()), 60_000, proc);
  return { proc, appUrl: `http://127.0.0.1:${port}`, metricsUrl, exited };
}

async function within<T>(promise: Promise<T>, millis: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${millis} ms`)), millis);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const INFLUXD = requireBinary('influxd');

(INFLUXD === undefined ? describe.skip : describe)('the root quick start runs', () => {
  let influxd: Influxd;
  const running: RunningProcess[] = [];

  beforeAll(async () => {
    influxd = await startInfluxd(INFLUXD!, { auth: false });
  });
  afterAll(async () => {
    for (const p of running) await p.stop();
    await influxd?.stop();
  });

  it('says so when the database is missing (diag logger), instead of staying silent', async () => {
    const run = await startQuickStart('esm', influxd.url);
    running.push(run.proc);
    await fetch(run.appUrl + '/x');
    run.proc.child.kill('SIGTERM'); // shutdown flushes: the write meets the missing database
    await waitUntil('a diag message about the 404', async () => /404[^\n]*database not found/.test(run.proc.output()), 30_000);
    await run.proc.stop();
  });

  it.each<ModuleKind>(['esm', 'cjs'])('as %s: keeps serving, scrapes, and on SIGTERM writes to InfluxDB and exits 0', async (kind) => {
    await influxd.query('DROP DATABASE telemetry');
    await influxd.query('CREATE DATABASE telemetry');
    const run = await startQuickStart(kind, influxd.url);
    running.push(run.proc);
    // Still there a while after start (it used to exit after 0.2 s: the metrics server is unref()'d).
    await new Promise((r) => setTimeout(r, 1000));
    expect(run.proc.child.exitCode).toBeNull();
    for (let i = 0; i < 3; i++) expect((await fetch(`${run.appUrl}/hello/${i}`)).status).toBe(200);
    const scrape = await (await fetch(run.metricsUrl)).text();
    expect(scrape).toMatch(/^http_server_request_duration\S*\{[^}]*outcome="go"[^}]*\} 3$/m);
    expect(scrape).toMatch(/^bytes_sent\S*\{[^}]*\} 45$/m); // 3 x 'hello /hello/i\n'
    run.proc.child.kill('SIGTERM');
    expect(await within(run.exited, 30_000, 'exit after SIGTERM')).toBe(0);
    const written = rows(await influxd.query('SELECT * FROM "http.server.request.duration" GROUP BY *', 'telemetry'));
    // the three requests, read back from InfluxDB (field names per the encoder's schema: `go_count`)
    expect(written.some((row) => Object.entries(row).some(([field, value]) => /count/.test(field) && value === 3))).toBe(true);
  });
});
