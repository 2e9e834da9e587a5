/**
 * End to end through the real core integration: a `Meterwork` producer and a
 * wrapped provider feeding a `PeriodicExportingMetricReader` with the InfluxDB
 * exporter; rich data (timer, meter, go/no-go, tagged histogram) read back from
 * a real influxd, with the standard-encoded siblings not written.
 */
import * as fs from 'fs';
import { diag } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { Meterwork } from '@meterwork/core';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { describeWithBinaries, requireBinary } from './helpers/process';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';

describeWithBinaries(['influxd'])('core Meterwork -> InfluxMetricExporter -> influxd', () => {
  let server: Influxd;
  beforeAll(async () => {
    diag.disable();
    server = await startInfluxd(requireBinary('influxd')!, { auth: false });
    await server.query('CREATE DATABASE app');
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('writes meterwork aggregations natively, once, next to plain OTel metrics', async () => {
    const mw = new Meterwork({
      views: [
        { instrumentName: 'http.server.request.duration', aggregation: { type: 'timer' } },
        { instrumentName: 'jobs.processed', aggregation: { type: 'meter' } },
        { instrumentName: 'jobs.duration', aggregation: { type: 'go_no_go' } },
        { instrumentName: 'files.served', aggregation: { type: 'tagged_histogram' } },
      ],
    });
    const exporter = new InfluxMetricExporter({ url: server.url, v1: { database: 'app' }, sessionIdTag: 'session' });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000, metricProducers: [mw.producer] });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'file-server' }), readers: [reader] });
    const meter = mw.wrap(provider).getMeter('app', '1.0.0');

    const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
    for (let i = 1; i <= 100; i++) duration.record(i / 1000, { 'http.route': '/files' });
    meter.createCounter('jobs.processed').add(7);
    const jobs = meter.createHistogram('jobs.duration');
    jobs.record(2, {});
    jobs.record(4, {});
    jobs.record(10, { 'error.type': 'timeout' });
    const served = meter.createCounter('files.served');
    served.add(1, { ext: 'png' });
    served.add(1, { ext: 'png' });
    served.add(1, { ext: 'txt' });
    meter.createCounter('plain.counter').add(3, { k: 'v' });

    await provider.shutdown();
    await mw.shutdown();

    const measurements = rows(await server.query('SHOW MEASUREMENTS', 'app')).map((r) => r.name);
    expect(measurements).toEqual(
      expect.arrayContaining(['http.server.request.duration', 'jobs.processed', 'jobs.duration', 'files.served', 'plain.counter', 'meterwork.exporter.sent']),
    );
    // The standard-encoded siblings (`x.count`, `x.sum`, ...) are not written.
    expect(measurements.filter((m) => /\.(count|sum|min|max|m1_rate)$/.test(String(m)))).toEqual([]);

    const [timer] = rows(await server.query('SELECT * FROM "http.server.request.duration"', 'app'));
    expect(timer).toMatchObject({ count: 100, 'http.route': '/files', 'service.name': 'file-server', session: exporter.sessionId });
    expect(timer.sum as number).toBeCloseTo(5.05, 6);
    expect(timer['0.5'] as number).toBeGreaterThan(0.04);
    expect(timer['0.5'] as number).toBeLessThan(0.06);
    expect(timer).toHaveProperty('m1_rate');

    expect(rows(await server.query('SELECT * FROM "jobs.processed"', 'app'))[0]).toMatchObject({ count: 7 });
    expect(rows(await server.query('SELECT * FROM "jobs.duration"', 'app'))[0]).toMatchObject({
      go_count: 2,
      go_sum: 6,
      go_mean: 3,
      no_go_count: 1,
      no_go_sum: 10,
    });
    const served2 = rows(await server.query('SELECT "count" FROM "files.served" WHERE "count" > 0 GROUP BY "ext"', 'app'));
    expect(served2.map((r) => [r.ext, r.count]).sort()).toEqual([
      ['png', 2],
      ['txt', 1],
    ]);
    expect(rows(await server.query('SELECT * FROM "plain.counter"', 'app'))[0]).toMatchObject({ counter: 3, k: 'v' });
    const types = rows(await server.query('SHOW FIELD KEYS', 'app'));
    expect(new Set(types.map((r) => r.fieldType))).toEqual(new Set(['float']));
  });
});
