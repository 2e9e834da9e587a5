import { InvalidOptionError } from '@meterwork/core';
import { booleanOption, positiveIntegerOption } from '../options';

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

/**
 * How OTel and meterwork data become Prometheus families and series. Every
 * Prometheus output takes these options with the same defaults, so the pull
 * endpoint, Pushgateway pushes and the prom-client bridge expose the same
 * families, series and values.
 */
export interface PrometheusModelOptions {
  /**
   * Add `otel_scope_name`, `otel_scope_version`, `otel_scope_schema_url` (the
   * last two when set) and `otel_scope_<attribute>` labels (scope attributes,
   * where the OTel API provides them) to every series.
   * @default true
   */
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
   * many buckets.
   * @default 40
   */
  readonly maxExponentialBuckets?: number | undefined;
}

/** Model options resolved once per serializer or bridge. */
export interface ResolvedModelOptions {
  readonly withScopeLabels: boolean;
  readonly withTargetInfo: boolean;
  readonly withUnitSuffix: boolean;
  readonly withTotalSuffix: boolean;
  readonly resourceLabels: { readonly include: readonly AttributeKeyMatcher[] | undefined; readonly exclude: readonly AttributeKeyMatcher[] } | undefined;
  readonly maxExponentialBuckets: number;
}

export const DEFAULT_MAX_EXPONENTIAL_BUCKETS = 40;

function matchers(owner: string, option: string, list: unknown): readonly AttributeKeyMatcher[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || !list.every((m) => typeof m === 'string' || m instanceof RegExp)) {
    throw new InvalidOptionError(owner, option, 'must be an array of strings or RegExps', list);
  }
  return list as AttributeKeyMatcher[];
}

/** Validates the model options; throws {@link InvalidOptionError} naming `owner`. */
export function resolveModelOptions(owner: string, options: PrometheusModelOptions): ResolvedModelOptions {
  const resourceLabels = options.withResourceConstantLabels;
  if (resourceLabels !== undefined && (resourceLabels === null || typeof resourceLabels !== 'object')) {
    throw new InvalidOptionError(owner, 'withResourceConstantLabels', 'must be an object { include?, exclude? }', resourceLabels);
  }
  return {
    withScopeLabels: booleanOption(owner, 'withScopeLabels', options.withScopeLabels, true),
    withTargetInfo: booleanOption(owner, 'withTargetInfo', options.withTargetInfo, true),
    withUnitSuffix: booleanOption(owner, 'withUnitSuffix', options.withUnitSuffix, true),
    withTotalSuffix: booleanOption(owner, 'withTotalSuffix', options.withTotalSuffix, true),
    resourceLabels:
      resourceLabels === undefined
        ? undefined
        : {
            include: matchers(owner, 'withResourceConstantLabels.include', resourceLabels.include),
            exclude: matchers(owner, 'withResourceConstantLabels.exclude', resourceLabels.exclude) ?? [],
          },
    maxExponentialBuckets: positiveIntegerOption(owner, 'maxExponentialBuckets', options.maxExponentialBuckets, DEFAULT_MAX_EXPONENTIAL_BUCKETS),
  };
}
