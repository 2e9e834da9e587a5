/**
 * Issue 7, item 4: a reader that asked for delta temporality got cumulative
 * points for our metrics. Now each reader has its own producer: a delta
 * reader gets counts and sums since its previous collection (start time =
 * that collection's end time), while a cumulative reader on the same
 * Meterwork keeps cumulative values. Five collections with known inputs,
 * exact numbers for every kind.
 */
import { Meterwork, type MeterValue, type TaggedHistogramValue } from '@meterwork/core';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { getMeterworkData } from '@meterwork/core';
import { metricNamed, pointValue, PullReader } from '../sdk/otel/helpers';
import { manualClock } from '../util';

const { CUMULATIVE, DELTA } = AggregationTemporality;

function setup() {
  const clock = manualClock(1_700_000_000_000);
  const mw = new Meterwork({
    clock,
    views: [
      { instrumentName: 'lat', aggregation: { type: 'sliding_window', size: 100 } },
      { instrumentName: 'db', aggregation: { type: 'timer' } },
      { instrumentName: 'hits', aggregation: { type: 'meter' } },
      { instrumentName: 'jobs', aggregation: { type: 'go_no_go' } },
      { instrumentName: 'req', aggregation: { type: 'tagged_histogram' } },
    ],
  });
  const cumulative = new PullReader();
  const delta = new PullReader({ aggregationTemporalitySelector: () => DELTA });
  const meter = mw.createMeterProvider({ readers: [cumulative, delta] }).getMeter('app');
  const instruments = {
    lat: meter.createHistogram('lat'),
    db: meter.createHistogram('db', { unit: 's' }),
    hits: meter.createCounter('hits'),
    jobs: meter.createHistogram('jobs'),
    req: meter.createCounter('req'),
  };
  const collect = async (reader: PullReader): Promise<ResourceMetrics> => {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    return resourceMetrics;
  };
  return { clock, instruments, cumulative: () => collect(cumulative), delta: () => collect(delta) };
}

/** Step `i` (1..5) of the known inputs. */
function record(i: number, x: ReturnType<typeof setup>['instruments']): void {
  x.lat.record(10 * i);
  x.lat.record(1);
  for (let k = 0; k < i; k++) x.db.record(0.5);
  x.hits.add(i);
  x.jobs.record(2);
  x.jobs.record(3, { 'error.type': 'e' });
  x.jobs.record(3, { 'error.type': 'e' });
  if (i !== 4) x.req.add(1, { route: 'a' });
  if (i >= 3) x.req.add(2, { route: 'b' });
}

function metric(rm: ResourceMetrics, name: string): MetricData {
  const m = metricNamed(rm, name);
  expect(m).toBeDefined();
  return m!;
}

function tagCount(rm: ResourceMetrics, route: string): number | undefined {
  return pointValue(rm, 'req', { route });
}

const sumOf = (n: number, f: (k: number) => number) => Array.from({ length: n }, (_, k) => f(k + 1)).reduce((a, b) => a + b, 0);

describe('a delta and a cumulative reader on one Meterwork (issue 7 item 4)', () => {
  it('the delta reader gets counts and sums since its previous collection, the cumulative one totals, for every kind', async () => {
    const { clock, instruments, cumulative, delta } = setup();
    let previousDeltaEnd: readonly [number, number] | undefined;
    let seriesStart: readonly [number, number] | undefined;
    for (let i = 1; i <= 5; i++) {
      record(i, instruments);
      clock.advance(1000);
      const c = await cumulative();
      const d = await delta();

      // summary: +2 values (10 i and 1) per step
      expect(pointValue(c, 'lat.count')).toBe(2 * i);
      expect(pointValue(c, 'lat.sum')).toBe(sumOf(i, (k) => 10 * k + 1));
      expect(pointValue(d, 'lat.count')).toBe(2);
      expect(pointValue(d, 'lat.sum')).toBe(10 * i + 1);
      // quantiles and max are the reservoir's, the same for both readers
      expect(pointValue(d, 'lat.max')).toBe(10 * i);
      expect(pointValue(c, 'lat.max')).toBe(10 * i);

      // timer: i durations of 0.5 s per step
      expect(pointValue(c, 'db.count')).toBe(sumOf(i, (k) => k));
      expect(pointValue(d, 'db.count')).toBe(i);
      expect(pointValue(d, 'db.sum')).toBe(0.5 * i);

      // meter: i events per step; rates as the cumulative reader's
      expect(pointValue(c, 'hits')).toBe(sumOf(i, (k) => k));
      expect(pointValue(d, 'hits')).toBe(i);
      expect(pointValue(d, 'hits.rate', { window: '1m' })).toBe(pointValue(c, 'hits.rate', { window: '1m' }));
      const richMeter = getMeterworkData(metric(d, 'hits'))!;
      expect((richMeter.points[0]!.value as MeterValue).count).toBe(i);
      expect(richMeter.temporality).toBe('delta');
      expect(getMeterworkData(metric(c, 'hits'))!.temporality).toBeUndefined();

      // go/no-go: one go (2) and two no-go (3) per step
      expect(pointValue(c, 'jobs.count', { outcome: 'go' })).toBe(i);
      expect(pointValue(c, 'jobs.sum', { outcome: 'no_go' })).toBe(6 * i);
      expect(pointValue(d, 'jobs.count', { outcome: 'go' })).toBe(1);
      expect(pointValue(d, 'jobs.count', { outcome: 'no_go' })).toBe(2);
      expect(pointValue(d, 'jobs.sum', { outcome: 'go' })).toBe(2);
      expect(pointValue(d, 'jobs.sum', { outcome: 'no_go' })).toBe(6);
      expect(pointValue(d, 'jobs.mean', { outcome: 'no_go' })).toBe(3);
      expect(pointValue(d, 'jobs.outliers')).toBe(0);

      // tagged histogram: route a +1 except at step 4, route b +2 from step 3
      const cumulativeA = [1, 2, 3, 3, 4][i - 1];
      expect(tagCount(c, 'a')).toBe(cumulativeA);
      expect(tagCount(d, 'a')).toBe(i === 4 ? 0 : 1);
      expect(tagCount(c, 'b')).toBe(i >= 3 ? 2 * (i - 2) : undefined);
      expect(tagCount(d, 'b')).toBe(i >= 3 ? 2 : undefined);
      const richTagged = getMeterworkData(metric(d, 'req'))!.points[0]!.value as TaggedHistogramValue;
      expect(richTagged.total).toBe((i === 4 ? 0 : 1) + (i >= 3 ? 2 : 0));

      // temporality and times: SUMs are DELTA for the delta reader only
      for (const name of ['lat.count', 'lat.sum', 'db.count', 'hits', 'jobs.count', 'jobs.sum', 'jobs.outliers', 'req']) {
        const dm = metric(d, name);
        const cm = metric(c, name);
        expect([name, dm.dataPointType, dm.aggregationTemporality]).toEqual([name, DataPointType.SUM, DELTA]);
        expect([name, cm.aggregationTemporality]).toEqual([name, CUMULATIVE]);
      }
      const dp = metric(d, 'lat.count').dataPoints[0]!;
      const cp = metric(c, 'lat.count').dataPoints[0]!;
      seriesStart ??= cp.startTime;
      expect(cp.startTime).toEqual(seriesStart);
      expect(dp.startTime).toEqual(previousDeltaEnd ?? seriesStart);
      previousDeltaEnd = dp.endTime;
    }
  });
});
