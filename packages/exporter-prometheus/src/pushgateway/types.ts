import type * as http from 'http';
import type { AuthOptions, RetryOptions } from '@meterwork/core';
import type { PrometheusSerializerOptions } from '../serializer/types';

/** One Pushgateway request, as given to {@link PushgatewayExporterOptions.requestHeaders}. */
export interface PushRequest {
  readonly method: 'PUT' | 'POST' | 'DELETE';
  /** Path (and query) exactly as sent, e.g. `/metrics/job/app/session_id/abc`. */
  readonly target: string;
  /** The body exactly as sent (`''` for DELETE). */
  readonly body: string;
}

export interface PushgatewayExporterOptions {
  /** Base URL of the Pushgateway, e.g. `http://127.0.0.1:9091` (a path prefix is kept). */
  readonly url: string;
  /** The `job` label of the group; required, non-empty. */
  readonly job: string;
  /**
   * More labels identifying the group (e.g. `{ instance: 'host-1' }`).
   * Values with `/` or empty values are sent base64 encoded, as the Pushgateway expects.
   * @default {}
   */
  readonly groupingKey?: Readonly<Record<string, string>> | undefined;
  /** Credentials sent with every request: `{ bearer }` or `{ basic: { username, password } }`. @default none */
  readonly auth?: AuthOptions | undefined;
  /** Extra request headers. @default {} */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Agent for every request (keep-alive, proxies, a SOCKS agent for Tor); never destroyed by the exporter. @default Node's global agent */
  readonly agent?: http.Agent | undefined;
  /**
   * Called for every request attempt with exactly what will be sent; the headers it returns are added to
   * that attempt (e.g. a signature over the body: `@meterwork/transport-tor` signs each push with its
   * session key). If it throws, the attempt fails and is retried like a network error.
   * @default none
   */
  readonly requestHeaders?: ((request: PushRequest) => Readonly<Record<string, string>>) | undefined;
  /**
   * `PUT` replaces every metric of the group with the pushed ones (metrics that
   * stopped being reported disappear); `POST` only replaces metrics with the
   * same names. PUT matches what a scrape would show.
   * @default 'PUT'
   */
  readonly method?: 'PUT' | 'POST' | undefined;
  /** Timeout of one HTTP request (connect, upload and response). @default 10000 */
  readonly requestTimeoutMillis?: number | undefined;
  /**
   * Bound of one whole push: every attempt and every retry delay. A push still
   * failing then fails (export result FAILED, `diag.warn`). `forceFlush()` and
   * `shutdown()` wait at most this long for the push under way.
   * @default 30000
   */
  readonly exportTimeoutMillis?: number | undefined;
  /**
   * Retries on 5xx, 429, network errors and timeouts (not on other 4xx), with
   * exponential backoff and equal jitter; a `Retry-After` is honoured (capped by
   * `maxRetryAfterMillis`). `forceFlush()` and `shutdown()` cancel the delay
   * under way and retry at once.
   * @default { maxRetries: 3, initialDelayMillis: 500, maxDelayMillis: 5000, maxRetryAfterMillis: 300000 }
   */
  readonly retry?: RetryOptions | undefined;
  /** Options of the text serializer (scope labels, `target_info`, suffixes). @default {} (the serializer's defaults) */
  readonly serializer?: PrometheusSerializerOptions | undefined;
  /** Delete the group from the Pushgateway on `shutdown()` (for short-lived jobs). @default false */
  readonly deleteOnShutdown?: boolean | undefined;
}
