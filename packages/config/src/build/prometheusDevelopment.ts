import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import { PEER_PACKAGES, requirePeer } from './peers';
import type { BuiltReader } from './types';

interface OtelPrometheusExporter extends MetricReader {
  getMetricsRequestHandler(request: IncomingMessage, response: ServerResponse): void;
}
type OtelPrometheusExporterClass = new (options: Record<string, unknown>) => OtelPrometheusExporter;

const ENDPOINT = '/metrics';

/**
 * The standard `prometheus/development` pull reader, built with the official
 * `@opentelemetry/exporter-prometheus`. Its HTTP server is ours: the official
 * exporter reads `port: 0` as "unset" (9464, or OTEL_EXPORTER_PROMETHEUS_PORT,
 * which the spec says a file overrides) and does not tell the port it bound,
 * so the handle could only report the configured one. Here the exporter
 * serves its public request handler on a server that listens on the file's
 * host and port, `0` meaning a free port, and `start()` resolves with the
 * bound URL. The server closes before the provider shuts down.
 */
export function buildPrometheusDevelopment(path: string, host: string, port: number, options: Record<string, unknown>): BuiltReader {
  const { PrometheusExporter } = requirePeer<{ PrometheusExporter: OtelPrometheusExporterClass }>(PEER_PACKAGES.otelPrometheus);
  const exporter = new PrometheusExporter({ ...options, host, port, preventServerStart: true });
  let server: Server | undefined;
  const start = async (): Promise<string> => {
    const s = createServer((req, res) => {
      if ((req.url ?? '').split('?')[0] === ENDPOINT) {
        exporter.getMetricsRequestHandler(req, res);
      } else {
        res.statusCode = 404;
        res.end();
      }
    }).unref();
    server = s;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen({ host, port }, () => resolve());
    });
    const bound = (s.address() as AddressInfo).port;
    return `http://${host.includes(':') ? `[${host}]` : host}:${bound}${ENDPOINT}`;
  };
  const beforeShutdown = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (s === undefined || !s.listening) return;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return { reader: exporter, path, exporterName: 'prometheus/development', start, beforeShutdown };
}
