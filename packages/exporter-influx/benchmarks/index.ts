/**
 * Figures for the README (not a test):
 *   npm run bench -w @meterwork/exporter-influx
 * 1. Line-protocol encoding throughput (points/s): our encoder vs building the
 *    same lines with @influxdata/influxdb-client's `Point` API.
 * 2. End-to-end write throughput to a local influxd started here (skipped with
 *    a message when the `influxd` binary is missing): our exporter vs the
 *    client's WriteApi.
 */
import * as fs from 'fs';
import { ValueType, type Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type GaugeMetricData, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InfluxDB, Point } from '@influxdata/influxdb-client';
import { getMeterworkData, type SummaryMetricData } from '@meterwork/core';
import { attachMeterworkData } from '@meterwork/core/internal';
import { InfluxMetricExporter, LineProtocolEncoder } from '../src';
import { findBinary } from '../../../test/helpers/process';
import { startInfluxd } from '../../../test/fixtures/influx/servers';

const SERIES = 10_000;
const SUMMARIES = 1_000;

function buildData(timeSeconds: number): ResourceMetrics {
  const t: [number, number] = [timeSeconds, 123456789];
  const gaugePoints = [];
  for (let i = 0; i < SERIES; i++) {
    const attributes: Attributes = { host: `host-${i % 50}`, route: `/api/v1/items/${i}`, method: i % 3 === 0 ? 'POST' : 'GET' };
    gaugePoints.push({ attributes, startTime: t, endTime: t, value: i * 1.5 });
  }
  const gauge: GaugeMetricData = {
    descriptor: { name: 'http.server.active_requests', description: '', unit: '', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: gaugePoints,
  };
  const summary: SummaryMetricData = {
    kind: 'summary',
    descriptor: { name: 'http.server.duration', description: '', unit: 's', valueType: ValueType.DOUBLE },
    points: Array.from({ length: SUMMARIES }, (_, i) => ({
      attributes: { route: `/api/v1/items/${i}` },
      startTime: t,
      endTime: t,
      value: {
        count: 100 + i,
        sum: 12.5 + i,
        min: 0.001,
        max: 0.9,
        mean: 0.12,
        stdDev: 0.05,
        quantiles: [
          { quantile: 0.5, value: 0.1 },
          { quantile: 0.99, value: 0.8 },
        ],
        dropped: 0,
      },
    })),
  };
  const carrier: MetricData = attachMeterworkData({ ...gauge, descriptor: { ...gauge.descriptor, name: 'http.server.duration' }, dataPoints: [] }, summary);
  return {
    resource: resourceFromAttributes({ 'service.name': 'bench', 'host.name': 'box' }),
    scopeMetrics: [{ scope: { name: 'bench' }, metrics: [gauge, carrier] }],
  };
}

/** The same lines through the client's Point API (what users would write by hand). */
function encodeWithPoint(rm: ResourceMetrics): string[] {
  const out: string[] = [];
  const resource = rm.resource.attributes;
  for (const sm of rm.scopeMetrics) {
    for (const metric of sm.metrics) {
      if (metric.dataPointType !== DataPointType.GAUGE) continue;
      for (const p of metric.dataPoints) {
        const point = new Point(metric.descriptor.name);
        point.tag('service.name', String(resource['service.name'])).tag('host.name', String(resource['host.name']));
        for (const k in p.attributes) point.tag(k, String(p.attributes[k]));
        point.floatField('gauge', p.value as number).timestamp(`${p.endTime[0]}${String(p.endTime[1]).padStart(9, '0')}`);
        out.push(point.toLineProtocol()!);
      }
    }
  }
  // Summaries as Points with the same fields our encoder writes.
  const data = getMeterworkData(rm.scopeMetrics[0].metrics[1]) as SummaryMetricData;
  for (const p of data.points) {
    const v = p.value;
    const point = new Point(data.descriptor.name)
      .tag('service.name', String(resource['service.name']))
      .tag('host.name', String(resource['host.name']))
      .floatField('count', v.count)
      .floatField('sum', v.sum)
      .floatField('min', v.min)
      .floatField('max', v.max)
      .floatField('mean', v.mean)
      .floatField('stddev', v.stdDev);
    for (const k in p.attributes) point.tag(k, String(p.attributes[k]));
    for (const q of v.quantiles) point.floatField(String(q.quantile), q.value);
    point.timestamp(`${p.endTime[0]}${String(p.endTime[1]).padStart(9, '0')}`);
    out.push(point.toLineProtocol()!);
  }
  return out;
}

/** Points/s of one timed run of `rounds` calls. */
function run(rounds: number, fn: () => number): number {
  const start = process.hrtime.bigint();
  let points = 0;
  for (let i = 0; i < rounds; i++) points += fn();
  return points / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Alternates the candidates over several trials and keeps each one's best (the machine is shared). */
function compare(candidates: Array<[string, () => number]>, rounds: number, trials = 5): number[] {
  const best = candidates.map(() => 0);
  for (const [, fn] of candidates) for (let i = 0; i < 3; i++) fn(); // warm up
  for (let t = 0; t < trials; t++) candidates.forEach(([, fn], i) => (best[i] = Math.max(best[i], run(rounds, fn))));
  candidates.forEach(([name], i) => console.log(`${name.padEnd(44)} ${Math.round(best[i]).toLocaleString('en-US').padStart(12)} points/s`));
  return best;
}

function encodingBenchmark(): void {
  const rm = buildData(1700000000);
  const encoder = new LineProtocolEncoder({ scopeTags: false });
  const ours = encoder.encode(rm);
  const theirs = encodeWithPoint(rm);
  if (ours.length !== theirs.length) throw new Error(`line counts differ: ${ours.length} vs ${theirs.length}`);
  console.log(
    `Encoding ${ours.length.toLocaleString('en-US')} points (${SERIES} gauges with 5 tags, ${SUMMARIES} summaries with 8 fields), Node ${process.version}`,
  );
  const [a, b] = compare(
    [
      ['meterwork LineProtocolEncoder', () => encoder.encode(rm).length],
      ['influxdb-client Point.toLineProtocol()', () => encodeWithPoint(rm).length],
    ],
    10,
  );
  console.log(`ratio: ${(a / b).toFixed(1)}x\n`);
}

async function endToEndBenchmark(): Promise<void> {
  const binary = findBinary('influxd');
  if (binary === undefined) {
    console.log('End-to-end: skipped (influxd not found; install the Debian `influxdb` package)');
    return;
  }
  const server = await startInfluxd(binary, { auth: false });
  const url = server.url;
  try {
    for (const db of ['ours', 'client']) await server.query(`CREATE DATABASE ${db}`);
    const ROUNDS = 10;
    const batches = Array.from({ length: ROUNDS }, (_, i) => buildData(1700000000 + i));
    const points = ROUNDS * (SERIES + SUMMARIES);
    console.log(`End-to-end to influxd 1.6.7 on loopback: ${points.toLocaleString('en-US')} points, batches of 5000 lines`);

    const exporter = new InfluxMetricExporter({ url, v1: { database: 'ours' }, scopeTags: false, selfMetrics: false, batchLines: 5000, maxInFlight: 2 });
    let start = process.hrtime.bigint();
    for (const rm of batches) exporter.export(rm, () => undefined);
    await exporter.shutdown();
    let seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `${'meterwork InfluxMetricExporter'.padEnd(44)} ${Math.round(points / seconds)
        .toLocaleString('en-US')
        .padStart(12)} points/s (${exporter.stats.sentLines} lines sent)`,
    );

    const writeApi = new InfluxDB({ url }).getWriteApi('', 'client', 'ns', { batchSize: 5000, maxBufferLines: 1e6, flushInterval: 0 });
    (writeApi as unknown as { path: string }).path = '/write?db=client&precision=ns';
    start = process.hrtime.bigint();
    for (const rm of batches) writeApi.writeRecords(encodeWithPoint(rm));
    await writeApi.close();
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `${'influxdb-client Point + WriteApi'.padEnd(44)} ${Math.round(points / seconds)
        .toLocaleString('en-US')
        .padStart(12)} points/s`,
    );

    for (const db of ['ours', 'client']) {
      const [result] = await server.query('SELECT count(*) FROM /.*/', db);
      const counts = (result.series ?? []).map((s) => `${s.name}=${Math.max(...(s.values[0].slice(1) as number[]))}`);
      console.log(`  rows in '${db}': ${counts.join(', ')}`);
    }
  } finally {
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  encodingBenchmark();
  await endToEndBenchmark();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
