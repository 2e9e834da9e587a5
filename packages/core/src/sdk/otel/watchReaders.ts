import { diag } from '@opentelemetry/api';
import type { CollectionResult, MetricCollectOptions } from '@opentelemetry/sdk-metrics';
import { readerHasProducer } from './readerProducers';

/** sdk-metrics' `MeterProvider` internals this reads (private: read defensively; only `collect` is wrapped). */
interface ProviderInternals {
  readonly _sharedState?: { readonly metricCollectors?: unknown };
}
interface Collector {
  collect(options?: MetricCollectOptions): Promise<CollectionResult>;
  readonly _metricReader?: unknown;
}

function isCollector(value: unknown): value is Collector {
  return typeof value === 'object' && value !== null && typeof (value as Collector).collect === 'function';
}

/**
 * Warns once per reader, at its first collection while meterwork holds
 * instruments, when a reader of `provider` does not collect meterwork's
 * producer: the instruments our views selected left the SDK, so that reader
 * would silently miss them. The provider's readers are found through
 * sdk-metrics' internals (`MeterProvider._sharedState.metricCollectors`, one
 * collector per reader); with another provider nothing is watched.
 *
 * @param lostInstruments names the instruments the reader misses ('' when none yet)
 */
export function watchReadersWithoutProducer(provider: unknown, isOurs: (producer: unknown) => boolean, lostInstruments: () => string): void {
  const collectors = (provider as ProviderInternals | null)?._sharedState?.metricCollectors;
  if (!Array.isArray(collectors)) return;
  for (const collector of collectors) {
    if (!isCollector(collector)) continue;
    const reader = collector._metricReader;
    if (readerHasProducer(reader, isOurs) !== false) continue;
    const readerName = (reader as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? 'MetricReader';
    const collect = collector.collect;
    const watched = async (options?: MetricCollectOptions): Promise<CollectionResult> => {
      const lost = lostInstruments();
      if (lost !== '') {
        // Once: the reader's instruments stay lost, and the warning said how to fix it.
        if (collector.collect === watched) collector.collect = collect;
        diag.warn(
          `meterwork: a ${readerName} collects without meterwork's producer, so it misses ${lost}; ` +
            'build the provider with meterwork.createMeterProvider({ readers }) or give the reader metricProducers: [meterwork.producer]',
        );
      }
      return collect.call(collector, options);
    };
    (collector as Collector).collect = watched;
  }
}
