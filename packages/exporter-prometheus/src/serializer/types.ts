/** Exposition formats we serve. */
export type ExpositionFormat = 'prometheus-text' | 'openmetrics';

/** Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** OpenMetrics 1.0.0 text format. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export function contentTypeOf(format: ExpositionFormat): string {
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_TEXT_CONTENT_TYPE;
}

/** A resource attribute key filter: exact strings or regular expressions. */
export type AttributeKeyMatcher = string | RegExp;

/**
 * Which resource attributes to copy as labels onto every series (besides
 * `target_info`, which always gets all of them).
 */
export interface ResourceConstantLabelsOptions {
  /** Keys to copy. @default all keys (when `withResourceConstantLabels` is given) */
  readonly include?: readonly AttributeKeyMatcher[] | undefined;
  /** Keys never copied (wins over `include`). @default none */
  readonly exclude?: readonly AttributeKeyMatcher[] | undefined;
}

export interface PrometheusSerializerOptions {
  /** Add `otel_scope_name` / `otel_scope_version` labels to every series. @default true */
  readonly withScopeLabels?: boolean | undefined;
  /** Expose resource attributes as `target_info` (OpenMetrics `info` type). @default true */
  readonly withTargetInfo?: boolean | undefined;
  /** Append the Prometheus unit word (`_seconds`, `_bytes`) to names. @default true */
  readonly withUnitSuffix?: boolean | undefined;
  /** Append `_total` to counter names. @default true */
  readonly withTotalSuffix?: boolean | undefined;
  /** Copy (some) resource attributes as labels onto every series. @default undefined (none copied) */
  readonly withResourceConstantLabels?: ResourceConstantLabelsOptions | undefined;
  /**
   * Exponential histograms are converted to classic buckets at their own scale
   * (upper bounds `base^(i+1)`), downscaled until each sign has at most this
   * many buckets. @default 40
   */
  readonly maxExponentialBuckets?: number | undefined;
  /** Approximate size of the chunks `serializeChunks` yields, in characters. @default 65536 */
  readonly chunkSizeChars?: number | undefined;
}
