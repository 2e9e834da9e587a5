import { sanitizeMetricName } from './sanitize';
import { unitToPrometheus } from './units';

/** How a metric is exposed; decides the `_total` and `ratio` rules. */
export type PrometheusNameKind = 'counter' | 'gauge' | 'other';

export interface PrometheusName {
  /**
   * Name used in Prometheus text 0.0.4 `# TYPE` lines; for counters it ends
   * with `_total` (the sample name).
   */
  readonly name: string;
  /** OpenMetrics MetricFamily name: for counters without `_total`. */
  readonly familyName: string;
  /** Unit word (`seconds`), empty when none; `familyName` ends with `_${unit}` when set. */
  readonly unit: string;
}

export interface PrometheusNameOptions {
  /** Append the unit word to the name. @default true */
  readonly withUnitSuffix?: boolean | undefined;
  /** Append `_total` to counters. @default true */
  readonly withTotalSuffix?: boolean | undefined;
}

function containsWord(name: string, word: string): boolean {
  return ('_' + name + '_').includes('_' + word + '_');
}

/** `a` + `_` + `b` without creating `__` (names are already collapsed). */
export function joinName(a: string, b: string): string {
  return a.endsWith('_') ? a + b : a + '_' + b;
}

/**
 * Builds the Prometheus name of an OTel metric: sanitised, unit suffix (unless
 * the name already contains the unit), then `_total` for counters.
 * `http.server.duration` + `s` -> `http_server_duration_seconds`;
 * `bytes.sent` + `By` counter -> `bytes_sent_total` (already contains "bytes").
 */
export function toPrometheusName(name: string, unit: string, kind: PrometheusNameKind, options: PrometheusNameOptions = {}): PrometheusName {
  let base = sanitizeMetricName(name);
  const isCounter = kind === 'counter';
  const withTotal = isCounter && options.withTotalSuffix !== false;
  if (withTotal && base.endsWith('_total') && base.length > 6) base = base.slice(0, -6);
  let unitWord = options.withUnitSuffix === false ? '' : unitToPrometheus(unit, kind === 'gauge');
  if (unitWord.length > 0 && !containsWord(base, unitWord)) base = joinName(base, unitWord);
  // The unit is only declared (OpenMetrics `# UNIT`) when the family name ends with it.
  if (unitWord.length > 0 && !base.endsWith('_' + unitWord)) unitWord = '';
  return {
    name: withTotal ? joinName(base, 'total') : base,
    familyName: base,
    unit: unitWord,
  };
}
