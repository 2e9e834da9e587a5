import type { Attributes, HrTime } from '@opentelemetry/api';
import type { SampleSink } from '@meterwork/core/internal';
import type { Histogram } from '@opentelemetry/sdk-metrics';

/**
 * The Prometheus family model of one collection: built once (names,
 * HELP/TYPE/UNIT, members with their scope labels and how their points become
 * samples), then rendered as text 0.0.4, OpenMetrics (serializer, pull
 * endpoint, Pushgateway, cluster primary) or prom-client metric objects (the
 * bridge). Renderers never look at the aggregation kind: they implement
 * {@link SeriesSink} and call each member's {@link SeriesLayout}.
 */

/** Prometheus metric family types we emit (`info` only for `target_info`). */
export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'info';

/**
 * Receives the samples of one series for one family: core's `SampleSink`
 * (what the kind descriptions write) plus classic histograms (standard OTel
 * histograms). The renderer knows the series' attributes and the family's
 * added label (`window`, `outcome`, ...) before the layout writes.
 */
export interface SeriesSink extends SampleSink {
  /** `_bucket` (cumulative, `le`), `_sum` (only when {@link monotonicSum} allows), `_count`. */
  histogram(value: Histogram): void;
}

/**
 * How the points of one family member become samples: one per family of a
 * kind (a core `FamilyDescription` is one) or of a standard OTel metric.
 */
export interface SeriesLayout {
  /** The label `sample(value, labelValue)` sets; an attribute of that name is renamed (`_window`). */
  readonly label?: string | undefined;
  samples(value: unknown, sink: SeriesSink): void;
}

export interface ModelPoint {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  readonly value: unknown;
}

/** Labels already resolved (sanitised, collisions merged), in both forms the renderers need. */
export interface LabelSet {
  /** Text body, escaped: `otel_scope_name="app",service_name="x"` ('' when none). */
  readonly body: string;
  /** The same labels as name/value pairs, in the same order (unescaped). */
  readonly pairs: ReadonlyArray<readonly [string, string]>;
}

/** Labels every series of one scope carries: scope labels and constant resource labels. */
export interface ScopeLabels extends LabelSet {
  /** Label names attributes must not take on a layout adding `addedLabel` (renamed with `_`). */
  reserved(addedLabel: string | undefined): ReadonlySet<string>;
}

export interface FamilyMember {
  readonly points: ReadonlyArray<ModelPoint>;
  readonly layout: SeriesLayout;
  readonly scope: ScopeLabels;
}

export interface Family {
  readonly type: FamilyType;
  /** Name in text 0.0.4 `# TYPE` lines and of counter samples there (`x_total`). */
  readonly name: string;
  /** OpenMetrics MetricFamily name (counters without `_total`). */
  readonly familyName: string;
  /** OpenMetrics `# UNIT` ('' when none). */
  readonly unit: string;
  readonly help: string;
  readonly members: FamilyMember[];
  /** `info` families only: the labels of their single sample (value 1). */
  readonly infoLabels?: LabelSet | undefined;
}

export interface FamilyModel {
  readonly families: readonly Family[];
}
