// Timestamp rounding vs. temporality: rounded points of one series in the same interval share a timestamp,
// and InfluxDB keeps only the last write for a series and timestamp.
import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError } from '@meterwork/core';
import { AnonymousProfile } from '../../src/profile/AnonymousProfile';
import { captureDiagLines } from '../tor/fakeRuntime';

function sum(temporality: AggregationTemporality, endSeconds: number, value: number): ResourceMetrics {
  return {
    resource: resourceFromAttributes({ 'service.name': 's' }),
    scopeMetrics: [
      {
        scope: { name: 'lib' },
        metrics: [
          {
            descriptor: { name: 'requests', description: '', unit: '', valueType: ValueType.INT },
            aggregationTemporality: temporality,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [{ attributes: {}, startTime: [endSeconds - 10, 0], endTime: [endSeconds, 0], value }],
          },
        ],
      },
    ],
  };
}

function exporter(temporality?: AggregationTemporality): PushMetricExporter {
  return {
    export: (_m, done) => done({ code: 0 }),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
    ...(temporality !== undefined ? { selectAggregationTemporality: () => temporality } : {}),
  };
}

describe('timestamp rounding and temporality', () => {
  it('gives two exports of one series within the same rounded interval the same timestamp (InfluxDB keeps the later)', () => {
    const profile = new AnonymousProfile({ roundTimestampsMillis: 60_000 });
    const first = profile.anonymize(sum(AggregationTemporality.CUMULATIVE, 1_700_000_010, 3));
    const second = profile.anonymize(sum(AggregationTemporality.CUMULATIVE, 1_700_000_030, 5));
    const end = (m: ResourceMetrics) => m.scopeMetrics[0]!.metrics[0]!.dataPoints[0]!.endTime;
    expect(end(first)).toEqual(end(second));
    expect(end(first)).toEqual([1_699_999_980, 0]); // rounded down to a multiple of 60 s
  });

  it('refuses an exporter that selects DELTA while rounding is on, naming the option and the instrument', () => {
    const profile = new AnonymousProfile({ roundTimestampsMillis: 60_000 });
    expect(() => profile.wrapExporter(exporter(AggregationTemporality.DELTA))).toThrow(InvalidOptionError);
    expect(() => profile.wrapExporter(exporter(AggregationTemporality.DELTA))).toThrow(
      /^AnonymousProfile: option "roundTimestampsMillis" must be 0 when the exporter uses DELTA temporality \(it does for COUNTER\).*InfluxDB keeps only the last.*, got 60000$/,
    );
    const histogramsOnly = exporter();
    Object.assign(histogramsOnly, {
      selectAggregationTemporality: (t: InstrumentType) => (t === InstrumentType.HISTOGRAM ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE),
    });
    expect(() => profile.wrapExporter(histogramsOnly)).toThrow(/it does for HISTOGRAM/);
  });

  it('accepts DELTA without rounding, and CUMULATIVE or no selector with rounding', () => {
    expect(() => new AnonymousProfile({ roundTimestampsMillis: 0 }).wrapExporter(exporter(AggregationTemporality.DELTA))).not.toThrow();
    const rounding = new AnonymousProfile({ roundTimestampsMillis: 60_000 });
    expect(() => rounding.wrapExporter(exporter(AggregationTemporality.CUMULATIVE))).not.toThrow();
    expect(() => rounding.wrapExporter(exporter())).not.toThrow();
  });

  it('warns once per metric when DELTA data arrives with rounding on (a reader chose DELTA itself)', () => {
    const log = captureDiagLines();
    try {
      const profile = new AnonymousProfile({ roundTimestampsMillis: 60_000 });
      profile.anonymize(sum(AggregationTemporality.DELTA, 1_700_000_010, 3));
      profile.anonymize(sum(AggregationTemporality.DELTA, 1_700_000_020, 4));
      profile.anonymize(sum(AggregationTemporality.CUMULATIVE, 1_700_000_020, 4));
      const warnings = log.lines.filter((l) => l.startsWith('warn'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/metric "requests" has DELTA temporality and timestamps are rounded to 60000 ms: .*only the last is kept/);
      new AnonymousProfile({ roundTimestampsMillis: 0 }).anonymize(sum(AggregationTemporality.DELTA, 1_700_000_010, 3));
      expect(log.lines.filter((l) => l.startsWith('warn'))).toHaveLength(1);
    } finally {
      log.restore();
    }
  });
});
