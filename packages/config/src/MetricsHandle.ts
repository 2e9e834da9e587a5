import { metrics } from '@opentelemetry/api';
import type { Meterwork, WrappedMeterProvider } from '@meterwork/core';
import type { BuiltReader } from './build/types';
import type { MetricsConfig } from './file/loadMetricsConfig';

/** An endpoint a pull reader serves (`prometheus` or `prometheus/development`). */
export interface PullEndpoint {
  /** Where the reader is declared, e.g. `/distribution/meterwork/readers/2`. */
  readonly path: string;
  /** The exporter's name in the file. */
  readonly exporter: string;
  /** e.g. `http://127.0.0.1:9464/metrics` (the bound port when the file says 0). */
  readonly url: string;
}

/** What {@link startMetrics} returns: the running metrics setup. */
export class MetricsHandle {
  /** Pull endpoints, once started. */
  readonly pullEndpoints: PullEndpoint[] = [];
  private registeredGlobal = false;
  private shutdownPromise: Promise<void> | undefined;

  /** @internal */
  constructor(
    /** The MeterProvider (also the global one unless `setGlobal: false`). */
    readonly meterProvider: WrappedMeterProvider,
    /** The meterwork instance holding the views' aggregations. */
    readonly meterwork: Meterwork,
    private readonly readers: readonly BuiltReader[],
    /** The configuration read from the file (undefined when it came from environment variables). */
    readonly config: MetricsConfig | undefined,
  ) {}

  /** @internal */
  async startPullEndpoints(): Promise<void> {
    for (const r of this.readers) {
      if (r.start !== undefined) this.pullEndpoints.push({ path: r.path, exporter: r.exporterName, url: await r.start() });
    }
  }

  /** @internal Registers the provider as OTel's global one; throws when another one is already registered. */
  registerGlobal(): void {
    if (!metrics.setGlobalMeterProvider(this.meterProvider)) {
      throw new Error(
        '@meterwork/config: a global MeterProvider is already registered (e.g. by sdk-node from meter_provider): metrics would be set up twice. ' +
          'Start metrics once: see "Traces with sdk-node from the same file" in the README',
      );
    }
    this.registeredGlobal = true;
  }

  /** Exports now through every push reader. */
  async forceFlush(): Promise<void> {
    await this.meterProvider.forceFlush();
  }

  /**
   * Flushes every exporter and shuts the provider down (idempotent): push
   * exporters that must cut a retry delay short (Pushgateway) are flushed
   * first, then every reader makes its final export and closes its exporter
   * or server. Unregisters the global provider it registered.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await Promise.allSettled(this.readers.map((r) => r.beforeShutdown?.()));
      try {
        await this.meterProvider.shutdown();
      } finally {
        if (this.registeredGlobal) metrics.disable();
      }
    })();
    return this.shutdownPromise;
  }
}
