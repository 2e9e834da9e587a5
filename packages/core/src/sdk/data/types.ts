import type { Attributes, HrTime, ValueType } from '@opentelemetry/api';

/**
 * The typed ("rich") form of meterwork aggregations. Our own bridges
 * (Prometheus, InfluxDB) render these natively: a summary is a summary.
 * Every standard OTel `MetricData` produced from one of our aggregations
 * carries a reference to its rich form under {@link MeterworkDataKey}, so a
 * bridge that receives a plain `ResourceMetrics` (for example through a
 * `PeriodicExportingMetricReader`) can recover it with
 * `splitMeterworkMetrics`.
 */

/** `Symbol.for` so two copies of this package agree on the key. */
export const MeterworkDataKey: unique symbol = Symbol.for('meterwork.data') as never;

export interface MeterworkDescriptor {
  /** Instrument (or view) name, OTel style (dots allowed). */
  readonly name: string;
  readonly description: string;
  /** UCUM unit as given to the instrument, e.g. `s`, `By`, `{request}`. */
  readonly unit: string;
  readonly valueType: ValueType;
}

/** A distribution read from a reservoir. `count` and `sum` are cumulative since
 * the stream started (Prometheus summary semantics); `min`, `max`, `mean`,
 * `stdDev` and the quantiles describe what the reservoir holds now. */
export interface SummaryValue {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stdDev: number;
  /** Sorted by `quantile` ascending; `quantile` in [0, 1]. */
  readonly quantiles: ReadonlyArray<{ readonly quantile: number; readonly value: number }>;
  /** Samples a bounded window had to drop (e.g. `maxSamples` reached); 0 if none. */
  readonly dropped: number;
  /**
   * The reservoir's sample values, sorted ascending, present only when the
   * producer was asked for them (`includeSamples`), so that several processes'
   * data can be merged and quantiles computed from the merged samples (Node
   * cluster) instead of summed.
   */
  readonly samples?: ReadonlyArray<number>;
  /** Weights of `samples` (same order) for weighted (decaying) reservoirs; absent means all 1. */
  readonly sampleWeights?: ReadonlyArray<number>;
}

/** EWMA meter: rates are events per second. */
export interface MeterValue {
  readonly count: number;
  readonly m1Rate: number;
  readonly m5Rate: number;
  readonly m15Rate: number;
  readonly meanRate: number;
}

/** A timer: a summary of durations in seconds plus the rate of events. */
export interface TimerValue extends SummaryValue {
  readonly rates: MeterValue;
}

/**
 * One outcome of a go/no-go series. `count` and `sum` are cumulative since the
 * series started (they never decrease, as every other count here); `mean`,
 * `min` and `max` describe the current period only and are absent while it
 * has no values (exporters omit them: an empty period has no min).
 */
export interface GoNoGoStats {
  /** Values recorded since the series started. */
  readonly count: number;
  /** Their sum (cumulative). */
  readonly sum: number;
  /** Values recorded in the current period. */
  readonly periodCount: number;
  /** Mean of the current period's values; absent when `periodCount` is 0. */
  readonly mean?: number;
  /** Smallest value of the current period; absent when `periodCount` is 0. */
  readonly min?: number;
  /** Largest value of the current period; absent when `periodCount` is 0. */
  readonly max?: number;
}

export interface GoNoGoValue {
  readonly go: GoNoGoStats;
  readonly noGo: GoNoGoStats;
  /** Outliers since the series started (go and no-go together; cumulative). */
  readonly outliers: number;
  /** When the current period started (wall clock, ms since epoch). */
  readonly periodStartMillis: number;
  /** Length of a period in ms. */
  readonly periodMillis: number;
}

export interface TaggedHistogramValue {
  /** Every count recorded, including the overflow. */
  readonly total: number;
  /** Counts recorded after `maxTagSets` distinct tag sets were reached. */
  readonly overflow: number;
  readonly tagSets: ReadonlyArray<{ readonly tags: Attributes; readonly count: number }>;
}

export interface MeterworkDataPoint<V> {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly value: V;
}

interface MeterworkMetricBase<K extends string, V> {
  readonly kind: K;
  readonly descriptor: MeterworkDescriptor;
  readonly points: ReadonlyArray<MeterworkDataPoint<V>>;
  /**
   * `'delta'` when a delta producer (`createProducer({ temporality })`) made
   * the counts and sums deltas since its previous collection (each point's
   * `startTime`); absent: cumulative since the series started.
   */
  readonly temporality?: 'delta';
}

export type SummaryMetricData = MeterworkMetricBase<'summary', SummaryValue>;
export type TimerMetricData = MeterworkMetricBase<'timer', TimerValue>;
export type MeterMetricData = MeterworkMetricBase<'meter', MeterValue>;
export type GoNoGoMetricData = MeterworkMetricBase<'go_no_go', GoNoGoValue>;
export type TaggedHistogramMetricData = MeterworkMetricBase<'tagged_histogram', TaggedHistogramValue>;

export type MeterworkMetricData = SummaryMetricData | TimerMetricData | MeterMetricData | GoNoGoMetricData | TaggedHistogramMetricData;
