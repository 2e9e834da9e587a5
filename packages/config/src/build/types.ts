import type { MetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';

/** A reader built from the configuration, with what the handle does with it. */
export interface BuiltReader {
  readonly reader: MetricReader;
  /** Where it came from, e.g. `/distribution/meterwork/readers/0` (for messages). */
  readonly path: string;
  /** The exporter's name in the file, e.g. `pushgateway`. */
  readonly exporterName: string;
  /** A periodic reader's interval and timeout (milliseconds), for the policy engine. */
  readonly interval?: number | undefined;
  readonly timeout?: number | undefined;
  /** The push exporter of a periodic reader. */
  readonly exporter?: PushMetricExporter | undefined;
  /** Starts a pull reader's own server (meterwork's Prometheus endpoint); resolves with its URL. */
  readonly start?: (() => Promise<string>) | undefined;
  /** Called before the provider shuts down (Pushgateway: `forceFlush()` cuts a retry delay short, as its README asks). */
  readonly beforeShutdown?: (() => Promise<void>) | undefined;
}
