// The public surface of @meterwork/config.
export { PolicyMetricReader } from './policy/PolicyMetricReader';
export type { ReportingPolicy, PolicyMetricReaderOptions, PolicyTemporality } from './policy/types';
export { startMetrics } from './startMetrics';
export type { StartMetricsOptions } from './startMetrics';
export { MetricsHandle } from './MetricsHandle';
export type { PullEndpoint } from './MetricsHandle';
export { loadMetricsConfig, METERWORK_BLOCK_PATH } from './file/loadMetricsConfig';
export type { MetricsConfig } from './file/loadMetricsConfig';
export { ConfigFileError } from './file/ConfigFileError';
export type { ConfigProblem } from './file/ConfigFileError';
export { SCHEMA_PATH } from './schema/meterworkSchema';
export { ENV_EXPORTERS } from './env/fromEnv';
export type {
  MeterworkBlockConfig,
  ReaderConfig,
  PushExporterConfig,
  PushgatewayConfig,
  InfluxConfig,
  OtlpConfig,
  PrometheusPullConfig,
  PrometheusSerializerConfig,
  RetryConfig,
  ViewConfig,
  PolicyConfig,
  TorConfig,
  OnionClientAuthConfig,
} from './model/types';
