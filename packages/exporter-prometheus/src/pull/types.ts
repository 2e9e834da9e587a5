import type { MetricReaderOptions } from '@opentelemetry/sdk-metrics';
import type { ExpositionFormat, PrometheusSerializerOptions } from '../serializer/types';
import type { AuthOptions } from '@meterwork/core';

/** Options of `PrometheusPullReader`: its server, the serializer's options and the `MetricReader`'s. */
export interface PrometheusPullReaderOptions extends PrometheusSerializerOptions, MetricReaderOptions {
  /**
   * Interface the own server binds to (`startServer`). `localhost` (the spec's
   * default) is bound to the first address the resolver returns, which on
   * some machines is only the IPv6 `::1`: a scraper targeting `127.0.0.1`
   * then cannot connect. Set `'127.0.0.1'`, `'::1'`, `'0.0.0.0'` or `'::'`
   * to be explicit. `startServer()` returns the address actually bound (IPv6
   * in brackets in `url`: `http://[::1]:9464/metrics`).
   * @default 'localhost'
   */
  readonly host?: string | undefined;
  /** Port of the own server; 0 picks a free port (read it from `startServer()`). @default 9464 */
  readonly port?: number | undefined;
  /** Path the own server answers on (the mountable `requestHandler` answers on any path). @default '/metrics' */
  readonly endpoint?: string | undefined;
  /**
   * Require a bearer token (`{ bearer: token }`) or basic credentials
   * (`{ basic: { username, password } }`); other requests get 401 with a
   * `WWW-Authenticate` challenge.
   * @default undefined (no auth)
   */
  readonly auth?: AuthOptions | undefined;
  /** Compress responses with gzip when `Accept-Encoding` allows it. @default true */
  readonly gzip?: boolean | undefined;
}

/** Where the own server listens (`startServer()`). */
export interface PullServerAddress {
  /** The bound address, e.g. `127.0.0.1` or `::1`. */
  readonly host: string;
  /** The bound port (the one picked when `port` was 0). */
  readonly port: number;
  /** e.g. `http://127.0.0.1:9464/metrics`; an IPv6 host is bracketed: `http://[::1]:9464/metrics` */
  readonly url: string;
}

/** Options of `collectText()`. */
export interface CollectTextOptions {
  /** `Accept` header to negotiate with. @default undefined (Prometheus text 0.0.4) */
  readonly accept?: string | undefined;
  /** Force a format (wins over `accept`). @default undefined */
  readonly format?: ExpositionFormat | undefined;
}

/** One exposition as text, as `collectText()` returns it. */
export interface CollectTextResult {
  /** The format chosen. */
  readonly format: ExpositionFormat;
  /** Its `Content-Type` header value. */
  readonly contentType: string;
  /** The whole exposition. */
  readonly body: string;
}
