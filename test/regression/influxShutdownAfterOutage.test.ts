/**
 * Regression (issue 7, item 7): after InfluxDB came back, `forceFlush()` /
 * `shutdown()` waited out the pending retry backoff (15-18 s measured with the
 * database already up, up to the 30 s cap; Kubernetes' default grace period
 * is 30 s). Against a real influxd: stop it, write, restart it, shut down 1 s
 * later: the shutdown takes under 3 s and every buffered line is stored.
 *
 * The exporters use a 15-30 s backoff after the first failure, so a shutdown
 * that waited it out could not pass. The child-process case runs the built
 * package (`npx tsc -b` first) with the README's SIGTERM recipe.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { diag } from '@opentelemetry/api';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { describeWithBinaries, requireBinary, waitUntil } from '../helpers/process';
import { rows, startInfluxd, type Influxd } from '../fixtures/influx/servers';
import { gauge, resourceMetrics } from '../../packages/exporter-influx/test/util';

const SIGTERM_CHILD = path.join(__dirname, '../../packages/exporter-influx/test/regression/fixtures/sigtermAfterOutage.js');

const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));

/** Values of field `gauge` in measurement `m`, sorted. */
async function storedValues(server: Influxd, db: string, m: string): Promise<number[]> {
  const results = await server.query(`SELECT "gauge" FROM "${m}"`, db);
  return rows(results)
    .map((r) => r.gauge as number)
    .sort((a, b) => a - b);
}

describeWithBinaries(['influxd'])('shutdown after an InfluxDB outage (influxd 1.6.7)', () => {
  const binary = requireBinary('influxd')!;
  let server: Influxd;

  beforeAll(async () => {
    diag.disable();
    server = await startInfluxd(binary, { auth: false });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (server) fs.rmSync(server.dir, { recursive: true, force: true });
  }, 120_000);

  it('shutdown 1 s after influxd returns takes under 3 s and delivers every buffered line', async () => {
    await server.query('CREATE DATABASE outage');
    const exporter = new InfluxMetricExporter({
      url: server.url,
      v1: { database: 'outage' },
      scopeTags: false,
      selfMetrics: false,
      retry: { initialDelayMillis: 30_000, maxDelayMillis: 30_000 },
      flushTimeoutMillis: 20_000,
    });
    const exportSeq = (i: number) => exporter.export(resourceMetrics([gauge('seq', [[{}, i]], [1700000000 + i, 0])]), () => undefined);
    try {
      exportSeq(1);
      await exporter.forceFlush();
      await server.stop();
      for (let i = 2; i <= 50; i++) exportSeq(i);
      await waitUntil('a failed write', async () => exporter.stats.retries > 0, 60_000);
      for (let i = 51; i <= 100; i++) exportSeq(i); // buffered while the backoff runs
      await server.restart();
      await sleep(1000);

      const started = Date.now();
      await exporter.shutdown();
      const millis = Date.now() - started;
      console.log(`influx shutdown 1 s after the database returned: ${millis} ms`);
      expect(millis).toBeLessThan(3000);
      expect(exporter.stats).toMatchObject({ sentLines: 100, droppedLines: 0, rejectedLines: 0 });
      expect(await storedValues(server, 'outage', 'seq')).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    } finally {
      await exporter.shutdown().catch(() => undefined);
    }
  }, 120_000);

  it('an app with the README SIGTERM recipe, signalled 1 s after influxd returns, delivers everything and exits 0 within 3 s', async () => {
    await server.query('CREATE DATABASE sigterm');
    let output = '';
    const child: ChildProcess = spawn(process.execPath, [SIGTERM_CHILD], {
      env: { ...process.env, INFLUX_URL: server.url, INFLUX_DB: 'sigterm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitUntil('the child delivering', async () => (await storedValues(server, 'sigterm', 'collections')).length >= 3, 60_000);
      await server.stop();
      await waitUntil('the child seeing the outage', async () => output.includes('delivery failed'), 60_000);
      await sleep(500); // more collections buffered during the outage
      await server.restart();
      await sleep(1000);

      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      const millis = Date.now() - signalled;
      expect(output).toMatch(/shutdown resolved seq=\d+ sent=\d+ dropped=0 millis=\d+/);
      const [, seq, shutdownMillis] = /shutdown resolved seq=(\d+) sent=\d+ dropped=0 millis=(\d+)/.exec(output)!;
      console.log(`SIGTERM 1 s after the database returned: shutdown ${shutdownMillis} ms, exit after ${millis} ms`);
      expect(code).toBe(0);
      expect(Number(shutdownMillis)).toBeLessThan(3000);
      expect(millis).toBeLessThan(10_000); // process start-up of the signal handling and exit on a busy machine
      expect(await storedValues(server, 'sigterm', 'collections')).toEqual(Array.from({ length: Number(seq) }, (_, i) => i + 1));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
