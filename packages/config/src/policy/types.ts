import type { AggregationTemporality, MetricProducer, PushMetricExporter } from '@opentelemetry/sdk-metrics';

/**
 * Whether a policy reports counts and sums since the series started
 * (`cumulative`: the metric keeps accumulating) or since the metric's
 * previous report (`delta`: reset after each report, as lws_metrics' report
 * handler returning 1). `AggregationTemporality.CUMULATIVE` / `DELTA` are
 * accepted too.
 */
export type PolicyTemporality = 'cumulative' | 'delta' | AggregationTemporality;

/**
 * A reporting policy (lws_metrics style): every `intervalMillis`, the metrics
 * whose name matches one of `report` and no earlier policy are sent to
 * `exporters`. In a config file: `{ name, interval, report, ... }` with the
 * same options in snake_case.
 */
export interface ReportingPolicy {
  /** Unique among the reader's policies: `setPolicy` with an existing name replaces that policy. */
  readonly name: string;
  /**
   * Metric name patterns (`*` any run of characters, `?` one, case-insensitive,
   * as view selectors), matched against the metric's own name, without the
   * process `prefix`. For meterwork aggregations the name is the instrument's
   * (`http.duration` also reports `http.duration.count`, ...).
   */
  readonly report: readonly string[];
  /** How often the policy reports. @default 60000 */
  readonly intervalMillis?: number | undefined;
  /**
   * Also report series with no activity (no count or value changed) since
   * their previous report. lws_metrics' default is to skip them.
   * @default false
   */
  readonly reportInactive?: boolean | undefined;
  /** See {@link PolicyTemporality}. @default 'cumulative' */
  readonly temporality?: PolicyTemporality | undefined;
  /**
   * Where the policy's reports go: any OTel `PushMetricExporter` (meterwork's
   * InfluxDB and Pushgateway exporters, OTLP, console, ...). An exporter may
   * serve several policies. @default the reader's `exporters`
   */
  readonly exporters?: readonly PushMetricExporter[] | undefined;
  /** Bounds one report: the collection and every exporter's `export()`. @default 30000 */
  readonly exportTimeoutMillis?: number | undefined;
}

/** Options of {@link PolicyMetricReader}. */
export interface PolicyMetricReaderOptions {
  /** The policies, first match first. More can be added, replaced or removed at run time. @default [] */
  readonly policies?: readonly ReportingPolicy[] | undefined;
  /**
   * Prepended, with a `.`, to the name of every metric this reader reports
   * (`prefix: 'ui'` turns `cpu.srv` into `ui.cpu.srv`), so that several
   * processes of one host report distinct names. Policies match names without it.
   * @default no prefix
   */
  readonly prefix?: string | undefined;
  /** Exporters of the policies that list none. @default [] */
  readonly exporters?: readonly PushMetricExporter[] | undefined;
  /**
   * Extra producers collected with the SDK's, as OTel readers' option (e.g.
   * `meterwork.producer` when the provider is not built with
   * `meterwork.createMeterProvider`).
   * @default []
   */
  readonly metricProducers?: readonly MetricProducer[] | undefined;
}
