import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';
import { attachMeterworkData } from '../data/split';
import type { MeterworkDataPoint, MeterworkMetricData } from '../data/types';
import { kindOfData } from '../kind/kinds';
import type { PointSink, StandardMetric } from '../kind/types';

type NumberPoint = DataPoint<number>;

/** Collects one standard metric's points across the series of a metric. */
class PointCollector implements PointSink {
  points: NumberPoint[] = [];
  private attributes: Attributes = {};
  private startTime: HrTime = [0, 0];
  private endTime: HrTime = [0, 0];

  series(p: MeterworkDataPoint<unknown>): this {
    this.attributes = p.attributes;
    this.startTime = p.startTime;
    this.endTime = p.endTime;
    return this;
  }

  point(value: number, extra?: Attributes): void {
    const attributes = extra === undefined ? this.attributes : { ...this.attributes, ...extra };
    this.points.push({ startTime: this.startTime, endTime: this.endTime, attributes, value });
  }

  tagged(tags: Attributes, value: number): void {
    // A tagged histogram's own point has no attributes: keep the tag set's object.
    const attributes = Object.keys(this.attributes).length === 0 ? tags : { ...this.attributes, ...tags };
    this.points.push({ startTime: this.startTime, endTime: this.endTime, attributes, value });
  }
}

/**
 * The standard OTel encoding of our rich data, so that exporters that know
 * only OTel data (console, OTLP, Prometheus) show it: each kind lists its
 * metrics (`AggregationKind.standard`, see `kind/`), named `N.<suffix>` for
 * an instrument `N`. Metrics with no points are left out (as the SDK does
 * for idle instruments). Every metric produced carries the rich form
 * (`attachMeterworkData`), shared by the metrics of one instrument.
 *
 * `sumIsMonotonic`: whether the instrument's sums only grow (a counter's or
 * histogram's). `temporality`: of the SUM metrics (a delta producer passes
 * rich data whose counts and sums are already deltas); GAUGEs are always
 * reported as CUMULATIVE (a gauge has no temporality to speak of).
 */
export function encodeStandard(
  data: MeterworkMetricData,
  sumIsMonotonic: boolean,
  temporality: AggregationTemporality = AggregationTemporality.CUMULATIVE,
): MetricData[] {
  const kind = kindOfData(data);
  const out: MetricData[] = [];
  for (const metric of kind.standard) {
    const collector = new PointCollector();
    for (const p of data.points as ReadonlyArray<MeterworkDataPoint<unknown>>) metric.points(p.value, collector.series(p));
    if (collector.points.length === 0) continue;
    out.push(attachMeterworkData(standardMetric(data, metric, collector.points, sumIsMonotonic, temporality), data));
  }
  return out;
}

function standardMetric(
  data: MeterworkMetricData,
  metric: StandardMetric<unknown>,
  dataPoints: NumberPoint[],
  sumIsMonotonic: boolean,
  temporality: AggregationTemporality,
): MetricData {
  const d = data.descriptor;
  const descriptor = {
    name: metric.suffix === '' ? d.name : `${d.name}.${metric.suffix}`,
    description: d.description,
    unit: metric.unit === undefined ? d.unit : metric.unit(d.unit),
    // Quantiles, rates and means are fractional even for an integer
    // instrument (an OTLP exporter would write an INT metric's points as `asInt`).
    valueType: metric.valueType === 'double' ? ValueType.DOUBLE : d.valueType,
  };
  if (metric.type === 'gauge') {
    return { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints };
  }
  const isMonotonic = metric.monotonic === 'instrument' ? sumIsMonotonic : metric.monotonic === true;
  return { descriptor, aggregationTemporality: temporality, dataPointType: DataPointType.SUM, dataPoints, isMonotonic };
}
