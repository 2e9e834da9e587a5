import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { PrometheusSerializer } from '../serializer/serializer';
import type { PrometheusSerializerOptions } from '../serializer/types';

/** The push body: the Prometheus text format 0.0.4, which every Pushgateway version accepts. */
export function createPushSerializer(options: PrometheusSerializerOptions | undefined): (metrics: ResourceMetrics) => string {
  const serializer = new PrometheusSerializer(options);
  return (metrics) => serializer.serialize(metrics, 'prometheus-text');
}
