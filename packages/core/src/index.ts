export { MeterworkDataKey } from './data/types';
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
} from './data/types';
export { getMeterworkData, splitMeterworkMetrics } from './data/split';
export type { Clock } from './clock';
export { monotonicClock, coarseClock, COARSE_CLOCK_RESOLUTION_MILLIS } from './clock';
export type { Snapshot } from './snapshot/types';
export { UniformSnapshot } from './snapshot/UniformSnapshot';
export { WeightedSnapshot } from './snapshot/WeightedSnapshot';
export { SketchSnapshot } from './snapshot/SketchSnapshot';
export type { Reservoir, RandomSource } from './reservoir/types';
export { UniformReservoir } from './reservoir/UniformReservoir';
export type { UniformReservoirOptions } from './reservoir/UniformReservoir';
export { SlidingWindowReservoir } from './reservoir/SlidingWindowReservoir';
export type { SlidingWindowReservoirOptions } from './reservoir/SlidingWindowReservoir';
export { SlidingTimeWindowReservoir } from './reservoir/SlidingTimeWindowReservoir';
export type { SlidingTimeWindowReservoirOptions } from './reservoir/SlidingTimeWindowReservoir';
export { ExponentiallyDecayingReservoir } from './reservoir/ExponentiallyDecayingReservoir';
export type { ExponentiallyDecayingReservoirOptions } from './reservoir/ExponentiallyDecayingReservoir';
export { BoundedTimeWindowReservoir } from './reservoir/BoundedTimeWindowReservoir';
export type { BoundedTimeWindowReservoirOptions } from './reservoir/BoundedTimeWindowReservoir';
export { createReservoir, RESERVOIR_TYPES } from './reservoir/createReservoir';
export type { ReservoirOptions } from './reservoir/createReservoir';
export { EWMA, TICK_INTERVAL_SECONDS } from './meter/EWMA';
export { Meter } from './meter/Meter';
export type { MeterOptions } from './meter/Meter';
export { Timer } from './timer/Timer';
export type { TimerOptions } from './timer/Timer';
export { GoNoGo } from './gonogo/GoNoGo';
export type { GoNoGoOptions, GoNoGoOutlierOptions, GoNoGoOutlierEvent, GoNoGoOutcome } from './gonogo/GoNoGo';
export { TaggedHistogram } from './tagged/TaggedHistogram';
export type { TaggedHistogramOptions } from './tagged/TaggedHistogram';
export { Meterwork, DEFAULT_CARDINALITY_LIMIT } from './otel/Meterwork';
export type { MeterworkOptions, MeterworkMeterProviderOptions, GoNoGoRecorder, GoNoGoRecorderOptions } from './otel/Meterwork';
export { WrappedMeterProvider } from './otel/WrappedMeterProvider';
export { bindInstrument } from './otel/instruments';
export type { BoundInstrument } from './otel/instruments';
export { MeterworkProducer } from './export/MeterworkProducer';
export type { MeterworkProducerOptions } from './export/MeterworkProducer';
export { validateViews } from './view/validateViews';
export { DEFAULT_QUANTILES } from './view/types';
export { AGGREGATION_INSTRUMENT_TYPES } from './view/instrumentFit';
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
} from './view/types';
export { OVERFLOW_ATTRIBUTES } from './state/SeriesTable';
export { InvalidOptionError } from './options/errors';
export type { AuthOptions } from './options/auth';
export type { RetryOptions } from './options/retry';
