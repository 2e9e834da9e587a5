import { exponentialToExplicit, kindOf, type FamilyDescription } from '@meterwork/core/internal';
import type { MeterworkMetricData } from '@meterwork/core';
import { AggregationTemporality, DataPointType, type ExponentialHistogram, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import type { PrometheusNameKind } from '../naming/metric-name';
import type { FamilyType, SeriesLayout } from './types';

/**
 * Which families a metric becomes and how its points become samples. The
 * meterwork kinds come from core's kind descriptions (`kindOf(kind).families`);
 * the standard OTel data point types are the four below. The model builder
 * reads this; the renderers never switch on a kind.
 */

/** One family of a metric: `suffix` '' is the main family (named with the unit), others are `<base>_<suffix>` without unit. */
export interface MetricFamily {
  readonly suffix: string;
  readonly type: Exclude<FamilyType, 'info'>;
  /** Appended to the HELP text, e.g. ` (per second)`. */
  readonly help: string;
  readonly layout: SeriesLayout;
}

export interface MetricFamilies {
  /** How the base name is built (`counter`: a counter's unit word and `_total`). */
  readonly nameKind: PrometheusNameKind;
  /** The unit the base name is built from. */
  readonly unit: string;
  readonly families: readonly MetricFamily[];
}

/**
 * The spec exposes a histogram's `_sum` only when it is monotonic: no negative
 * observations and no negative bucket (OTel "all buckets are positive";
 * OpenMetrics forbids a Sum next to a negative threshold). Undefined when not exposed.
 */
export function monotonicSum(value: Histogram): number | undefined {
  if (value.sum === undefined) return undefined;
  if (value.min !== undefined && value.min < 0) return undefined;
  const boundaries = value.buckets.boundaries;
  return boundaries.length === 0 || boundaries[0] >= 0 ? value.sum : undefined;
}

const NUMBER_LAYOUT: SeriesLayout = { samples: (value, sink) => sink.sample(value as number) };
const HISTOGRAM_LAYOUT: SeriesLayout = { samples: (value, sink) => sink.histogram(value as Histogram) };

/** A core family description as a layout (its `samples` already has the layout's shape). */
function kindLayout(family: FamilyDescription<unknown>): SeriesLayout {
  return family;
}

/** Families of a meterwork kind, memoised per kind description and unit (a few per process). */
const kindFamilies = new WeakMap<object, MetricFamily[]>();

/** The families of meterwork rich data; undefined for a kind this core does not know (newer data through a cluster). */
export function meterworkFamilies(data: MeterworkMetricData): MetricFamilies | undefined {
  const kind = kindOf(data.kind);
  if (kind === undefined) return undefined;
  const layout = kind.families;
  let families = kindFamilies.get(layout);
  if (families === undefined) {
    families = layout.families.map((f) => ({ suffix: f.suffix, type: f.type, help: f.help, layout: kindLayout(f) }));
    kindFamilies.set(layout, families);
  }
  const unit = data.descriptor.unit;
  return {
    nameKind: layout.families.some((f) => f.suffix === '' && f.type === 'counter') ? 'counter' : 'other',
    unit: layout.unit === 'seconds' ? unit || 's' : unit,
    families,
  };
}

/**
 * A standard OTel metric as one Prometheus family; `'delta'` for what
 * Prometheus cannot take (delta sums and histograms: the caller drops them
 * with a warning); undefined for an unknown data point type.
 */
export function otelFamilies(metric: MetricData, maxExponentialBuckets: number): MetricFamilies | 'delta' | undefined {
  const cumulative = metric.aggregationTemporality === AggregationTemporality.CUMULATIVE;
  const unit = metric.descriptor.unit;
  const one = (nameKind: PrometheusNameKind, type: MetricFamily['type'], layout: SeriesLayout): MetricFamilies => ({
    nameKind,
    unit,
    families: [{ suffix: '', type, help: '', layout }],
  });
  switch (metric.dataPointType) {
    case DataPointType.GAUGE:
      return one('gauge', 'gauge', NUMBER_LAYOUT);
    case DataPointType.SUM:
      if (!cumulative) return 'delta';
      return metric.isMonotonic ? one('counter', 'counter', NUMBER_LAYOUT) : one('gauge', 'gauge', NUMBER_LAYOUT);
    case DataPointType.HISTOGRAM:
      return cumulative ? one('other', 'histogram', HISTOGRAM_LAYOUT) : 'delta';
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      // Exponential histograms become classic buckets at their own scale (at most `maxExponentialBuckets` per sign).
      return cumulative
        ? one('other', 'histogram', { samples: (value, sink) => sink.histogram(exponentialToExplicit(value as ExponentialHistogram, maxExponentialBuckets)) })
        : 'delta';
    default:
      return undefined;
  }
}
