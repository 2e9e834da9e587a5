import { diag } from '@opentelemetry/api';
import { MetricReader, type MetricReaderOptions } from '@opentelemetry/sdk-metrics';
import type { Registry as PromRegistry, RegistryContentType } from 'prom-client';
import { ModelBuilder } from '../model/build';
import { resolveModelOptions, type PrometheusModelOptions } from '../model/options';
import { positiveNumberOption } from '../options';
import { promClientFamilies, type PromClientFamily, type PromClientType } from './families';

/** A prom-client registry of either content type. */
type Registry = PromRegistry<RegistryContentType>;

/**
 * The model options (`withScopeLabels`, `withTargetInfo`, `withUnitSuffix`,
 * ...) have the defaults of the pull endpoint, so `register.metrics()` shows
 * the families, series and values the serializer writes.
 */
export interface PromClientBridgeReaderOptions extends MetricReaderOptions, PrometheusModelOptions {
  /** Timeout of one collection (asynchronous instrument callbacks). @default 10000 */
  readonly collectTimeoutMillis?: number | undefined;
}

/**
 * One prom-client metric object per Prometheus name: what `registerMetric`
 * takes (`name, help, type, aggregator, get()`). Its data is refreshed by the
 * bridge before each scrape; `get()` only reads it.
 */
class BridgedMetric {
  /** prom-client's OpenMetrics path rewrites `name` of counters (drops `_total`); `get()` reports the current one. */
  name: string;
  help: string;
  readonly type: PromClientType;
  readonly aggregator = 'sum';
  values: PromClientFamily['values'];

  constructor(
    family: PromClientFamily,
    private readonly refresh: () => Promise<void>,
  ) {
    this.name = family.name;
    this.help = family.help;
    this.type = family.type;
    this.values = family.values;
  }

  async get(): Promise<{ name: string; help: string; type: PromClientType; values: PromClientFamily['values']; aggregator: string }> {
    await this.refresh();
    return { name: this.name, help: this.help, type: this.type, values: this.values, aggregator: this.aggregator };
  }

  /** `registry.resetMetrics()` calls this; OTel data cannot be reset from outside. */
  reset(): void {}
}

interface Registration {
  readonly registry: Registry;
  /** Our objects by registry key (the Prometheus name). */
  readonly metrics: Map<string, BridgedMetric>;
  readonly originalMetrics: Registry['metrics'];
  readonly originalJson: Registry['getMetricsAsJSON'];
  readonly ownMetrics: boolean;
  readonly ownJson: boolean;
  /** Wrapped calls running right now (they synced just before). */
  activeScrapes: number;
}

/**
 * Shows OTel and meterwork metrics inside existing prom-client registries, so
 * an app that already serves `register.metrics()` needs no second endpoint.
 * Register the reader with a MeterProvider (add meterwork's producer to
 * `metricProducers`), then `registerWith(register)`.
 *
 * prom-client takes its list of metrics synchronously at the start of
 * `metrics()` / `getMetricsAsJSON()`, one object per name; OTel names come
 * and go. So `registerWith` wraps those two methods of that registry
 * instance: each call first collects, adds or updates one metric object per
 * Prometheus name and removes the ones that disappeared, then runs the
 * original. A name already taken by another prom-client metric is skipped
 * with a diag warning; nothing here throws into `metrics()`.
 */
export class PromClientBridgeReader extends MetricReader {
  private readonly model: ModelBuilder;
  private readonly collectTimeoutMillis: number;
  private readonly registrations: Registration[] = [];
  private inFlight: Promise<PromClientFamily[]> | undefined;
  private readonly warnedConflicts = new Set<string>();

  constructor(options: PromClientBridgeReaderOptions = {}) {
    super(options);
    this.collectTimeoutMillis = positiveNumberOption('PromClientBridgeReader', 'collectTimeoutMillis', options.collectTimeoutMillis, 10_000);
    this.model = new ModelBuilder(resolveModelOptions('PromClientBridgeReader', options));
  }

  /** Makes this reader's metrics part of `registry.metrics()` and `getMetricsAsJSON()`. Idempotent. */
  registerWith(registry: Registry): void {
    if (registry === null || typeof registry !== 'object' || typeof registry.metrics !== 'function' || typeof registry.registerMetric !== 'function') {
      throw new Error('PromClientBridgeReader.registerWith: argument must be a prom-client Registry');
    }
    if (this.registrations.some((r) => r.registry === registry)) return;
    const registration: Registration = {
      registry,
      metrics: new Map(),
      originalMetrics: registry.metrics,
      originalJson: registry.getMetricsAsJSON,
      ownMetrics: Object.prototype.hasOwnProperty.call(registry, 'metrics'),
      ownJson: Object.prototype.hasOwnProperty.call(registry, 'getMetricsAsJSON'),
      activeScrapes: 0,
    };
    this.registrations.push(registration);
    const scrape = async <T>(run: () => Promise<T>): Promise<T> => {
      await this.sync(registration);
      registration.activeScrapes++;
      try {
        return await run();
      } finally {
        registration.activeScrapes--;
      }
    };
    registry.metrics = function (this: Registry): Promise<string> {
      return scrape(() => registration.originalMetrics.call(this));
    };
    registry.getMetricsAsJSON = function (this: Registry) {
      return scrape(() => registration.originalJson.call(this));
    } as Registry['getMetricsAsJSON'];
  }

  /** Removes this reader's metrics and method wrappers from `registry`. */
  unregisterFrom(registry: Registry): void {
    const index = this.registrations.findIndex((r) => r.registry === registry);
    if (index === -1) return;
    const [r] = this.registrations.splice(index, 1);
    for (const [key, metric] of r!.metrics) if (registry.getSingleMetric(key) === (metric as never)) registry.removeSingleMetric(key);
    if (r!.ownMetrics) registry.metrics = r!.originalMetrics;
    else delete (registry as Partial<Registry>).metrics;
    if (r!.ownJson) registry.getMetricsAsJSON = r!.originalJson;
    else delete (registry as Partial<Registry>).getMetricsAsJSON;
  }

  protected override async onShutdown(): Promise<void> {
    for (const r of [...this.registrations]) this.unregisterFrom(r.registry);
  }

  protected override async onForceFlush(): Promise<void> {}

  /** One collection shared by concurrent scrapes (and by several registries). */
  private families(): Promise<PromClientFamily[]> {
    if (this.inFlight === undefined) {
      this.inFlight = this.collect({ timeoutMillis: this.collectTimeoutMillis })
        .then(({ resourceMetrics, errors }) => {
          for (const e of errors) diag.warn(`PromClientBridgeReader: collection error: ${(e as Error)?.message ?? String(e)}`);
          return promClientFamilies(this.model, resourceMetrics);
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }

  private async sync(r: Registration): Promise<void> {
    let families: PromClientFamily[];
    try {
      families = await this.families();
    } catch (error) {
      // Not bound to a MeterProvider yet, or shut down: serve the registry without us.
      diag.warn(`PromClientBridgeReader: cannot collect: ${(error as Error).message}`);
      families = [];
    }
    const seen = new Set<string>();
    for (const family of families) {
      seen.add(family.name);
      const ours = r.metrics.get(family.name);
      if (ours !== undefined && ours.type === family.type && r.registry.getSingleMetric(family.name) === (ours as never)) {
        ours.help = family.help;
        ours.values = family.values;
        continue;
      }
      if (ours !== undefined) {
        // type changed, or someone removed it: replace.
        if (r.registry.getSingleMetric(family.name) === (ours as never)) r.registry.removeSingleMetric(family.name);
        r.metrics.delete(family.name);
      }
      if (r.registry.getSingleMetric(family.name) !== undefined) {
        if (!this.warnedConflicts.has(family.name)) {
          this.warnedConflicts.add(family.name);
          diag.warn(`PromClientBridgeReader: ${family.name} is already registered in the prom-client registry; the OTel metric is skipped`);
        }
        continue;
      }
      const metric: BridgedMetric = new BridgedMetric(family, () => this.refreshOutsideScrape(r));
      r.registry.registerMetric(metric as never);
      r.metrics.set(family.name, metric);
    }
    for (const [key, metric] of r.metrics) {
      if (seen.has(key)) continue;
      if (r.registry.getSingleMetric(key) === (metric as never)) r.registry.removeSingleMetric(key);
      r.metrics.delete(key);
    }
  }

  /**
   * `get()` of one of our objects: inside a wrapped call the data was synced
   * just before; called from elsewhere (`getSingleMetricAsString`, a
   * `Registry.merge` result, prom-client cluster code) it syncs first.
   */
  private async refreshOutsideScrape(r: Registration): Promise<void> {
    if (r.activeScrapes === 0) await this.sync(r);
  }
}
