/**
 * Figures for the README, on a private Tor network on 127.0.0.1 (the test
 * helper): time from TorTransport.start() to the first point stored through
 * the onion service, points/s through the onion service vs. direct to
 * influxd, and the memory (RSS) of the supervised tor.
 *
 *   npx tsc -b && node -r ts-node/register/transpile-only packages/transport-tor/benchmarks/client.ts
 */
import * as fs from 'fs';
import { diag, ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { TorTransport } from '@meterwork/transport-tor';
import { requireBinary } from '../../../test/helpers/process';
import { startTorNetwork } from '../../../test/helpers/torNetwork';
import { startInfluxd } from '../../../test/fixtures/influx/servers';

const POINTS_PER_EXPORT = 5000;
const EXPORTS = 10;

function batch(name: string, round: number): ResourceMetrics {
  const time: [number, number] = [Math.floor(Date.now() / 1000), round];
  return {
    resource: resourceFromAttributes({ 'service.name': 'bench' }),
    scopeMetrics: [
      {
        scope: { name: 'bench' },
        metrics: [
          {
            descriptor: { name, description: '', unit: '', valueType: ValueType.DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints: Array.from({ length: POINTS_PER_EXPORT }, (_, i) => ({
              attributes: { series: String(i) },
              startTime: time,
              endTime: time,
              value: i + round,
            })),
          },
        ],
      },
    ],
  };
}

async function pointsPerSecond(exporter: InfluxMetricExporter, name: string): Promise<number> {
  const t0 = performance.now();
  for (let r = 0; r < EXPORTS; r++) exporter.export(batch(name, r), () => undefined);
  await exporter.forceFlush();
  const seconds = (performance.now() - t0) / 1000;
  if (exporter.stats.sentLines < POINTS_PER_EXPORT * EXPORTS) throw new Error(`only ${exporter.stats.sentLines} lines sent`);
  return (POINTS_PER_EXPORT * EXPORTS) / seconds;
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  return kb / 1024;
}

async function main(): Promise<void> {
  diag.disable();
  const influxd = await startInfluxd(requireBinary('influxd')!, { auth: false });
  await influxd.query('CREATE DATABASE bench');
  const network = await startTorNetwork({ torBinary: requireBinary('tor')!, clients: 0 });
  let transport: TorTransport | undefined;
  try {
    const onion = await network.addOnion({ targetPort: influxd.httpPort });
    const common = { v1: { database: 'bench' }, selfMetrics: false, requestTimeoutMillis: 60_000, flushTimeoutMillis: 300_000 } as const;

    const t0 = performance.now();
    transport = await TorTransport.start({ tor: { torrcLines: network.torrcLines } });
    const bootstrapped = performance.now();
    const first = new InfluxMetricExporter({ url: `http://${onion.hostname}`, ...common, ...transport.influxExporterOptions() });
    first.export(batch('first', 0), () => undefined);
    for (;;) {
      const res = await influxd.query('SELECT count(*) FROM "first"', 'bench');
      if (res[0]?.series?.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const firstStored = performance.now();
    await first.shutdown();

    const direct = new InfluxMetricExporter({ url: influxd.url, ...common });
    const directRate = await pointsPerSecond(direct, 'direct');
    await direct.shutdown();
    const viaOnion = new InfluxMetricExporter({ url: `http://${onion.hostname}`, ...common, ...transport.influxExporterOptions() });
    const onionRate = await pointsPerSecond(viaOnion, 'onion');
    await viaOnion.shutdown();
    const rss = rssMiB(transport.tor!.pid!);

    console.log(
      `tor ${process.env.TOR_VERSION ?? ''}node ${process.version}, ${POINTS_PER_EXPORT * EXPORTS} points in ${EXPORTS} exports of ${POINTS_PER_EXPORT}`,
    );
    console.log(`start -> tor bootstrapped (private network):      ${(bootstrapped - t0).toFixed(0)} ms`);
    console.log(`start -> first point stored through the onion:     ${(firstStored - t0).toFixed(0)} ms`);
    console.log(`points/s direct to influxd:                         ${directRate.toFixed(0)}`);
    console.log(`points/s through tor and the onion service:         ${onionRate.toFixed(0)}`);
    console.log(`supervised tor RSS after the runs:                  ${rss.toFixed(1)} MiB`);
  } finally {
    await transport?.stop();
    await network.stop();
    await influxd.stop();
    fs.rmSync(influxd.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
