import type { CollectionResult, MetricCollectOptions, MetricData, MetricProducer, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { StorageRegistry } from '../state/StorageRegistry';
import { nowHrTime } from '../state/time';
import { encodeStandard } from './encodeStandard';

type Resource = ResourceMetrics['resource'];

/** A `MetricReader` keeps its SDK's resource when merging producers' results,
 * so ours is never shown; an empty one satisfies the type without depending
 * on `@opentelemetry/resources`. */
const EMPTY_RESOURCE: Resource = {
  attributes: {},
  asyncAttributesPending: false,
  waitForAsyncAttributes: async () => undefined,
  merge(other: Resource | null): Resource {
    return other ?? EMPTY_RESOURCE;
  },
  getRawAttributes: () => [],
} as unknown as Resource;

export interface MeterworkProducerOptions {
  /** Fill `SummaryValue.samples` (and `sampleWeights`) so several processes'
   * summaries can be merged (Node cluster).
   * @default false */
  readonly includeSamples?: boolean | undefined;
  /** @internal After `Meterwork.shutdown()` the producer returns no data. */
  readonly isShutdown?: (() => boolean) | undefined;
}

/**
 * Hands meterwork data to any OTel `MetricReader` through its
 * `metricProducers` option, as standard `MetricData` (see `encodeStandard`)
 * carrying the rich form for our bridges. Always cumulative.
 */
export class MeterworkProducer implements MetricProducer {
  private readonly _includeSamples: boolean;
  private readonly _isShutdown: () => boolean;

  constructor(private readonly _registry: StorageRegistry, options: MeterworkProducerOptions = {}) {
    this._includeSamples = options.includeSamples ?? false;
    this._isShutdown = options.isShutdown ?? (() => false);
  }

  async collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    const endTime = nowHrTime();
    const scopeMetrics: ScopeMetrics[] = [];
    const errors: unknown[] = [];
    if (this._isShutdown()) return { resourceMetrics: { resource: EMPTY_RESOURCE, scopeMetrics }, errors };
    for (const { scope, storages } of this._registry.scopes()) {
      const metrics: MetricData[] = [];
      for (const storage of storages) {
        try {
          const data = storage.collect(endTime, this._includeSamples);
          if (data !== undefined) metrics.push(...encodeStandard(data, storage.nonNegative));
        } catch (err) {
          errors.push(err);
        }
      }
      if (metrics.length > 0) scopeMetrics.push({ scope, metrics });
    }
    return { resourceMetrics: { resource: EMPTY_RESOURCE, scopeMetrics }, errors };
  }
}
