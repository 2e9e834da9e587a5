import type { PrometheusModelOptions } from '../model/options';

/** Exposition formats we serve. */
export type ExpositionFormat = 'prometheus-text' | 'openmetrics';

/** Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** OpenMetrics 1.0.0 text format. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** The `Content-Type` of a format. */
export function contentTypeOf(format: ExpositionFormat): string {
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_TEXT_CONTENT_TYPE;
}

/** Options of `PrometheusSerializer`: the model options plus how the text is written. */
export interface PrometheusSerializerOptions extends PrometheusModelOptions {
  /**
   * Write OpenMetrics `<name>_created` samples (the start time of counters,
   * histograms and summaries). Prometheus before 2.50 (without the
   * `created-timestamp-zero-ingestion` feature) stores each as a series of
   * its own; switch them off there. Text 0.0.4 never has them.
   * @default true
   */
  readonly withCreated?: boolean | undefined;
  /** Approximate size of the chunks `serializeChunks` yields, in characters. @default 65536 */
  readonly chunkSizeChars?: number | undefined;
}
