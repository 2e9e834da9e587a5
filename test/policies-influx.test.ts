/**
 * Reporting policies with a real exporter: a PolicyMetricReader sends a delta
 * policy and a cumulative policy to two InfluxDB exporters (two databases of
 * a real influxd), under a process prefix, and leaves an unbound metric out.
 * Reports are driven by forceFlush (the intervals are an hour), so what each
 * database holds is exact.
 */
import * as fs from 'fs';
import { diag } from '@opentelemetry/api';
import { Meterwork } from '@meterwork/core';
import { PolicyMetricReader } from '@meterwork/config';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { describeWithBinaries, requireBinary } from './helpers/process';
import { rows, startInfluxd, type Influxd } from './fixtures/influx/servers';

jest.setTimeout(120_000);

/** Line protocol timestamps of two reports must differ, or the second overwrites the first. */
const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

describeWithBinaries(['influxd'])('PolicyMetricReader -> InfluxMetricExporter -> influxd', () => {
  let server: Influxd;
  beforeAll(async () => {
    diag.disable();
    server = await startInfluxd(requireBinary('influxd')!, { auth: false });
    await server.query('CREATE DATABASE fast');
    await server.query('CREATE DATABASE slow');
  });
  afterAll(async () => {
    await server?.stop();
    if (server !== undefined) fs.rmSync(server.dir, { recursive: true, force: true });
  });

  it('each policy writes its own metrics, prefixed, delta or cumulative; unbound metrics are not written', async () => {
    const fast = new InfluxMetricExporter({ url: server.url, v1: { database: 'fast' }, selfMetrics: false });
    const slow = new InfluxMetricExporter({ url: server.url, v1: { database: 'slow' }, selfMetrics: false });
    const reader = new PolicyMetricReader({
      prefix: 'ui',
      policies: [
        { name: 'fast', intervalMillis: 3_600_000, report: ['cpu.*', 'jobs'], exporters: [fast], temporality: 'delta' },
        { name: 'slow', intervalMillis: 3_600_000, report: ['n.*'], exporters: [slow] },
      ],
    });
    const mw = new Meterwork({ views: [{ instrumentName: 'jobs', aggregation: { type: 'go_no_go' } }] });
    const provider = mw.createMeterProvider({ readers: [reader] });
    const meter = provider.getMeter('app');
    const cpu = meter.createCounter('cpu.srv');
    const jobs = meter.createHistogram('jobs');
    const dns = meter.createCounter('n.cn.dns');
    const other = meter.createCounter('other.thing');

    cpu.add(5);
    jobs.record(2);
    jobs.record(4);
    dns.add(1);
    other.add(1);
    await reader.forceFlush();
    await pause(50);
    cpu.add(3);
    jobs.record(6);
    dns.add(1);
    await reader.forceFlush();
    await provider.shutdown();

    const measurements = async (db: string) => rows(await server.query('SHOW MEASUREMENTS', db)).map((r) => r.name);
    expect((await measurements('fast')).sort()).toEqual(['ui.cpu.srv', 'ui.jobs']);
    expect(await measurements('slow')).toEqual(['ui.n.cn.dns']);

    const cpuRows = rows(await server.query('SELECT * FROM "ui.cpu.srv"', 'fast'));
    const valueField = (row: Record<string, unknown>) => Object.entries(row).find(([k, v]) => k !== 'time' && typeof v === 'number')![1];
    expect(cpuRows.map(valueField)).toEqual([5, 3]);
    const jobRows = rows(await server.query('SELECT "go_count", "go_sum" FROM "ui.jobs"', 'fast'));
    expect(jobRows.map((r) => [r.go_count, r.go_sum])).toEqual([
      [2, 6],
      [1, 6],
    ]);
    expect(rows(await server.query('SELECT * FROM "ui.n.cn.dns"', 'slow')).map(valueField)).toEqual([1, 2]);
  });
});
