/**
 * The README's shutdown figure: default retry options, one export a second, a
 * real influxd stopped for OUTAGE_MILLIS (default 45000, long enough for the
 * backoff to reach its 30 s cap), restarted, and `shutdown()` 1 s later. Prints
 * how long the shutdown took and whether every exported line was stored.
 *
 *   npm run bench:outage -w @meterwork/exporter-influx
 */
import { diag } from '@opentelemetry/api';
import { InfluxMetricExporter } from '../src';
import { findBinary } from '../../../test/helpers/process';
import { startInfluxd } from '../../../test/fixtures/influx/servers';
import { gauge, resourceMetrics } from '../test/util';

const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));

async function main(): Promise<void> {
  const binary = findBinary('influxd');
  if (binary === undefined) {
    console.log('influxd not found: skipped');
    return;
  }
  diag.disable();
  const outageMillis = Number(process.env.OUTAGE_MILLIS ?? 45000);
  const server = await startInfluxd(binary, { auth: false });
  try {
    await server.query('CREATE DATABASE outage');
    const exporter = new InfluxMetricExporter({ url: server.url, v1: { database: 'outage' }, scopeTags: false, selfMetrics: false });
    let exported = 0;
    const exportOne = () => {
      exported++;
      exporter.export(resourceMetrics([gauge('seq', [[{}, exported]], [1700000000 + exported, 0])]), () => undefined);
    };
    const tick = setInterval(exportOne, 1000);
    await sleep(2000);
    await server.stop();
    await sleep(outageMillis);
    await server.restart();
    await sleep(1000);
    clearInterval(tick);
    const started = Date.now();
    await exporter.shutdown();
    const millis = Date.now() - started;
    const stored = (await server.query('SELECT count("gauge") FROM "seq"', 'outage'))[0].series?.[0].values[0][1];
    console.log(
      `outage ${outageMillis} ms (${exporter.stats.retries} failed writes): shutdown 1 s after influxd returned took ${millis} ms; exported ${exported} lines, stored ${String(stored)}`,
    );
  } finally {
    await server.stop();
  }
}

void main();
