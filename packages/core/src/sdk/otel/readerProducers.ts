import type { CollectionResult, IMetricReader, MetricCollectOptions, MetricProducer } from '@opentelemetry/sdk-metrics';

/**
 * The SDK's producer for one reader, followed by meterwork's: what a
 * `MetricReader` does with its `metricProducers` (the SDK's resource kept,
 * scopes and errors concatenated), done before the reader sees the data.
 */
export class CombinedProducer implements MetricProducer {
  constructor(
    readonly sdk: MetricProducer,
    readonly meterwork: MetricProducer,
  ) {}

  async collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    const [sdk, ours] = await Promise.all([this.sdk.collect(options), this.meterwork.collect(options)]);
    return {
      resourceMetrics: {
        resource: sdk.resourceMetrics.resource,
        scopeMetrics: sdk.resourceMetrics.scopeMetrics.concat(ours.resourceMetrics.scopeMetrics),
      },
      errors: sdk.errors.concat(ours.errors),
    };
  }
}

/** The fields sdk-metrics' `MetricReader` keeps its producers in (private: read defensively, never written). */
interface ReaderInternals {
  readonly _metricProducers?: unknown;
  readonly _sdkMetricProducer?: unknown;
}

/** The producers a reader was given in its constructor, or undefined when its shape is not sdk-metrics' `MetricReader`. */
export function constructorProducers(reader: unknown): readonly unknown[] | undefined {
  const producers = (reader as ReaderInternals | null)?._metricProducers;
  return Array.isArray(producers) ? producers : undefined;
}

/** Whether the reader already collects from a producer `isOurs` recognises (in its constructor's list or combined by us). */
export function readerHasProducer(reader: unknown, isOurs: (producer: unknown) => boolean): boolean | undefined {
  const sdkProducer = (reader as ReaderInternals | null)?._sdkMetricProducer;
  if (sdkProducer instanceof CombinedProducer && isOurs(sdkProducer.meterwork)) return true;
  const producers = constructorProducers(reader);
  return producers === undefined ? undefined : producers.some(isOurs);
}

/**
 * Makes `reader` collect `producer` too, once a `MeterProvider` binds it.
 *
 * OTel readers take `metricProducers` in their constructor only, and a built
 * reader's list is private. What every reader does expose is
 * `setMetricProducer(sdkProducer)`, which the `MeterProvider` constructor
 * calls exactly once per reader: until then, an own property on the reader
 * intercepts that call and hands the reader a {@link CombinedProducer}
 * instead, then removes itself. Only the `IMetricReader` and `MetricProducer`
 * interfaces are used. Returns a function that removes the interception if
 * the provider never bound the reader (it threw first).
 */
export function interceptSdkProducer(reader: IMetricReader, producer: MetricProducer): () => void {
  const target = reader as IMetricReader & { setMetricProducer: IMetricReader['setMetricProducer'] };
  const own = Object.prototype.hasOwnProperty.call(target, 'setMetricProducer');
  const previous = target.setMetricProducer;
  const restore = (): void => {
    if (own) target.setMetricProducer = previous;
    else delete (target as Partial<IMetricReader>).setMetricProducer;
  };
  target.setMetricProducer = (sdkProducer: MetricProducer): void => {
    restore();
    previous.call(target, new CombinedProducer(sdkProducer, producer));
  };
  return () => {
    if (target.setMetricProducer !== previous) restore();
  };
}
