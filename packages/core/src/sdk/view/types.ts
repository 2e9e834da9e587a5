/**
 * Meterwork views: plain data (no classes, no functions) so that a view maps
 * 1:1 to a YAML block of a configuration file later. The first view whose
 * selectors match an instrument wins.
 */

/**
 * Instrument types a view can select: the values of sdk-metrics'
 * `InstrumentType` enum (`InstrumentType.COUNTER` is `'COUNTER'`), so either
 * spelling works. Observable instruments are not listed: their callbacks run
 * inside the SDK, so meterwork leaves them to it (a view that matches one is
 * reported once with a diag, see the README).
 */
export type ViewInstrumentType = 'COUNTER' | 'UP_DOWN_COUNTER' | 'HISTOGRAM' | 'GAUGE';

/** The observable instrument types, as sdk-metrics' `InstrumentType` spells them. */
export type ObservableInstrumentType = 'OBSERVABLE_COUNTER' | 'OBSERVABLE_UP_DOWN_COUNTER' | 'OBSERVABLE_GAUGE';

/** Quantiles reported when a view does not list its own (Dropwizard's). */
export const DEFAULT_QUANTILES: readonly number[] = Object.freeze([0.5, 0.75, 0.95, 0.98, 0.99, 0.999]);

interface QuantilesOption {
  /** Quantiles to report, each in [0, 1].
   * @default [0.5, 0.75, 0.95, 0.98, 0.99, 0.999] */
  readonly quantiles?: readonly number[] | undefined;
}

/** The last `windowMillis` of measurements, exactly (16 bytes per value held:
 * at high rates prefer `bounded_time_window`). */
export interface SlidingTimeWindowAggregation extends QuantilesOption {
  readonly type: 'sliding_time_window';
  readonly windowMillis: number;
  /** Samples kept at most per series; older ones are dropped (and counted) beyond it.
   * @default 100000 */
  readonly maxSamples?: number | undefined;
  /** Samples kept at most by all series of the instrument together (16 bytes
   * each); beyond it the recording series drops its oldest value, counted in
   * `dropped`, with a rate-limited `diag.warn` naming the instrument.
   * @default 1000000 (16 MB) */
  readonly maxSamplesPerInstrument?: number | undefined;
}

/** The last `size` measurements. */
export interface SlidingWindowAggregation extends QuantilesOption {
  readonly type: 'sliding_window';
  readonly size: number;
}

/** The last `windowMillis`, kept as a ring of sub-window sketches: bounded memory. */
export interface BoundedTimeWindowAggregation extends QuantilesOption {
  readonly type: 'bounded_time_window';
  readonly windowMillis: number;
  /** Number of sub-windows the window is split into.
   * @default the reservoir's own default */
  readonly subWindows?: number | undefined;
  /** Relative error of the quantiles, in (0, 1).
   * @default the reservoir's own default */
  readonly relativeError?: number | undefined;
  /** Buckets per sign per sub-window.
   * @default the reservoir's own default */
  readonly maxBuckets?: number | undefined;
}

/** Vitter's algorithm R: a uniform sample of the whole stream. */
export interface UniformAggregation extends QuantilesOption {
  readonly type: 'uniform';
  /** @default 1028 */
  readonly size?: number | undefined;
}

/** Forward-decaying priority sample biased towards the last ~5 minutes. */
export interface ExponentiallyDecayingAggregation extends QuantilesOption {
  readonly type: 'exponentially_decaying';
  /** @default 1028 */
  readonly size?: number | undefined;
  /** @default 0.015 */
  readonly alpha?: number | undefined;
}

export type ReservoirAggregation =
  SlidingTimeWindowAggregation | SlidingWindowAggregation | BoundedTimeWindowAggregation | UniformAggregation | ExponentiallyDecayingAggregation;

/** EWMA meter: each measurement marks `value` events (a counter's increment). */
export interface MeterAggregation {
  readonly type: 'meter';
}

/** A timer: a reservoir of durations plus the EWMA rate of measurements.
 * Values are durations in seconds (OTel's `s` unit); negative ones are dropped. */
export interface TimerAggregation {
  readonly type: 'timer';
  /** @default { type: 'exponentially_decaying' } */
  readonly reservoir?: ReservoirAggregation | undefined;
}

export interface GoNoGoOutliersOption {
  /** A value is an outlier when |x - mean| > k * stdDev.
   * @default 3 */
  readonly k?: number | undefined;
  /** Samples of the same outcome needed before outliers are detected.
   * @default 30 */
  readonly minSamples?: number | undefined;
}

/** Count/sum/min/max per outcome: no-go when the measurement carries `errorAttribute`. */
export interface GoNoGoAggregation {
  readonly type: 'go_no_go';
  /** Attribute whose presence classifies a measurement as no-go; it is not
   * part of the series key.
   * @default 'error.type' (OTel semantic conventions) */
  readonly errorAttribute?: string | undefined;
  /** Outlier detection (always on; counted in `<name>.outliers`).
   * @default { k: 3, minSamples: 30 } */
  readonly outliers?: GoNoGoOutliersOption | undefined;
  /** Length of a period: mean, min, max and the outlier baseline cover the
   * current period (and restart empty at each new one); counts, sums and the
   * outlier count are cumulative.
   * @default 60000 */
  readonly periodMillis?: number | undefined;
}

/** A count per distinct attribute set, plus the total and an overflow count:
 * on a counter the count is the sum of the increments, on a histogram or
 * gauge the number of measurements. */
export interface TaggedHistogramAggregation {
  readonly type: 'tagged_histogram';
  /** Distinct tag sets kept; further ones are counted as overflow.
   * @default the view's `aggregationCardinalityLimit` minus one (the overflow series) */
  readonly maxTagSets?: number | undefined;
}

export type MeterworkAggregation = ReservoirAggregation | MeterAggregation | TimerAggregation | GoNoGoAggregation | TaggedHistogramAggregation;

/**
 * Attribute keys kept in the series key, as the OTel declarative
 * configuration's `stream.attribute_keys` (exact, case-sensitive keys;
 * `excluded` applies after `included`).
 */
export interface AttributeKeysFilter {
  /** Only these keys are kept. @default all keys */
  readonly included?: readonly string[] | undefined;
  /** These keys are dropped. @default none */
  readonly excluded?: readonly string[] | undefined;
}

/**
 * A view: instrument selectors and how the selected instruments'
 * measurements are aggregated. Option names are OTel's `ViewOptions`
 * (sdk-metrics), each selector matching as OTel's does; unlike OTel, the
 * first matching view wins (views are tried in the order given).
 */
export interface MeterworkView {
  /** Instrument name pattern: `*` matches any run of characters (dots
   * included), `?` exactly one; case-insensitive like OTel instrument names.
   * @default '*' (any name; at least one selector must be given) */
  readonly instrumentName?: string | undefined;
  /** @default any synchronous instrument type */
  readonly instrumentType?: ViewInstrumentType | undefined;
  /** Instrument unit, matched exactly. @default any unit */
  readonly instrumentUnit?: string | undefined;
  /** Meter (instrumentation scope) name, matched exactly as OTel does (no wildcards).
   * @default any meter */
  readonly meterName?: string | undefined;
  /** Meter version, matched exactly. @default any version */
  readonly meterVersion?: string | undefined;
  /** Meter schema URL, matched exactly. @default any schema URL */
  readonly meterSchemaUrl?: string | undefined;
  /** Name of the resulting metric. A named view must select at most one
   * instrument per meter (OTel's rule): `instrumentName` without wildcards.
   * @default the instrument's name */
  readonly name?: string | undefined;
  /** @default the instrument's description */
  readonly description?: string | undefined;
  /** Attribute keys kept in the series key; the others are ignored.
   * @default all keys */
  readonly attributeKeys?: AttributeKeysFilter | undefined;
  /** Series kept per instrument, the overflow series included (OTel's rule).
   * @default 2000 */
  readonly aggregationCardinalityLimit?: number | undefined;
  /** Also let the OTel SDK aggregate the instrument (double cost).
   * @default false */
  readonly keepOtelAggregation?: boolean | undefined;
  /** How measurements are aggregated; it must fit the instrument type (see
   * `AGGREGATION_INSTRUMENT_TYPES` and the README's table). */
  readonly aggregation: MeterworkAggregation;
}
