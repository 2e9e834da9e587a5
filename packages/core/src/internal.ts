/**
 * `@meterwork/core/internal`: what the other meterwork packages share with
 * core. Not a public API: it may change in any release, without notice.
 */
export { attachMeterworkData } from './sdk/data/split';
export { encodeStandard } from './sdk/export/encodeStandard';
export { exponentialToExplicit } from './sdk/export/exponentialToExplicit';
export { attributesKey } from './sdk/data/attributesKey';
export { ProducerOptionsKey } from './sdk/export/MeterworkProducer';
export { kindOf, kindOfData, KIND_NAMES } from './sdk/kind/kinds';
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
} from './sdk/kind/types';
export { describeOptionValue } from './options/errors';
export { validateAuth, authorizationHeader } from './options/auth';
export { createAuthChecker } from './options/authChecker';
export type { AuthChecker } from './options/authChecker';
export { resolveRetryOptions, parseRetryAfter, retryDelayMillis } from './options/retry';
export type { ResolvedRetryOptions } from './options/retry';
export { positiveIntegerOption, positiveNumberOption, functionOption, DropWarner, httpUrlOption } from './validate';
export { wildcardToRegExp } from './sdk/view/ViewMatcher';
