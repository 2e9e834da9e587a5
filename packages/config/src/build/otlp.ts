import { createRequire } from 'module';
import { mergeHeadersConfig } from '@opentelemetry/configuration';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { OtlpConfig } from '../model/types';
import { PEER_PACKAGES, requirePeer } from './peers';

/** The options the three OTLP metric exporters share (typed here so that either major of the packages fits). */
interface OtlpExporterOptions {
  url?: string | undefined;
  headers?: Record<string, string> | undefined;
  metadata?: unknown;
  compression?: string | undefined;
  timeoutMillis?: number | undefined;
  temporalityPreference?: number | undefined;
}
type OtlpModule = { OTLPMetricExporter: new (options: OtlpExporterOptions) => PushMetricExporter };

/** The values of the OTLP exporters' `AggregationTemporalityPreference` (DELTA 0, CUMULATIVE 1, LOWMEMORY 2). */
const TEMPORALITY_PREFERENCE: Readonly<Record<string, number>> = { delta: 0, cumulative: 1, low_memory: 2 };

/**
 * An OTLP metric exporter from meter_provider's keys (`otlp_http`, `otlp_grpc`):
 * `encoding: protobuf` (the default) is @opentelemetry/exporter-metrics-otlp-proto,
 * `json` @opentelemetry/exporter-metrics-otlp-http, gRPC @opentelemetry/exporter-metrics-otlp-grpc.
 * Unset keys fall back to the `OTEL_EXPORTER_OTLP_*` variables, as the packages do.
 */
export function createOtlpExporter(kind: 'otlp_http' | 'otlp_grpc', config: OtlpConfig | null | undefined): PushMetricExporter {
  const c = config ?? {};
  const headers = mergeHeadersConfig(c.headers as never, c.headersList);
  const options: OtlpExporterOptions = {
    url: c.endpoint,
    compression: c.compression,
    timeoutMillis: c.timeout,
    temporalityPreference: c.temporalityPreference === undefined ? undefined : TEMPORALITY_PREFERENCE[c.temporalityPreference],
  };
  for (const key of Object.keys(options) as Array<keyof OtlpExporterOptions>) if (options[key] === undefined) delete options[key];
  if (kind === 'otlp_grpc') {
    const mod = requirePeer<OtlpModule>(PEER_PACKAGES.otlpGrpc);
    if (headers !== undefined) options.metadata = grpcMetadata(headers);
    return new mod.OTLPMetricExporter(options);
  }
  const mod = requirePeer<OtlpModule>(c.encoding === 'json' ? PEER_PACKAGES.otlpHttp : PEER_PACKAGES.otlpProto);
  if (headers !== undefined) options.headers = headers;
  return new mod.OTLPMetricExporter(options);
}

/** gRPC metadata from headers, made with the @grpc/grpc-js the gRPC exporter itself uses. */
function grpcMetadata(headers: Record<string, string>): unknown {
  const fromExporter = createRequire(require.resolve(PEER_PACKAGES.otlpGrpc));
  const { Metadata } = fromExporter('@grpc/grpc-js') as { Metadata: new () => { set(k: string, v: string): void } };
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
  return metadata;
}
