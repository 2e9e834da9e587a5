export { MeterworkDataKey } from './sdk/data/types';
export type {
  MeterworkDescriptor,
  SummaryValue,
  MeterValue,
  TimerValue,
  GoNoGoStats,
  GoNoGoValue,
  TaggedHistogramValue,
  MeterworkDataPoint,
  SummaryMetricData,
  TimerMetricData,
  MeterMetricData,
  GoNoGoMetricData,
  TaggedHistogramMetricData,
  MeterworkMetricData,
} from './sdk/data/types';
export { getMeterworkData, splitMeterworkMetrics } from './sdk/data/split';
export type { Clock } from './clock';
export { monotonicClock, coarseClock, COARSE_CLOCK_RESOLUTION_MILLIS } from './clock';
export type { Snapshot } from './primitives/snapshot/types';
export { UniformSnapshot } from './primitives/snapshot/UniformSnapshot';
export { WeightedSnapshot } from './primitives/snapshot/WeightedSnapshot';
export { SketchSnapshot } from './primitives/snapshot/SketchSnapshot';
export type { Reservoir, RandomSource } from './primitives/reservoir/types';
export { UniformReservoir } from './primitives/reservoir/UniformReservoir';
export type { UniformReservoirOptions } from './primitives/reservoir/UniformReservoir';
export { SlidingWindowReservoir } from './primitives/reservoir/SlidingWindowReservoir';
export type { SlidingWindowReservoirOptions } from './primitives/reservoir/SlidingWindowReservoir';
export { SlidingTimeWindowReservoir } from './primitives/reservoir/SlidingTimeWindowReservoir';
export type { SlidingTimeWindowReservoirOptions } from './primitives/reservoir/SlidingTimeWindowReservoir';
export { ExponentiallyDecayingReservoir } from './primitives/reservoir/ExponentiallyDecayingReservoir';
export type { ExponentiallyDecayingReservoirOptions } from './primitives/reservoir/ExponentiallyDecayingReservoir';
export { BoundedTimeWindowReservoir } from './primitives/reservoir/BoundedTimeWindowReservoir';
export type { BoundedTimeWindowReservoirOptions } from './primitives/reservoir/BoundedTimeWindowReservoir';
export { createReservoir, RESERVOIR_TYPES } from './primitives/reservoir/createReservoir';
export type { ReservoirOptions } from './primitives/reservoir/createReservoir';
export { EWMA, TICK_INTERVAL_SECONDS } from './primitives/meter/EWMA';
export { Meter } from './primitives/meter/Meter';
export type { MeterOptions } from './primitives/meter/Meter';
export { Timer } from './primitives/timer/Timer';
export type { TimerOptions } from './primitives/timer/Timer';
export { GoNoGo } from './primitives/gonogo/GoNoGo';
export type { GoNoGoOptions, GoNoGoOutlierOptions, GoNoGoOutlierEvent, GoNoGoOutcome } from './primitives/gonogo/GoNoGo';
export { TaggedHistogram } from './primitives/tagged/TaggedHistogram';
export type { TaggedHistogramOptions } from './primitives/tagged/TaggedHistogram';
export { Meterwork, DEFAULT_CARDINALITY_LIMIT } from './sdk/otel/Meterwork';
export type { MeterworkOptions, MeterworkMeterProviderOptions, GoNoGoRecorder, GoNoGoRecorderOptions } from './sdk/otel/Meterwork';
export { WrappedMeterProvider } from './sdk/otel/WrappedMeterProvider';
export { bindInstrument } from './sdk/otel/instruments';
export type { BoundInstrument } from './sdk/otel/instruments';
export { MeterworkProducer } from './sdk/export/MeterworkProducer';
export type { MeterworkProducerOptions } from './sdk/export/MeterworkProducer';
export type { MeterworkSource } from './sdk/export/MetricSource';
export { validateViews } from './sdk/view/validateViews';
export { DEFAULT_QUANTILES } from './sdk/view/types';
export { AGGREGATION_INSTRUMENT_TYPES } from './sdk/view/instrumentFit';
export type {
  MeterworkView,
  MeterworkAggregation,
  ViewInstrumentType,
  ObservableInstrumentType,
  AttributeKeysFilter,
  ReservoirAggregation,
  SlidingTimeWindowAggregation,
  SlidingWindowAggregation,
  BoundedTimeWindowAggregation,
  UniformAggregation,
  ExponentiallyDecayingAggregation,
  MeterAggregation,
  TimerAggregation,
  GoNoGoAggregation,
  GoNoGoOutliersOption,
  TaggedHistogramAggregation,
} from './sdk/view/types';
export { OVERFLOW_ATTRIBUTES } from './sdk/storage/SeriesTable';
export { InvalidOptionError } from './options/errors';
export type { AuthOptions } from './options/auth';
export type { RetryOptions } from './options/retry';
