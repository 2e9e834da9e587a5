import type * as PromClient from 'prom-client';
import type { Registry as PromRegistry } from 'prom-client';
import { InvalidOptionError } from '@meterwork/core';
import type { StatsSink } from '../registry/stats';

/** Options of {@link createEnvironment}. */
export interface EnvironmentOptions {
  /**
   * The prom-client registry to put the default metrics in.
   * @default a new prom-client `Registry` of its own
   */
  readonly promRegistry?: PromRegistry | undefined;
  /**
   * Prefix of the metric names (prom-client's `collectDefaultMetrics` prefix).
   * @default ''
   */
  readonly prefix?: string | undefined;
}

/**
 * Process and runtime statistics (monkit's `environment`): prom-client's
 * default metrics (CPU, memory, heap spaces, event-loop lag, GC, handles,
 * file descriptors, Node version...), collected by prom-client itself.
 */
export interface Environment {
  /**
   * The prom-client registry holding them. To export them through OTel
   * readers, give it to `@meterwork/exporter-prometheus`'s
   * `PromClientProducer` (`new PromClientProducer({ registry: env.promRegistry })`).
   */
  readonly promRegistry: PromRegistry;
  /**
   * Writes the current values monkit-style: measurement = the metric name,
   * tags = its labels, field = `value` (histograms and summaries: `sum`,
   * `count`, `bucket` with an `le` tag, or the quantile's `value` with a
   * `quantile` tag), in prom-client's order (metric, then series).
   */
  stats(sink: StatsSink): Promise<void>;
}

interface PromJsonMetric {
  readonly name: string;
  readonly values: ReadonlyArray<{ readonly labels?: Record<string, string | number>; readonly value: number; readonly metricName?: string }>;
}

const OWNER = 'createEnvironment';

/**
 * Registers prom-client's default metrics in a prom-client registry (its
 * own unless `promRegistry` is given) and reads them for `/stats`. Needs the
 * optional peer dependency `prom-client` (^15).
 */
export function createEnvironment(options: EnvironmentOptions = {}): Environment {
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string') throw new InvalidOptionError(OWNER, 'prefix', 'must be a string', prefix);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- prom-client is an optional peer: load it only when asked for
  const prom = require('prom-client') as typeof PromClient;
  const promRegistry = options.promRegistry ?? new prom.Registry();
  if (promRegistry === null || typeof promRegistry !== 'object' || typeof promRegistry.getMetricsAsJSON !== 'function') {
    throw new InvalidOptionError(OWNER, 'promRegistry', 'must be a prom-client Registry', promRegistry);
  }
  prom.collectDefaultMetrics({ register: promRegistry, prefix });
  return {
    promRegistry,
    async stats(sink: StatsSink): Promise<void> {
      const metrics = (await promRegistry.getMetricsAsJSON()) as unknown as PromJsonMetric[];
      for (const m of metrics) {
        for (const v of m.values) {
          const tags: Record<string, string> = {};
          for (const [k, l] of Object.entries(v.labels ?? {})) tags[k] = String(l);
          const field = v.metricName !== undefined && v.metricName.startsWith(`${m.name}_`) ? v.metricName.slice(m.name.length + 1) : 'value';
          sink(m.name, tags, field, v.value);
        }
      }
    },
  };
}
