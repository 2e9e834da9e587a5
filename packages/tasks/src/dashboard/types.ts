import type { MetricProducer } from '@opentelemetry/sdk-metrics';

/** The `/dashboard` page's options. */
export interface DashboardOptions {
  /**
   * Serve `/dashboard` (and its event stream and script files).
   * @default true
   */
  readonly enabled?: boolean | undefined;
  /**
   * Where the plotted metrics come from besides the tasks: any OTel
   * `MetricProducer`, typically meterwork's `MeterworkProducer` (meter
   * rates, reservoir quantiles, go/no-go split) or a `MeterProvider`'s reader
   * producer. Without it the page plots the tasks only.
   * @default undefined
   */
  readonly metricProducer?: MetricProducer | undefined;
  /**
   * The metrics to plot: a chart is shown when its metric name (or the
   * task's full name) equals one of the strings or matches one of the
   * regular expressions.
   * @default undefined (every metric and every task)
   */
  readonly metrics?: ReadonlyArray<string | RegExp> | undefined;
  /**
   * How often a new point is sampled and pushed to open pages. Sampling runs
   * only while a page is connected.
   * @default 1000
   */
  readonly intervalMillis?: number | undefined;
  /**
   * Points kept per series (the history a newly opened page starts with).
   * @default 300
   */
  readonly historyPoints?: number | undefined;
}

/** One plotted line: its chart and its label within the chart. */
export interface SeriesInfo {
  readonly chart: string;
  readonly label: string;
  /** Unit shown on the chart's axis. */
  readonly unit: string;
}

/** One sample of every series known so far (`null`: no value this time). */
export interface Frame {
  /** Seconds since the epoch. */
  readonly t: number;
  readonly v: ReadonlyArray<number | null>;
}
