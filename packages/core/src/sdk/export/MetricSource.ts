import type { HrTime } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import type { MeterworkMetricData } from '../data/types';

/**
 * Data kept outside OTel instruments (e.g. `@meterwork/tasks`' function
 * statistics) that meterwork's producers report with their own, so that
 * every reader (Prometheus, InfluxDB, OTLP) sees it without a producer of
 * its own. Register it with `Meterwork.addSource`.
 */
export interface MeterworkSource {
  /** The instrumentation scope the metrics are reported under. */
  readonly scope: { readonly name: string; readonly version?: string | undefined };
  /**
   * The metrics now (called once per collection of each producer):
   * - rich data (`MeterworkMetricData`, with `kind`) is encoded like our
   *   aggregations' (standard OTel metrics carrying the rich form) and made
   *   delta for delta readers. Its sums must only grow, and it must hand out
   *   the same `descriptor` object for a metric and the same `attributes`
   *   object for a series at every collection (delta producers key their
   *   previous values by identity);
   * - plain OTel `MetricData` (e.g. gauges) is passed on as it is.
   * A throw is reported as a collection error; the other metrics are kept.
   */
  collect(endTime: HrTime): ReadonlyArray<MeterworkMetricData | MetricData>;
}
