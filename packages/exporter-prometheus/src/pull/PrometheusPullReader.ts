import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { Readable, pipeline, type Writable } from 'stream';
import { createGzip } from 'zlib';
import { diag } from '@opentelemetry/api';
import { globalErrorHandler } from '@opentelemetry/core';
import { AggregationTemporality, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InvalidOptionError } from '@meterwork/core';
import { resolveModelOptions } from '../model/options';
import { booleanOption, positiveIntegerOption } from '../options';
import { PrometheusSerializer } from '../serializer/serializer';
import { contentTypeOf } from '../serializer/types';
import { createAuthChecker, type AuthChecker } from '@meterwork/core/internal';
import { acceptsGzip, negotiateFormat } from './negotiate';
import type { CollectTextOptions, CollectTextResult, PrometheusPullReaderOptions, PullServerAddress } from './types';

const DEFAULT_PORT = 9464;

const OWNER = 'PrometheusPullReader';

/** Checks the reader's own options and the serializer's (so errors name the reader). */
function validate(options: PrometheusPullReaderOptions): void {
  resolveModelOptions(OWNER, options);
  booleanOption(OWNER, 'withCreated', options.withCreated, true);
  positiveIntegerOption(OWNER, 'chunkSizeChars', options.chunkSizeChars, 1);
  const { host, port, endpoint } = options;
  if (host !== undefined && (typeof host !== 'string' || host.length === 0)) throw new InvalidOptionError(OWNER, 'host', 'must be a non-empty string', host);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new InvalidOptionError(OWNER, 'port', 'must be an integer in [0, 65535]', port);
  if (endpoint !== undefined && (typeof endpoint !== 'string' || !endpoint.startsWith('/')))
    throw new InvalidOptionError(OWNER, 'endpoint', "must start with '/'", endpoint);
}

/**
 * A pull `MetricReader` for Prometheus: serves the exposition (Prometheus
 * text 0.0.4 or OpenMetrics 1.0.0, negotiated from `Accept`, gzip when asked)
 * from its own server (`startServer`), from `requestHandler` mounted on an
 * existing http/express/fastify server, or as text (`collectText`).
 *
 * Concurrent scrapes share one collection (each response is a complete
 * exposition of the same snapshot), and responses are streamed in chunks.
 */
export class PrometheusPullReader extends MetricReader {
  private readonly host: string;
  private readonly port: number;
  private readonly endpoint: string;
  private readonly gzip: boolean;
  private readonly auth: AuthChecker | undefined;
  private readonly serializer: PrometheusSerializer;
  /** The own server once `startServer` was called (shared by concurrent calls, so only one server ever listens). */
  private listening: Promise<{ server: Server; address: PullServerAddress }> | undefined;
  private pending: Promise<ResourceMetrics> | undefined;

  /** `(req, res) => void` for `http.createServer`, express (`app.get('/metrics', handler)`) or fastify (`reply.hijack(); handler(request.raw, reply.raw)`). */
  readonly requestHandler: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(options: PrometheusPullReaderOptions = {}) {
    validate(options);
    super({
      aggregationTemporalitySelector: options.aggregationTemporalitySelector ?? (() => AggregationTemporality.CUMULATIVE),
      aggregationSelector: options.aggregationSelector,
      cardinalitySelector: options.cardinalitySelector,
      metricProducers: options.metricProducers,
    });
    this.host = options.host ?? 'localhost';
    this.port = options.port ?? DEFAULT_PORT;
    this.endpoint = options.endpoint ?? '/metrics';
    this.gzip = booleanOption(OWNER, 'gzip', options.gzip, true);
    this.auth = options.auth === undefined ? undefined : createAuthChecker('PrometheusPullReader', options.auth, 'metrics');
    this.serializer = new PrometheusSerializer(options);
    this.requestHandler = (req, res) => this.handle(req, res);
  }

  /** Starts the own server (idempotent, also for concurrent calls) and resolves with the bound address. */
  async startServer(): Promise<PullServerAddress> {
    const listening = (this.listening ??= this.listen());
    try {
      return (await listening).address;
    } catch (error) {
      if (this.listening === listening) this.listening = undefined;
      throw error;
    }
  }

  /** Stops the own server (if started); open keep-alive connections are closed. */
  async stopServer(): Promise<void> {
    const listening = this.listening;
    if (listening === undefined) return;
    this.listening = undefined;
    let server: Server;
    try {
      ({ server } = await listening);
    } catch {
      return; // it never listened
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async listen(): Promise<{ server: Server; address: PullServerAddress }> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?', 1)[0];
      if (path !== this.endpoint) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found; metrics are at ${this.endpoint}\n`);
        return;
      }
      this.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.unref();
    const { address, port } = server.address() as AddressInfo;
    const urlHost = address.includes(':') ? `[${address}]` : address;
    return { server, address: { host: address, port, url: `http://${urlHost}:${port}${this.endpoint}` } };
  }

  /** Collects and serializes once; the format from `format`, else negotiated from `accept`. */
  async collectText(options: CollectTextOptions = {}): Promise<CollectTextResult> {
    const format = options.format ?? negotiateFormat(options.accept);
    const resourceMetrics = await this.snapshot();
    return { format, contentType: contentTypeOf(format), body: this.serializer.serialize(resourceMetrics, format) };
  }

  protected override async onShutdown(): Promise<void> {
    await this.stopServer();
  }

  protected override async onForceFlush(): Promise<void> {
    // Pull reader: nothing buffered.
  }

  /** Shares one in-flight collection between concurrent scrapes. */
  private snapshot(): Promise<ResourceMetrics> {
    this.pending ??= this.collect()
      .then(({ resourceMetrics, errors }) => {
        for (const error of errors) diag.warn('@meterwork/exporter-prometheus: error during collection', error);
        return resourceMetrics;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    if (this.auth !== undefined && !this.auth.check(req.headers.authorization)) {
      res.writeHead(401, { 'WWW-Authenticate': this.auth.challenge, 'Content-Type': 'text/plain; charset=utf-8' }).end('unauthorized\n');
      return;
    }
    const format = negotiateFormat(req.headers.accept);
    const gzip = this.gzip && acceptsGzip(req.headers['accept-encoding']);
    this.snapshot().then(
      (resourceMetrics) => {
        const headers: Record<string, string> = { 'Content-Type': contentTypeOf(format), Vary: 'Accept, Accept-Encoding' };
        if (gzip) headers['Content-Encoding'] = 'gzip';
        res.writeHead(200, headers);
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        // Readable.from pulls chunks only as the socket drains: memory stays at ~one chunk.
        const source = Readable.from(this.serializer.serializeChunks(resourceMetrics, format));
        const done = (error: Error | null | undefined) => {
          if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') globalErrorHandler(error);
        };
        if (gzip) pipeline(source, createGzip(), res as Writable, done);
        else pipeline(source, res as Writable, done);
      },
      (error: unknown) => {
        globalErrorHandler(error as Error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('collection failed\n');
      },
    );
  }
}
