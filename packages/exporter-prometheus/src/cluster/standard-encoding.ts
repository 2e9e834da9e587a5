import type { MeterworkMetricData } from '@meterwork/core';
import { encodeStandard } from '@meterwork/core/internal';
import type { MetricData } from '@opentelemetry/sdk-metrics';

/**
 * Standard OTel encoding of meterwork rich data (core's `encodeStandard`:
 * summary -> `N` quantile gauge, `N.count`, `N.sum`, ...), every metric
 * carrying the rich form, so exporters that know only OTel data show it and
 * our serialisers render it natively, once. Data that went through another
 * process (cluster) or came from prom-client has lost the instrument's
 * sign information, so `N.sum` is declared non-monotonic.
 */
export function encodeMeterworkMetric(data: MeterworkMetricData): MetricData[] {
  return encodeStandard(data, false);
}
