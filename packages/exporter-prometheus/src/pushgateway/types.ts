import type { PrometheusSerializerOptions } from '../serializer/types';

/** Credentials sent with every Pushgateway request. */
export type PushgatewayAuth =
  | { readonly username: string; readonly password: string }
  | { readonly bearerToken: string };

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
  /** Basic or bearer authentication. @default none */
  readonly auth?: PushgatewayAuth | undefined;
  /** Extra request headers. @default {} */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * `PUT` replaces every metric of the group with the pushed ones (metrics that
   * stopped being reported disappear); `POST` only replaces metrics with the
   * same names. PUT matches what a scrape would show.
   * @default 'PUT'
   */
  readonly method?: 'PUT' | 'POST' | undefined;
  /** Timeout of one HTTP request. @default 10000 */
  readonly timeoutMillis?: number | undefined;
  /** Retries after the first attempt on 5xx, 429, network errors and timeouts (not on other 4xx). @default 3 */
  readonly maxRetries?: number | undefined;
  /** Delay before the first retry; doubled for each further retry. @default 500 */
  readonly retryInitialDelayMillis?: number | undefined;
  /** Upper bound of the retry delay. @default 5000 */
  readonly retryMaxDelayMillis?: number | undefined;
  /** Options of the text serializer (scope labels, `target_info`, suffixes). @default {} (the serializer's defaults) */
  readonly serializer?: PrometheusSerializerOptions | undefined;
  /** Delete the group from the Pushgateway on `shutdown()` (for short-lived jobs). @default false */
  readonly deleteOnShutdown?: boolean | undefined;
}
