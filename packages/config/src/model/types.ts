/**
 * `distribution.meterwork` after validation: the file's snake_case keys in
 * camelCase (the packages' option names), map keys (headers, tags, grouping
 * keys) as written. Exporter and aggregation names stay the file's.
 */
import type { AuthOptions } from '@meterwork/core';

/** A retry block; `maxRetries: "Infinity"` in the file is `Infinity` here. */
export interface RetryConfig {
  readonly maxRetries?: number | 'Infinity' | undefined;
  readonly initialDelayMillis?: number | undefined;
  readonly maxDelayMillis?: number | undefined;
  readonly maxRetryAfterMillis?: number | undefined;
}

/** Options shared by the Prometheus outputs (`PrometheusSerializerOptions` in the file's spelling). */
export interface PrometheusSerializerConfig {
  readonly withScopeLabels?: boolean | undefined;
  readonly withTargetInfo?: boolean | undefined;
  readonly withUnitSuffix?: boolean | undefined;
  readonly withTotalSuffix?: boolean | undefined;
  readonly withResourceConstantLabels?: { readonly include?: readonly string[] | undefined; readonly exclude?: readonly string[] | undefined } | undefined;
  readonly maxExponentialBuckets?: number | undefined;
  readonly withCreated?: boolean | undefined;
  readonly chunkSizeChars?: number | undefined;
}

/** `exporter.pushgateway`: `PushgatewayExporterOptions` of @meterwork/exporter-prometheus. */
export interface PushgatewayConfig {
  readonly url: string;
  readonly job: string;
  readonly groupingKey?: Readonly<Record<string, string>> | undefined;
  readonly auth?: AuthOptions | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly method?: 'PUT' | 'POST' | undefined;
  readonly requestTimeoutMillis?: number | undefined;
  readonly exportTimeoutMillis?: number | undefined;
  readonly retry?: RetryConfig | undefined;
  readonly serializer?: PrometheusSerializerConfig | undefined;
  readonly deleteOnShutdown?: boolean | undefined;
  /** `tor`: push through the block's `tor` transport. */
  readonly transport?: 'tor' | undefined;
}

/** `exporter.influxdb`: `InfluxMetricExporterOptions` of @meterwork/exporter-influx. */
export interface InfluxConfig {
  readonly url: string;
  readonly v1?: { readonly database: string; readonly retentionPolicy?: string | undefined } | undefined;
  readonly v2?: { readonly org?: string | undefined; readonly bucket: string } | undefined;
  readonly auth?: AuthOptions | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly batchLines?: number | undefined;
  readonly batchBytes?: number | undefined;
  readonly maxInFlight?: number | undefined;
  readonly maxBufferLines?: number | undefined;
  readonly maxBufferBytes?: number | undefined;
  readonly retry?: RetryConfig | undefined;
  readonly requestTimeoutMillis?: number | undefined;
  readonly flushTimeoutMillis?: number | undefined;
  readonly sessionIdTag?: string | undefined;
  readonly selfMetrics?: boolean | undefined;
  readonly temporality?: 'cumulative' | 'delta' | undefined;
  readonly schema?: 'telegraf-prometheus-v1' | 'telegraf-prometheus-v2' | undefined;
  readonly precision?: 'ns' | 'us' | 'ms' | 's' | undefined;
  readonly defaultTags?: Readonly<Record<string, string>> | undefined;
  readonly resourceAttributes?: { readonly include?: readonly string[] | '*' | undefined; readonly exclude?: readonly string[] | undefined } | undefined;
  readonly scopeTags?: boolean | undefined;
  /** `tor`: write through the block's `tor` transport. */
  readonly transport?: 'tor' | undefined;
}

/** `exporter.otlp_http` / `exporter.otlp_grpc`, with meter_provider's keys. */
export interface OtlpConfig {
  readonly endpoint?: string | undefined;
  readonly headers?: ReadonlyArray<{ readonly name: string; readonly value: string }> | undefined;
  readonly headersList?: string | undefined;
  readonly compression?: 'gzip' | 'none' | undefined;
  readonly timeout?: number | undefined;
  readonly temporalityPreference?: 'cumulative' | 'delta' | 'low_memory' | undefined;
  readonly encoding?: 'protobuf' | 'json' | undefined;
}

/** `pull.exporter.prometheus`: `PrometheusPullReaderOptions` of @meterwork/exporter-prometheus. */
export interface PrometheusPullConfig extends PrometheusSerializerConfig {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly endpoint?: string | undefined;
  readonly auth?: AuthOptions | undefined;
  readonly gzip?: boolean | undefined;
}

/** One push exporter, by its name in the file. */
export type PushExporterConfig =
  | { readonly pushgateway: PushgatewayConfig }
  | { readonly influxdb: InfluxConfig }
  | { readonly otlpHttp: OtlpConfig }
  | { readonly otlpGrpc: OtlpConfig }
  | { readonly console: Record<string, never> | null };

/** `readers[]`: exactly one of `periodic` and `pull`. */
export type ReaderConfig =
  | { readonly periodic: { readonly interval?: number | undefined; readonly timeout?: number | undefined; readonly exporter: PushExporterConfig } }
  | { readonly pull: { readonly exporter: { readonly prometheus: PrometheusPullConfig } } };

/** `views[]`, with `stream.aggregation` holding exactly one meterwork aggregation by its file name. */
export interface ViewConfig {
  readonly selector: {
    readonly instrumentName?: string | undefined;
    readonly instrumentType?: 'counter' | 'up_down_counter' | 'histogram' | 'gauge' | undefined;
    readonly unit?: string | undefined;
    readonly meterName?: string | undefined;
    readonly meterVersion?: string | undefined;
    readonly meterSchemaUrl?: string | undefined;
  };
  readonly stream: {
    readonly name?: string | undefined;
    readonly description?: string | undefined;
    readonly aggregation: Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;
    readonly attributeKeys?: { readonly included?: readonly string[] | undefined; readonly excluded?: readonly string[] | undefined } | undefined;
    readonly aggregationCardinalityLimit?: number | undefined;
    readonly keepOtelAggregation?: boolean | undefined;
  };
}

/**
 * `policies[]`: a reporting policy as written in the file (the engine's
 * `ReportingPolicy` with `interval` in milliseconds and exporters named by kind).
 */
export interface PolicyConfig {
  readonly name: string;
  readonly interval?: number | undefined;
  readonly report: readonly string[];
  readonly reportInactive?: boolean | undefined;
  readonly temporality?: 'cumulative' | 'delta' | undefined;
  readonly exporters?: ReadonlyArray<'pushgateway' | 'influxdb' | 'otlp_http' | 'otlp_grpc' | 'console'> | undefined;
  readonly exportTimeoutMillis?: number | undefined;
}

/** The validated `distribution.meterwork` block. */
export interface MeterworkBlockConfig {
  readonly readers?: readonly ReaderConfig[] | undefined;
  readonly views?: readonly ViewConfig[] | undefined;
  readonly policies?: readonly PolicyConfig[] | undefined;
  readonly prefix?: string | undefined;
  readonly tor?: TorConfig | undefined;
}

/** `onion_client_auth[]` entry. */
export interface OnionClientAuthConfig {
  readonly address: string;
  readonly privateKey: string;
}

/** `tor`: `TorTransportOptions` of @meterwork/transport-tor in the file's spelling. */
export interface TorConfig {
  readonly attach?:
    | {
        readonly socksPort: number;
        readonly socksHost?: string | undefined;
        readonly controlPort?: number | undefined;
        readonly controlAuth?: { readonly password?: string | undefined; readonly cookieFile?: string | undefined } | undefined;
        readonly onionClientAuth?: readonly OnionClientAuthConfig[] | undefined;
      }
    | undefined;
  readonly tor?:
    | {
        readonly torPath?: string | undefined;
        readonly dataDirectory?: string | undefined;
        readonly socksPort?: number | 'auto' | undefined;
        readonly torrcLines?: readonly string[] | undefined;
        readonly onionClientAuth?: readonly OnionClientAuthConfig[] | undefined;
        readonly bootstrapTimeoutMillis?: number | undefined;
        readonly restart?: RetryConfig | undefined;
        readonly healthyAfterMillis?: number | undefined;
        readonly stopTimeoutMillis?: number | undefined;
      }
    | undefined;
  readonly anonymous?:
    | boolean
    | {
        readonly rotateEveryHours?: number | undefined;
        readonly attributeKeys?: readonly string[] | undefined;
        readonly roundTimestampsMillis?: number | undefined;
      }
    | undefined;
}
