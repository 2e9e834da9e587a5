// Regression: with timestamp rounding on, an Influx exporter using DELTA temporality wrote several deltas of one
// series under one rounded timestamp; InfluxDB keeps only the last write for a series and timestamp, so the
// others were silently lost. The anonymous profile now refuses that combination.
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { InfluxMetricExporter } from '@meterwork/exporter-influx';
import { AnonymousProfile } from '../../src/profile/AnonymousProfile';

it('the anonymous profile refuses an Influx exporter with DELTA temporality while timestamps are rounded', async () => {
  const influx = (temporality: AggregationTemporality) => new InfluxMetricExporter({ url: 'http://127.0.0.1:1', v1: { database: 'db' }, temporality });
  const delta = influx(AggregationTemporality.DELTA);
  expect(() => new AnonymousProfile().wrapExporter(delta)).toThrow(/option "roundTimestampsMillis" must be 0 when the exporter uses DELTA temporality/);
  const cumulative = influx(AggregationTemporality.CUMULATIVE);
  expect(() => new AnonymousProfile().wrapExporter(cumulative)).not.toThrow();
  const unrounded = influx(AggregationTemporality.DELTA);
  expect(() => new AnonymousProfile({ roundTimestampsMillis: 0 }).wrapExporter(unrounded)).not.toThrow();
  await Promise.all([delta.shutdown(), cumulative.shutdown(), unrounded.shutdown()]);
});
