import type * as http from 'http';
import type { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import type { AuthOptions, RetryOptions } from '@meterwork/core';
import type { EncoderOptions } from '../encode/options';

/** InfluxDB 1.x: `POST /write?db=&rp=&precision=`. */
export interface InfluxV1Target {
  /** The database written to (it must exist: InfluxDB answers 404, and the lines wait, until it is created). */
  readonly database: string;
  /** @default the database's default retention policy */
  readonly retentionPolicy?: string | undefined;
}

/** InfluxDB 2.x / 3.x and compatible stores (VictoriaMetrics): `POST /api/v2/write?org=&bucket=&precision=`. */
export interface InfluxV2Target {
  /** Organization name: InfluxDB OSS 2.x requires it; InfluxDB Cloud and VictoriaMetrics do not. @default none */
  readonly org?: string | undefined;
  /** The bucket written to. */
  readonly bucket: string;
}

/** One write request, as given to {@link InfluxMetricExporterOptions.requestHeaders}. */
export interface WriteRequest {
  readonly method: 'POST';
  /** Path and query exactly as sent, e.g. `/write?db=metrics&precision=ns`. */
  readonly target: string;
  /** The body exactly as sent (UTF-8 line protocol). */
  readonly body: string;
}

/** Options of {@link InfluxMetricExporter}: where to write, how to batch and retry, plus the {@link EncoderOptions}. */
export interface InfluxMetricExporterOptions extends EncoderOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8086` (a path prefix is kept). */
  readonly url: string;
  /** InfluxDB 1.x target. Exactly one of `v1` and `v2`. @default none */
  readonly v1?: InfluxV1Target | undefined;
  /** InfluxDB 2.x/3.x (or VictoriaMetrics) target. Exactly one of `v1` and `v2`. @default none */
  readonly v2?: InfluxV2Target | undefined;
  /**
   * Credentials: `{ bearer }` is sent as `Authorization: Token <t>` to `v2`
   * (an InfluxDB API token) and `Authorization: Bearer <t>` to `v1` (a JWT);
   * `{ basic: { username, password } }` as `Authorization: Basic`.
   * @default none (no authentication)
   */
  readonly auth?: AuthOptions | undefined;
  /** Agent for every request (keep-alive, proxies, a SOCKS agent for Tor). Not destroyed on shutdown. @default a keep-alive agent of our own, destroyed on shutdown */
  readonly agent?: http.Agent | undefined;
  /** Extra request headers. @default {} */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Called for every write request with exactly what will be sent; the headers it returns are added to
   * that request (e.g. a signature over the body: `@meterwork/transport-tor` signs each write with its
   * session key). If it throws, the write fails and is retried like a network error.
   * @default none
   */
  readonly requestHeaders?: ((request: WriteRequest) => Readonly<Record<string, string>>) | undefined;
  /** Lines per request. @default 5000 */
  readonly batchLines?: number | undefined;
  /** Bytes per request (a single larger line is still sent alone). @default 1048576 */
  readonly batchBytes?: number | undefined;
  /** Requests in flight at once. @default 2 */
  readonly maxInFlight?: number | undefined;
  /** Lines kept while the server is slow or away; the oldest are dropped past it. @default 100000 */
  readonly maxBufferLines?: number | undefined;
  /** Bytes kept while the server is slow or away. @default 33554432 */
  readonly maxBufferBytes?: number | undefined;
  /**
   * Retries of a failed write (network error, timeout, 429, 5xx, 401/403/404).
   * While `forceFlush()` or `shutdown()` waits, the pending backoff is cancelled
   * and failed writes are retried every `initialDelayMillis`.
   * @default { maxRetries: Infinity, initialDelayMillis: 1000, maxDelayMillis: 30000, maxRetryAfterMillis: 300000 }
   */
  readonly retry?: RetryOptions | undefined;
  /** Bounds one HTTP request. @default 10000 */
  readonly requestTimeoutMillis?: number | undefined;
  /** Bounds a whole `forceFlush()` or `shutdown()` (the buffer draining). @default 30000 */
  readonly flushTimeoutMillis?: number | undefined;
  /** Tag key of a random id generated at start (one per process run, as in the go-metrics/Tor article). @default none */
  readonly sessionIdTag?: string | undefined;
  /** Write the exporter's own counters (`meterwork.exporter.dropped`, `meterwork.exporter.sent`). @default true */
  readonly selfMetrics?: boolean | undefined;
  /** Temporality asked of the reader. @default AggregationTemporality.CUMULATIVE */
  readonly temporality?: AggregationTemporality | undefined;
  /** Called on every failed write (besides `diag.error`). @default none */
  readonly onDeliveryError?: ((error: Error) => void) | undefined;
}
