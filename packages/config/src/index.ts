// The public surface of @meterwork/config.
export { PolicyMetricReader } from './policy/PolicyMetricReader';
export type { ReportingPolicy, PolicyMetricReaderOptions, PolicyTemporality } from './policy/types';
