/**
 * Issue 7, item 4: with `temporality: DELTA` the exporter asked its reader
 * for deltas, yet meterwork's metrics kept arriving cumulative, so InfluxDB
 * stored running totals where the user expected per-interval counts. A
 * reader built by `createMeterProvider` now gets its own meterwork producer
 * with the reader's (the exporter's) temporality.
 */
import { Meterwork } from '@meterwork/core';
import { AggregationTemporality, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InfluxMetricExporter } from '../../src';
import { FakeInflux } from '../delivery/fakeServer';

describe('Influx exporter with temporality DELTA (issue 7 item 4)', () => {
  let server: FakeInflux;
  beforeEach(async () => {
    server = new FakeInflux();
    await server.start();
  });
  afterEach(() => server.stop());

  it('writes meterwork counts and sums as deltas per export, like the SDK counters beside them', async () => {
    const exporter = new InfluxMetricExporter({ url: server.url, v1: { database: 'db' }, temporality: AggregationTemporality.DELTA, scopeTags: false });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const meterwork = new Meterwork({
      views: [
        { instrumentName: 'hits', aggregation: { type: 'meter' } },
        { instrumentName: 'lat', aggregation: { type: 'sliding_window', size: 100, quantiles: [0.5] } },
      ],
    });
    const provider = meterwork.createMeterProvider({ readers: [reader] });
    const meter = provider.getMeter('app');
    const hits = meter.createCounter('hits');
    const lat = meter.createHistogram('lat');
    const plain = meter.createCounter('plain');

    const exported = async (): Promise<string[]> => {
      const before = server.allLines().length;
      await reader.forceFlush();
      return server.allLines().slice(before);
    };
    const field = (lines: string[], measurement: string, key: string): number => {
      const line = lines.find((l) => l.startsWith(measurement + ' ') || l.startsWith(measurement + ','));
      expect(line).toBeDefined();
      const match = new RegExp(`[ ,]${key.replace(/[.+]/g, '\\$&')}=([^, ]+)`).exec(line!);
      expect(match).not.toBeNull();
      return Number(match![1]);
    };

    hits.add(3);
    plain.add(3);
    lat.record(10);
    lat.record(20);
    const first = await exported();
    expect(field(first, 'hits', 'count')).toBe(3);
    expect(field(first, 'plain', 'counter')).toBe(3);
    expect([field(first, 'lat', 'count'), field(first, 'lat', 'sum')]).toEqual([2, 30]);

    hits.add(4);
    plain.add(4);
    lat.record(5);
    const second = await exported();
    expect(field(second, 'hits', 'count')).toBe(4);
    expect(field(second, 'plain', 'counter')).toBe(4);
    expect([field(second, 'lat', 'count'), field(second, 'lat', 'sum')]).toEqual([1, 5]);
    // The distribution is the reservoir's (all three values), not a delta.
    expect([field(second, 'lat', 'min'), field(second, 'lat', 'max'), field(second, 'lat', '0.5')]).toEqual([5, 20, 10]);

    await provider.shutdown();
  }, 60_000);
});
