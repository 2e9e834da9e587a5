/**
 * `@meterwork/core/internal`: what the other meterwork packages share with
 * core. Not a public API: it may change in any release, without notice.
 */
export { attachMeterworkData } from './data/split';
export { encodeStandard } from './export/encodeStandard';
export { exponentialToExplicit } from './export/exponentialToExplicit';
export { attributesKey } from './data/attributesKey';
export { ProducerOptionsKey } from './export/MeterworkProducer';
export { kindOf, kindOfData, KIND_NAMES } from './kind/kinds';
export type {
  AggregationKind,
  KindName,
  ValueOf,
  StandardMetric,
  PointSink,
  FamilyLayout,
  FamilyDescription,
  SampleSink,
  FieldLayout,
  FieldSink,
} from './kind/types';
export { describeOptionValue } from './options/errors';
export { validateAuth, authorizationHeader } from './options/auth';
export { resolveRetryOptions, parseRetryAfter, retryDelayMillis } from './options/retry';
export type { ResolvedRetryOptions } from './options/retry';
export { positiveIntegerOption, positiveNumberOption, functionOption, DropWarner } from './validate';
