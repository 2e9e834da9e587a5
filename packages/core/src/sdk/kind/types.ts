import type { Attributes } from '@opentelemetry/api';
import type { MeterworkMetricData } from '../data/types';

/**
 * One meterwork aggregation kind, defined once: everything storage,
 * producers, the cluster and the exporters need to know about it. Nothing
 * outside `kind/` switches on `MeterworkMetricData.kind`; it calls
 * `kindOf(data.kind)` and reads these descriptions instead. Adding a kind is
 * one new file here plus its line in `kinds.ts` (see the core README,
 * "Adding an aggregation kind").
 *
 * `V` is the point value type (`data/types.ts`).
 */
export interface AggregationKind<K extends KindName = KindName, V = ValueOf<K>> {
  /** The `kind` of the rich data (`MeterworkMetricData['kind']`). */
  readonly kind: K;
  /** The standard OTel metrics this kind is encoded as (`encodeStandard`), in order. */
  readonly standard: ReadonlyArray<StandardMetric<V>>;
  /** What label-oriented exporters (Prometheus text, prom-client) render. */
  readonly families: FamilyLayout<V>;
  /** What column-oriented exporters (InfluxDB line protocol) render. */
  readonly fields: FieldLayout<V>;
  /**
   * One series' values from several processes as one value (Node cluster).
   * Counts, sums and rates add; distributions are recomputed from samples.
   * `name` only labels diag messages. Never called with an empty array.
   */
  merge(values: readonly V[], name: string): V;
  /**
   * The change from `previous` to `current` of one series, for readers that
   * asked for delta temporality: counts and sums become deltas (a value below
   * the previous one is read as a reset: the delta is the current value);
   * gauge-like fields (quantiles, rates, min, max, mean) stay as `current`.
   */
  diff(previous: V, current: V): V;
  /**
   * The cumulative part of a value: its counts and sums, the gauge-like
   * fields empty (as an empty reservoir or period shows them). What a Node
   * cluster carries forward for a process that exited, so that cluster
   * totals never drop.
   */
  totals(value: V): V;
  /** `value` with the counts and sums of `totals` added; its gauge-like fields kept. */
  addTotals(value: V, totals: V): V;
}

/** `MeterworkMetricData['kind']`. */
export type KindName = MeterworkMetricData['kind'];

/** The point value type of a kind. */
export type ValueOf<K extends KindName> = Extract<MeterworkMetricData, { kind: K }>['points'][number]['value'];

/**
 * One standard OTel metric of a kind: named `<instrument name>.<suffix>`
 * (`suffix` '' is the instrument name itself).
 */
export interface StandardMetric<V> {
  readonly suffix: string;
  /** GAUGE, or SUM (cumulative, or delta for a delta producer). */
  readonly type: 'gauge' | 'sum';
  /**
   * For sums: monotonic, or `'instrument'`: monotonic when the instrument
   * takes non-negative values only (a counter's or histogram's sum).
   */
  readonly monotonic?: boolean | 'instrument';
  /** The metric's unit from the instrument's unit. @default the instrument's unit */
  readonly unit?: (instrumentUnit: string) => string;
  /** `double` for quantiles, rates and means (fractional even for an INT instrument). @default the instrument's value type */
  readonly valueType?: 'double';
  /** Writes the points of one series' value. */
  points(value: V, sink: PointSink): void;
}

/** Receives the standard points of one series. */
export interface PointSink {
  /** A point with the series' attributes, plus `extra` when given (e.g. `{ quantile: 0.5 }`). */
  point(value: number, extra?: Attributes): void;
  /** A point with the series' attributes and `tags` (a tagged histogram's tag set). */
  tagged(tags: Attributes, value: number): void;
}

/**
 * The Prometheus-like (label-oriented) rendering of a kind: families named
 * from one base name. The base name is the instrument name with the unit
 * `unit` names, built as a counter's (`_total`) when the `''` family is a
 * counter, otherwise as any other family's.
 */
export interface FamilyLayout<V> {
  /** `instrument`: the instrument's unit; `seconds`: the instrument's unit, `s` when it has none (timers). */
  readonly unit: 'instrument' | 'seconds';
  readonly families: ReadonlyArray<FamilyDescription<V>>;
}

/** One family of a kind, in output order. */
export interface FamilyDescription<V> {
  /** `''`: the base family (with the unit); else `<base family name>_<suffix>` (no unit). */
  readonly suffix: string;
  readonly type: 'counter' | 'gauge' | 'summary';
  /** Appended to the HELP text (the instrument's description), e.g. `' (per second)'`. */
  readonly help: string;
  /**
   * The label this family adds to samples (`sample(value, labelValue)`):
   * an attribute of that name must be renamed (`_window`). `quantile` for
   * summaries.
   */
  readonly label?: 'window' | 'outcome' | 'quantile' | 'otel_metric_overflow';
  /** Writes the samples of one series' value. */
  samples(value: V, sink: SampleSink): void;
}

/** Receives the samples of one series for one family. */
export interface SampleSink {
  /** A sample with the series' labels, plus the family's `label` set to `labelValue` when given. */
  sample(value: number, labelValue?: string): void;
  /** A sample with the series' labels and `tags` (a tagged histogram's tag set). */
  tagSet(tags: Attributes, value: number): void;
  /** A summary: one sample per quantile (`quantile` label), then `_sum` and `_count`. */
  summary(quantiles: ReadonlyArray<{ readonly quantile: number; readonly value: number }>, sum: number, count: number): void;
}

/**
 * The column-oriented rendering of a kind (InfluxDB): one line per series
 * with named fields, plus per-quantile fields or lines and, for tagged
 * histograms, one line per tag set.
 */
export interface FieldLayout<V> {
  /** Adds the series line's fields, in order (e.g. `count`, `sum`, `min`, ..., `m1_rate`). */
  write(value: V, out: FieldSink): void;
  /** Quantiles the exporter writes its own way (a field per quantile, or a `quantile` tag). */
  quantiles?(value: V): ReadonlyArray<{ readonly quantile: number; readonly value: number }>;
  /** Lines written before the series line, one per tag set (the series' tags plus `tags`), each with one `count` field. */
  tagSets?(value: V): ReadonlyArray<{ readonly tags: Attributes; readonly count: number }>;
}

/** Receives fields (the InfluxDB exporter's `FieldSet` is one). */
export interface FieldSink {
  add(key: string, value: number): unknown;
}
