/* eslint-disable @typescript-eslint/no-require-imports -- optional peers are loaded lazily, only when a reader names one of their exporters */
/**
 * The exporter packages are optional peer dependencies: an application
 * installs those its configuration names. Each is required only when a
 * reader names one of its exporters, so a missing one is reported as a
 * configuration problem naming the package to install.
 */
export const PEER_PACKAGES = {
  meterworkPrometheus: '@meterwork/exporter-prometheus',
  meterworkInflux: '@meterwork/exporter-influx',
  otlpHttp: '@opentelemetry/exporter-metrics-otlp-http',
  otlpProto: '@opentelemetry/exporter-metrics-otlp-proto',
  otlpGrpc: '@opentelemetry/exporter-metrics-otlp-grpc',
  otelPrometheus: '@opentelemetry/exporter-prometheus',
  transportTor: '@meterwork/transport-tor',
} as const;

export type PeerPackage = (typeof PEER_PACKAGES)[keyof typeof PEER_PACKAGES];

/** Thrown by {@link requirePeer} when the package is not installed. */
export class MissingPeerError extends Error {
  constructor(
    readonly packageName: string,
    options?: { cause?: unknown },
  ) {
    super(`needs the package ${packageName}, which is not installed: npm install ${packageName}`, options);
    this.name = 'MissingPeerError';
  }
}

/** `require(name)`, or {@link MissingPeerError} when that package (not one of its own dependencies) cannot be resolved. */
export function requirePeer<T>(name: PeerPackage): T {
  try {
    // Static names (no variable in require) so bundlers see them; the switch keeps each lazy.
    switch (name) {
      case '@meterwork/exporter-prometheus':
        return require('@meterwork/exporter-prometheus') as T;
      case '@meterwork/exporter-influx':
        return require('@meterwork/exporter-influx') as T;
      case '@opentelemetry/exporter-metrics-otlp-http':
        return require('@opentelemetry/exporter-metrics-otlp-http') as T;
      case '@opentelemetry/exporter-metrics-otlp-proto':
        return require('@opentelemetry/exporter-metrics-otlp-proto') as T;
      case '@opentelemetry/exporter-metrics-otlp-grpc':
        return require('@opentelemetry/exporter-metrics-otlp-grpc') as T;
      case '@opentelemetry/exporter-prometheus':
        return require('@opentelemetry/exporter-prometheus') as T;
      case '@meterwork/transport-tor':
        return require('@meterwork/transport-tor') as T;
    }
  } catch (error) {
    if (isNotFound(error, name)) throw new MissingPeerError(name, { cause: error });
    throw error;
  }
}

function isNotFound(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') && typeof e.message === 'string' && e.message.includes(`'${name}'`);
}
